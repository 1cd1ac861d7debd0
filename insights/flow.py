"""The touchpoint flow: the map's `next` links as a Sankey diagram, loops shown.

Nodes stand in columns, one per stage, in map order, so the flow reads left to right like the
map. A touchpoint's label is cut to what its column has room for. A busy flow (more stages or
more touchpoints per stage than labels fit beside each other) would be a wall of overlapping
names, so it is drawn between stages instead: one node per stage, each link as wide as the
`next` links it stands for. Either way, the table beside the chart lists every link by its
touchpoints' full names, and hovering a node names it in full.
"""

import unicodedata
from collections import Counter

from django.utils.translation import gettext as _

from journeys.vocabulary import SENTIMENT_COLOURS, sentiment_key

from .chart import Chart, Link, chart_layout, item_url

LOOP_COLOUR = "rgba(180, 83, 9, 0.4)"  # amber: a `next` link back to the same or an earlier stage
LINK_COLOUR = "rgba(107, 114, 128, 0.35)"
STAGE_COLOUR = "#0072b2"
# Past these, touchpoint labels would overlap: side by side (columns) or stacked (nodes).
LABELLED_STAGES = 8
LABELLED_PER_STAGE = 12
LABEL_ROOM = 120  # characters across the chart, shared by the columns
NODE_HEIGHT = 24  # pixels per node in the tallest column, padding included


def is_loop(source, target, stage_index):
    """A link back to the same or an earlier place on the map (retention back to purchase)."""
    return (stage_index[target.stage_id], target.position) <= (
        stage_index[source.stage_id],
        source.position,
    )


def column_positions(columns, column_count):
    """Node x and y (0…1, as plotly.js places sankey nodes) for nodes in `columns` (each
    node's column index, in order): columns spread evenly, nodes stacked in each column."""
    size = Counter(columns)
    seen = Counter()
    xs, ys = [], []
    for column in columns:
        seen[column] += 1
        # plotly.js ignores a position of exactly 0 or 1, so the ends stay just inside.
        xs.append(0.001 + 0.998 * column / max(column_count - 1, 1))
        ys.append(0.001 + 0.998 * (seen[column] - 0.5) / size[column])
    return xs, ys


def label_limit(column, column_count):
    """Room for a label in `column`, in Latin letters' widths. The last column's labels stand
    left of their nodes, in the same gap as the labels of the column before: they share it."""
    room = max(8, LABEL_ROOM // column_count)
    return room // 2 if column_count > 1 and column >= column_count - 2 else room


def fit(text, room):
    """`text` on one line, cut with an ellipsis to `room` Latin letters' widths: a Korean
    syllable (East Asian wide) is about two of them."""
    text = " ".join(text.split())
    width, kept = 0, []
    for ch in text:
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if width > room:
            return "".join(kept[:-1]).rstrip() + "…"
        kept.append(ch)
    return text


def stage_headings(stages, column_count):
    """The stage names above their columns (annotations), as the map's stage row."""
    return [
        {
            "text": fit(stage.name, label_limit(0, column_count)),
            "x": 0.001 + 0.998 * i / max(column_count - 1, 1),
            "xanchor": "center",
            "xref": "paper",
            "y": 1,
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
        }
        for i, stage in enumerate(stages)
    ]


def touchpoint_nodes(nodes, columns, column_count, editor_url):
    """One node per touchpoint, in its stage's column (`columns`: each node's)."""
    xs, ys = column_positions(columns, column_count)
    return {
        "label": [
            fit(t.title, label_limit(c, column_count)) for t, c in zip(nodes, columns, strict=True)
        ],
        "customdata": [item_url(editor_url, "touchpoint", t.pk) for t in nodes],
        # The full title: the label may be cut.
        "hovertemplate": [hover(t.title) for t in nodes],
        "color": [SENTIMENT_COLOURS[sentiment_key(t.sentiment)] for t in nodes],
        "x": xs,
        "y": ys,
        "pad": 12,
    }


def hover(text):
    """`text` as a hovertemplate that shows it as it is."""
    return text.replace("%{", "% {") + "<extra></extra>"


def stage_nodes(stages, editor_url):
    """One node per stage, left to right, unlabelled: the headings above name them."""
    xs, _ys = column_positions(list(range(len(stages))), len(stages))
    return {
        "label": [""] * len(stages),
        "customdata": [item_url(editor_url, "stage", s.pk) for s in stages],
        "hovertemplate": [hover(s.name) for s in stages],
        "color": [STAGE_COLOUR] * len(stages),
        "x": xs,
        "y": [0.5] * len(stages),
        "pad": 12,
    }


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
    stage_name = {s.pk: s.name for s in data.stages}
    loops = [is_loop(a, b, stage_index) for a, b in pairs]
    stages = [s for s in data.stages if any(t.stage_id == s.pk for t in nodes)]
    column = {s.pk: i for i, s in enumerate(stages)}
    per_stage = Counter(t.stage_id for t in nodes)
    busy = len(stages) > LABELLED_STAGES or max(per_stage.values(), default=0) > LABELLED_PER_STAGE
    if busy:
        links = Counter(
            (column[a.stage_id], column[b.stage_id], loop)
            for (a, b), loop in zip(pairs, loops, strict=True)
        )
        node = stage_nodes(stages, editor_url)
        link = {
            "source": [a for a, _b, _loop in links],
            "target": [b for _a, b, _loop in links],
            "value": list(links.values()),
            "customdata": [_("loops back") if loop else "" for _a, _b, loop in links],
            "hovertemplate": [
                hover(f"{stages[a].name} → {stages[b].name}: {count}")
                for (a, b, _loop), count in links.items()
            ],
        }
        link_loops = [loop for _a, _b, loop in links]
        height = 440
    else:
        node_index = {tp.pk: i for i, tp in enumerate(nodes)}
        node = touchpoint_nodes(nodes, [column[t.stage_id] for t in nodes], len(stages), editor_url)
        link = {
            "source": [node_index[a.pk] for a, _b in pairs],
            "target": [node_index[b.pk] for _a, b in pairs],
            "value": [1] * len(pairs),
            "customdata": [_("loops back") if loop else "" for loop in loops],
            "hovertemplate": "%{source.label} → %{target.label} %{customdata}<extra></extra>",
        }
        link_loops = loops
        height = max(360, 160 + NODE_HEIGHT * max(per_stage.values(), default=0))
    link["color"] = [LOOP_COLOUR if loop else LINK_COLOUR for loop in link_loops]
    # Loops curve below the nodes: the lower part of the chart is theirs.
    node_domain = [0.3 if any(loops) else 0, 1]
    trace = {
        "type": "sankey",
        "arrangement": "fixed",
        "domain": {"x": [0, 1], "y": node_domain},
        "node": node,
        "link": link,
    }
    layout = chart_layout(
        height=height,
        annotations=stage_headings(stages, len(stages)),
        margin={"l": 50, "r": 50, "t": 40, "b": 20},
    )
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
    notes = []
    if busy:
        notes.append(
            _(
                "Drawn between stages: too many touchpoints to name them all. "
                "The table lists every link."
            )
        )
    if any(loops):
        notes.append(
            _("%(count)s of %(total)s links loop back.")
            % {"count": sum(loops), "total": len(pairs)}
        )
    return Chart(
        key="flow",
        title=_("Touchpoint flow"),
        figure={"data": [trace], "layout": layout},
        columns=[_("From"), _("Stage"), _("To"), _("Stage"), _("Loop")],
        rows=rows,
        empty=not pairs,
        notes=notes,
    )
