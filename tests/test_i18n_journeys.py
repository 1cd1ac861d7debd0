"""The journeys app in Korean and English: pages follow the browser's language (English by
default), form errors, import problems and edit conflicts are Korean for a Korean reader, and
the PDF's fixed labels follow the map's language with Korean words kept whole on paper."""

import json
import os
import re
import subprocess
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import translation

from journeys import pdf, vocabulary
from journeys.catalog import DEMO_MAP
from journeys.interchange import import_document
from journeys.models import Journey, Stage
from journeys.pdf import keep_words, pdf_language, render_html, render_pdf
from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db

KO = {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9,en;q=0.5"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def korean_demo(user):
    return import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)


def page_text(response):
    return response.content.decode()


# --- pages ------------------------------------------------------------------------------------

# (url name, whether it takes the map, what a Korean reader sees, what an English reader sees)
PAGES = [
    ("journeys:list", False, ["내 여정 지도", "지도 가져오기", "새 지도"], ["Your journey maps"]),
    (
        "gallery:new",
        False,
        ["새 여정 지도", "빈 지도로 시작", "고객 결정 여정 (4단계)", "5A 모델", "팀 템플릿"],
        ["New journey map", "Start with a blank map", "Consumer decision journey (4 stages)"],
    ),
    (
        "journeys:detail",
        True,
        ["단계 추가", "레인 추가", "내보내기", "발표", "범례", "목표 추가", "지도 정보 편집"],
        ["Add stage", "Add lane", "Export", "Present", "Legend", "Add goal", "Edit map details"],
    ),
    ("journeys:goals", True, ["목표", "목표 추가"], ["Goals", "Add goal"]),
    ("journeys:goal_add", True, ["새 목표", "적용 대상", "목표 저장"], ["New goal", "Applies to"]),
    ("journeys:present", True, ["발표 화면", "지도 전체"], ["Projector", "Whole map"]),
]


@pytest.mark.parametrize(("name", "of_map", "korean", "english"), PAGES)
def test_pages_speak_korean_to_a_korean_browser_and_english_by_default(
    auth_client, user, name, of_map, korean, english
):
    journey = build_map(user, stages=3, items=6)
    url = reverse(name, args=[journey.pk] if of_map else [])
    ko = page_text(auth_client.get(url, **KO))
    missing = [text for text in korean if text not in ko]
    assert not missing, missing
    assert not [text for text in english if text in ko]
    en = page_text(auth_client.get(url))
    missing = [text for text in english if text not in en]
    assert not missing, missing
    assert not [text for text in korean if text in en]


def test_the_maps_language_is_named_not_coded(auth_client, user):
    journey = korean_demo(user)
    for url in (journey.get_absolute_url(), reverse("journeys:list")):
        assert "· 한국어" in page_text(auth_client.get(url, **KO))
        english = page_text(auth_client.get(url))
        assert "· Korean" in english and "· ko" not in english


def test_the_editor_shows_lane_kinds_phases_and_channels_in_korean(auth_client, user):
    journey = korean_demo(user)
    html = page_text(auth_client.get(journey.get_absolute_url(), **KO))
    for label in ["행동", "감정 곡선", "구매 전", "감정 경향", "레인 편집:", "끌어서 순서 변경"]:
        assert label in html, label
    assert "Actions" not in html and "Drag to reorder" not in html
    with translation.override("ko"):
        assert vocabulary.channel("web") == ("website", "웹사이트")
        assert vocabulary.channel("고객센터 방문") == ("other", "고객센터 방문")  # as typed
    with translation.override("en"):
        assert vocabulary.channel("web") == ("website", "Website")


def test_the_new_map_page_keeps_the_templates_stages_as_written(auth_client):
    """The template's name is our label (Korean or English with the page); its stages are
    the template's content, in the template's own language."""
    en = page_text(auth_client.get(reverse("gallery:new")))
    assert "Digital customer journey (DCJ)" in en and '<p class="t-stages" lang="ko">' in en
    assert '<span class="tag tag-lang">Korean</span>' in en and "인식" in en
    ko = page_text(auth_client.get(reverse("gallery:new"), **KO))
    assert "디지털 고객 여정 (DCJ)" in ko and "Aware" in ko
    assert '<span class="tag tag-lang">영어</span>' in ko


def test_a_blank_map_made_on_a_korean_page_is_a_korean_map(auth_client, user):
    response = auth_client.post(reverse("gallery:new"), {"template": "blank"}, **KO)
    journey = Journey.objects.get(owner=user)
    assert response.status_code == 302
    assert (journey.title, journey.locale) == ("제목 없는 여정 지도", "ko")
    assert list(journey.stages.values_list("name", flat=True)) == ["단계 1"]
    assert list(journey.lanes.values_list("title", flat=True)) == ["행동"]
    auth_client.post(reverse("gallery:new"), {"template": "blank", "title": "Plain"})
    assert Journey.objects.get(title="Plain").locale == "en"


