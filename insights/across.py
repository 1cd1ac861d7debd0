"""Insights across all of a user's maps (/insights/): mean emotion by stage, maps ranked by
their lowest moment, pain points by stage, and which personas the maps cover.

Maps do not share stages, so stages are matched by name (maps made from one template, or
written in one team's words, share 인지 · 고려 · 구매 …), in the order they stand on the maps.
`load_portfolio` reads everything in a fixed number of queries (six, however many maps);
`portfolio_charts` builds the charts from that, without the database.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from journeys.models import Card, Journey, JourneyPersona, Lane, Stage
from journeys.numbers import signed
from touchpoints.models import Touchpoint

from .chart import Chart, Link, chart_layout, heatmap_trace, item_url, mean, mean_text, shorten

MAPS_RANKED = 25  # bars of the lowest-moment chart; the table lists every map


@dataclass
class Portfolio:
    maps: list  # [(id, title, editor url)], newest first
    stages: list  # [(id, map id, name, position)]
    touchpoints: list  # [(id, map id, stage id, persona id, emotion, title)]
    pain_points: list  # [(id, map id, stage id, text, votes)]
    personas: list  # [(map id, persona id, persona name)]


def load_portfolio(workspace):
    """The maps of `workspace` (whose members may all see them) and what the charts need."""
    journeys = Journey.objects.filter(workspace=workspace)
    maps = [
        (pk, title, reverse("journeys:detail", args=[pk]))
        for pk, title in journeys.values_list("pk", "title")
    ]
    ids = [pk for pk, _t, _u in maps]
    return Portfolio(
        maps=maps,
        stages=list(
            Stage.objects.filter(journey_id__in=ids)
            .order_by("journey_id", "position")
            .values_list("pk", "journey_id", "name", "position")
        ),
        touchpoints=list(
            Touchpoint.objects.filter(journey_id__in=ids)
            .order_by("journey_id", "stage__position", "position", "pk")
            .values_list("pk", "journey_id", "stage_id", "persona_id", "emotion", "title")
        ),
        pain_points=list(
            Card.objects.filter(journey_id__in=ids, lane__kind=Lane.Kind.PAIN_POINTS)
            .order_by("-votes", "pk")
            .values_list("pk", "journey_id", "stage_id", "text", "votes")
        ),
        personas=list(
            JourneyPersona.objects.filter(journey_id__in=ids)
            .order_by("persona__name", "persona_id")
            .values_list("journey_id", "persona_id", "persona__name")
        ),
    )


def stage_names_in_order(stages):
    """Every stage name once, ordered by its mean place on the maps that have it."""
    places = defaultdict(list)
    for _pk, _map, name, position in stages:
        places[name].append(position)
    return sorted(places, key=lambda name: (mean(places[name]), name))


def emotion_by_stage_across(p):
    names = stage_names_in_order(p.stages)
    stage_name = {pk: name for pk, _m, name, _pos in p.stages}
    emotions = defaultdict(list)  # (map id, stage name): [emotion]
    by_name = defaultdict(list)  # stage name: [emotion], every map
    for _pk, map_id, stage_id, _persona, emotion, _title in p.touchpoints:
        emotions[(map_id, stage_name[stage_id])].append(emotion)
        by_name[stage_name[stage_id]].append(emotion)
    maps = [m for m in p.maps if any(key[0] == m[0] for key in emotions)]
    z, text, urls, rows = [], [], [], []
    for map_id, title, url in maps:
        means = [mean(emotions.get((map_id, name), [])) for name in names]
        z.append([round(m, 2) if m is not None else None for m in means])
        text.append([mean_text(m) if m is not None else "" for m in means])
        urls.append([url] * len(names))
        rows.append([Link(title, url), *(mean_text(m) for m in means)])
    rows.append([_("All maps"), *(mean_text(mean(by_name[n])) for n in names)])
    trace = heatmap_trace(len(names), z, text, urls, hoverinfo="text")
    layout = chart_layout(
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(len(names))),
            "ticktext": names,
            "zeroline": False,
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(maps))),
            "ticktext": [shorten(title, 30) for _pk, title, _u in maps],
            "autorange": "reversed",
            "zeroline": False,
            "automargin": True,
        },
        height=max(300, 120 + 34 * len(maps)),
    )
    return Chart(
        key="emotion-across",
        title=_("Mean emotion by stage, across maps"),
        figure={"data": [trace], "layout": layout},
        columns=[_("Map"), *names],
        rows=rows if maps else [],
        empty=not maps,
        scale=True,
    )


def maps_by_lowest_moment(p):
    lowest = {}  # map id: (emotion, touchpoint id, title); the first in map order wins ties
    for pk, map_id, _stage, _persona, emotion, title in p.touchpoints:
        if map_id not in lowest or emotion < lowest[map_id][0]:
            lowest[map_id] = (emotion, pk, title)
    ranked = sorted(
        ((lowest[m][0], title, url, lowest[m]) for m, title, url in p.maps if m in lowest),
        key=lambda r: r[0],
    )
    bars = ranked[:MAPS_RANKED]
    trace = {
        "type": "bar",
        "orientation": "h",
        "x": [r[0] for r in bars],
        "y": list(range(len(bars))),
        "customdata": [item_url(url, "touchpoint", low[1]) for _e, _t, url, low in bars],
        "hovertext": [f"{title}: {low[2]} ({signed(low[0])})" for _e, title, _u, low in bars],
        "hoverinfo": "text",
        "marker": {"color": ["#b91c1c" if r[0] < 0 else "#6b7280" for r in bars]},
    }
    layout = chart_layout(
        xaxis={"title": {"text": _("Lowest emotion")}, "range": [-3.5, 3.5]},
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(bars))),
            "ticktext": [shorten(title, 30) for _e, title, _u, _l in bars],
            "autorange": "reversed",
            "automargin": True,
        },
        height=max(300, 100 + 30 * len(bars)),
        showlegend=False,
    )
    return Chart(
        key="lowest-across",
        title=_("Maps by their lowest moment"),
        figure={"data": [trace], "layout": layout},
        columns=[_("Map"), _("Lowest moment"), _("Emotion")],
        rows=[
            [Link(title, url), Link(low[2], item_url(url, "touchpoint", low[1])), signed(low[0])]
            for _e, title, url, low in ranked
        ],
        empty=not ranked,
    )


def pain_points_by_stage_across(p):
    names = stage_names_in_order(p.stages)
    stage_name = {pk: name for pk, _m, name, _pos in p.stages}
    count, votes = defaultdict(int), defaultdict(int)
    for _pk, _map, stage_id, _text, card_votes in p.pain_points:
        count[stage_name[stage_id]] += 1
        votes[stage_name[stage_id]] += card_votes
    names = [n for n in names if count[n]]
    traces = [
        {
            "type": "bar",
            "name": _("Pain points"),
            "x": list(range(len(names))),
            "y": [count[n] for n in names],
            "marker": {"color": "#b91c1c"},
        },
        {
            "type": "bar",
            "name": _("Votes"),
            "x": list(range(len(names))),
            "y": [votes[n] for n in names],
            "marker": {"color": "#0072b2"},
        },
    ]
    layout = chart_layout(
        barmode="group",
        xaxis={"tickmode": "array", "tickvals": list(range(len(names))), "ticktext": names},
        yaxis={"rangemode": "tozero"},
    )
    title_of = {pk: (title, url) for pk, title, url in p.maps}
    top = [
        [
            Link(shorten(text, 80), item_url(title_of[map_id][1], "card", pk)),
            title_of[map_id][0],
            stage_name[stage_id],
            str(card_votes),
        ]
        for pk, map_id, stage_id, text, card_votes in p.pain_points[:20]
    ]
    return Chart(
        key="pain-across",
        title=_("Pain points by stage, across maps"),
        figure={"data": traces, "layout": layout},
        columns=[_("Pain point"), _("Map"), _("Stage"), _("Votes")],
        rows=top,
        empty=not names,
        notes=[_("The table lists the most-voted pain points of all maps.")] if top else [],
    )


def persona_coverage(p):
    """Which maps each persona is on, and how many of their touchpoints each map has."""
    personas = list(dict.fromkeys((pk, name) for _m, pk, name in p.personas))
    on_map = {(map_id, pk) for map_id, pk, _n in p.personas}
    counts = defaultdict(int)
    for _pk, map_id, _stage, persona_id, _emotion, _title in p.touchpoints:
        if persona_id:
            counts[(map_id, persona_id)] += 1
    maps = [m for m in p.maps if any(m[0] == map_id for map_id, _pk in on_map)]
    z = [
        [counts[(m[0], pk)] if (m[0], pk) in on_map else None for m in maps] for pk, _n in personas
    ]
    trace = heatmap_trace(
        len(maps),
        z,
        [[str(v) if v is not None else "" for v in row] for row in z],
        [[m[2] for m in maps] for _p in personas],
        colorscale=[[0, "#eff6ff"], [1, "#0072b2"]],
        emotion=False,
        hoverinfo="text",
    )
    layout = chart_layout(
        xaxis={
            "tickmode": "array",
            "tickvals": list(range(len(maps))),
            "ticktext": [shorten(m[1], 20) for m in maps],
            "zeroline": False,
        },
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(personas))),
            "ticktext": [name for _pk, name in personas],
            "autorange": "reversed",
            "zeroline": False,
            "automargin": True,
        },
        height=max(280, 140 + 34 * len(personas)),
    )
    rows = [
        [
            name,
            str(sum((m[0], pk) in on_map for m in maps)),
            str(sum(counts[(m[0], pk)] for m in maps)),
        ]
        for pk, name in personas
    ]
    return Chart(
        key="personas-across",
        title=_("Persona coverage"),
        figure={"data": [trace], "layout": layout},
        columns=[_("Persona"), _("Maps"), _("Touchpoints")],
        rows=rows,
        empty=not personas,
        notes=[_("Number in a cell: the persona's touchpoints on that map; blank: not on it.")],
    )


def portfolio_charts(portfolio):
    return [
        emotion_by_stage_across(portfolio),
        maps_by_lowest_moment(portfolio),
        pain_points_by_stage_across(portfolio),
        persona_coverage(portfolio),
    ]
