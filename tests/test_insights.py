"""The insights charts, computed from a map whose numbers are known (insights/figures.py), and
the insights page (insights/views.py): it renders for an empty, a one-stage and the large map,
in a number of queries that does not grow with the map, and only for the map's owner."""

import pytest
from django.urls import reverse

from insights import flow
from insights.chart import Link, mean_text
from insights.emotion import emotion_by_stage
from insights.figures import map_charts
from insights.views import note_kinds_of
from journeys.interchange import import_document
from journeys.mapdata import load_map
from journeys.models import Card, Journey
from journeys.sample_maps import build_large_map, build_map
from workshops import services as workshops

pytestmark = pytest.mark.django_db


KNOWN_MAP = {
    "format": "journey-map",
    "version": 1,
    "title": "Known map",
    "locale": "en",
    "personas": [{"id": "p1", "name": "Mina"}, {"id": "p2", "name": "Joon"}],
    "stages": [
        {"id": "s1", "name": "Aware"},
        {"id": "s2", "name": "Buy"},
        {"id": "s3", "name": "Keep"},
    ],
    "lanes": [
        {"id": "l1", "kind": "touchpoints", "title": "Touchpoints"},
        {"id": "l2", "kind": "pain_points", "title": "Pain points"},
        {"id": "l3", "kind": "opportunities", "title": "Opportunities"},
    ],
    "touchpoints": [
        {"id": "t1", "stage": "s1", "title": "Ad", "channel": "ads", "sentiment": "positive",
         "emotion": 1, "persona": "p1", "next": ["t2"]},
        {"id": "t2", "stage": "s1", "title": "Web page", "channel": "website",
         "sentiment": "negative", "emotion": -1, "persona": "p1", "next": ["t3"]},
        {"id": "t3", "stage": "s2", "title": "Checkout", "channel": "web",
         "sentiment": "negative", "emotion": -3, "persona": "p2", "next": ["t4"],
         "metrics": [{"name": "Conversion", "value": 2, "target": 4, "unit": "%"}]},
        {"id": "t4", "stage": "s3", "title": "Support call", "channel": "call center",
         "sentiment": "neutral", "emotion": -2, "persona": "p1", "next": ["t2"]},
        {"id": "t5", "stage": "s2", "title": "Store visit", "channel": "store",
         "sentiment": "positive", "emotion": 2},
    ],
    "cards": [
        {"stage": "s2", "lane": "l2", "text": "Checkout too long", "votes": 5},
        {"stage": "s2", "lane": "l3", "text": "One-click pay", "votes": 3},
        {"stage": "s1", "lane": "l2", "text": "Hard to compare", "votes": 0},
        {"stage": "s3", "lane": "l2", "text": "Slow refunds", "votes": 7},
    ],
    "goals": [
        {"kind": "business", "text": "Grow repeat purchase", "metric": "Repeat %",
         "current": 20, "target": 40},
    ],
}  # fmt: skip


@pytest.fixture
def known(user):
    journey = import_document(KNOWN_MAP, user)
    data = load_map(journey)
    charts = {c.key: c for c in map_charts(data, "/m/", note_kinds_of(journey))}
    tp = {t.title: t for t in data.touchpoints}
    return journey, charts, tp


def trace(chart, name):
    return next(t for t in chart.figure["data"] if t.get("name") == name)


def test_emotion_by_stage_draws_each_personas_mean_per_stage(known):
    _journey, charts, tp = known
    chart = charts["emotion"]
    mina = trace(chart, "Mina")  # Ad +1 and Web page −1 in Aware; Support call −2 in Keep
    assert (mina["x"], mina["y"]) == ([0, 2], [0.0, -2.0])
    # A point opens the stage's lowest moment of that line.
    assert mina["customdata"] == [f"/m/#touchpoint-{tp['Web page'].pk}",
                                  f"/m/#touchpoint-{tp['Support call'].pk}"]  # fmt: skip
    joon = trace(chart, "Joon")
    assert (joon["x"], joon["y"]) == ([1], [-3.0])
    everyone = trace(chart, "All customers")  # touchpoints of no persona
    assert (everyone["x"], everyone["y"]) == ([1], [2.0])
    assert chart.columns == ["Stage", "All customers", "Mina", "Joon"]
    assert chart.rows[0] == ["Aware", "–", "0 (2)", "–"]
    assert chart.rows[2] == ["Keep", "–", "−2 (1)", "–"]


