"""The PDF's overview page: the whole journey on one page, whatever the size of the map.

Every stage is a column; under it the average emotion of each persona (the emotion curve,
journeys/emotion_curve.py, one point per persona per stage, so 25 touchpoints in a stage do not
make a scribble), the touchpoints counted by sentiment, and the pain points and opportunities
with the most workshop votes. The lowest moment of the journey is marked on its stage.

It stays one page because what it prints is bounded: a few notes per stage, each cut to a few
lines of its column, and a type size that shrinks with the column (OVERVIEW_TYPE_PT).
"""

from collections import defaultdict
from statistics import mean

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import vocabulary
from .emotion_curve import curve_lines, emotion_curve_svg
from .mapdata import CurvePoint
from .models import Lane
from .numbers import signed

# The notes per stage and lane kind the overview lists, most voted first.
TOP_NOTES = 3
# Type size by column width (mm, at least): a 12-stage A3 column is about 30 mm.
OVERVIEW_TYPE_PT = [(40, 9.5), (28, 8.5), (20, 7), (0, 6)]
# About how many characters of text a millimetre of column holds at 1 pt (Latin; Hangul is
# about twice as wide, so a Korean note is cut at about half as many letters).
CHARS_PER_MM_PT = 4.6
LINES_PER_NOTE = 3
LABEL_COLUMN_MM = 32
# The curve takes about a third of the page's height.
CURVE_SHARE = 0.3


def type_size(column_mm):
    return next(pt for width, pt in OVERVIEW_TYPE_PT if column_mm >= width)


def note_length(column_mm, pt, korean):
    """Characters of a note that fit LINES_PER_NOTE lines of a column."""
    per_line = column_mm * CHARS_PER_MM_PT / pt
    return max(12, int(per_line * LINES_PER_NOTE / (2 if korean else 1)))


def top_notes(cards, lanes, kind, stage, length):
    """The `TOP_NOTES` cards of lanes of `kind` in `stage`: most votes first, then map order."""
    lane_ids = {lane.pk for lane in lanes if lane.kind == kind}
    chosen = [c for c in cards if c.stage_id == stage.pk and c.lane_id in lane_ids]
    chosen.sort(key=lambda c: -c.votes)  # stable: map order among equal votes
    return [
        {"text": Truncator(c.text).chars(length), "votes": c.votes, "card": c}
        for c in chosen[:TOP_NOTES]
    ]


def average_lines(stages, touchpoints, personas, persona_filter=None):
    """The emotion curve's lines with one point per stage: the average emotion (rounded) of
    the line's touchpoints there. Each line keeps its own place across a column."""
    lines = curve_lines(stages, touchpoints, personas, persona_filter)
    averaged = []
    for n, (label, colour, points) in enumerate(lines):
        by_stage = defaultdict(list)
        for stage_index, _slot, _slots, tp in points:
            by_stage[stage_index].append(tp)
        placed = []
        for stage_index, tps in sorted(by_stage.items()):
            emotion = round(mean(t.emotion for t in tps))
            sentiment = "positive" if emotion > 0 else "negative" if emotion < 0 else "neutral"
            point = CurvePoint(
                pk=0,
                stage_id=tps[0].stage_id,
                persona_id=tps[0].persona_id,
                position=0,
                emotion=emotion,
                sentiment=sentiment,
                title=label,
            )
            placed.append((stage_index, n, len(lines), point))
        averaged.append((label, colour, placed))
    return averaged


def curve_summary(stages, touchpoints, personas, persona_filter, lowest, lines=None):
    """The curve in words, the average emotion per stage and persona and the lowest moment:
    the curve's alternative text in the tagged PDF, and the overview's caption."""
    if lines is None:
        lines = average_lines(stages, touchpoints, personas, persona_filter)
    parts = []
    for label, _colour, points in lines:
        steps = ", ".join(
            f"{stages[i].name} {vocabulary.sentiment_symbol(p.sentiment)}{signed(p.emotion)}"
            for i, _n, _count, p in points
        )
        parts.append(f"{label}: {steps}")
    text = "; ".join(parts)
    if lowest and any(s.pk == lowest.stage_id for s in stages):
        text += ". " + _("Lowest moment: %(title)s (%(stage)s, %(emotion)s)") % {
            "title": lowest.title,
            "stage": lowest.stage_name,
            "emotion": lowest.emotion_text,
        }
    return text


def overview_context(data, page_mm, side_margins_mm, lowest, for_print):
    """What journeys/pdf/overview.html draws on a page of `page_mm` (width, height);
    `lowest` is the map's lowest touchpoint; `for_print(svg, alt)` readies the curve."""
    page_width_mm, page_height_mm = page_mm
    stages = data.stages
    if not stages:
        return None
    column_mm = (page_width_mm - side_margins_mm - LABEL_COLUMN_MM) / len(stages)
    pt = type_size(column_mm)
    korean = (data.journey.locale or "").lower().startswith("ko")
    length = note_length(column_mm, pt, korean)
    lines = average_lines(data.stages, data.touchpoints, data.personas, data.persona_filter)
    summary = curve_summary(
        stages, data.touchpoints, data.personas, data.persona_filter, lowest, lines
    )
    px_per_mm = 96 / 25.4
    lowest_index = next(
        (i for i, s in enumerate(stages) if lowest and s.pk == lowest.stage_id), None
    )
    svg = emotion_curve_svg(
        stages,
        data.touchpoints,
        data.personas,
        column_width=round(column_mm * px_per_mm),
        height=round(page_height_mm * CURVE_SHARE * px_per_mm),
        legend=False,  # the legend names the lines
        lines=lines,
        marked=(lowest_index, lowest.emotion) if lowest_index is not None else None,
    )
    columns = []
    for stage in stages:
        tps = [t for t in data.touchpoints if t.stage_id == stage.pk]
        columns.append(
            {
                "stage": stage,
                "counts": [
                    (key, vocabulary.SENTIMENT_SYMBOLS[key], sum(t.sentiment == key for t in tps))
                    for key in vocabulary.SENTIMENT_LABELS
                ],
                "pains": top_notes(data.cards, data.lanes, Lane.Kind.PAIN_POINTS, stage, length),
                "opportunities": top_notes(
                    data.cards, data.lanes, Lane.Kind.OPPORTUNITIES, stage, length
                ),
                "lowest": lowest if lowest and lowest.stage_id == stage.pk else None,
            }
        )
    return {
        "columns": columns,
        "curve": for_print(svg, summary),
        "curve_text": summary,
        "has_points": bool(data.touchpoints),
        "type_pt": pt,
        "label_mm": LABEL_COLUMN_MM,
        "has_pains": any(c["pains"] for c in columns),
        "has_opportunities": any(c["opportunities"] for c in columns),
        "lowest_length": length,
    }