def test_messages_after_duplicate_and_delete_are_korean(auth_client, user):
    journey = build_map(user, stages=1, items=0, title="여정")
    url = reverse("journeys:duplicate", args=[journey.pk])
    response = auth_client.post(url, follow=True, **KO)
    assert "“여정” 지도를 복제했습니다." in page_text(response)
    assert Journey.objects.filter(title="여정 (사본)").exists()


# --- form errors, conflicts, import problems -------------------------------------------------


def test_form_errors_are_korean(auth_client, user):
    journey = build_map(user, stages=1, items=0)
    stage_add = auth_client.post(
        reverse("journeys:stage_add", args=[journey.pk]), {"name": ""}, **HTMX, **KO
    )
    assert stage_add.status_code == 422
    assert "단계 이름을 입력하세요." in page_text(stage_add)
    goal_add = auth_client.post(
        reverse("journeys:goal_add", args=[journey.pk]),
        {"kind": "business", "text": "", "scope": "nowhere", "target": "1e99"},
        **HTMX,
        **KO,
    )
    html = page_text(goal_add)
    assert goal_add.status_code == 422
    assert "목표를 입력하세요." in html
    assert "지도 전체, 단계 하나 또는 접점 하나를 고르세요." in html
    assert "Write the goal." not in html
    assert journey.goals.count() == 0


def test_an_edit_conflict_is_explained_in_korean(auth_client, user):
    journey = build_map(user, stages=1, items=0)
    stage = journey.stages.get()
    Stage.objects.filter(pk=stage.pk).update(name="먼저 저장된 이름", version=stage.version + 1)
    response = auth_client.post(
        reverse("journeys:stage_edit", args=[journey.pk, stage.pk]),
        {"name": "내 이름", "phase": "", "description": "", "version": stage.version},
        **HTMX,
        **KO,
    )
    html = page_text(response)
    assert response.status_code == 409
    assert "편집하는 동안 다른 사람이 이 단계 내용을 먼저 수정했습니다." in html
    assert "저장하지 못한 변경 사항" in html and "이름" in html and "내 이름" in html
    assert Stage.objects.get(pk=stage.pk).name == "먼저 저장된 이름"


def test_import_problems_are_korean_with_the_documents_paths_as_written(auth_client, user):
    doc = json.loads(DEMO_MAP.read_text(encoding="utf-8"))
    doc["touchpoints"][3]["stage"] = "s9"
    doc["stages"][0]["name"] = ""
    doc["touchpoints"][1]["emotion"] = 5
    upload = ("map.json", json.dumps(doc).encode(), "application/json")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = auth_client.post(
        reverse("journeys:import"), {"file": SimpleUploadedFile(*upload)}, **KO
    )
    html = page_text(response)
    assert response.status_code == 400
    assert "아무것도 가져오지 않았습니다." in html
    assert "stages[0].name: 비어 있으면 안 됩니다" in html
    assert "touchpoints[1].emotion: 최댓값 3보다 큽니다: 5" in html
    not_json = SimpleUploadedFile("map.json", b'{"title": ', "application/json")
    response = auth_client.post(reverse("journeys:import"), {"file": not_json}, **KO)
    assert "올바른 JSON 파일이 아닙니다(1번째 줄" in page_text(response)
    assert not Journey.objects.exists()
    # A dangling reference is found once the schema is satisfied.
    doc["stages"][0]["name"] = "인지"
    doc["touchpoints"][1]["emotion"] = 2
    response = auth_client.post(
        reverse("journeys:import"),
        {"file": SimpleUploadedFile("map.json", json.dumps(doc).encode())},
        **KO,
    )
    assert 'touchpoints[3].stage: 없는 키입니다: "s9"' in page_text(response).replace("&quot;", '"')
    assert not Journey.objects.exists()


# --- the PDF's language ------------------------------------------------------------------------


def test_the_pdf_language_is_the_maps(user):
    journey = build_map(user, stages=2, items=0, title="고객 여정")
    for locale, language in [("ko", "ko"), ("ko-KR", "ko"), ("en-GB", "en"), ("ja", "en")]:
        journey.locale = locale
        assert pdf_language(journey) == language, locale
    # No locale: Korean when most of the title, stage and lane letters are Hangul.
    journey.locale = ""
    assert pdf_language(journey) == "en"  # "Stage 1", "Lane 1": mostly Latin letters
    journey.stages.update(name="인지 단계")
    journey.lanes.update(title="고객 행동")
    assert pdf_language(journey) == "ko"


