"""The PDF export: every text of a map in the PDF, paper sizes, continuation pages, fonts,
metadata, the URL fetcher, and who may download it."""

import io
import json
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from journeys import vocabulary
from journeys.interchange import import_document
from journeys.models import Card, Change, Journey
from journeys.pdf import (
    PAPER_SIZES,
    PDF_ORIGIN,
    StaticFilesOnlyFetcher,
    font_family,
    last_changed,
    render_pdf,
)
from journeys.sample_maps import build_large_map, build_map

pytestmark = pytest.mark.django_db

# Landscape page sizes in PDF points (1/72 inch).
POINTS = {"a3": (1190.55, 841.89), "a4": (841.89, 595.28), "letter": (792.0, 612.0)}


def pages_text(pdf_bytes, tmp_path):
    """The text of each page, as poppler's pdftotext reads it (what a reader can select)."""
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return out.split("\f")[:-1]


def squash(text):
    """Without whitespace: a cell may wrap a text at any character, Korean included."""
    return re.sub(r"\s+", "", text)


def texts_of(doc):
    """Every stage, lane, card, touchpoint, persona and goal text of an interchange document;
    a channel as the PDF prints it, the map's word for it (journeys/vocabulary.py)."""
    texts = [doc["title"]]
    texts += [s["name"] for s in doc["stages"]]
    texts += [lane["title"] for lane in doc["lanes"]]
    texts += [c["text"] for c in doc["cards"]]
    with translation.override(doc.get("locale", "en").split("-")[0]):
        channels = [str(vocabulary.channel(tp.get("channel", ""))[1]) for tp in doc["touchpoints"]]
    for tp, channel in zip(doc["touchpoints"], channels, strict=True):
        texts += [tp["title"], channel, tp.get("goal", "")]
        texts += [m["name"] for m in tp.get("metrics", [])]
    for persona in doc["personas"]:
        texts += [persona["name"], persona.get("segment", ""), persona.get("quote", "")]
        for key in ("goals", "pain_points", "motivations"):
            texts += persona.get(key, [])
    texts += [g["text"] for g in doc["goals"]]
    texts += [g["metric"] for g in doc["goals"] if g.get("metric")]
    return [t for t in texts if t]


@pytest.mark.parametrize("index", [0, 1])
def test_every_text_of_the_example_maps_is_in_the_pdf(index, example_paths, user, tmp_path):
    doc = json.loads(example_paths[index].read_text(encoding="utf-8"))
    journey = import_document(doc, user)
    text = squash("".join(pages_text(render_pdf(journey), tmp_path)))
    missing = [t for t in texts_of(doc) if squash(t) not in text]
    assert not missing
    # The touchpoint flow lists each `next` link.
    assert "→" in text


def test_korean_example_keeps_its_korean_text(example_paths, user, tmp_path):
    path = next(p for p in example_paths if ".ko." in p.name)
    journey = import_document(json.loads(path.read_text(encoding="utf-8")), user)
    text = squash("".join(pages_text(render_pdf(journey), tmp_path)))
    assert squash("장바구니 포기: 결제 단계가 너무 많다") in text
    assert "\ufffd" not in text  # no replacement characters
    # Sentiment by symbol and word (not colour alone), emotion, metric against its target:
    # the labels in the map's language (Korean).
    assert squash("▲ 긍정 +1 소셜 미디어") in text
    assert squash("▼ 부정 −2 앱") in text
    assert squash("CTR 1.8% / 목표치 2.5%") in text
    assert squash("결제 완료율 61% / 목표치 80%") in text
    # The flow: a link back to an earlier stage names that stage.
    assert squash("모바일 결제 → 배송 추적 알림, 제품 비교 페이지 (고려)") in text


@pytest.mark.parametrize("paper", ["a3", "a4", "letter"])
def test_paper_size_is_landscape(paper, user):
    journey = build_map(user, stages=3, items=6)
    reader = PdfReader(io.BytesIO(render_pdf(journey, paper=paper)))
    width, height = POINTS[paper]
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1)


def test_default_paper_is_a3():
    assert list(PAPER_SIZES)[0] == "a3"


