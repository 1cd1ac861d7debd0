"""Metrics over time: each metric's dated history drawn against its target, with the current
value at today's date (the value on the map is the latest measurement). The "measure and
update" loop of the method: a team records measurements (insights/forms.py) and sees here
whether the line moves towards the target."""

from django.utils.translation import gettext as _

from journeys.numbers import format_number
from journeys.vocabulary import SENTIMENT_COLOURS

from .chart import Chart, chart_layout, item_url


def metric_label(metric, touchpoint):
    return f"{metric.name} · {touchpoint.title}"


def metric_choices(data):
    """[(metric id, label)] of every metric of the map, in map order: the form's options."""
    return [(m.pk, metric_label(m, tp)) for tp in data.touchpoints for m in tp.metrics_list]


def metric_trend(metric, touchpoint, editor_url, locale, today, remove_url=""):
    readings = metric.history
    url = item_url(editor_url, "touchpoint", touchpoint.pk)
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": _("Measured"),
            "x": [r["date"] for r in readings],
            "y": [r["value"] for r in readings],
            "line": {"color": "#0072b2", "width": 3},
            "customdata": [url] * len(readings),
        }
    ]
    days = [r["date"] for r in readings]
    if metric.value is not None:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": _("Current value"),
                "x": [today],
                "y": [metric.value],
                "marker": {"size": 12, "color": "#111827", "symbol": "diamond"},
                "customdata": [url],
            }
        )
        days.append(today)
    if metric.target is not None:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("Target value"),
                "x": [min(days), max(days)],
                "y": [metric.target, metric.target],
                "line": {"color": SENTIMENT_COLOURS["positive"], "dash": "dash", "width": 2},
                "hoverinfo": "y+name",
            }
        )
    unit = f" {metric.unit}" if metric.unit else ""
    label = metric_label(metric, touchpoint)
    return Chart(
        key=f"trend-{metric.pk}",
        title=label,
        figure={
            "data": traces,
            "layout": chart_layout(
                xaxis={"type": "date"},
                yaxis={"title": {"text": metric.unit or metric.name}},
                height=320,
            ),
        },
        columns=[_("Date"), _("Value")],
        rows=[[r["date"], format_number(r["value"], locale) + unit] for r in readings],
        remove_url=remove_url,
    )


def metric_trends(data, editor_url, today, remove_url=lambda metric_pk: ""):
    """A trend chart for every metric of the map that has a history, in map order;
    `remove_url(metric id)` is where its table's rows post to remove a reading."""
    locale = data.journey.locale
    return [
        metric_trend(m, tp, editor_url, locale, today, remove_url(m.pk))
        for tp in data.touchpoints
        for m in tp.metrics_list
        if m.history
    ]
