"""Metrics and goals against their targets: each as a share of its target, the furthest below
target first (the trend of each metric over time is insights/trends.py)."""

from django.utils.translation import gettext as _

from journeys.numbers import format_number
from journeys.vocabulary import SENTIMENT_COLOURS

from .chart import Chart, Link, chart_layout, item_url, shorten

METRIC_BARS = 25  # the furthest below target; the table lists them all


def percent(value, target):
    if value is None or target in (None, 0):
        return None
    return value / target * 100


def metrics_against_targets(data, editor_url):
    """Every touchpoint metric and every goal with a figure, as a share of its target (the
    bars: the furthest below target first; 100 % is the line to reach)."""
    locale = data.journey.locale
    stage_name = {s.pk: s.name for s in data.stages}
    items = []  # (label, where, value, target, unit, url)
    for tp in data.touchpoints:
        for m in tp.metrics_list:
            if m.value is None and m.target is None:
                continue
            where = f"{tp.title} · {stage_name.get(tp.stage_id, '')}"
            url = item_url(editor_url, "touchpoint", tp.pk)
            items.append((m.name, where, m.value, m.target, m.unit, url))
    for goal in data.goals:
        if goal.current is None and goal.target is None:
            continue
        label = goal.metric or shorten(goal.text, 30)
        items.append(
            (
                label,
                _("Goal: %(goal)s") % {"goal": goal.text},
                goal.current,
                goal.target,
                "",
                item_url(editor_url, "goal", goal.pk),
            )
        )
    rows, bars = [], []
    for label, where, value, target, unit, url in items:
        pct = percent(value, target)
        suffix = f" {unit}" if unit else ""
        rows.append(
            [
                Link(label, url),
                where,
                format_number(value, locale) + (suffix if value is not None else ""),
                format_number(target, locale) + (suffix if target is not None else ""),
                f"{pct:.0f} %" if pct is not None else "–",
            ]
        )
        if pct is not None:
            bars.append((pct, f"{label} · {shorten(where, 30)}", url, value, target))
    bars.sort(key=lambda b: b[0])
    bars = bars[:METRIC_BARS]
    trace = {
        "type": "bar",
        "orientation": "h",
        "name": _("Share of target"),
        "x": [round(b[0], 1) for b in bars],
        "y": list(range(len(bars))),
        "customdata": [b[2] for b in bars],
        "marker": {
            "color": [SENTIMENT_COLOURS["positive" if b[0] >= 100 else "negative"] for b in bars]
        },
        "hovertext": [
            f"{b[1]}: {format_number(b[3], locale)} / {format_number(b[4], locale)}" for b in bars
        ],
        "hoverinfo": "text+x",
    }
    layout = chart_layout(
        xaxis={
            "title": {"text": _("Percent of target")},
            "rangemode": "tozero",
            "ticksuffix": " %",
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(bars))),
            "ticktext": [b[1] for b in bars],
            "autorange": "reversed",
            "automargin": True,
        },
        shapes=[
            {
                "type": "line",
                "x0": 100,
                "x1": 100,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": "#111827", "width": 2, "dash": "dash"},
            }
        ],
        height=max(320, 80 + 26 * len(bars)),
        showlegend=False,
    )
    return Chart(
        key="metrics",
        title=_("Metrics and goals against targets"),
        figure={"data": [trace], "layout": layout},
        columns=[
            _("Metric"),
            _("Where"),
            _("Current value"),
            _("Target value"),
            _("Percent of target"),
        ],
        rows=rows,
        empty=not bars,
    )
