"""The gallery on "New map": it lists the frameworks, the worked examples and the user's own
templates, filters them (a plain GET form; htmx gets the results alone), and "Use this" makes
an editable copy through the import path, recording the change."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from gallery import previews
from gallery.services import save_as_template
from journeys.models import Change, Journey
from journeys.sample_maps import build_map

from .conftest import FIXTURE_EXAMPLES

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
KO = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}


def use_buttons(response):
    """The templates offered, as the "Use this" buttons post them."""
    return re.findall(r'name="template" value="([^"]+)"', response.content.decode())


def test_the_gallery_lists_the_frameworks_and_the_examples(auth_client, fixture_examples):
    response = auth_client.get(reverse("gallery:new"))
    assert response.status_code == 200
    examples = [slug for slug, t in fixture_examples.items() if t.example]
    frameworks = [slug for slug, t in fixture_examples.items() if not t.example]
    assert use_buttons(response) == ["blank", *examples, *frameworks]
    page = response.content.decode()
    assert "Worked examples" in page and "Frameworks" in page
    assert "Online shopping: the first purchase" in page and "Retail" in page
    assert "8 templates" in page
    assert page.count('class="mini-grid"') == 8  # a thumbnail on each card
    assert page.count('class="emotion-curve"') == 8


@pytest.mark.parametrize(
    "query, expected",
    [
        (
            {"industry": "retail"},
            ["online-shopping-first-purchase.en", "online-shopping-first-purchase.ko"],
        ),
        (
            {"framework": "five-as"},
            [
                "online-shopping-first-purchase.en",
                "online-shopping-first-purchase.ko",
                "five-as.en",
            ],
        ),
        ({"framework": "dcj"}, ["dcj.ko"]),
        ({"lang": "en"}, ["online-shopping-first-purchase.en", "five-as.en"]),
        ({"industry": "retail", "lang": "ko"}, ["online-shopping-first-purchase.ko"]),
        ({"framework": "dcj", "lang": "en"}, []),
    ],
)
def test_filters_by_industry_framework_and_language(auth_client, fixture_examples, query, expected):
    response = auth_client.get(reverse("gallery:new"), query)
    assert use_buttons(response) == ["blank", *expected]
    if not expected:
        assert "No template matches these filters." in response.content.decode()


def test_htmx_gets_the_results_alone_with_the_count(auth_client, fixture_examples):
    response = auth_client.get(reverse("gallery:new"), {"lang": "en"}, **HX)
    page = response.content.decode()
    assert "<html" not in page and 'id="new-map"' not in page
    assert use_buttons(response) == ["online-shopping-first-purchase.en", "five-as.en"]
    assert re.search(r'id="gallery-count" hx-swap-oob="innerHTML">\s*2 templates', page)
    assert "HX-Request" in response["Vary"]
    # Going back in history asks for the whole page.
    restore = auth_client.get(
        reverse("gallery:new"), {"lang": "en"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX
    )
    assert 'id="new-map"' in restore.content.decode()


def test_an_unknown_filter_value_says_so_and_is_off(auth_client, fixture_examples):
    response = auth_client.get(reverse("gallery:new"), {"industry": "mining", "lang": "ko"})
    assert response.status_code == 200
    assert "There is no such choice, so this filter is off." in response.content.decode()
    assert "online-shopping-first-purchase.ko" in use_buttons(response)
    assert "online-shopping-first-purchase.en" not in use_buttons(response)


def test_the_gallery_speaks_korean(auth_client, fixture_examples):
    page = auth_client.get(reverse("gallery:new"), **KO).content.decode()
    assert "새 여정 지도" in page
    for words in ("온라인 쇼핑: 첫 구매", "리테일", "모든 산업", "영어", "사용하기"):
        assert words in page, words


def test_use_this_makes_an_editable_copy_and_records_it(auth_client, user, fixture_examples):
    response = auth_client.post(
        reverse("gallery:new"), {"template": "online-shopping-first-purchase.en", "title": ""}
    )
    journey = Journey.objects.get(owner=user)
    assert response["Location"] == journey.get_absolute_url()
    assert journey.title == "First guitar purchase (digital customer journey)"
    assert journey.cards.count() == 16 and journey.touchpoints.count() == 9
    assert Change.objects.filter(journey=journey, action="journey.imported").exists()
    titled = auth_client.post(reverse("gallery:new"), {"template": "dcj.ko", "title": "우리 앱"})
    assert Journey.objects.get(title="우리 앱").get_absolute_url() == titled["Location"]


def test_an_unknown_template_is_refused_and_makes_nothing(auth_client, user):
    for key in ("nope", "team-", "team-x", "../dcj.ko"):
        response = auth_client.post(reverse("gallery:new"), {"template": key})
        assert response.status_code == 400
        assert "There is no such template." in response.content.decode()
    assert not Journey.objects.exists()


def test_the_preview_page_shows_the_grid_stages_and_personas(auth_client, fixture_examples):
    url = reverse("gallery:preview", args=["online-shopping-first-purchase.en"])
    page = auth_client.get(url).content.decode()
    assert "Online shopping: the first purchase" in page
    assert "First guitar purchase (digital customer journey)" in page  # the document's title
    assert 'class="preview-grid" lang="en"' in page
    assert "Checkout is long; shipping appears at the end" in page  # a card
    assert "Minjun Lee" in page and "Returning player" in page  # personas
    assert "5 stages · 7 lanes · 9 touchpoints" in page
    assert 'value="online-shopping-first-purchase.en"' in page  # "Use this" on the page
    assert auth_client.get(reverse("gallery:preview", args=["nope.ko"])).status_code == 404


def test_previews_are_cached_by_the_files_content_hash(fixture_examples):
    cache.clear()
    template = fixture_examples["online-shopping-first-purchase.ko"]
    drawn = previews.thumbnail(template)
    key = previews.cache_key("thumbnail", template)
    assert template.digest in key
    assert cache.get(key) == str(drawn)
    cache.set(key, "<svg>cached</svg>")
    assert previews.thumbnail(template) == "<svg>cached</svg>"


def test_the_gallery_needs_a_login(client):
    response = client.get(reverse("gallery:new"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_query_count_does_not_grow_with_team_templates(
    auth_client, user, fixture_examples, django_assert_max_num_queries
):
    journey = build_map(user, stages=3, items=6)
    save_as_template(journey, user, "One")
    # The session, the user, their memberships (the current workspace), the workspace's
    # templates with who saved each; the previews come from the cache or the documents already
    # read.
    with django_assert_max_num_queries(4):
        auth_client.get(reverse("gallery:new"))
    for n in range(12):
        save_as_template(journey, user, f"Template {n}", with_content=n % 2 == 0)
    with django_assert_max_num_queries(4):
        response = auth_client.get(reverse("gallery:new"))
    assert len([k for k in use_buttons(response) if k.startswith("team-")]) == 13


def test_a_file_that_fails_the_checks_is_not_in_the_gallery(auth_client, tmp_path, examples_in):
    good = FIXTURE_EXAMPLES / "online-shopping-first-purchase.ko.json"
    (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / "buying-a-car.ko.json").write_text('{"format": "journey-map", "version": 1}')
    examples_in(tmp_path)
    response = auth_client.get(reverse("gallery:new"))
    assert "online-shopping-first-purchase.ko" in use_buttons(response)
    assert "buying-a-car.ko" not in use_buttons(response)
    assert "Buying a car" not in response.content.decode()
    assert auth_client.get(reverse("gallery:preview", args=["buying-a-car.ko"])).status_code == 404
    refused = auth_client.post(reverse("gallery:new"), {"template": "buying-a-car.ko"})
    assert refused.status_code == 400