def test_the_lowest_moments_are_named_lowest_first(known):
    _journey, charts, tp = known
    chart = charts["emotion"]
    lowest = trace(chart, "Lowest moments")
    assert lowest["text"] == ["Checkout", "Support call", "Web page"]
    assert (lowest["x"], lowest["y"]) == ([1, 2, 0], [-3, -2, -1])
    assert chart.notes[0] == Link(
        "Lowest moment: Checkout (−3, Buy)", f"/m/#touchpoint-{tp['Checkout'].pk}"
    )


def test_sentiment_by_stage_counts_each_sentiment(known):
    _journey, charts, tp = known
    chart = charts["sentiment"]
    assert trace(chart, "Positive")["y"] == [1, 1, 0]
    assert trace(chart, "Neutral")["y"] == [0, 0, 1]
    assert trace(chart, "Negative")["y"] == [1, 1, 0]
    assert chart.figure["layout"]["barmode"] == "stack"
    assert chart.rows == [["Aware", "1", "0", "1", "2"], ["Buy", "1", "0", "1", "2"],
                          ["Keep", "0", "1", "0", "1"]]  # fmt: skip
    assert trace(chart, "Negative")["customdata"][1] == f"/m/#touchpoint-{tp['Checkout'].pk}"


def test_the_heatmap_counts_touchpoints_and_means_emotion_per_channel_and_stage(known):
    _journey, charts, tp = known
    chart = charts["channels"]
    heat = chart.figure["data"][0]
    # "website" and "web" are one channel; rows in the order the channels first appear.
    assert heat["y"] == [0, 1, 2, 3]
    assert chart.figure["layout"]["yaxis"]["ticktext"] == ["Ads", "Website", "Store", "Call center"]
    assert heat["z"] == [[1.0, None, None], [-1.0, -3.0, None], [None, 2.0, None],
                         [None, None, -2.0]]  # fmt: skip
    assert heat["text"][1] == ["1", "1", ""]
    cell = chart.cells[heat["customdata"][1][1]]
    assert cell["label"] == "Website · Buy"
    assert cell["touchpoints"] == [
        {"title": "Checkout", "url": f"/m/#touchpoint-{tp['Checkout'].pk}", "emotion": "−3"}
    ]
    assert ["Website", "Aware", "1", "−1"] in chart.rows


def test_metrics_and_goals_are_measured_against_their_targets(known):
    journey, charts, tp = known
    chart = charts["metrics"]
    bars = chart.figure["data"][0]
    assert bars["x"] == [50.0, 50.0]  # 2 of 4 %, and 20 of 40
    goal = journey.goals.get()
    assert bars["customdata"] == [f"/m/#touchpoint-{tp['Checkout'].pk}", f"/m/#goal-{goal.pk}"]
    assert chart.rows[0][2:] == ["2 %", "4 %", "50 %"]
    assert chart.rows[1][:2] == [Link("Repeat %", f"/m/#goal-{goal.pk}"),
                                 "Goal: Grow repeat purchase"]  # fmt: skip


