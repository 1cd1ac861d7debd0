"""The insights page of the PDF: the map's charts (insights/figures.py) as vector SVG
(insights/static_export.py), in the PDF's fonts and at their printed size, so their text is
real text in the PDF (searchable, copyable) and sharp at any zoom. Each SVG goes into the page
as an image (a base64 data: URL, which journeys.pdf's fetcher serves): WeasyPrint draws it as
vectors all the same, and does not run the page's style cascade over its elements.

The PDF (journeys/pdf.py) asks for it with the width its page has for charts; the template is
journeys/pdf/insights.html.
"""

import base64
import logging

from .figures import map_charts
from .static_export import ChartExportError, figures_as_svg
from .votes import note_kinds_of

INK = "#1f2937"
SVG_DATA = "data:image/svg+xml;base64,"  # as journeys.pdf's fetcher serves them
DEFAULT_HEIGHT = 380  # px, for the charts whose figure does not set one
FONT_SIZE = 13  # px, as on the insights page: about 10 pt on paper at 96 px per inch
GAP_PX = 30  # between two charts side by side (journeys/pdf/insights.css)
WIDE = {"flow"}  # charts that take the whole width: the flow reads left to right

logger = logging.getLogger(__name__)


def print_figure(figure, fonts):
    """The page's figure for paper: the PDF's font family (the one the PDF embeds, Korean
    included), a white background, and heatmaps drawn as vectors (`vector_heatmap`)."""
    font = {"family": fonts, "size": FONT_SIZE, "color": INK}
    layout = {**figure["layout"], "font": font, "paper_bgcolor": "#fff", "plot_bgcolor": "#fff"}
    data = []
    for trace in figure["data"]:
        if trace["type"] == "heatmap":
            cells, shapes = vector_heatmap(trace)
            data.append(cells)
            layout["shapes"] = [*layout.get("shapes", []), *shapes]
            rows, columns = len(trace["z"]), len(trace["x"])
            layout["xaxis"] = {**layout["xaxis"], "range": [-0.5, columns - 0.5], "showgrid": False}
            layout["yaxis"] = {**layout["yaxis"], "showgrid": False, "autorange": False}
            layout["yaxis"]["range"] = [rows - 0.5, -0.5]  # the first row on top, as on the page
        else:
            data.append(trace)
    return {"data": data, "layout": layout}


def colour_at(scale, share):
    """The colour `share` (0…1) of the way along a plotly colour scale of hex colours."""
    share = min(max(share, 0), 1)
    for (a, low), (b, high) in zip(scale, scale[1:], strict=False):
        if a <= share <= b:
            t = (share - a) / (b - a) if b > a else 0
            rgb = [
                round(
                    int(low[i : i + 2], 16)
                    + t * (int(high[i : i + 2], 16) - int(low[i : i + 2], 16))
                )
                for i in (1, 3, 5)
            ]
            return "#" + "".join(f"{v:02x}" for v in rgb)
    return scale[-1][1]


def is_dark(colour):
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def vector_heatmap(trace):
    """plotly.js draws a heatmap as one raster image, even in SVG: on paper each cell is a
    rectangle (a layout shape) and its number a text point, so the chart stays vector.
    Returns the text trace and the shapes."""
    values = [v for row in trace["z"] for v in row if v is not None]
    low = trace.get("zmin", min(values, default=0))
    high = trace.get("zmax", max(values, default=1))
    gap = 0.03  # of a cell: the page's xgap/ygap of 2 px
    shapes, xs, ys, texts, colours = [], [], [], [], []
    for r, row in enumerate(trace["z"]):
        for c, value in enumerate(row):
            if value is None:
                continue
            fill = colour_at(trace["colorscale"], (value - low) / ((high - low) or 1))
            shapes.append(
                {
                    "type": "rect",
                    "layer": "below",
                    "xref": "x",
                    "yref": "y",
                    "x0": c - 0.5 + gap,
                    "x1": c + 0.5 - gap,
                    "y0": r - 0.5 + gap,
                    "y1": r + 0.5 - gap,
                    "fillcolor": fill,
                    "line": {"width": 0},
                }
            )
            xs.append(c)
            ys.append(r)
            texts.append(trace["text"][r][c])
            colours.append("#fff" if is_dark(fill) else INK)
    cells = {
        "type": "scatter",
        "mode": "text",
        "x": xs,
        "y": ys,
        "text": texts,
        "textfont": {"color": colours},
        "hoverinfo": "skip",
        "showlegend": False,
    }
    return cells, shapes


def insight_charts(data, fonts, width_px, columns):
    """[{chart, src, wide, failed}] of the map's charts in page order; `src` (the SVG as a
    data: URL) is None where the chart has nothing to draw, or could not be drawn (`failed`):
    the PDF says so in its place."""
    charts = map_charts(data, data.journey.get_absolute_url(), note_kinds_of(data.journey))
    column_px = round((width_px - GAP_PX * (columns - 1)) / columns)
    items, specs = [], []
    for chart in charts:
        wide = columns == 1 or chart.key in WIDE
        items.append({"chart": chart, "src": None, "wide": wide, "failed": False})
        if not chart.empty:
            height = chart.figure["layout"].get("height", DEFAULT_HEIGHT)
            specs.append(
                (print_figure(chart.figure, fonts), width_px if wide else column_px, height)
            )
    drawable = [item for item in items if not item["chart"].empty]
    try:
        svgs = figures_as_svg(specs)
    except ChartExportError:
        logger.exception("The PDF's insights charts could not be drawn")
        for item in drawable:
            item["failed"] = True
    else:
        for item, svg in zip(drawable, svgs, strict=True):
            item["src"] = SVG_DATA + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return items
