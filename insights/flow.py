"""The touchpoint flow: the map's `next` links as a Sankey diagram, loops shown."""

from django.utils.translation import gettext as _

from journeys.vocabulary import SENTIMENT_COLOURS, sentiment_key

from .chart import Chart, Link, chart_layout, item_url, shorten

LOOP_COLOUR = "rgba(180, 83, 9, 0.55)"  # amber: a `next` link back to the same or an earlier stage
LINK_COLOUR = "rgba(107, 114, 128, 0.35)"


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
            "label": [shorten(t.title, 30) for t in nodes],
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
    layout = chart_layout(height=max(360, 22 * len(nodes) // 3 + 200))
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
