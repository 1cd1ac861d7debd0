"""The PDF download, bounded so that no one can exhaust the server with it.

Rendering a map (journeys/pdf.py) costs time and memory in proportion to what it prints: on a
2-core machine about 10 ms per card or touchpoint and 2 ms per grid cell (stage × lane), with
peak memory growing alongside (bench/pdf.py measures it). A map inside the import limits took
111 s and 2.25 GB. So the web export promises:

- A size limit (`PDF_MAX_UNITS`, in cards and touchpoints, five cells counting as one): a
  larger export is refused at once (413) with a page offering what fits instead, a stage
  range or one persona. The limit applies to what is exported, so a part of a huge map prints.
- At most `PDF_MAX_RENDERS` renders at once per process; a request that finds every slot
  taken waits `PDF_RENDER_WAIT_SECONDS`, then gets 503 with Retry-After: requests never pile up.
- A cache (Django's, settings.CACHES) keyed on the map's last change and the export's
  options: exporting an unchanged map again is instant, and any change makes a new key, so
  nothing is ever invalidated by hand.

The command line (export_journey) renders directly: an operator may print any size.
"""

import threading
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from personas.models import Persona
from touchpoints.models import Touchpoint

from .access import journey_for
from .changes import last_change_id
from .models import Card
from .pdf import PAPER_SIZES, pdf_language, render_pdf

# Grid cells cost about a fifth of a card or touchpoint each to lay out (measured).
CELLS_PER_UNIT = 5
# A cached PDF is kept a day at most: the export date it prints is in the key anyway.
CACHE_SECONDS = 24 * 60 * 60
# Bump when the PDF's look changes, so cached copies of the old look are not served.
CACHE_PREFIX = "pdf-v4"


class BadOption(ValueError):
    """An export option that cannot be met; the message says which and why."""


@dataclass(frozen=True)
class ExportOptions:
    paper: str = "a3"
    persona: Persona | None = None
    stage_range: tuple[int, int] | None = None  # first, last stage number (from 1)
    insights: bool = False  # the insights page (charts) after the map
    archive: bool = False  # PDF/A-3b (journeys/pdf.py render_pdf)

    @property
    def persona_id(self):
        return self.persona.pk if self.persona else None


def parse_options(journey, paper="", persona="", first="", last="", insights=False, archive=False):
    """The export options from their text (query string or command line), checked against
    the map; raises BadOption with a message a user can act on."""
    paper = (paper or "a3").strip().lower()
    if paper not in PAPER_SIZES:
        raise BadOption(
            _("Unknown paper size %(paper)r: choose one of %(choices)s.")
            % {"paper": paper[:20], "choices": ", ".join(PAPER_SIZES)}
        )
    chosen = None
    if persona:
        if not str(persona).isdigit():
            raise BadOption(_("Choose a persona of this map."))
        chosen = journey.personas.filter(pk=int(persona)).first()
        if chosen is None:
            raise BadOption(_("That persona is not on this map: choose one of its personas."))
    stage_range = None
    if first or last:
        count = journey.stages.count()
        try:
            start, end = int(first or 1), int(last or count)
        except ValueError:
            raise BadOption(_("Stages are chosen by number, from 1.")) from None
        if not 1 <= start <= end <= count:
            raise BadOption(
                _("Choose stages between 1 and %(count)d, the first not after the last.")
                % {"count": count}
            )
        if (start, end) != (1, count):
            stage_range = (start, end)
    return ExportOptions(
        paper=paper,
        persona=chosen,
        stage_range=stage_range,
        insights=bool(insights),
        archive=bool(archive),
    )


@dataclass(frozen=True)
class ExportSize:
    stages: int
    lanes: int
    items: int  # cards and touchpoints

    @property
    def cells(self):
        return self.stages * self.lanes

    @property
    def units(self):
        """The render cost in cards-and-touchpoints: what the size limit counts."""
        return self.items + self.cells // CELLS_PER_UNIT


def export_size(journey, options):
    """What the export would print, counted in four queries, without loading the map."""
    stage_ids = list(journey.stages.values_list("pk", flat=True))
    if options.stage_range:
        stage_ids = stage_ids[options.stage_range[0] - 1 : options.stage_range[1]]
    items = 0
    for model in (Card, Touchpoint):
        rows = model.objects.filter(journey=journey, stage_id__in=stage_ids)
        if options.persona:
            rows = rows.filter(Q(persona=options.persona) | Q(persona__isnull=True))
        items += rows.count()
    return ExportSize(stages=len(stage_ids), lanes=journey.lanes.count(), items=items)


