"""The PDF carries its map (journeys/pdf_attachment.py): the interchange JSON embedded byte for
byte, a PDF/A-3 option for archives, and importing the PDF (form and command) recreates the
map; a PDF without a map is refused with a clear message and changes nothing."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from journeys.interchange import dumps, export_document, import_document
from journeys.models import Journey
from journeys.pdf import render_pdf
from journeys.pdf_attachment import ATTACHMENT_NAME
from tests.test_interchange import row_counts, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(user):
    from journeys.catalog import DEMO_MAP

    return import_document(json.loads(DEMO_MAP.read_text(encoding="utf-8")), user)


def attached(pdf):
    return PdfReader(io.BytesIO(pdf)).attachments[ATTACHMENT_NAME][0]


def test_the_attachment_is_the_json_export_byte_for_byte(auth_client, demo):
    pdf = auth_client.get(reverse("journeys:export_pdf", args=[demo.pk])).content
    json_export = auth_client.get(reverse("journeys:export_json", args=[demo.pk])).content
    assert attached(pdf) == json_export == dumps(export_document(demo)).encode()


def test_export_pdf_import_export_gives_the_same_json(auth_client, user, demo):
    original = dumps(export_document(demo))
    pdf = render_pdf(demo)
    response = upload(auth_client, "map.pdf", pdf)
    assert response.status_code == 302
    imported = Journey.objects.exclude(pk=demo.pk).get()
    assert dumps(export_document(imported)) == original


def test_import_journey_command_reads_a_pdf(user, demo, tmp_path):
    path = tmp_path / "map.pdf"
    path.write_bytes(render_pdf(demo, paper="a4", archive=True))
    out = io.StringIO()
    call_command("import_journey", str(path), owner=user.username, stdout=out)
    imported = Journey.objects.get(pk=int(out.getvalue().split()[0]))
    assert dumps(export_document(imported)) == dumps(export_document(demo))


def test_a_pdf_without_a_map_is_refused_with_the_message(auth_client, user, demo, tmp_path):
    before = row_counts()
    plain = HTML(string="<p>Minutes of the workshop</p>").write_pdf()
    response = upload(auth_client, "minutes.pdf", plain)
    assert response.status_code == 400
    assert "This PDF carries no journey map" in response.content.decode()
    # A part of a map carries nothing either: the part is not the map.
    part = render_pdf(demo, stage_range=(1, 2))
    assert ATTACHMENT_NAME not in PdfReader(io.BytesIO(part)).attachments
    response = upload(auth_client, "part.pdf", part)
    assert "This PDF carries no journey map" in response.content.decode()
    path = tmp_path / "minutes.pdf"
    path.write_bytes(plain)
    with pytest.raises(CommandError, match="This PDF carries no journey map"):
        call_command("import_journey", str(path), owner=user.username, stdout=io.StringIO())
    assert row_counts() == before


def test_a_broken_pdf_is_refused_with_the_message(auth_client):
    response = upload(auth_client, "broken.pdf", b"%PDF-1.7\nnot really")
    assert response.status_code == 400
    assert "not a readable PDF" in response.content.decode()


def test_the_archive_option_makes_a_pdf_a_3b_that_still_carries_the_map(auth_client, demo):
    response = auth_client.get(
        reverse("journeys:export_pdf", args=[demo.pk]), {"archive": "1", "paper": "a4"}
    )
    assert response.status_code == 200
    assert (
        "-a4.pdf" in response["Content-Disposition"]
        and "archive" in response["Content-Disposition"]
    )
    reader = PdfReader(io.BytesIO(response.content))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in xmp
    assert attached(response.content) == dumps(export_document(demo)).encode()
    # Cached apart from the plain PDF.
    plain = auth_client.get(reverse("journeys:export_pdf", args=[demo.pk]), {"paper": "a4"})
    assert plain["X-PDF-Cache"] == "miss"


def test_the_import_form_takes_a_pdf(auth_client):
    page = auth_client.get(reverse("journeys:list")).content.decode()
    assert 'accept=".json,application/json,.pdf,application/pdf"' in page
