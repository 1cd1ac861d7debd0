"""A metric's history of dated measurements (spec/journey-map-format.md, `history`): imported
and exported with the map, recorded by hand or from a CSV file on the insights page, and drawn
there as a trend against the target."""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insights.trends import metric_trends
from journeys.interchange import dumps, export_document, import_document
from journeys.mapdata import load_map
from journeys.models import Change
from journeys.validation import InterchangeError, load_document
from touchpoints.models import Metric

pytestmark = pytest.mark.django_db


DOC = {
    "format": "journey-map",
    "version": 1,
    "title": "Measured map",
    "locale": "en",
    "stages": [{"id": "s1", "name": "Buy"}],
    "lanes": [{"id": "l1", "kind": "touchpoints", "title": "Touchpoints"}],
    "touchpoints": [
        {
            "id": "t1",
            "stage": "s1",
            "title": "Checkout",
            "metrics": [
                {
                    "name": "NPS",
                    "value": 45,
                    "target": 50,
                    "history": [
                        {"date": "2026-10-01", "value": 38},
                        {"date": "2026-09-01", "value": 35.5},
                    ],
                },
                {"name": "CSAT", "value": 4.1},
            ],
        }
    ],
}


@pytest.fixture
def measured(user):
    return import_document(copy.deepcopy(DOC), user)


def nps(journey):
    return Metric.objects.get(touchpoint__journey=journey, name="NPS")


def test_an_imported_history_is_kept_oldest_first_and_exported_again(measured):
    assert nps(measured).history == [
        {"date": "2026-09-01", "value": 35.5},
        {"date": "2026-10-01", "value": 38.0},
    ]
    exported = export_document(measured)
    metrics = exported["touchpoints"][0]["metrics"]
    assert metrics[0]["history"] == [
        {"date": "2026-09-01", "value": 35.5},
        {"date": "2026-10-01", "value": 38},
    ]
    assert "history" not in metrics[1]  # no empty history written


def test_a_history_round_trips_byte_identically(measured, user):
    first = dumps(export_document(measured))
    again = import_document(load_document(first.encode()), user)
    assert dumps(export_document(again)) == first


def test_a_history_date_that_is_no_day_is_refused_by_path(user):
    doc = copy.deepcopy(DOC)
    doc["touchpoints"][0]["metrics"][0]["history"][0]["date"] = "2026-02-30"
    with pytest.raises(InterchangeError) as refused:
        import_document(load_document(dumps(doc).encode()), user)
    assert refused.value.problems == [
        "touchpoints[0].metrics[0].history[0].date: 2026-02-30 is not a day of the calendar"
    ]


def test_the_trend_draws_the_history_the_current_value_and_the_target(measured):
    data = load_map(measured)
    (trend,) = metric_trends(data, "/m/", "2026-12-07")  # CSAT has no history: no trend
    measuredline, current, target = trend.figure["data"]
    assert (measuredline["x"], measuredline["y"]) == (["2026-09-01", "2026-10-01"], [35.5, 38.0])
    assert (current["x"], current["y"]) == (["2026-12-07"], [45.0])
    assert (target["x"], target["y"]) == (["2026-09-01", "2026-12-07"], [50.0, 50.0])
    assert trend.rows == [["2026-09-01", "35.5"], ["2026-10-01", "38"]]
    assert trend.title == "NPS · Checkout"


def add_url(journey):
    return reverse("insights:reading_add", args=[journey.pk])


def test_a_measurement_recorded_by_hand_joins_the_history_in_date_order(auth_client, measured):
    metric = nps(measured)
    response = auth_client.post(
        add_url(measured), {"metric": metric.pk, "date": "2026-09-15", "value": "36"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#insight-trend-{metric.pk}")
    assert [r["date"] for r in nps(measured).history] == ["2026-09-01", "2026-09-15", "2026-10-01"]
    assert Change.objects.filter(journey=measured, action="metric.measured").count() == 1
    page = auth_client.get(response["Location"].split("#")[0])
    assert b"Recorded 1 measurement of NPS." in page.content
    assert f'id="chart-trend-{metric.pk}"'.encode() in page.content


def test_a_measurement_of_a_date_already_there_replaces_it(auth_client, measured):
    metric = nps(measured)
    auth_client.post(add_url(measured), {"metric": metric.pk, "date": "2026-10-01", "value": "40"})
    assert nps(measured).history[-1] == {"date": "2026-10-01", "value": 40.0}
    assert len(nps(measured).history) == 2


def test_a_csv_file_of_measurements_is_recorded(auth_client, measured):
    metric = nps(measured)
    upload = SimpleUploadedFile(
        "nps.csv", b"date,value\n2026-11-01,41\n\n2026-12-01,42\n", "text/csv"
    )
    upload_semicolons = SimpleUploadedFile("nps.csv", b"2026-11-01;41\n2026-12-01;42\n")
    upload_tabs = SimpleUploadedFile("nps.tsv", b"2026-11-01\t41\n2026-12-01\t42\n")
    for file in (upload, upload_semicolons, upload_tabs):
        response = auth_client.post(add_url(measured), {"metric": metric.pk, "csv_file": file})
        assert response.status_code == 302, response.context["form"].errors
    assert nps(measured).history[-2:] == [
        {"date": "2026-11-01", "value": 41.0},
        {"date": "2026-12-01", "value": 42.0},
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "2026-11-01"}, "Give a date and a value, or choose a CSV file."),
        ({"date": "2026-11-01", "value": "1e300"}, "Figures run from"),
        ({"date": "2026-11-01", "value": "nan"}, "Enter a number."),
        ({"date": "2026-13-01", "value": "3"}, "Enter a valid date."),
        (
            {"csv": b"2026-11-01,41\n2026-02-30,3\n2026-12-01,x\n"},
            "Line 2: 2026-02-30 is not a date",
        ),
        ({"csv": b"2026-12-01,x\n"}, "Line 1: give a figure after the date."),
        ({"csv": b"\xff\xfe"}, "The file is not UTF-8 text."),
        ({"csv": b"date,value\n"}, "The file holds no measurement."),
    ],
)
def test_bad_measurements_are_refused_with_a_message_and_nothing_saved(
    auth_client, measured, fields, message
):
    metric = nps(measured)
    before = metric.history
    data = {"metric": metric.pk, **fields}
    if "csv" in data:
        data["csv_file"] = SimpleUploadedFile("m.csv", data.pop("csv"))
    response = auth_client.post(add_url(measured), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nps(measured).history == before
    assert not Change.objects.filter(journey=measured, action="metric.measured").exists()


def test_a_metric_of_another_map_is_not_a_choice(auth_client, measured, other_user):
    foreign = import_document(copy.deepcopy(DOC), other_user)
    data = {"metric": nps(foreign).pk, "date": "2026-11-01", "value": "1"}
    response = auth_client.post(add_url(measured), data)
    assert response.status_code == 400
    assert len(nps(foreign).history) == 2
    assert auth_client.post(add_url(foreign), data).status_code == 404


def test_a_reading_can_be_removed(auth_client, measured):
    metric = nps(measured)
    url = reverse("insights:reading_remove", args=[measured.pk, metric.pk])
    assert auth_client.post(url, {"date": "2026-09-01"}).status_code == 302
    assert nps(measured).history == [{"date": "2026-10-01", "value": 38.0}]
