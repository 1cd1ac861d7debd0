"""Emotion and sentiment by stage: the mean emotion per persona (with the lowest moments
named), the sentiment mix per stage, and the channel × stage heatmap of mean emotion."""

from collections import defaultdict

from django.utils.translation import gettext as _

from journeys.emotion_curve import _groups as persona_groups
from journeys.numbers import signed
from journeys.vocabulary import SENTIMENT_COLOURS, channel, sentiment_key, sentiment_label

from .chart import (
    Chart,
    Link,
    chart_layout,
    heatmap_trace,
    item_url,
    mean,
    mean_text,
    shorten,
    stage_axis,
)

LOWEST_MOMENTS = 3  # named on the emotion chart
SENTIMENTS = ["positive", "neutral", "negative"]


def lowest_moments(touchpoints, limit=LOWEST_MOMENTS):
    """The `limit` touchpoints with the lowest emotion, lowest first, ties in map order
    (`touchpoints` come in map order); only moments below zero count as low."""
    low = [t for t in touchpoints if t.emotion < 0]
    return sorted(low, key=lambda t: t.emotion)[:limit]


def emotion_by_stage(data, editor_url):
    stages = data.stages
    index = {s.pk: i for i, s in enumerate(stages)}
    traces, columns, per_line = [], [_("Stage")], []
    for persona_ids, label, colour in persona_groups(data.personas, None):
        by_stage = defaultdict(list)
        for tp in data.touchpoints:
            if tp.persona_id in persona_ids and tp.stage_id in index:
                by_stage[index[tp.stage_id]].append(tp)
        if not by_stage:
            continue
        xs = sorted(by_stage)
        means = [mean([t.emotion for t in by_stage[i]]) for i in xs]
        lows = [min(by_stage[i], key=lambda t: t.emotion) for i in xs]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": label,
                "x": xs,
                "y": [round(m, 2) for m in means],
                "line": {"color": colour, "width": 3},
                "marker": {"size": 9},
                "customdata": [item_url(editor_url, "touchpoint", t.pk) for t in lows],
                "hovertext": [
                    _("%(stage)s · mean %(mean)s · lowest: %(title)s")
                    % {"stage": stages[i].name, "mean": mean_text(m), "title": t.title}
                    for i, m, t in zip(xs, means, lows, strict=True)
                ],
                "hoverinfo": "text",
            }
        )
        columns.append(label)
        per_line.append(by_stage)
    lowest = lowest_moments([t for t in data.touchpoints if t.stage_id in index])
    if lowest:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": _("Lowest moments"),
                "x": [index[t.stage_id] for t in lowest],
                "y": [t.emotion for t in lowest],
                "text": [shorten(t.title, 24) for t in lowest],
                "textposition": "middle right",
                "marker": {"size": 14, "symbol": "triangle-down", "color": "#b91c1c"},
                "customdata": [item_url(editor_url, "touchpoint", t.pk) for t in lowest],
                "hovertext": [f"{t.title} ({signed(t.emotion)})" for t in lowest],
                "hoverinfo": "text",
            }
        )
    rows = []
    for i, stage in enumerate(stages):
        cells = [stage.name]
        for by_stage in per_line:
            points = by_stage.get(i, [])
            m = mean([t.emotion for t in points])
            cells.append(f"{mean_text(m)} ({len(points)})" if points else "–")
        rows.append(cells)
    layout = chart_layout(
        xaxis=stage_axis(stages),
        yaxis={"title": {"text": _("Mean emotion")}, "range": [-3.6, 3.6], "zeroline": True},
    )
    return Chart(
        key="emotion",
        title=_("Emotion by stage"),
        figure={"data": traces, "layout": layout},
        columns=columns,
        rows=rows,
        empty=not data.touchpoints,
        notes=[
            Link(
                _("Lowest moment: %(title)s (%(emotion)s, %(stage)s)")
                % {
                    "title": t.title,
                    "emotion": signed(t.emotion),
                    "stage": stages[index[t.stage_id]].name,
                },
                item_url(editor_url, "touchpoint", t.pk),
            )
            for t in lowest
        ],
    )


