"""Colour-blind-safe colours (Okabe & Ito, 2008) and the marks used for leaders and isolates."""

from __future__ import annotations

__all__ = ["OKABE_ITO", "LEVEL_COLOURS", "STATUS_SYMBOLS", "colour_map", "GREY", "INK", "CHART_CONFIG"]

#: Okabe–Ito: distinguishable with every common colour-vision deficiency (black kept for text).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
GREY = "#BBBBBB"
INK = "#1F2933"

#: dcc.Graph config of the charts (not the network map): no zoom or selection tools, which a bar chart
#: does not need and a keyboard user would have to Tab through; the picture download stays.
CHART_CONFIG = {"displaylogo": False, "responsive": True,
                "modeBarButtonsToRemove": ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
                                           "autoScale2d", "resetScale2d"]}

LEVEL_COLOURS = {"classroom": "#56B4E9", "school": "#E69F00", "district": "#009E73"}

#: Marker symbols by what a person is flagged as: the shape carries the meaning, not the colour alone.
STATUS_SYMBOLS = {"informal": "star", "formal": "diamond", "none": "circle", "isolated": "circle-x-open",
                  "not_sought": "circle-open"}


def colour_map(values) -> dict:
    """A stable colour for each distinct value (levels keep their own colours; the rest cycle Okabe–Ito).

    Examples
    --------
    >>> colour_map(["school", "classroom"])["classroom"]
    '#56B4E9'
    >>> colour_map(["Maths", "Art", "Maths"])
    {'Art': '#E69F00', 'Maths': '#56B4E9'}
    """
    distinct = sorted({str(v) for v in values})
    if distinct and all(v in LEVEL_COLOURS for v in distinct):
        return {v: LEVEL_COLOURS[v] for v in distinct}
    cycle = OKABE_ITO[:-1]          # grey is kept for district staff and "other"
    return {v: cycle[i % len(cycle)] for i, v in enumerate(distinct)}
