"""What every insights chart is made of: the `Chart` a page (or the PDF) draws, and the small
helpers the chart modules share (axes, layout, the heatmap trace, means as the map writes them).

A chart is a Plotly figure as plain JSON-ready dicts (drawn in the browser by plotly.js,
static/insights/insights.js; exported as SVG for the PDF, insights/static_export.py) and the
same numbers as a table, which the page shows beside the chart for screen readers and for
copying. Points, bars and nodes carry in `customdata` the address of the item they stand for on
the map (the editor's `#touchpoint-<id>`, `#card-<id>`, `#goal-<id>`), so a click opens it
there; the heatmap's cells carry a key into `Chart.cells`, the touchpoints of that cell.

Figures are built as dicts, not through plotly's Python graph objects: validating those costs
more than the whole page's budget on a large map, and the browser validates anyway.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from journeys.vocabulary import SENTIMENT_COLOURS

EMOTION_SCALE = [[0, SENTIMENT_COLOURS["negative"]], [0.5, "#f3f4f6"], [1, "#15803d"]]


class Link(NamedTuple):
    """A table cell that opens an item on the map."""

    text: str
    url: str


@dataclass
class Chart:
    key: str  # the chart's name in the page: ids, tests
    title: str
    figure: dict  # {"data": [...], "layout": {...}}
    columns: list
    rows: list  # cells: text, or a Link
    empty: bool = False  # nothing to draw: the page says so instead of drawing axes
    notes: list = field(default_factory=list)  # lines shown under the chart
    cells: dict = field(default_factory=dict)  # heatmap: {key: [{"title", "url", "emotion"}]}
    scale: bool = False  # coloured by mean emotion: the page shows the colour key
    remove_url: str = ""  # metric trends: where a row's reading is removed (its date posted)


def mean(values):
    return sum(values) / len(values) if values else None


def mean_text(value):
    """−1.5, +0.3, 0: a mean emotion, one decimal, signed like the scores on the map."""
    if value is None:
        return "–"
    text = f"{value:+.1f}".replace("-", "−")
    return "0" if text in ("+0.0", "−0.0") else text.removesuffix(".0")


def item_url(editor_url, kind, pk):
    return f"{editor_url}#{kind}-{pk}"


def shorten(text, limit=40):
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stage_axis(stages):
    """Stages on an axis by index, labelled by name: two stages may share a name."""
    return {
        "tickmode": "array",
        "tickvals": list(range(len(stages))),
        "ticktext": [s.name for s in stages],
        "range": [-0.5, len(stages) - 0.5],
        "zeroline": False,
    }


def chart_layout(**extra):
    """The page's heading names the chart, so the figure has no title of its own."""
    layout = {
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    }
    layout.update(extra)
    return layout


def heatmap_trace(columns, z, text, customdata, colorscale=EMOTION_SCALE, emotion=True, **hover):
    """A heatmap of `len(z)` rows and `columns` columns on index axes (the layout's ticks name
    them), each cell labelled with its `text`. `emotion`: coloured on the −3…+3 scale; `hover`:
    hoverinfo or hovertemplate.

    No colour bar: plotly.js sets style="" on it, which the page's policy refuses; the pages
    show the scale in HTML instead (insights/_chart.html)."""
    trace = {
        "type": "heatmap",
        "x": list(range(columns)),
        "y": list(range(len(z))),
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "customdata": customdata,
        "colorscale": colorscale,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        **hover,
    }
    if emotion:
        trace.update(zmin=-3, zmax=3)
    return trace
