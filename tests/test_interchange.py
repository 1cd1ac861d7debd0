import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from journeys.catalog import DEMO_MAP, templates
from journeys.interchange import dumps, export_document, import_document
from journeys.models import Card, Change, Goal, Journey, JourneyPersona, Lane, Stage
from journeys.validation import InterchangeError, load_document, validate
from personas.models import Persona
from tests.conftest import EXAMPLES
from touchpoints.models import Metric, Touchpoint, TouchpointLink

pytestmark = pytest.mark.django_db

MODELS = [Journey, Stage, Lane, Card, Goal, Persona, JourneyPersona, Touchpoint, Metric]
MODELS += [TouchpointLink, Change]


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def read(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def normalized(doc):
    """A document's meaning: keys renamed by position, defaults filled, empty fields dropped."""
    keys = {}
    for name, prefix in [("personas", "p"), ("stages", "s"), ("lanes", "l"), ("touchpoints", "t")]:
        for i, item in enumerate(doc.get(name, []), 1):
            keys[(name, item["id"])] = f"{prefix}{i}"
    first_tp_lane = next(
        (
            keys[("lanes", lane["id"])]
            for lane in doc.get("lanes", [])
            if lane["kind"] == "touchpoints"
        ),
        None,
    )

    def ref(kind, value):
        return None if value is None else keys[(kind, value)]

    def clean(d):
        return {k: v for k, v in d.items() if v not in (None, "", [], 0) or k == "emotion"}

    return {
        "title": doc["title"],
        "description": doc.get("description", ""),
        "kind": doc.get("kind", "current_state"),
        "locale": doc.get("locale", ""),
        "personas": [clean({**p, "id": None}) for p in doc.get("personas", [])],
        "stages": [clean({**s, "id": None}) for s in doc["stages"]],
        "lanes": [clean({**lane, "id": None}) for lane in doc.get("lanes", [])],
        "cards": [
            clean(
                {
                    "stage": ref("stages", c["stage"]),
                    "lane": ref("lanes", c["lane"]),
                    "text": c["text"],
                    "persona": ref("personas", c.get("persona")),
                    "votes": c.get("votes", 0),
                }
            )
            for c in doc.get("cards", [])
        ],
        "touchpoints": [
            clean(
                {
                    **t,
                    "id": None,
                    "stage": ref("stages", t["stage"]),
                    "lane": ref("lanes", t["lane"]) if "lane" in t else first_tp_lane,
                    "persona": ref("personas", t.get("persona")),
                    "sentiment": t.get("sentiment", "neutral"),
                    "emotion": t.get("emotion", 0),
                    "metrics": [
                        {k: float(v) if k in ("value", "target") else v for k, v in m.items()}
                        for m in t.get("metrics", [])
                    ],
                    "next": [ref("touchpoints", n) for n in t.get("next", [])],
                }
            )
            for t in doc.get("touchpoints", [])
        ],
        "goals": [
            clean(
                {
                    **g,
                    "id": None,
                    "kind": g.get("kind", "business"),
                    "stage": ref("stages", g.get("stage")),
                    "touchpoint": ref("touchpoints", g.get("touchpoint")),
                    "target": None if g.get("target") is None else float(g["target"]),
                    "current": None if g.get("current") is None else float(g["current"]),
                }
            )
            for g in doc.get("goals", [])
        ],
    }


def test_every_example_imports_cleanly(user, example_paths):
    for path in example_paths:
        doc = read(path)
        assert validate(doc) == [], path.name
        journey = import_document(doc, user)
        assert journey.stages.count() == len(doc["stages"])
        assert journey.touchpoints.count() == len(doc.get("touchpoints", []))
        assert journey.cards.count() == len(doc.get("cards", []))
        assert journey.goals.count() == len(doc.get("goals", []))


def frameworks():
    return [t.doc for t in templates().values() if not t.example]


def test_templates_and_demo_map_import_cleanly(user):
    docs = frameworks() + [read(DEMO_MAP)]
    assert len(docs) == 7
    for doc in docs:
        assert validate(doc) == [], doc["title"]
        import_document(doc, user)


def test_templates_are_the_six_frameworks():
    stage_names = [[s["name"] for s in doc["stages"]] for doc in frameworks()]
    assert stage_names == [
        ["인지", "고려", "결정", "구매"],
        ["인지", "조사", "고려", "구매", "충성"],
        ["인지", "관심", "검토", "구매", "사용"],
        ["인식", "고려", "결정", "구매", "사용", "평가"],
        ["인식", "고려", "구매", "유지", "옹호"],
        ["Aware", "Appeal", "Ask", "Act", "Advocate"],
    ]
    dcj = templates()["dcj.ko"].doc
    assert {s["phase"] for s in dcj["stages"]} == {"pre_sale", "sale", "post_sale"}
    five = templates()["five-as.en"].doc
    assert {t["sentiment"] for t in five["touchpoints"]} == {"positive", "neutral", "negative"}
    assert all(t.get("goal") for t in five["touchpoints"])


@pytest.mark.parametrize("name", ["retail-five-stages.ko.json", "five-a-template.en.json"])
def test_export_is_lossless_and_round_trips_byte_identically(user, name):
    original = read(EXAMPLES / name)
    first = dumps(export_document(import_document(original, user)))
    second = dumps(export_document(import_document(json.loads(first), user)))
    assert first == second
    assert normalized(json.loads(first)) == normalized(original)
    # Korean stays readable text in the file.
    if name.endswith(".ko.json"):
        assert "온라인 쇼핑몰" in first


def test_two_exports_of_an_unchanged_map_are_identical(user):
    journey = import_document(read(DEMO_MAP), user)
    assert dumps(export_document(journey)) == dumps(export_document(journey))


@pytest.mark.parametrize("name", ["retail-five-stages.ko.json", "five-a-template.en.json"])
def test_management_commands_round_trip_byte_identically(user, tmp_path, name):
    out = io.StringIO()
    call_command("import_journey", str(EXAMPLES / name), owner=user.username, stdout=out)
    first_id, url = out.getvalue().split()
    assert url.endswith(f"/journeys/{first_id}/")
    first = tmp_path / "first.json"
    call_command("export_journey", int(first_id), format="json", output=str(first))
    out = io.StringIO()
    call_command("import_journey", str(first), owner=user.username, stdout=out)
    second = tmp_path / "second.json"
    call_command(
        "export_journey", int(out.getvalue().split()[0]), format="json", output=str(second)
    )
    assert first.read_bytes() == second.read_bytes()


def test_import_command_reports_problems_and_writes_nothing(user, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "journey-map", "version": 2, "title": "x", "stages": []}')
    before = row_counts()
    with pytest.raises(CommandError, match="version: must be 1, got 2"):
        call_command("import_journey", str(bad), owner=user.username)
    with pytest.raises(CommandError, match='No user named "nobody"'):
        call_command("import_journey", str(bad), owner="nobody")
    assert row_counts() == before


def test_export_command_unknown_id():
    with pytest.raises(CommandError, match="No map with id 999999"):
        call_command("export_journey", 999999, format="json", output="-")


def valid_doc():
    return read(EXAMPLES / "retail-five-stages.ko.json")


def test_dangling_references_are_all_listed_by_path(user):
    doc = valid_doc()
    doc["touchpoints"][3]["stage"] = "s9"
    doc["cards"][0]["lane"] = "nope"
    doc["touchpoints"][0]["next"] = ["t404"]
    doc["goals"][2]["touchpoint"] = "t77"
    before = row_counts()
    with pytest.raises(InterchangeError) as caught:
        import_document(doc, user)
    assert caught.value.problems == [
        'cards[0].lane: unknown key "nope"',
        'goals[2].touchpoint: unknown key "t77"',
        'touchpoints[0].next[0]: unknown key "t404"',
        'touchpoints[3].stage: unknown key "s9"',
    ]
    assert row_counts() == before


def test_missing_stage_names_and_bad_values_are_listed(user):
    doc = valid_doc()
    del doc["stages"][2]["name"]
    del doc["stages"][4]["name"]
    doc["touchpoints"][1]["emotion"] = 5
    doc["lanes"][0]["kind"] = "feelings"
    problems = validate(doc)
    assert "stages[2].name: required" in problems
    assert "stages[4].name: required" in problems
    assert any(
        p.startswith("touchpoints[1].emotion: 5 is greater than the maximum") for p in problems
    )
    assert any(p.startswith('lanes[0].kind: "feelings" is not one of') for p in problems)


def test_duplicate_keys_are_refused():
    doc = valid_doc()
    doc["stages"][1]["id"] = "s1"
    assert 'stages[1].id: duplicate key "s1"' in validate(doc)


def test_unknown_properties_are_ignored_and_html_stays_text(user):
    doc = valid_doc()
    doc["colour_scheme"] = "dark"
    doc["cards"][0]["text"] = "<script>alert(1)</script> & 팝업"
    journey = import_document(doc, user)
    card = journey.cards.get(position=0, stage__position=0, lane__position=0)
    assert card.text == "<script>alert(1)</script> & 팝업"


def test_messages_quote_a_long_bad_value_only_in_part():
    doc = valid_doc()
    doc["kind"] = "x" * 500_000
    doc["stages"][0]["name"] = "y" * 500_000
    problems = validate(doc)
    assert problems and all(len(p) < 400 for p in problems)
    assert any(p.startswith("kind: ") for p in problems)


def test_figures_beyond_the_bound_are_refused():
    doc = valid_doc()
    doc["touchpoints"][0]["metrics"] = [{"name": "Revenue", "value": 2e15}]
    doc["goals"][0]["target"] = -1e16
    problems = validate(doc)
    assert any(
        p.startswith("touchpoints[0].metrics[0].value: 2000000000000000.0 is greater")
        for p in problems
    )
    assert any(p.startswith("goals[0].target: -1e+16 is less than") for p in problems)


def test_a_plain_document_naming_pictures_is_refused_with_the_missing_files(user):
    doc = valid_doc()
    doc["personas"][0]["photo"] = {"file": "images/minji.jpg", "alt": "민지"}
    doc["touchpoints"][2]["image"] = {"file": "images/shelf.png"}
    before = row_counts()
    with pytest.raises(InterchangeError) as caught:
        import_document(doc, user)
    assert caught.value.problems == [
        "personas[0].photo.file: images/minji.jpg is missing: pictures travel in a ZIP package "
        "(map.json and its images/ folder)",
        "touchpoints[2].image.file: images/shelf.png is missing: pictures travel in a ZIP package "
        "(map.json and its images/ folder)",
    ]
    assert row_counts() == before


def test_a_storyboard_lane_imports_and_exports(user):
    doc = valid_doc()
    doc["lanes"][0]["kind"] = "storyboard"
    journey = import_document(doc, user)
    assert journey.lanes.get(position=0).kind == Lane.Kind.STORYBOARD
    assert export_document(journey)["lanes"][0]["kind"] == "storyboard"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"format": "journey-map", "version": 1, "title": "x", "stages": [', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8 text"),
        (b"[1, 2, 3]", "one JSON object"),
        (b" " * (6 * 1024 * 1024), "is 6.0 MB; the limit is 5 MB"),
        (b'{"format": "journey-map", "version": 1, "x": NaN}', "spells NaN"),
        (b'{"format": "journey-map", "version": 1, "x": -Infinity}', "spells -Infinity"),
        (b"[" * 2000 + b"]" * 2000, "nests lists or objects too deep"),
        (b'{"x": ' + b"[" * 990 + b"]" * 990 + b"}", "nests lists or objects too deep"),
        (b'{"format": "journey-map", "title": "\\ud800"}', "broken text"),
        (b'{"format": "journey-map", "title": "a\\u0000b"}', "NUL character"),
    ],
)
def test_unreadable_files_get_a_clear_reason(raw, message):
    with pytest.raises(InterchangeError, match=message):
        load_document(raw)


