"""Previews of a template, drawn by the server from its interchange document and cached.

A template is a document, not a map in the database, so the previews read the document: a
thumbnail for the gallery's cards (the grid as coloured marks, one SVG, and the emotion curve
from journeys/emotion_curve.py below it, at the same width per stage so the columns line up),
and a larger preview for the template's page (the grid as a table with its text, the curve
across it). Both are cached by the document's content hash and the interface's language (the
curve's labels are translated): a changed file gets new previews, an unchanged one is drawn
once.
"""

import unicodedata
from types import SimpleNamespace

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from journeys.emotion_curve import emotion_curve_svg
from journeys.mapdata import CurvePoint
from journeys.vocabulary import (
    persona_slots,
    phase_label,
    sentiment_colour,
    sentiment_key,
    sentiment_label,
    sentiment_symbol,
)

# The thumbnail is this wide in its own units whatever the number of stages, so every card
# shows its text at one size; the page scales it to the card's width.
THUMB_WIDTH = 540
THUMB_HEAD, THUMB_ROW, THUMB_MARKS = 32, 17, 5
CACHE_SECONDS = 30 * 24 * 3600


class Frame(SimpleNamespace):
    """A template's document read for drawing: stages, lanes and personas as objects with a
    `pk` (the document's keys), cells of cards and touchpoints, and the curve's points."""


def read_frame(doc):
    stages = [
        SimpleNamespace(
            pk=s["id"],
            name=s["name"],
            description=s.get("description", ""),
            phase=s.get("phase", ""),
            phase_label=phase_label(s.get("phase", "")),
        )
        for s in doc["stages"]
    ]
    lanes = [
        SimpleNamespace(pk=ln["id"], kind=ln["kind"], title=ln["title"])
        for ln in doc.get("lanes", [])
    ]
    personas = [SimpleNamespace(pk=p["id"], **p) for p in doc.get("personas", [])]
    slots = persona_slots(p.pk for p in personas)
    for persona in personas:
        persona.slot = slots[persona.pk]
    # The format puts a touchpoint without a lane in the first touchpoints lane.
    touchpoints_lane = next((ln.pk for ln in lanes if ln.kind == "touchpoints"), None)
    cells = {}
    for card in doc.get("cards", []):
        cells.setdefault((card["stage"], card["lane"]), {"cards": [], "touchpoints": []})
        cells[(card["stage"], card["lane"])]["cards"].append(card)
    points = []
    for n, t in enumerate(doc.get("touchpoints", [])):
        sentiment = sentiment_key(t.get("sentiment", ""))
        item = {
            **t,
            "symbol": sentiment_symbol(sentiment),
            "sentiment_key": sentiment,
            "sentiment_label": sentiment_label(sentiment),
        }
        lane = t.get("lane", touchpoints_lane)
        cells.setdefault((t["stage"], lane), {"cards": [], "touchpoints": []})
        cells[(t["stage"], lane)]["touchpoints"].append(item)
        points.append(
            CurvePoint(
                pk=t["id"],
                stage_id=t["stage"],
                persona_id=t.get("persona"),
                position=n,
                emotion=t.get("emotion", 0),
                sentiment=sentiment,
                title=t["title"],
            )
        )
    empty = {"cards": [], "touchpoints": []}
    rows = [(lane, [cells.get((s.pk, lane.pk), empty) for s in stages]) for lane in lanes]
    # The curve goes where the editor draws it: across the first emotions lane (in its place
    # if the lane holds nothing else, else right under it), or under the grid.
    curve_lane = next((lane for lane, _ in rows if lane.kind == "emotions"), None)
    curve_alone = curve_lane is not None and not any(
        cell["cards"] or cell["touchpoints"]
        for lane, cells in rows
        if lane is curve_lane
        for cell in cells
    )
    return Frame(
        lang=doc.get("locale", "").split("-")[0],
        stages=stages,
        lanes=lanes,
        personas=personas,
        rows=rows,
        points=points,
        curve_lane=curve_lane,
        curve_alone=curve_alone,
    )


def cache_key(kind, template):
    return f"gallery:{kind}:{template.digest}:{get_language()}"


def _cached(kind, template, draw):
    key = cache_key(kind, template)
    html = cache.get(key)
    if html is None:
        html = str(draw(read_frame(template.doc)))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # drawn here from escaped text


def thumbnail(template):
    """The card's small preview: the grid's marks and the curve, as two SVGs."""
    return _cached("thumbnail", template, _draw_thumbnail)


def large_preview(template):
    """The template page's preview: the grid as a table, with the curve across it."""
    return _cached("preview", template, _draw_large)


def _fit(text, width, size):
    """The text cut to about `width` units at font size `size` (wide characters count
    double): SVG text does not wrap or clip by itself."""
    used, out = 0.0, ""
    for char in text:
        used += size * (1.0 if unicodedata.east_asian_width(char) in "WF" else 0.58)
        if used > width:
            return out.rstrip() + "…"
        out += char
    return out


def _draw_thumbnail(frame):
    head, row = THUMB_HEAD, THUMB_ROW
    col = THUMB_WIDTH // max(1, len(frame.stages))
    width = max(1, len(frame.stages)) * col
    height = head + len(frame.lanes) * row + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mini-grid" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
    ]
    for i, stage in enumerate(frame.stages):
        x = i * col
        if i % 2:
            parts.append(f'<rect x="{x}" y="0" width="{col}" height="{height}" fill="#f8fafc"/>')
        parts.append(
            f'<rect class="phase phase-{escape(stage.phase)}" x="{x + 2}" y="0" '
            f'width="{col - 4}" height="3" rx="1.5"/>'
            f'<text x="{x + 6}" y="23" font-size="17" font-weight="700" fill="#334155">'
            f"{escape(_fit(stage.name, col - 10, 17))}</text>"
        )
    for j, (lane, cells) in enumerate(frame.rows):
        y = head + j * row
        parts.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#e2e8f0"/>'
            f'<rect class="kind kind-{escape(lane.kind)}" x="0" y="{y + 2}" width="3" '
            f'height="{row - 4}" rx="1.5"/>'
        )
        for i, cell in enumerate(cells):
            x = i * col + 8
            for _card in cell["cards"][:THUMB_MARKS]:
                parts.append(
                    f'<rect class="kind kind-{escape(lane.kind)}" x="{x}" y="{y + 4}" '
                    f'width="13" height="9" rx="2"/>'
                )
                x += 16
            for tp in cell["touchpoints"][: max(0, THUMB_MARKS - len(cell["cards"]))]:
                parts.append(
                    f'<circle cx="{x + 6}" cy="{y + 8.5}" r="5.5" '
                    f'fill="{sentiment_colour(tp["sentiment_key"])}"/>'
                )
                x += 16
    parts.append("</svg>")
    curve = emotion_curve_svg(
        frame.stages,
        frame.points,
        frame.personas,
        column_width=col,
        height=76,
        legend=False,
        figures=False,
    )
    return "".join(parts) + curve


def _draw_large(frame):
    curve = emotion_curve_svg(
        frame.stages, frame.points, frame.personas, column_width=220, height=190
    )
    return render_to_string("gallery/_preview_grid.html", {"frame": frame, "curve": curve})
