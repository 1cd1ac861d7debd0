"""The PDF's optional insights page (insights/paper.py): the insights charts drawn as vector SVG
by Kaleido in the system Chromium, in the PDF's fonts, and how the export asks for it."""

import base64
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from insights import static_export
from insights.paper import colour_at, print_figure, vector_heatmap
from journeys.interchange import import_document
from journeys.pdf import SVG_DATA, StaticFilesOnlyFetcher, render_pdf
from journeys.sample_maps import build_map
from tests.test_pdf import pages_text, squash

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    """A cache of this test's own: a chart drawn by an earlier run is not found."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


@pytest.fixture
def korean_map(example_paths, user):
    path = next(p for p in example_paths if ".ko." in p.name)
    doc = json.loads(path.read_text(encoding="utf-8"))
    return import_document(doc, user), doc


def insights_pages(pages):
    start = next(i for i, text in enumerate(pages) if "인사이트" in text)
    return pages[start:]


def test_the_insights_page_prints_the_charts_text_korean_included(korean_map, tmp_path):
    journey, doc = korean_map
    without = pages_text(render_pdf(journey), tmp_path)
    pdf = render_pdf(journey, insights=True)
    pages = pages_text(pdf, tmp_path)
    assert len(pages) > len(without)
    text = squash(" ".join(insights_pages(pages)))
    # The chart titles, in the map's language, and the charts' own text: axes, legends, labels.
    for title in ["단계별감정", "단계별감정경향", "단계별채널", "목표치대비지표와목표", "접점흐름"]:
        assert title in text
    for stage in doc["stages"]:
        assert squash(stage["name"]) in text
    for persona in doc["personas"]:
        assert squash(persona["name"]) in text
    metrics = {m["name"] for tp in doc["touchpoints"] for m in tp.get("metrics", [])}
    assert metrics and all(squash(name) in text for name in metrics)
    assert "평균감정점수" in text  # the emotion chart's axis title


def test_the_charts_are_vectors_in_the_pdfs_own_fonts(korean_map, tmp_path):
    journey, _doc = korean_map
    path = tmp_path / "insights.pdf"
    path.write_bytes(render_pdf(journey, insights=True))
    # No raster image anywhere: plotly.js's heatmap image is drawn as rectangles instead.
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    assert len(images.stdout.strip().splitlines()) == 2, images.stdout  # the table's head only
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    names = [line.split()[0] for line in fonts.strip().splitlines()[2:]]
    assert names and all("Noto-Sans-CJK" in name for name in names), names


def test_the_insights_page_renders(korean_map, tmp_path):
    journey, _doc = korean_map
    path = tmp_path / "insights.pdf"
    path.write_bytes(render_pdf(journey, insights=True))
    pages = len(PdfReader(path).pages)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", str(pages - 1), "-l", str(pages - 1), str(path),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    (png,) = tmp_path.glob("page-*.png")
    image = Image.open(png).convert("RGB")
    colours = {rgb for _count, rgb in image.getcolors(maxcolors=1 << 24)}

    # The bars and cells in the map's sentiment colours: negative red and positive green.
    def near(rgb):
        return any(sum(abs(a - b) for a, b in zip(c, rgb, strict=True)) < 40 for c in colours)

    assert near((0xB9, 0x1C, 0x1C)) and near((0x15, 0x80, 0x3D))


def test_a_map_without_data_prints_the_page_saying_so(user, tmp_path):
    journey = build_map(user, stages=2, lanes=2, items=0, personas=0, title="Empty")
    text = " ".join(pages_text(render_pdf(journey, insights=True), tmp_path))
    assert text.count("Nothing to chart yet") == 6


def test_the_charts_are_drawn_once_per_content(korean_map, tmp_path):
    journey, _doc = korean_map
    render_pdf(journey, insights=True)
    calls = []
    draw = static_export.renderer.draw
    static_export.renderer.draw = lambda specs: calls.append(specs) or draw(specs)
    try:
        render_pdf(journey, paper="a3", insights=True)  # the same charts: from the cache
        assert calls == []
        render_pdf(journey, paper="a4", insights=True)  # one chart a row: drawn wider
        assert len(calls) == 1
    finally:
        static_export.renderer.draw = draw


def test_heatmap_cells_become_rectangles_coloured_on_the_emotion_scale():
    trace = {
        "type": "heatmap",
        "x": [0, 1],
        "z": [[-3, None], [0, 3]],
        "text": [["2", ""], ["1", "4"]],
        "zmin": -3,
        "zmax": 3,
        "colorscale": [[0, "#b91c1c"], [0.5, "#f3f4f6"], [1, "#15803d"]],
    }
    cells, shapes = vector_heatmap(trace)
    assert [s["fillcolor"] for s in shapes] == ["#b91c1c", "#f3f4f6", "#15803d"]
    assert (cells["x"], cells["y"], cells["text"]) == ([0, 0, 1], [0, 1, 1], ["2", "1", "4"])
    assert cells["textfont"]["color"] == ["#fff", "#1f2937", "#fff"]  # legible on dark cells
    assert colour_at([[0, "#000000"], [1, "#ffffff"]], 0.5) == "#808080"
    figure = print_figure({"data": [trace], "layout": {"xaxis": {}, "yaxis": {}}}, "X")
    assert figure["layout"]["font"]["family"] == "X"
    assert figure["data"][0]["type"] == "scatter" and len(figure["layout"]["shapes"]) == 3


def test_the_export_asks_for_insights_and_caches_them_apart(auth_client, user, tmp_path):
    journey = build_map(user, stages=3, lanes=3, items=12, personas=1)
    url = reverse("journeys:export_pdf", args=[journey.pk])
    plain = auth_client.get(url)
    charts = auth_client.get(url, {"insights": "1"})
    assert plain["X-PDF-Cache"] == charts["X-PDF-Cache"] == "miss"
    assert "-insights" in charts["Content-Disposition"]
    assert "Touchpoint flow" in " ".join(pages_text(charts.content, tmp_path))
    assert auth_client.get(url, {"insights": "1"})["X-PDF-Cache"] == "hit"
    assert len(PdfReader(io.BytesIO(charts.content)).pages) > len(
        PdfReader(io.BytesIO(plain.content)).pages
    )


def test_the_export_menu_offers_the_insights_page(auth_client, user):
    journey = build_map(user, stages=2, items=4)
    page = auth_client.get(reverse("journeys:detail", args=[journey.pk])).content.decode()
    assert 'name="insights" value="1"' in page
    assert "?insights=1" in page


def test_export_journey_insights_on_the_command_line(korean_map, tmp_path):
    journey, _doc = korean_map
    out = tmp_path / "map.pdf"
    call_command(
        "export_journey", journey.pk, "--format", "pdf", "--insights", "--output", str(out)
    )
    assert "목표치대비지표와목표" in squash(" ".join(pages_text(out.read_bytes(), tmp_path)))


def test_a_browser_that_cannot_start_leaves_a_note_in_the_pdf(user, tmp_path, monkeypatch):
    journey = build_map(user, stages=2, lanes=2, items=6, personas=1)
    monkeypatch.setattr(static_export, "CHROMIUM", str(tmp_path / "no-such-browser"))
    static_export.renderer.stop()  # the kept browser would still draw
    try:
        text = " ".join(pages_text(render_pdf(journey, insights=True), tmp_path))
    finally:
        static_export.renderer.stop()
    assert "This chart could not be drawn" in text


def test_the_fetcher_serves_inline_svg_images_and_no_other_data_url():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'
    response = StaticFilesOnlyFetcher().fetch(SVG_DATA + base64.b64encode(svg).decode())
    assert (response.content_type, response.read()) == ("image/svg+xml", svg)
    for url in ["data:image/svg+xml,<svg/>", "data:image/png;base64,iVBORw0KGgo="]:
        with pytest.raises(ValueError, match="only the app's static files"):
            StaticFilesOnlyFetcher().fetch(url)
