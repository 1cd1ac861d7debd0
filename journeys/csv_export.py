"""CSV export: one row per touchpoint and card, UTF-8 with a BOM so Excel reads Korean.

Figures are written as the editor shows them (journeys/numbers.py), for people reading the
sheet; the JSON export is the one for machines.

Text is neutralised against formula injection as OWASP recommends: a cell that starts with
=, +, -, @, a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows it as
text instead of running it (map text may come from anonymous workshop participants). Numbers
stay numbers.

`confidence` is what a reader of the map sees: observed, assumed, or blank (not said, and no
evidence); `evidence` counts the research items behind the row.
"""

import csv
import io

from .mapdata import load_map
from .numbers import format_number

# The header row and the type and sentiment values are keys, not labels: they stay English in
# every interface language (the interchange format's field names), so a sheet exported in
# Korean and one exported in English have the same columns for formulas and scripts.
COLUMNS = [
    "type",
    "stage",
    "lane",
    "text",
    "persona",
    "channel",
    "sentiment",
    "emotion",
    "votes",
    "owner",
    "goal",
    "metrics",
    "next",
    "confidence",
    "evidence",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_csv(journey):
    data = load_map(journey)
    locale = data.journey.locale
    stage_name = {s.pk: s.name for s in data.stages}
    lane_title = {lane.pk: lane.title for lane in data.lanes}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)

    def row(values):
        writer.writerow([_safe(value) for value in values])

    for tp in data.touchpoints:
        metrics = "; ".join(
            f"{m.name} {format_number(m.value, locale)}"
            + (f" / {format_number(m.target, locale)}" if m.target is not None else "")
            + (f" {m.unit}" if m.unit else "")
            for m in tp.metrics_list
        )
        row(
            [
                "touchpoint",
                stage_name[tp.stage_id],
                lane_title[tp.lane_id],
                tp.title,
                tp.persona.name if tp.persona else "",
                tp.channel,
                tp.sentiment,
                tp.emotion,
                "",
                tp.owner,
                tp.goal,
                metrics,
                ", ".join(n.title for n in tp.next_list),
                tp.confidence_shown,
                tp.evidence_count,
            ]
        )
    for card in data.cards:
        row(
            [
                "card",
                stage_name[card.stage_id],
                lane_title[card.lane_id],
                card.text,
                card.persona.name if card.persona else "",
                "",
                "",
                "",
                card.votes,
                "",
                "",
                "",
                "",
                card.confidence_shown,
                card.evidence_count,
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
