"""The insights charts of one map, computed from its read model (journeys.mapdata.MapData).

Each function returns a `Chart`: a Plotly figure as plain JSON-ready dicts (drawn in the
browser by plotly.js, static/insights/insights.js) and the same numbers as a table, which the
page shows beside the chart for screen readers and for copying. Points, bars and nodes carry
in `customdata` the address of the item they stand for on the map (the editor's
`#touchpoint-<id>`, `#card-<id>`, `#goal-<id>`), so a click opens it there; the heatmap's
cells carry a key into `Chart.cells`, the touchpoints of that cell.

Figures are built as dicts, not through plotly's Python graph objects: validating those costs
more than the whole page's budget on a large map, and the browser validates anyway. Nothing
here queries the database: the map is read once (load_map, plus the workshop notes' kinds),
so the page's query count does not grow with the map.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

from journeys.emotion_curve import _groups as persona_groups
from journeys.numbers import format_number, signed
from journeys.vocabulary import SENTIMENT_COLOURS, channel, sentiment_key, sentiment_label

LOWEST_MOMENTS = 3  # named on the emotion chart
TOP_VOTED = 10  # of each kind, pain points and ideas
METRIC_BARS = 25  # the furthest below target; the table lists them all
LOOP_COLOUR = "rgba(180, 83, 9, 0.55)"  # amber: a `next` link back to the same or an earlier stage
LINK_COLOUR = "rgba(107, 114, 128, 0.35)"
EMOTION_SCALE = [[0, SENTIMENT_COLOURS["negative"]], [0.5, "#f3f4f6"], [1, "#15803d"]]


class Link(NamedTuple):
    """A table cell that opens an item on the map."""

    text: str
    url: str


@dataclass
class Chart:
    key: str  # the chart's name in the page: ids, tests
    title: str
    figure: dict  # {"data": [...], "layout": {...}}
    columns: list
    rows: list  # cells: text, or a Link
    empty: bool = False  # nothing to draw: the page says so instead of drawing axes
    notes: list = field(default_factory=list)  # lines shown under the chart
    cells: dict = field(default_factory=dict)  # heatmap: {key: [{"title", "url", "emotion"}]}
    scale: bool = False  # coloured by mean emotion: the page shows the colour key
    remove_url: str = ""  # metric trends: where a row's reading is removed (its date posted)


def mean(values):
    return sum(values) / len(values) if values else None


def mean_text(value):
    """−1.5, +0.3, 0: a mean emotion, one decimal, signed like the scores on the map."""
    if value is None:
        return "–"
    text = f"{value:+.1f}".replace("-", "−")
    return "0" if text in ("+0.0", "−0.0") else text.removesuffix(".0")


def item_url(editor_url, kind, pk):
    return f"{editor_url}#{kind}-{pk}"


def _stage_axis(stages):
    """Stages on an axis by index, labelled by name: two stages may share a name."""
    return {
        "tickmode": "array",
        "tickvals": list(range(len(stages))),
        "ticktext": [s.name for s in stages],
        "range": [-0.5, len(stages) - 0.5],
        "zeroline": False,
    }


def _layout(**extra):
    """The page's heading names the chart, so the figure has no title of its own."""
    layout = {
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    }
    layout.update(extra)
    return layout


