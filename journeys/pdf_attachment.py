"""The map inside its PDF: a whole-map PDF carries the map's interchange JSON as an embedded
file, so a PDF sent round by e-mail can come back into the app (the import form and
`import_journey map.pdf` read it through journeys/validation.py, load_document).

The attachment is the JSON export byte for byte (journeys/interchange.py, dumps). A PDF of part
of a map (a stage range, one persona) carries nothing: the part is not the map, and the
file must not hold what the part leaves out.
"""

import io

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from weasyprint import Attachment

ATTACHMENT_NAME = "journey-map.json"


def map_attachment(data, changed):
    """The WeasyPrint attachment holding the map's interchange JSON (`data`, its bytes),
    dated by the map's last change, so the same map makes the same PDF."""
    return Attachment(
        created=changed,
        modified=changed,
        file_obj=io.BytesIO(data),
        name=ATTACHMENT_NAME,
        description="Journey map (interchange JSON)",
        # PDF/A-3 names why a file is attached: this is the source the pages were made from.
        relationship="Source",
    )


class NotAPdf(ValueError):
    """Bytes that start like a PDF but cannot be read as one."""


def is_pdf(raw):
    return raw[:5] == b"%PDF-"


def embedded_map(raw):
    """The interchange JSON embedded in PDF bytes, or None if the PDF carries no map."""
    try:
        files = PdfReader(io.BytesIO(raw)).attachments
        found = files.get(ATTACHMENT_NAME)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise NotAPdf(str(error)) from None
    return found[0] if found else None
