"""Node and network measures, one concept per module; NetworkX in, plain Python out.

Heavy measures run in igraph on a graph indexed once (:mod:`plnetwork.metrics._engine`); the
tests check them against NetworkX.
"""

from plnetwork.metrics.brokerage import *  # noqa: F401,F403
from plnetwork.metrics.centrality import *  # noqa: F401,F403
from plnetwork.metrics.centralization import *  # noqa: F401,F403
from plnetwork.metrics.cohesion import *  # noqa: F401,F403
from plnetwork.metrics.communities import *  # noqa: F401,F403
from plnetwork.metrics.degree import *  # noqa: F401,F403
from plnetwork.metrics.fragility import *  # noqa: F401,F403
from plnetwork.metrics.relations import *  # noqa: F401,F403
from plnetwork.metrics.structural_holes import *  # noqa: F401,F403