def test_unknown_paper_is_refused_by_the_renderer(user):
    journey = build_map(user, stages=1, items=2)
    with pytest.raises(ValueError, match="a3, a4, letter"):
        render_pdf(journey, paper="a5")


def test_wide_map_continues_on_more_pages_with_lane_titles_repeated(user, tmp_path):
    small = build_map(user, stages=5, lanes=8, items=40, title="Small map")
    large = build_large_map(user)
    small_pages = pages_text(render_pdf(small), tmp_path)
    large_pages = pages_text(render_pdf(large), tmp_path)
    assert len(large_pages) > len(small_pages)

    # 12 stages on A3 (up to 7 per page) make two grids of 6; the second repeats every lane title.
    assert any("Stages 7–12 of 12" in p for p in large_pages)
    # Grid pages carry the repeated grid header ("LANE" corner); the flow section is not grid.
    grid_pages = [
        p.split("Touchpoint flow")[0] for p in large_pages if re.search(r"^LANE$", p, re.M)
    ]
    second = [p for p in grid_pages if re.search(r"^Stage 7$", p, re.M)]
    assert second, "no continuation page for stages 7-12"
    second_text = "\n".join(second)
    assert "Stage 12" in second_text and not re.search(r"^Stage [1-6]$", second_text, re.M)
    for n in range(1, 9):
        assert re.search(rf"^Lane {n}$", second_text, re.M), f"Lane {n} not repeated"
    # The first grid shows stages 1-6 only.
    first = [p for p in grid_pages if re.search(r"^Stage 1$", p, re.M)]
    assert first and not re.search(r"^Stage 7$", "\n".join(first), re.M)


def test_a_lane_too_tall_for_a_page_repeats_its_title(user, tmp_path):
    # 25 touchpoints per stage in one lane: far more than a page holds.
    journey = build_map(user, stages=4, items=200)
    pages = pages_text(render_pdf(journey, paper="a4"), tmp_path)
    continued = [p for p in pages if "continued" in p.lower()]
    assert continued
    assert all(re.search(r"^Lane \d$", p, re.M) for p in continued)


def test_a_long_card_breaks_across_pages_without_losing_text(user, tmp_path):
    journey = build_map(user, stages=2, lanes=2, items=2)
    card = Card.objects.filter(journey=journey).first()
    card.text = " ".join(f"word{n:04d}" for n in range(330))  # ~3,000 characters
    card.save()
    for n in range(6):
        Card.objects.create(
            journey=journey, stage=card.stage, lane=card.lane, position=n + 1, text=card.text
        )
    text = squash("".join(pages_text(render_pdf(journey, paper="a4"), tmp_path)))
    assert text.count(squash(card.text)) == 7


def test_a_map_without_stages_still_exports(user, tmp_path):
    journey = Journey.objects.create(owner=user, title="Blank canvas", locale="ko")
    text = "".join(pages_text(render_pdf(journey), tmp_path))
    assert "Blank canvas" in text
    assert "아직 단계가 없어" in text  # a Korean map: the PDF's labels are Korean


def test_fonts_are_embedded_and_text_is_selectable(example_paths, user, tmp_path):
    path = next(p for p in example_paths if ".ko." in p.name)
    journey = import_document(json.loads(path.read_text(encoding="utf-8")), user)
    reader = PdfReader(io.BytesIO(render_pdf(journey)))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                fonts[str(descriptor["/FontName"])] = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
    assert fonts and all(fonts.values()), fonts
    assert any("Noto-Sans-CJK-KR" in name for name in fonts)
    # The text can be read back: it is text, not outlines or an image.
    assert "온라인쇼핑몰고객여정" in squash(reader.pages[0].extract_text())


@pytest.mark.parametrize(
    ("locale", "first"),
    [
        ("ko", "Noto Sans CJK KR"),
        ("ko-KR", "Noto Sans CJK KR"),
        ("ja", "Noto Sans CJK JP"),
        ("zh-TW", "Noto Sans CJK TC"),
        ("en", "Noto Sans CJK KR"),
        ("", "Noto Sans CJK KR"),
    ],
)
def test_the_map_locale_picks_the_font_order(locale, first):
    families = [f.strip().strip('"') for f in font_family(locale).split(",")]
    assert families[0] == first
    assert families[-1] == "sans-serif"
    assert len(families) == len(set(families))


