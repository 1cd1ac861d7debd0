"""The detail grid's rows, cut to fill pages: a lane that does not fit on what is left of a page
fills it and continues on the next page in a row marked "continued", its lane title repeated
(the stage headers repeat by themselves: they are the table's <thead>).

WeasyPrint does not tell where a page will end before it lays the document out, and laying it
out twice would double the export's time; so the heights are estimated here from the text's
length and the column's width (the constants follow static/css/pdf.css). The estimate need not
be exact: rows may break between notes (never through one), so a row estimated too short runs
on to the next page, and one estimated too tall lets the next row start below it.
"""

import math
from dataclasses import dataclass

PT_MM = 25.4 / 72
# Average advance of a Latin letter in Noto Sans CJK, in em; Hangul and Han letters are 1 em.
LATIN_EM = 0.56
# Margins of the page (pdf.css @page), the grid's heading, the legend below the grid.
PAGE_MARGINS_MM = 26
GRID_HEAD_MM = 11
LEGEND_MM = 16
# Less than this left on a page: the next lane starts on the next page rather than a sliver.
MIN_ROW_MM = 22


@dataclass(frozen=True)
class Sheet:
    """What the estimate needs of a page: its height (None: as tall as the grid, a poster),
    the width of a stage column and the type size (mm, mm, pt)."""

    height_mm: float | None
    column_mm: float
    type_pt: float

    def em(self, scale=1.0):
        return self.type_pt * scale * PT_MM

    def lines(self, text, width_mm, scale=1.0):
        """Lines that `text` takes in a box `width_mm` wide at `scale` times the type size."""
        if not text:
            return 0
        per_line = width_mm / self.em(scale)  # in em
        total = 0
        for paragraph in str(text).split("\n"):
            ems = sum(1.0 if ord(ch) >= 0x2E80 else LATIN_EM for ch in paragraph)
            # Lines break at spaces, so a line holds a little less than its width.
            total += max(1, math.ceil(ems * 1.08 / per_line))
        return total

    def text_mm(self, text, width_mm, scale=1.0, leading=1.4):
        return self.lines(text, width_mm, scale) * self.em(scale) * leading


def card_mm(sheet, card):
    inner = sheet.column_mm - 3 - 3.6 - 0.5  # cell padding, card padding, borders
    height = 2.6 + 0.5 + 1.3 + sheet.text_mm(card.text, inner)
    if card.persona or card.votes:
        height += 0.5 + sheet.em(0.88) * 1.4
    return height


def touchpoint_mm(sheet, tp):
    inner = sheet.column_mm - 3 - 3.6 - 1.6
    height = 2.6 + 0.6 + 1.3 + sheet.em(0.92) * 1.7  # box, the sentiment line
    height += 0.4 + sheet.text_mm(tp.title, inner, 1.1, 1.3)
    if tp.description:
        height += 0.5 + sheet.text_mm(tp.description, inner)
    if tp.persona or tp.owner or tp.goal:
        meta = " · ".join(filter(None, [tp.persona and tp.persona.name, tp.owner, tp.goal]))
        height += 0.5 + sheet.text_mm(meta + " Owner: Goal:", inner, 0.88)
    for metric in tp.metrics_list:
        height += 0.5 + sheet.text_mm(
            f"{metric.name} {metric.value} / target {metric.target}", inner, 0.92
        )
    if tp.next_list:
        names = ", ".join(other.title for other in tp.next_list)
        height += 0.6 + sheet.text_mm("→ " + names, inner, 0.92)
    return height


def header_mm(sheet, stages):
    """The stage headers' height (they repeat at the top of every page of a grid)."""
    inner = sheet.column_mm - 5
    tallest = max(
        (
            sheet.text_mm(s.name, inner, 1.45, 1.25) + sheet.text_mm(s.description, inner, 0.92)
            for s in stages
        ),
        default=0,
    )
    return 4.2 + sheet.em(0.8) * 1.4 + 1.6 + tallest


def paged_rows(cells_by_lane, lanes, sheet, stages, curve_lane_id, curve_mm):
    """[(lane, continued, [cell, ...], starts_page), ...], each cell {"cards": [...],
    "touchpoints": [...]}, and the curve's row as (its lane or None, False, None, starts_page)
    where it goes (its lane, or last). `starts_page` rows begin a page (pdf.css): WeasyPrint
    then need not try them at the foot of the page before.

    `cells_by_lane` maps a lane's pk to its cells' items, [[("card"|"tp", obj), ...] per stage].
    """
    top = header_mm(sheet, stages)
    page = (sheet.height_mm - PAGE_MARGINS_MM - top) if sheet.height_mm else math.inf
    left = page - GRID_HEAD_MM
    rows = []
    starts_page = False

    def turn_page():
        nonlocal left, starts_page
        left, starts_page = page, True

    def add(row, height):
        nonlocal left, starts_page
        rows.append((*row, starts_page))
        left, starts_page = left - height, False

    for lane in [*lanes, None]:
        if (lane.pk if lane else None) == curve_lane_id:
            if lane or curve_lane_id is None:
                if curve_mm > left:
                    turn_page()
                add((lane, False, None), curve_mm)
            continue
        if lane is None:
            break
        cells = [list(items) for items in cells_by_lane[lane.pk]]
        title_mm = 4 + sheet.text_mm(lane.title, 25, 1.1) + sheet.em(0.82) * 1.4
        continued = False
        while True:
            if left < MIN_ROW_MM and left < page:
                turn_page()
            taken, height = [], title_mm
            for items in cells:
                used, count = 3.0, 0
                for kind, obj in items:
                    item = card_mm(sheet, obj) if kind == "card" else touchpoint_mm(sheet, obj)
                    # A note taller than a whole page still goes first on its own page.
                    if used + item > left and (count or left < page):
                        break
                    used, count = used + item, count + 1
                taken.append(items[:count])
                del items[:count]
                height = max(height, used)
            if not any(taken) and any(cells) and left < page:
                turn_page()  # nothing fits here: the lane starts on the next page
                continue
            add((lane, continued, [split(items) for items in taken]), height)
            if not any(cells):
                break
            continued = True
            turn_page()
    return rows


def split(items):
    return {
        "cards": [obj for kind, obj in items if kind == "card"],
        "touchpoints": [obj for kind, obj in items if kind == "tp"],
    }
