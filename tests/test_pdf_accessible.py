"""The PDF is accessible: tagged (PDF/UA-1), in the map's language, its structure following
the document (cover, overview, grids lane by lane), the emotion curve with alternative text."""

import json
import subprocess

import pytest
from pypdf import PdfReader

from journeys.interchange import import_document
from journeys.pdf import render_pdf
from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db


def structure(reader):
    """[(tag, alternative text)] of the structure tree, in document order."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get"):
            if "/S" in node:
                found.append((str(node["/S"]), str(node.get("/Alt", ""))))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pdfinfo_reports_a_tagged_pdf(user, tmp_path):
    path = tmp_path / "map.pdf"
    path.write_bytes(render_pdf(build_map(user, stages=3, items=12)))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info


def test_language_structure_and_the_curves_alternative_text(example_paths, user, tmp_path):
    path = next(p for p in example_paths if ".ko." in p.name)
    journey = import_document(json.loads(path.read_text(encoding="utf-8")), user)
    reader = PdfReader(str(_write(tmp_path, render_pdf(journey))))
    assert reader.trailer["/Root"]["/Lang"] == "ko"
    tags = structure(reader)
    names = [tag for tag, _alt in tags]
    # The title first, then headings in the order of the pages; tables with header cells.
    assert names.index("/H1") < names.index("/H2")
    assert {"/Table", "/THead", "/TH", "/TD"} <= set(names)
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    assert figures and all(figures)  # every curve has its text
    assert all("가장 낮은 순간" in alt for alt in figures[:1])  # the lowest moment, in Korean


def test_an_english_map_is_english(user, tmp_path):
    reader = PdfReader(str(_write(tmp_path, render_pdf(build_map(user, stages=2, items=4)))))
    assert reader.trailer["/Root"]["/Lang"] == "en"


def _write(tmp_path, pdf):
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf)
    return path
