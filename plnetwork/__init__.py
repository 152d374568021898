"""plnetwork: organizational network analysis of shared leadership of professional learning in schools.

>>> import plnetwork
>>> callable(plnetwork.load)
True
"""

from .issues import InputError, Issue, IssueReport

__all__ = ["load", "Dataset", "Issue", "IssueReport", "InputError", "__version__"]
__version__ = "0.1.0"


def __getattr__(name):
    # the API loads lazily, so `import plnetwork.tables` stays light (and readers import no pandas/plotly)
    if name in ("load", "Dataset"):
        from . import dataset

        return getattr(dataset, name)
    raise AttributeError(f"module 'plnetwork' has no attribute {name!r}")
