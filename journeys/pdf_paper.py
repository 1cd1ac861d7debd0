"""The PDF's paper: page size, how many stages a page holds, the grid's measures and type size.

The sheets (A3, A4, US Letter) are landscape and hold a chunk of stages per page. The poster is
one page as wide as the whole map at a legible column width and as tall as the map needs: it is
laid out on a page of the greatest height a PDF reader takes, then cut to its content
(journeys/pdf.py, crop_to_content), for plotters and wall printing.
"""

from dataclasses import dataclass

# ?paper= / --paper values, the sheets first (a3 is the default).
PAPERS = ["a3", "a4", "letter", "poster"]
SIDE_MARGINS_MM = 24  # pdf.css @page
PX_PER_MM = 96 / 25.4
# 200 inches: the largest page Acrobat opens (PDF 1.6 without UserUnit).
POSTER_MAX_HEIGHT_MM = 5080
POSTER_STAGE_MM = 75
POSTER_MIN_WIDTH_MM = 594  # A2's long side: narrower maps still print as a poster


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float
    # How many stage columns one page holds and still reads well (about 55-60 mm each).
    stages_per_page: int | None  # None: every stage on one page (the poster)
    # The emotion curve is drawn at the stage columns' printed size, so it neither stretches
    # nor shrinks with the number of stages on a page.
    lane_column_mm: float
    curve_height_mm: float
    type_pt: float  # pdf.css html / body.paper-*

    @property
    def is_poster(self):
        return self.stages_per_page is None

    @property
    def css_size(self):
        return f"{self.width_mm}mm {self.height_mm}mm"

    @property
    def stage_area_mm(self):
        return self.width_mm - SIDE_MARGINS_MM - self.lane_column_mm


SHEETS = {
    "a3": Paper("a3", 420, 297, 7, 34, 46, 8.5),
    "a4": Paper("a4", 297, 210, 5, 28, 38, 7.5),
    "letter": Paper("letter", 279.4, 215.9, 5, 28, 38, 7.5),
}


def paper_for(name, stage_count):
    """The Paper called `name` for a map of `stage_count` stages; ValueError if unknown."""
    if name in SHEETS:
        return SHEETS[name]
    if name != "poster":
        raise ValueError(f"Unknown paper {name!r}; use one of {', '.join(PAPERS)}.")
    lane_column = 45
    width = max(POSTER_MIN_WIDTH_MM, SIDE_MARGINS_MM + lane_column + stage_count * POSTER_STAGE_MM)
    return Paper("poster", width, POSTER_MAX_HEIGHT_MM, None, lane_column, 60, 11)