@lru_cache
def _slots(size):
    return threading.BoundedSemaphore(size)


def render_slots():
    """The process's semaphore of PDF renders, sized by settings.PDF_MAX_RENDERS."""
    return _slots(settings.PDF_MAX_RENDERS)


def cache_key(journey, options):
    """Changes with every change to the map (journeys/changes.py bumps updated_at and adds a
    change id on each), with the options, the export date and the language printed."""
    parts = [
        CACHE_PREFIX,
        journey.pk,
        journey.version,
        journey.updated_at.isoformat(),
        last_change_id(journey.pk),
        options.paper,
        options.persona_id or "all",
        "-".join(map(str, options.stage_range or ())) or "all",
        "insights" if options.insights else "map",
        "archive" if options.archive else "ua",
        timezone.localdate().isoformat(),
        pdf_language(journey),
    ]
    return ":".join(map(str, parts))


def pdf_response(journey, options, pdf, cache_state):
    stem = slugify(journey.title, allow_unicode=True) or f"journey-{journey.pk}"
    if options.stage_range:
        stem += "-stages-{}-{}".format(*options.stage_range)
    if options.persona:
        stem += f"-{slugify(options.persona.name, allow_unicode=True) or options.persona.pk}"
    if options.insights:
        stem += "-insights"
    if options.archive:
        stem += "-archive"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{stem}-{options.paper}.pdf"
    )
    # "hit" or "miss": lets an operator (and the tests) see that a repeat was not re-rendered.
    response["X-PDF-Cache"] = cache_state
    return response


@require_GET
@login_required
def export_pdf(request, pk):
    return pdf_for(request, journey_for(request, pk, "view"))


def pdf_for(request, journey):
    """The map's PDF with the options of the query (also for share links, sharing/views.py)."""
    query = request.GET
    try:
        options = parse_options(
            journey,
            query.get("paper"),
            query.get("persona"),
            query.get("from"),
            query.get("to"),
            insights=query.get("insights") == "1",
            archive=query.get("archive") == "1",
        )
    except BadOption as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    size = export_size(journey, options)
    if size.units > settings.PDF_MAX_UNITS:
        return too_large(request, journey, options, size)
    key = cache_key(journey, options)
    pdf = cache.get(key)
    if pdf is not None:
        return pdf_response(journey, options, pdf, "hit")
    slots = render_slots()
    if not slots.acquire(timeout=settings.PDF_RENDER_WAIT_SECONDS):
        return busy(request, journey)
    try:
        # A request for the same PDF may have rendered it while this one waited.
        pdf = cache.get(key)
        if pdf is None:
            pdf = render_pdf(
                journey,
                paper=options.paper,
                persona_id=options.persona_id,
                stage_range=options.stage_range,
                insights=options.insights,
                archive=options.archive,
            )
            cache.set(key, pdf, CACHE_SECONDS)
    finally:
        slots.release()
    return pdf_response(journey, options, pdf, "miss")


def too_large(request, journey, options, size):
    """413: what the map holds, what one PDF holds, and what fits instead."""
    limit = settings.PDF_MAX_UNITS
    # About how many stages fit in one PDF, from the average stage of this export.
    per_stage = size.units / max(size.stages, 1)
    fitting = max(1, int(limit // per_stage)) if per_stage else size.stages
    first = options.stage_range[0] if options.stage_range else 1
    context = {
        "journey": journey,
        "options": options,
        "size": size,
        "limit": limit,
        "cells_per_unit": CELLS_PER_UNIT,
        "suggested_range": (first, first + fitting - 1),
        "stages": list(journey.stages.all()),
        "personas": [link.persona for link in journey.persona_links.select_related("persona")],
    }
    return render(request, "journeys/pdf_too_large.html", context, status=413)


def busy(request, journey):
    """503 with Retry-After: every render slot stayed taken while this request waited."""
    response = render(request, "journeys/pdf_busy.html", {"journey": journey}, status=503)
    response["Retry-After"] = str(settings.PDF_RETRY_AFTER_SECONDS)
    return response


# Included by journeys/urls.py under the map's prefix.
pdf_urlpatterns = [path("export.pdf", export_pdf, name="export_pdf")]
