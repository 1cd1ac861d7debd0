"""The PDF's overview page (journeys/pdf_overview.py): the whole journey on one page after the
cover, whatever the size of the map."""

import re

import pytest

from journeys.models import Card, Lane
from journeys.pdf import render_pdf
from journeys.sample_maps import build_large_map, build_map
from tests.test_pdf import pages_text, squash
from touchpoints.models import Touchpoint

pytestmark = pytest.mark.django_db


def overview_page(pages):
    [page] = [p for p in pages if "The journey at a glance" in p]
    return page


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_the_overview_holds_every_stage_of_the_large_map_and_the_curve_on_one_page(
    paper, user, tmp_path
):
    journey = build_large_map(user)
    pages = pages_text(render_pdf(journey, paper=paper), tmp_path)
    # Right after the cover.
    assert "The journey at a glance" in pages[1]
    page = overview_page(pages)
    for n in range(1, 13):
        assert re.search(rf"^Stage {n}$", page, re.M), f"Stage {n} missing"
    # The curve: its scale and the lines' legend; counts by sentiment; the lowest moment.
    assert "+3" in page and "−3" in page
    assert all(f"Persona {n}" in page for n in range(1, 5))
    assert squash("Top pain points") in squash(page)
    assert squash("Top opportunities") in squash(page)
    assert "Lowest moment" in page and "Touchpoint 1" in page


def test_top_notes_are_the_most_voted_and_the_lowest_moment_is_its_stages(user, tmp_path):
    journey = build_map(user, stages=3, lanes=8, items=0)
    pains = journey.lanes.get(kind=Lane.Kind.PAIN_POINTS)
    stage = journey.stages.all()[1]
    for n, votes in enumerate([0, 5, 1, 9]):
        Card.objects.create(
            journey=journey, stage=stage, lane=pains, position=n, text=f"Pain {n}", votes=votes
        )
    touchpoints = journey.lanes.get(kind=Lane.Kind.TOUCHPOINTS)
    for n, emotion in enumerate([1, -2, 2]):
        Touchpoint.objects.create(
            journey=journey,
            stage=journey.stages.all()[n],
            lane=touchpoints,
            title=f"Moment {n}",
            emotion=emotion,
            sentiment="negative" if emotion < 0 else "positive",
        )
    page = overview_page(pages_text(render_pdf(journey), tmp_path))
    ordered = re.findall(r"Pain \d", page)
    assert ordered == ["Pain 3", "Pain 1", "Pain 2"]  # three, most votes first
    # Marked in its stage's column (and named under the curve).
    assert squash("−2 Moment 1") in squash(page)
    assert squash("Lowest moment: Moment 1 (Stage 2, −2)") in squash(page)


def test_a_korean_map_has_a_korean_overview(example_paths, user, tmp_path):
    import json

    from journeys.interchange import import_document

    path = next(p for p in example_paths if ".ko." in p.name)
    journey = import_document(json.loads(path.read_text(encoding="utf-8")), user)
    pages = pages_text(render_pdf(journey), tmp_path)
    assert squash("한눈에 보는 여정") in squash(pages[1])