# --- over HTTP ---------------------------------------------------------------------------


def upload(client, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/journeys/import/", {"file": SimpleUploadedFile(name, content)})


def test_http_import_of_an_example_opens_the_new_map(auth_client, user):
    content = (EXAMPLES / "retail-five-stages.ko.json").read_bytes()
    response = upload(auth_client, "retail.json", content)
    journey = Journey.objects.get(owner=user)
    assert response.status_code == 302
    assert response["Location"] == f"/journeys/{journey.pk}/"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", b'{"format": "journey-map",', "not valid JSON"),
        (
            "v2.json",
            b'{"format": "journey-map", "version": 2, "title": "t", "stages": []}',
            "version: must be 1, got 2",
        ),
        (
            "big.json",
            b"{" + b" " * (6 * 1024 * 1024) + b"}",
            "big.json is 6.0 MB; the limit is 5 MB",
        ),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
    ],
)
def test_http_bad_imports_show_the_problem_and_change_nothing(auth_client, name, content, message):
    before = row_counts()
    response = upload(auth_client, name, content)
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert message in response.content.decode()
    assert row_counts() == before


def test_http_dangling_reference_is_shown_by_path(auth_client):
    doc = valid_doc()
    doc["touchpoints"][3]["stage"] = "s9"
    before = row_counts()
    response = upload(auth_client, "bad.json", json.dumps(doc).encode())
    assert response.status_code == 400
    assert "touchpoints[3].stage: unknown key &quot;s9&quot;" in response.content.decode()
    assert row_counts() == before


