"""Shared setup of the editor's view tests: a small map and helpers to read it back."""

import pytest

from journeys.models import Card
from journeys.sample_maps import build_map

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def journey(user):
    return build_map(user, stages=3, lanes=4, items=12, personas=2, title="Guitar purchase")


def url(journey, rest=""):
    return f"/journeys/{journey.pk}/{rest}"


def stage_names(journey):
    return list(journey.stages.values_list("name", flat=True))


def cell_texts(stage, lane):
    return list(Card.objects.filter(stage=stage, lane=lane).values_list("text", flat=True))