def test_the_flow_links_follow_next_and_mark_the_loop(known):
    _journey, charts, tp = known
    chart = charts["flow"]
    sankey = chart.figure["data"][0]
    labels = sankey["node"]["label"]
    assert labels == ["Ad", "Web page", "Checkout", "Support call"]  # the store is in no link
    links = list(zip(sankey["link"]["source"], sankey["link"]["target"], strict=True))
    named = [(labels[a], labels[b]) for a, b in links]
    assert named == [("Ad", "Web page"), ("Web page", "Checkout"), ("Checkout", "Support call"),
                     ("Support call", "Web page")]  # fmt: skip
    # Support call (Keep) goes back to the web page (Aware): the one loop.
    assert sankey["link"]["customdata"] == ["", "", "", "loops back"]
    assert chart.notes == ["1 of 4 links loop back."]
    assert sankey["node"]["customdata"][0] == f"/m/#touchpoint-{tp['Ad'].pk}"


def test_the_flow_stands_in_stage_columns_with_the_stage_names_above(known):
    _journey, charts, _tp = known
    figure = charts["flow"].figure
    node = figure["data"][0]["node"]
    # Ad and Web page (Aware) share the first column, stacked; Checkout, Support call follow.
    assert node["x"][0] == node["x"][1] < node["x"][2] < node["x"][3]
    assert node["y"][0] < node["y"][1]
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["Aware", "Buy", "Keep"]
    assert node["hovertemplate"][1] == "Web page<extra></extra>"


def test_a_busy_flow_is_drawn_between_stages_and_the_table_keeps_every_link(user):
    data = load_map(build_large_map(user))
    chart = flow.touchpoint_flow(data, "/m/")
    sankey = chart.figure["data"][0]
    assert len(sankey["node"]["label"]) == 12  # one node per stage, not 300 overlapping names
    assert set(sankey["node"]["label"]) == {""}  # the headings name the columns
    headings = [a["text"] for a in chart.figure["layout"]["annotations"]]
    assert headings == [s.name for s in data.stages]
    # Touchpoint i links to i + 1, round the 12 stages: 11 links forward, 1 back to stage 1.
    links = list(zip(sankey["link"]["source"], sankey["link"]["target"], strict=True))
    assert sorted(links) == sorted([(i, i + 1) for i in range(11)] + [(11, 0)])
    assert sum(sankey["link"]["value"]) == len(chart.rows) == 299
    back = links.index((11, 0))
    assert sankey["link"]["customdata"][back] == "loops back"
    assert sankey["link"]["value"][back] == 24
    assert chart.notes[0].startswith("Drawn between stages")
    assert chart.rows[0][0] == Link("Touchpoint 1", f"/m/#touchpoint-{data.touchpoints[0].pk}")


def test_flow_labels_are_cut_to_their_column_counting_korean_letters_double():
    assert flow.fit("Support call", 20) == "Support call"
    assert flow.fit("A rather long touchpoint title", 12) == "A rather lo…"
    assert flow.fit("배송 추적 알림 메시지", 10) == "배송 추적…"  # 9 wide, and the ellipsis
    # The last two columns share one gap: half the room each.
    assert flow.label_limit(0, 5) == 24 and flow.label_limit(3, 5) == flow.label_limit(4, 5) == 12


def test_top_voted_lists_pain_points_and_ideas_by_votes(known):
    journey, charts, _tp = known
    chart = charts["votes"]
    pains, ideas = chart.figure["data"]
    assert pains["x"] == [7, 5]  # Slow refunds, Checkout too long; no card without votes
    assert ideas["x"] == [3]
    assert chart.figure["layout"]["yaxis"]["ticktext"] == [
        "Slow refunds", "Checkout too long", "One-click pay"
    ]  # fmt: skip
    card = Card.objects.get(journey=journey, text="Slow refunds")
    assert pains["customdata"][0] == f"/m/#card-{card.pk}"


def test_a_workshop_note_counts_as_its_kind_wherever_it_sits(known, user):
    journey, _charts, _tp = known
    workshop = workshops.start_workshop(journey, votes_per_participant=3, moderated=False)
    someone = workshops.join(workshop, "a-session", "Minji")
    stage = journey.stages.first()
    actions_lane = journey.lanes.get(kind="touchpoints")  # neither a pain point nor an idea lane
    note = workshops.add_note(someone, stage, actions_lane, "idea", "Price match")
    Card.objects.filter(pk=note.card_id).update(votes=2)
    data = load_map(journey)
    chart = {c.key: c for c in map_charts(data, "/m/", note_kinds_of(journey))}["votes"]
    assert trace(chart, "Ideas")["hovertext"] == ["One-click pay", "Price match"]