def test_http_import_without_a_file(auth_client):
    response = auth_client.post("/journeys/import/")
    assert response.status_code == 400
    assert "Choose a JSON file" in response.content.decode()


def test_http_export_json_and_csv(auth_client, user):
    journey = import_document(valid_doc(), user)
    response = auth_client.get(f"/journeys/{journey.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["title"] == "온라인 쇼핑몰 고객 여정 (현재)"

    response = auth_client.get(f"/journeys/{journey.pk}/export.csv")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 with a BOM
    text = response.content.decode("utf-8-sig")
    rows = text.splitlines()
    assert rows[0].startswith("type,stage,lane,text,persona,channel,sentiment,emotion")
    assert len(rows) == 1 + 5 + 13  # header, touchpoints, cards
    assert (
        "touchpoint,구매,접점,모바일 결제,김지은,app,negative,-2,,,매출 증대,결제 완료율 61 / 80 %"
        in text
    )


def test_exports_are_only_for_the_owner(client, other_user, user):
    journey = import_document(valid_doc(), user)
    client.force_login(other_user)
    for suffix in ("export.json", "export.csv"):
        assert client.get(f"/journeys/{journey.pk}/{suffix}").status_code == 404
        assert client.get(f"/journeys/999999/{suffix}").status_code == 404
    assert client.post(f"/journeys/{journey.pk}/duplicate/").status_code == 404
    assert client.post(f"/journeys/{journey.pk}/delete/").status_code == 404
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("votes", "cards[0].votes: 2147483648 is greater than the maximum of 1000000"),
        ("emotion", "touchpoints[0].emotion: 2147483648 is greater than the maximum of 3"),
        ("version", "version: must be 1, got 2147483648"),
    ],
)
def test_http_import_of_integers_a_database_column_cannot_hold_is_refused(
    auth_client, where, message
):
    """2**31 does not fit PostgreSQL's integer columns: the schema's bounds refuse it first."""
    doc = valid_doc()
    target = {"votes": doc["cards"][0], "emotion": doc["touchpoints"][0], "version": doc}[where]
    target[where] = 2**31
    before = row_counts()
    response = upload(auth_client, "huge.json", json.dumps(doc).encode())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert row_counts() == before