def sentiment_by_stage(data, editor_url):
    stages = data.stages
    index = {s.pk: i for i, s in enumerate(stages)}
    counts = [dict.fromkeys(SENTIMENTS, 0) for _s in stages]
    first = [{} for _s in stages]  # the first touchpoint of each sentiment: what a bar opens
    for tp in data.touchpoints:
        if tp.stage_id not in index:
            continue
        i, key = index[tp.stage_id], sentiment_key(tp.sentiment)
        counts[i][key] += 1
        first[i].setdefault(key, tp)
    traces = [
        {
            "type": "bar",
            "name": sentiment_label(key),
            "x": list(range(len(stages))),
            "y": [c[key] for c in counts],
            "marker": {"color": SENTIMENT_COLOURS[key]},
            "customdata": [
                item_url(editor_url, "touchpoint", f[key].pk) if key in f else "" for f in first
            ],
        }
        for key in SENTIMENTS
    ]
    rows = [
        [stage.name, *(str(c[key]) for key in SENTIMENTS), str(sum(c.values()))]
        for stage, c in zip(stages, counts, strict=True)
    ]
    layout = chart_layout(
        barmode="stack",
        xaxis=stage_axis(stages),
        yaxis={"title": {"text": _("Touchpoints")}, "rangemode": "tozero"},
    )
    return Chart(
        key="sentiment",
        title=_("Sentiment by stage"),
        figure={"data": traces, "layout": layout},
        columns=[_("Stage"), *(sentiment_label(k) for k in SENTIMENTS), _("Total")],
        rows=rows,
        empty=not data.touchpoints,
    )


def channel_by_stage(data, editor_url):
    """Rows: channels in the order they first appear on the map; columns: stages. Colour:
    the mean emotion; the number in each cell: its touchpoints. A click lists them."""
    stages = data.stages
    index = {s.pk: i for i, s in enumerate(stages)}
    channels, cell_tps = [], defaultdict(list)
    for tp in data.touchpoints:
        if tp.stage_id not in index:
            continue
        label = channel(tp.channel)[1] or _("No channel")
        if label not in channels:
            channels.append(label)
        cell_tps[(channels.index(label), index[tp.stage_id])].append(tp)
    z, text, keys, cells, rows = [], [], [], {}, []
    for r, label in enumerate(channels):
        z.append([]), text.append([]), keys.append([])
        for c, stage in enumerate(stages):
            tps = cell_tps.get((r, c), [])
            m = mean([t.emotion for t in tps])
            z[r].append(round(m, 2) if tps else None)
            text[r].append(str(len(tps)) if tps else "")
            key = f"{r}-{c}" if tps else ""
            keys[r].append(key)
            if tps:
                cells[key] = {
                    "label": f"{label} · {stage.name}",
                    "touchpoints": [
                        {
                            "title": t.title,
                            "url": item_url(editor_url, "touchpoint", t.pk),
                            "emotion": signed(t.emotion),
                        }
                        for t in tps
                    ],
                }
                rows.append([label, stage.name, str(len(tps)), mean_text(m)])
    trace = heatmap_trace(
        len(stages),
        z,
        text,
        keys,
        hovertemplate=_("%{text} touchpoints · mean emotion %{z}") + "<extra></extra>",
    )
    layout = chart_layout(
        xaxis=stage_axis(stages),
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(channels))),
            "ticktext": channels,
            "autorange": "reversed",
            "zeroline": False,
        },
        margin={"l": 110, "r": 20, "t": 20, "b": 50},
    )
    return Chart(
        key="channels",
        title=_("Channels by stage"),
        figure={"data": [trace], "layout": layout},
        columns=[_("Channel"), _("Stage"), _("Touchpoints"), _("Mean emotion")],
        rows=rows,
        empty=not rows,
        cells=cells,
        scale=True,
    )
