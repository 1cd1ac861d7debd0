"""The emotion curve, drawn by the server as SVG.

Why server-side SVG and not plotly.js: the same markup serves the editor, the projector view
and the PDF. WeasyPrint renders SVG as vectors but runs no JavaScript, and a plain SVG
needs no script in a workshop room with no network. Columns line up with the grid because
the caller passes the grid's column width.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from .numbers import signed
from .vocabulary import (
    persona_colour,
    persona_slots,
    sentiment_colour,
    sentiment_label,
    sentiment_symbol,
)


def _groups(personas, persona_filter):
    """[(persona ids on the line, label, colour)]. Touchpoints of no persona form their own line,
    except in a view filtered to one persona, where they belong to that persona's journey."""
    slots = persona_slots(p.pk for p in personas)
    groups = [((None,), gettext("All customers"), persona_colour(0))] + [
        ((p.pk,), p.name, persona_colour(slots[p.pk])) for p in personas
    ]
    if persona_filter:
        groups = [
            ((None, ids[0]), label, c) for ids, label, c in groups if ids[0] == persona_filter
        ]
    return groups


def curve_lines(stages, touchpoints, personas, persona_filter=None):
    """[(label, colour, [(stage_index, slot, slots, touchpoint), ...])]: one line per persona.

    Points are joined in stage order; several touchpoints of one line in one stage spread
    across that stage's column in their map order.
    """
    stage_index = {s.pk: i for i, s in enumerate(stages)}
    lines = []
    for persona_ids, label, colour in _groups(personas, persona_filter):
        points = [
            t for t in touchpoints if t.persona_id in persona_ids and t.stage_id in stage_index
        ]
        if not points:
            continue
        points.sort(key=lambda t: (stage_index[t.stage_id], t.position, t.pk))
        per_stage = {}
        for t in points:
            per_stage.setdefault(t.stage_id, []).append(t)
        slot = {t.pk: n for column in per_stage.values() for n, t in enumerate(column)}
        placed = [
            (stage_index[t.stage_id], slot[t.pk], len(per_stage[t.stage_id]), t) for t in points
        ]
        lines.append((label, colour, placed))
    return lines


def emotion_curve_svg(
    stages,
    touchpoints,
    personas,
    column_width=260,
    height=200,
    legend=True,
    persona_filter=None,
    lines=None,
    figures=True,
    marked=None,
    point_labels=True,
):
    """An SVG of the emotion curve, `column_width` per stage, -3..+3 with a zero line.

    Without `figures` (a thumbnail, too small to read them) the levels and the points carry
    no numbers. Without `point_labels` only the points carry none (the PDF's crowded curves,
    where the labels overlap and each touchpoint's box prints its emotion anyway).
    `marked` (stage index, emotion) rings one place in red: the PDF overview's lowest moment.
    """
    width = max(1, len(stages)) * column_width
    pad_top, pad_bottom = 18, 18
    plot_h = height - pad_top - pad_bottom

    def y_of(emotion):
        return pad_top + (3 - emotion) / 6 * plot_h

    def x_of(stage_i, slot, slots):
        return stage_i * column_width + column_width * (slot + 1) / (slots + 1)

    curve_label = ngettext(
        "Emotion curve from −3 to +3 across %(count)d stage",
        "Emotion curve from −3 to +3 across %(count)d stages",
        len(stages),
    ) % {"count": len(stages)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="emotion-curve" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(curve_label)}">'
    ]
    # Grid: a band per stage, a line per emotion level, the zero line stronger.
    for i in range(len(stages)):
        if i % 2:
            parts.append(
                f'<rect x="{i * column_width}" y="0" width="{column_width}" height="{height}" '
                'fill="#f8fafc"/>'
            )
    for level in range(-3, 4):
        y = y_of(level)
        stroke = "#94a3b8" if level == 0 else "#e2e8f0"
        dash = "" if level == 0 else ' stroke-dasharray="3 4"'
        parts.append(
            f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{stroke}" '
            f'stroke-width="{1.5 if level == 0 else 1}"{dash}/>'
        )
        if figures:
            parts.append(
                f'<text x="4" y="{y - 3:.1f}" font-size="10" fill="#64748b">{signed(level)}</text>'
            )
    if lines is None:  # a caller that shows the lines' legend itself has them already
        lines = curve_lines(stages, touchpoints, personas, persona_filter)
    for _label, colour, points in lines:
        coords = [(x_of(si, slot, slots), y_of(t.emotion), t) for si, slot, slots, t in points]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
        for x, y, t in coords:
            feeling = escape(sentiment_label(t.sentiment))
            label = (
                f'<text x="{x:.1f}" y="{y - 10:.1f}" font-size="11" text-anchor="middle" '
                f'font-weight="700" fill="{sentiment_colour(t.sentiment)}">'
                f"{sentiment_symbol(t.sentiment)}{signed(t.emotion)}</text>"
            )
            parts.append(
                f"<g><title>{escape(t.title)}: {signed(t.emotion)} ({feeling})</title>"
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#fff" stroke="{colour}" '
                f'stroke-width="2.5"/>{label if figures and point_labels else ""}</g>'
            )
    if marked is not None:
        x, y = x_of(marked[0], 0, 1), y_of(marked[1])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="none" '
            f'stroke="{sentiment_colour("negative")}" stroke-width="2" stroke-dasharray="4 2"/>'
        )
    if legend and lines:
        x = width - 8
        for n, (label, colour, _) in enumerate(reversed(lines)):
            y = height - 6 - n * 14
            parts.append(
                f'<text x="{x}" y="{y}" font-size="11" text-anchor="end" fill="{colour}" '
                f'font-weight="600">— {escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