def test_a_korean_maps_pdf_has_korean_labels_whoever_downloads_it(auth_client, user, tmp_path):
    journey = korean_demo(user)
    response = auth_client.get(reverse("journeys:export_pdf", args=[journey.pk]))  # English
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    for label in ["고객 여정 지도", "소유자", "범례", "접점 흐름", "여정 지도", "레인", "쪽"]:
        assert label in text, label
    for label in ["customer journey map", "legend", "touchpoint flow", "owner"]:
        assert label not in text.lower(), label
    # Channels people typed as known words print as the map's words (the demo's "website").
    assert "웹사이트" in text and "website" not in text
    # An English map downloaded from a Korean browser prints English labels.
    english = build_map(user, stages=2, items=4, title="Renewal")
    response = auth_client.get(reverse("journeys:export_pdf", args=[english.pk]), **KO)
    text = pdf_text(response.content, tmp_path)
    assert "customer journey map" in text.lower() and "legend" in text.lower()  # in capitals
    assert "page 1 of" in text
    assert "고객 여정 지도" not in text


# --- Korean words whole on paper ---------------------------------------------------------------

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")


def pdf_text(pdf_bytes, tmp_path, layout=False):
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf_bytes)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def split_words(journey, paper, tmp_path):
    """Korean runs of letters in the PDF's text layer that the page's text does not hold: a
    word broken across two lines prints as two runs that are not words of the page (a table
    header repeated on the next page prints a run again, so runs are compared, not counted)."""
    html = render_html(journey, paper).replace(pdf.WORD_JOINER, "")
    written = set(HANGUL_RUN.findall(re.sub(r"<[^>]*>", " ", html)))
    text = pdf_text(render_pdf(journey, paper), tmp_path, layout=True)
    # The page footer repeats the map's title ("<title> · 1 / 3쪽"): it is not the page's text.
    text = re.sub(r".*· \d+ / \d+쪽.*", "", text)
    return Counter(run for run in HANGUL_RUN.findall(text) if run not in written)


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_no_korean_word_is_split_across_lines(user, tmp_path, paper):
    journey = korean_demo(user)
    assert split_words(journey, paper, tmp_path) == {}


def test_without_word_joiners_the_check_finds_split_words(user, tmp_path, monkeypatch):
    """The check above can fail: WeasyPrint alone breaks Korean between syllables."""
    journey = korean_demo(user)
    monkeypatch.setattr(pdf, "keep_words", lambda html: html)
    assert split_words(journey, "a4", tmp_path)


def test_keep_words_joins_korean_letters_only_in_the_bodys_text():
    wj = pdf.WORD_JOINER
    html = (
        "<html><head><title>고객 여정</title></head><body class='x'>"
        "<p title='행동'>결제 단계가 많다 (고려) CTR은 &amp; 1.8%</p>"
        "<svg><text>긍정</text></svg></body></html>"
    )
    out = keep_words(html)
    assert "<title>고객 여정</title>" in out  # the document's metadata is left alone
    assert f"<p title='행동'>결{wj}제 단{wj}계{wj}가 많{wj}다 ({wj}고{wj}려{wj})" in out
    assert f"CTR{wj}은 &amp; 1.8%" in out
    assert "<svg><text>긍정</text></svg>" in out
    assert out.replace(wj, "") == html


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_korean_editor_and_projector_in_chromium(open_page, live_server, user, user_session):
    """A Korean browser (locale ko-KR) gets the editor in Korean; adding a stage with the
    keyboard names its controls in Korean; the projector speaks Korean too. Screenshots are kept in
    BROWSER_FAILURES only when the test fails; set I18N_SCREENSHOTS to keep them always."""
    from playwright.sync_api import expect

    from tests.browser import goto, settled

    journey = korean_demo(user)
    page = open_page(session=user_session, url=live_server.url, locale="ko-KR")
    goto(page, f"{live_server.url}{journey.get_absolute_url()}")
    expect(page.get_by_role("link", name="단계 추가")).to_be_visible()
    expect(page.get_by_role("navigation", name="지도 작업")).to_contain_text("내보내기")
    page.get_by_role("link", name="단계 추가").click()
    settled(page)
    page.get_by_label("새 단계 이름").fill("재구매")
    page.get_by_label("새 단계 이름").press("Enter")
    expect(page.get_by_role("link", name="단계 편집: 재구매")).to_be_visible()
    expect(page.get_by_role("button", name="단계 삭제: 재구매")).to_be_attached()
    shots = os.environ.get("I18N_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/editor-ko.png", full_page=False)
    goto(page, f"{live_server.url}{reverse('journeys:present', args=[journey.pk])}")
    expect(page.get_by_role("button", name="지도 전체 (Esc 또는 0)")).to_be_visible()
    if shots:
        page.screenshot(path=f"{shots}/present-ko.png", full_page=False)


def test_the_projector_speaks_the_viewers_language_about_a_map_in_its_own(auth_client, user):
    journey = korean_demo(user)
    html = auth_client.get(reverse("journeys:present", args=[journey.pk])).content.decode()
    assert '<html lang="en">' in html  # the page's own words: the viewer's language
    assert '<main id="present-map" lang="ko"' in html  # the map's words: the map's language
    html = auth_client.get(reverse("journeys:present", args=[journey.pk]), **KO).content.decode()
    assert '<html lang="ko">' in html