def test_pdf_metadata_title_author_and_creation_date(user):
    journey = build_map(user, stages=2, items=4, title="Checkout journey")
    Change.objects.create(journey=journey, action="card.saved", target="card:1")
    later = timezone.now() + timedelta(days=3)
    Change.objects.filter(journey=journey).update(at=later)
    reader = PdfReader(io.BytesIO(render_pdf(journey)))
    meta = reader.metadata
    assert meta.title == "Checkout journey"
    assert meta.author == "maria"
    # The creation date is the map's last change, so exporting again gives the same file.
    assert meta.creation_date.replace(microsecond=0) == later.replace(microsecond=0)
    assert last_changed(journey) == later


def test_last_changed_is_the_save_time_without_a_change_log(user):
    journey = build_map(user, stages=1, items=2)
    Change.objects.filter(journey=journey).delete()
    assert last_changed(journey) == journey.updated_at


def test_the_same_map_exported_twice_gives_the_same_pdf(user):
    journey = build_map(user, stages=4, items=20)
    assert render_pdf(journey) == render_pdf(journey)


def test_title_block_shows_kind_owner_and_last_changed(user, tmp_path):
    journey = build_map(user, stages=2, items=4, title="Renewal")
    Journey.objects.filter(pk=journey.pk).update(kind="future_state", description="Why we map")
    journey.refresh_from_db()
    first = pages_text(render_pdf(journey), tmp_path)[0]
    changed = timezone.localtime(last_changed(journey)).strftime("%Y-%m-%d %H:%M")
    for text in ("Renewal", "FUTURE STATE", "Why we map", "maria", changed):
        assert text in first
    assert timezone.localdate().isoformat() in first  # the export date


def test_footer_on_every_page_names_the_map_and_the_page(user, tmp_path):
    journey = build_map(user, stages=8, items=160, title="Large map")
    pages = pages_text(render_pdf(journey), tmp_path)
    assert len(pages) > 3
    for n, page in enumerate(pages, start=1):
        assert f"Large map · page {n} of {len(pages)}" in page


def test_map_text_that_looks_like_html_stays_text(user, tmp_path):
    journey = build_map(user, stages=1, lanes=1, items=2)
    Card.objects.filter(journey=journey).update(
        text='<img src="file:///etc/passwd"> <a href="http://example.com">x</a>'
    )
    text = "".join(pages_text(render_pdf(journey), tmp_path))
    assert '<img src="file:///etc/passwd">' in text


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/static/css/pdf.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        f"{PDF_ORIGIN}/static/../../../etc/passwd",
        f"{PDF_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{PDF_ORIGIN}/etc/passwd",
        f"{PDF_ORIGIN}/static/css/missing.css",
    ],
)
def test_url_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(ValueError, match="only the app's static files"):
        StaticFilesOnlyFetcher().fetch(url)


