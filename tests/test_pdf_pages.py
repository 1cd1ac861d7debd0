"""The detail pages are dense (journeys/pdf_pages.py): a lane that does not fit continues on
the next page, marked, with its title and the stage headers repeated, and no note is cut."""

import re
import subprocess

import pytest

from journeys.pdf import render_pdf
from journeys.sample_maps import build_large_map
from tests.test_pdf import pages_text, squash

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points


def page_fill(pdf_bytes, tmp_path):
    """Per page, how far down its text reaches, from 0 (top margin) to 1 (bottom margin),
    leaving out the footer, as poppler's pdftotext places each word."""
    path = tmp_path / "map.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True)
    fills = []
    for height, body in re.findall(
        r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out.stdout, re.S
    ):
        height = float(height)
        top, bottom = 12 * MM, height - 14 * MM  # pdf.css @page margins
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body) if float(y) < bottom]
        fills.append((max(ys, default=top) - top) / (bottom - top))
    return fills


@pytest.mark.parametrize("paper", ["a3", "a4"])
def test_no_detail_page_of_the_large_map_is_more_than_half_empty(paper, user, tmp_path):
    pdf = render_pdf(build_large_map(user), paper=paper)
    pages = pages_text(pdf, tmp_path)
    fills = page_fill(pdf, tmp_path)
    assert len(fills) == len(pages)
    # Detail pages: from the first grid to the touchpoint flow. A section starts with its
    # heading ("Journey map · Stages 1–6 of 12"); its last page may end where it ends.
    first = next(n for n, p in enumerate(pages) if "Stages 1–" in p)
    last = next(n for n, p in enumerate(pages) if "Touchpoint flow" in p)
    sections = []
    for n in range(first, last + 1):
        if re.search(r"^Journey map", pages[n], re.M):
            sections.append([])
        sections[-1].append(n)
    assert len(sections) > 1
    for section in sections:
        for n in section[:-1]:
            assert fills[n] >= 0.5, f"page {n + 1} is {fills[n]:.0%} full"
    # The large map's touchpoints lane (25 a stage) runs over pages: a continuation says so
    # under the repeated lane title, below the repeated stage headers.
    continued = [p for p in pages[first:last] if re.search(r"·\s+continued$", p, re.M | re.I)]
    assert len(continued) >= 4
    for page in continued:
        assert re.search(r"^Lane \d+$", page, re.M)
        assert re.search(r"^Stage (1|7|5|9)$", page, re.M)
    # Every touchpoint is printed once, whole.
    text = squash("".join(pages))
    for n in range(1, 301):
        assert f"Touchpoint{n}Persona" in text or f"Touchpoint{n}" in text