def test_mean_text_is_signed_with_one_decimal():
    assert [mean_text(v) for v in (-1.5, 0.25, 0, 2, None)] == ["−1.5", "+0.2", "0", "+2", "–"]


def test_an_empty_map_has_nothing_to_chart(user):
    journey = Journey.objects.create(owner=user, title="Empty")
    charts = map_charts(load_map(journey), "/m/", {})
    assert all(chart.empty for chart in charts)
    assert emotion_by_stage(load_map(journey), "/m/").figure["data"] == []


# --- the page -------------------------------------------------------------------------------


def url(journey):
    return reverse("insights:map", args=[journey.pk])


def test_the_page_of_an_empty_map_says_there_is_nothing_to_chart(auth_client, user):
    journey = Journey.objects.create(owner=user, title="Empty")
    response = auth_client.get(url(journey))
    assert response.status_code == 200
    assert response.content.count(b"Nothing to chart yet") == 6
    assert b"data-chart=" not in response.content


def test_the_page_of_a_one_stage_map_draws_its_charts(auth_client, user):
    journey = build_map(user, stages=1, lanes=8, items=10, personas=1, title="One stage")
    response = auth_client.get(url(journey))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("emotion", "sentiment", "channels", "metrics", "flow", "votes"):
        assert f'data-chart="{key}"' in html
    assert 'id="insights-data"' in html


def test_the_page_loads_plotly_from_this_site_and_admits_its_style_by_nonce(auth_client, user):
    journey = build_map(user, stages=2, lanes=4, items=8, personas=1)
    response = auth_client.get(url(journey))
    html = response.content.decode()
    assert '<script src="/static/vendor/plotly-' in html and "cdn" not in html.lower()
    nonce = response.context["request"].csp_nonce
    policy = response["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" in policy and "'unsafe-inline'" not in policy
    assert f'<style id="plotly.js-style-global" nonce="{nonce}"></style>' in html
    # Other pages keep the strict policy without a nonce.
    editor = auth_client.get(journey.get_absolute_url())
    assert "nonce-" not in editor["Content-Security-Policy"]
    assert url(journey).encode() in editor.content  # the editor links here


def test_plotly_js_is_found_as_a_static_file_in_the_plotly_package():
    """Found by {% static %} in development and copied by collectstatic (which lists it)."""
    from django.contrib.staticfiles import finders

    from insights.finders import PLOTLY_JS, PlotlyFinder

    path = finders.find(PLOTLY_JS)
    with open(path, "rb") as script:
        assert b"plotly.js v" in script.read(200)
    listed = [(name, storage.prefix) for name, storage in PlotlyFinder().list([])]
    assert listed == [("plotly.min.js", PLOTLY_JS.rsplit("/", 1)[0])]
    assert finders.find("vendor/plotly-0/plotly.min.js") is None


def test_only_the_owner_sees_a_maps_insights(client, other_user, user):
    journey = build_map(user, stages=2, lanes=4, items=8, personas=1)
    client.force_login(other_user)
    assert client.get(url(journey)).status_code == 404
    client.logout()
    assert client.get(url(journey)).status_code == 302


def test_the_query_count_does_not_grow_with_the_map(
    auth_client, user, django_assert_max_num_queries
):
    small = build_map(user, stages=2, lanes=4, items=8, personas=1, title="Small")
    large = build_large_map(user)
    for journey in (small, large):
        # (13: one of them lists the workspaces for the header's switcher)
        with django_assert_max_num_queries(13):
            assert auth_client.get(url(journey)).status_code == 200