def test_url_fetcher_serves_the_pdf_stylesheet():
    response = StaticFilesOnlyFetcher().fetch(PDF_ORIGIN + static("css/pdf.css"))
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_production_static_files_are_served_from_the_collected_hashed_copies(
    user, tmp_path, settings
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    url = static("css/pdf.css")
    assert re.search(r"pdf\.[0-9a-f]{12}\.css$", url)
    response = StaticFilesOnlyFetcher().fetch(PDF_ORIGIN + url)
    assert b"@page" in response.read()
    journey = build_map(user, stages=2, items=4)
    # Styled: the footer comes from pdf.css's @page rules.
    assert "page 1 of" in pages_text(render_pdf(journey), tmp_path)[0]


def test_render_reads_the_map_in_a_fixed_number_of_queries(user, django_assert_max_num_queries):
    # The map's rows (9), its last change, its owner, and the research the attached JSON
    # carries (4): as many for 6 items as for 600.
    journey = build_large_map(user)
    with django_assert_max_num_queries(15):
        render_pdf(Journey.objects.get(pk=journey.pk), paper="a4")


# --- The download view ---------------------------------------------------------------------


def test_owner_downloads_the_pdf(auth_client, user):
    journey = build_map(user, stages=3, items=6, title="Checkout journey")
    response = auth_client.get(reverse("journeys:export_pdf", args=[journey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "checkout-journey-a3.pdf" in response["Content-Disposition"]
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(POINTS["a3"][0], abs=1)


def test_paper_a4_gives_a4(auth_client, user):
    journey = build_map(user, stages=3, items=6)
    response = auth_client.get(reverse("journeys:export_pdf", args=[journey.pk]), {"paper": "a4"})
    assert response.status_code == 200
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(POINTS["a4"][0], abs=1)
    assert float(page.mediabox.height) == pytest.approx(POINTS["a4"][1], abs=1)


def test_unknown_paper_is_a_400_with_a_clear_message(auth_client, user):
    journey = build_map(user, stages=1, items=2)
    response = auth_client.get(reverse("journeys:export_pdf", args=[journey.pk]), {"paper": "a5"})
    assert response.status_code == 400
    assert "Unknown paper size 'a5'" in response.content.decode()
    assert "a3, a4, letter" in response.content.decode()


def test_another_user_gets_404(client, other_user, user):
    journey = build_map(user, stages=1, items=2)
    client.force_login(other_user)
    response = client.get(reverse("journeys:export_pdf", args=[journey.pk]))
    assert response.status_code == 404
    # A bad paper size does not tell a stranger the map exists either.
    response = client.get(reverse("journeys:export_pdf", args=[journey.pk]), {"paper": "a5"})
    assert response.status_code == 404


def test_unknown_id_is_404(auth_client):
    response = auth_client.get(reverse("journeys:export_pdf", args=[999999]))
    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, user):
    journey = build_map(user, stages=1, items=2)
    response = client.get(reverse("journeys:export_pdf", args=[journey.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_korean_title_gives_a_korean_file_name(auth_client, user):
    journey = build_map(user, stages=1, items=2, title="고객 여정")
    response = auth_client.get(reverse("journeys:export_pdf", args=[journey.pk]))
    assert (
        "filename*=utf-8''%EA%B3%A0%EA%B0%9D-%EC%97%AC%EC%A0%95-a3.pdf"
        in (response["Content-Disposition"])
    )


# --- The command line ----------------------------------------------------------------------


def test_export_journey_command_writes_the_pdf(user, tmp_path):
    journey = build_map(user, stages=2, items=4, title="Command line map")
    out = tmp_path / "map.pdf"
    call_command(
        "export_journey",
        str(journey.pk),
        "--format",
        "pdf",
        "--output",
        str(out),
        "--paper",
        "a4",
        stderr=io.StringIO(),
    )
    reader = PdfReader(str(out))
    assert reader.metadata.title == "Command line map"
    assert float(reader.pages[0].mediabox.width) == pytest.approx(POINTS["a4"][0], abs=1)


def test_the_curve_fills_an_empty_emotions_lane_and_else_has_a_row_of_its_own(user, tmp_path):
    from journeys.catalog import DEMO_MAP
    from tests.conftest import EXAMPLES

    # English labels (the PDF's labels follow the map's locale), to tell the curve's label
    # from the demo's Korean lane title.
    demo = import_document(
        {**json.loads(DEMO_MAP.read_text(encoding="utf-8")), "locale": "en"}, user
    )
    text = squash(" ".join(pages_text(render_pdf(demo), tmp_path))).lower()  # labels are capitals
    # The demo map's emotions lane is marked as the curve, and no extra row is drawn.
    assert text.count("emotioncurve") == 1
    assert text.index("감정곡선") < text.index("emotioncurve") < text.index("접점")

    retail_path = EXAMPLES / "retail-five-stages.ko.json"
    retail = import_document(
        {**json.loads(retail_path.read_text(encoding="utf-8")), "locale": "en"}, user
    )
    text = squash(" ".join(pages_text(render_pdf(retail), tmp_path))).lower()
    assert text.count("emotioncurve") == 2  # no emotions lane: a row titled "Emotion curve"