def _short(text, limit=40):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- emotion by stage, per persona ---------------------------------------------------------


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
                "text": [_short(t.title, 24) for t in lowest],
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
    layout = _layout(
        xaxis=_stage_axis(stages),
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


# --- sentiment mix per stage ---------------------------------------------------------------

SENTIMENTS = ["positive", "neutral", "negative"]


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
    layout = _layout(
        barmode="stack",
        xaxis=_stage_axis(stages),
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


# --- channel x stage heatmap ---------------------------------------------------------------


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
    trace = {
        "type": "heatmap",
        "x": list(range(len(stages))),
        "y": list(range(len(channels))),
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "customdata": keys,
        "zmin": -3,
        "zmax": 3,
        "colorscale": EMOTION_SCALE,
        # No colour bar: plotly.js sets style="" on it, which the policy refuses; the page
        # shows the scale in HTML instead (insights/map.html).
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": _("%{text} touchpoints · mean emotion %{z}") + "<extra></extra>",
    }
    layout = _layout(
        xaxis=_stage_axis(stages),
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


# --- metrics and goals against targets -----------------------------------------------------


def _percent(value, target):
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
        label = goal.metric or _short(goal.text, 30)
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
        pct = _percent(value, target)
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
            bars.append((pct, f"{label} · {_short(where, 30)}", url, value, target))
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
    layout = _layout(
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


# --- the flow: `next` links as a Sankey ----------------------------------------------------


def is_loop(source, target, stage_index):
    """A link back to the same or an earlier place on the map (retention back to purchase)."""
    return (stage_index[target.stage_id], target.position) <= (
        stage_index[source.stage_id],
        source.position,
    )


def touchpoint_flow(data, editor_url):
    stage_index = {s.pk: i for i, s in enumerate(data.stages)}
    pairs = [
        (tp, nxt)
        for tp in data.touchpoints
        if tp.stage_id in stage_index
        for nxt in tp.next_list
        if nxt.stage_id in stage_index
    ]
    in_flow = {t.pk for pair in pairs for t in pair}
    nodes = [tp for tp in data.touchpoints if tp.pk in in_flow]  # map order
    node_index = {tp.pk: i for i, tp in enumerate(nodes)}
    stage_name = {s.pk: s.name for s in data.stages}
    loops = [is_loop(a, b, stage_index) for a, b in pairs]
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": [_short(t.title, 30) for t in nodes],
            "customdata": [item_url(editor_url, "touchpoint", t.pk) for t in nodes],
            "hovertemplate": "%{label}<extra></extra>",
            "pad": 12,
            "color": [SENTIMENT_COLOURS[sentiment_key(t.sentiment)] for t in nodes],
        },
        "link": {
            "source": [node_index[a.pk] for a, _b in pairs],
            "target": [node_index[b.pk] for _a, b in pairs],
            "value": [1] * len(pairs),
            "color": [LOOP_COLOUR if loop else LINK_COLOUR for loop in loops],
            "customdata": [_("loops back") if loop else "" for loop in loops],
            "hovertemplate": "%{source.label} → %{target.label} %{customdata}<extra></extra>",
        },
    }
    rows = [
        [
            Link(a.title, item_url(editor_url, "touchpoint", a.pk)),
            stage_name[a.stage_id],
            Link(b.title, item_url(editor_url, "touchpoint", b.pk)),
            stage_name[b.stage_id],
            _("loops back") if loop else "",
        ]
        for (a, b), loop in zip(pairs, loops, strict=True)
    ]
    layout = _layout(height=max(360, 22 * len(nodes) // 3 + 200))
    return Chart(
        key="flow",
        title=_("Touchpoint flow"),
        figure={"data": [trace], "layout": layout},
        columns=[_("From"), _("Stage"), _("To"), _("Stage"), _("Loop")],
        rows=rows,
        empty=not pairs,
        notes=[
            _("%(count)s of %(total)s links loop back.")
            % {"count": sum(loops), "total": len(pairs)}
        ]
        if any(loops)
        else [],
    )


# --- top-voted pain points and ideas -------------------------------------------------------

PAIN_POINT, IDEA = "pain_point", "idea"


def card_kind(card, lane_kind, note_kinds):
    """A workshop note's kind if the card came from one; otherwise its lane's."""
    kind = note_kinds.get(card.pk)
    if kind in (PAIN_POINT, IDEA):
        return kind
    return {"pain_points": PAIN_POINT, "opportunities": IDEA}.get(lane_kind)


def top_voted(data, editor_url, note_kinds):
    """The most-voted pain points and ideas (`note_kinds`: {card id: the kind of the
    workshop note it came from})."""
    lane_kinds = {lane.pk: lane.kind for lane in data.lanes}
    stage_name = {s.pk: s.name for s in data.stages}
    labels = {PAIN_POINT: _("Pain points"), IDEA: _("Ideas")}
    colours = {PAIN_POINT: SENTIMENT_COLOURS["negative"], IDEA: "#0072b2"}
    by_kind = {PAIN_POINT: [], IDEA: []}
    for card in data.cards:
        kind = card_kind(card, lane_kinds.get(card.lane_id), note_kinds)
        if card.votes > 0 and kind:
            by_kind[kind].append(card)
    traces, rows, y = [], [], 0
    ticks = []
    for kind, cards in by_kind.items():
        top = sorted(cards, key=lambda c: -c.votes)[:TOP_VOTED]  # stable: map order on ties
        ys = list(range(y, y + len(top)))
        y += len(top)
        ticks += [_short(c.text) for c in top]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": labels[kind],
                "x": [c.votes for c in top],
                "y": ys,
                "marker": {"color": colours[kind]},
                "customdata": [item_url(editor_url, "card", c.pk) for c in top],
                "hovertext": [c.text[:200] for c in top],
                "hoverinfo": "text+x",
            }
        )
        rows += [
            [
                labels[kind],
                Link(_short(c.text, 80), item_url(editor_url, "card", c.pk)),
                stage_name.get(c.stage_id, ""),
                str(c.votes),
            ]
            for c in top
        ]
    layout = _layout(
        xaxis={"title": {"text": _("Votes")}, "rangemode": "tozero"},
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(ticks))),
            "ticktext": ticks,
            "autorange": "reversed",
            "automargin": True,
        },
        height=max(320, 100 + 26 * len(ticks)),
    )
    return Chart(
        key="votes",
        title=_("Top-voted pain points and ideas"),
        figure={"data": traces, "layout": layout},
        columns=[_("Kind"), _("Card"), _("Stage"), _("Votes")],
        rows=rows,
        empty=not rows,
    )


def map_charts(data, editor_url, note_kinds):
    """Every chart of the map's insights page, in page order."""
    return [
        emotion_by_stage(data, editor_url),
        sentiment_by_stage(data, editor_url),
        channel_by_stage(data, editor_url),
        metrics_against_targets(data, editor_url),
        touchpoint_flow(data, editor_url),
        top_voted(data, editor_url, note_kinds),
    ]
