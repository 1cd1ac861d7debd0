"""The top-voted pain points and ideas: workshop votes on the map's cards."""

from django.utils.translation import gettext as _

from journeys.vocabulary import SENTIMENT_COLOURS
from workshops.models import Note

from .chart import Chart, Link, chart_layout, item_url, shorten

TOP_VOTED = 10  # of each kind, pain points and ideas
PAIN_POINT, IDEA = "pain_point", "idea"


def note_kinds_of(journey):
    """{card id: kind} of the workshop notes that became cards on the map (one query)."""
    notes = Note.objects.filter(workshop__journey=journey, card__isnull=False)
    return dict(notes.values_list("card_id", "kind"))


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
        ticks += [shorten(c.text) for c in top]
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
                Link(shorten(c.text, 80), item_url(editor_url, "card", c.pk)),
                stage_name.get(c.stage_id, ""),
                str(c.votes),
            ]
            for c in top
        ]
    layout = chart_layout(
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
