"""The history of a map: its timeline, named versions (save, restore), undo and redo from the
editor, compare, and duplicate as future state. Every view starts from the map's access
helper (journeys/access.py), so nobody reaches a map that is not theirs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event
from weasyprint import HTML

from journeys.access import can, journey_for, journeys_of
from journeys.editor.responses import actor, grid_response
from journeys.interchange import export_document
from journeys.models import Change, Lane, Stage
from journeys.pdf import PDF_ORIGIN, StaticFilesOnlyFetcher, font_family, keep_words, pdf_language
from journeys.pdf_export import busy, render_slots

from . import services
from .compare import ADDED, CHANGED, MOVED, REMOVED, compare, grid_of, summary
from .forms import HistoryFilter, VersionForm
from .models import Version
from .timeline import timeline

PER_PAGE = 50
MARK_LABELS = {
    ADDED: gettext_lazy("added"),
    REMOVED: gettext_lazy("removed"),
    MOVED: gettext_lazy("moved"),
    CHANGED: gettext_lazy("changed"),
}


@login_required
@require_GET
def history_page(request, pk):
    journey = journey_for(request, pk)
    stages = list(Stage.objects.filter(journey=journey).values_list("pk", "name"))
    lanes = list(Lane.objects.filter(journey=journey).values_list("pk", "title"))
    people = list(
        Change.objects.filter(journey=journey)
        .exclude(actor="")
        .order_by("actor")
        .values_list("actor", flat=True)
        .distinct()
    )
    filters = HistoryFilter(request.GET, stages=stages, lanes=lanes, people=people)
    changes = Change.objects.filter(journey=journey).order_by("-pk")
    if filters.is_valid():
        data = filters.cleaned_data
        changes = changes.filter(
            **{
                name: data[field]
                for name, field in (("actor", "person"), ("stage_id", "stage"), ("lane_id", "lane"))
                if data[field]
            }
        )
    page = Paginator(changes, PER_PAGE).get_page(request.GET.get("page"))
    versions = Version.objects.filter(journey=journey).select_related("author")
    if page.object_list:
        newest, oldest = page.object_list[0].pk, page.object_list[len(page.object_list) - 1].pk
        in_page = versions.filter(change_id__gte=oldest)
        if page.has_previous():
            in_page = in_page.filter(change_id__lt=newest)
        marked = list(in_page.defer("document"))
    else:
        marked = []
    context = {
        "journey": journey,
        "filters": filters,
        "page": page,
        "timeline": timeline(page.object_list, marked),
        "versions": list(versions.defer("document")[:20]),
        "version_form": VersionForm(),
        "query": _query_without_page(request),
        "read_only": not can(journey, "edit"),
    }
    template = "history/page.html#timeline" if request.htmx else "history/page.html"
    return render(request, template, context)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_POST
def version_save(request, pk):
    journey = journey_for(request, pk, "edit")
    form = VersionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("name", []) + form.errors.get("note", []):
            messages.error(request, error)
        return redirect("history:page", journey.pk)
    version = services.save_version(
        journey, form.cleaned_data["name"], form.cleaned_data["note"], request.user
    )
    text = _("Saved the version “%(name)s”.") % {"name": version.name}
    if request.htmx:
        return _status(text, 200)
    messages.success(request, text)
    if request.POST.get("next") == "editor":
        return redirect(journey)
    return redirect("history:page", journey.pk)


@login_required
@require_POST
def version_restore(request, pk, version):
    journey = journey_for(request, pk, "edit")
    version = get_object_or_404(Version, journey=journey, pk=version)
    services.restore(version, actor(request))
    messages.success(
        request,
        _("Restored “%(name)s”. Undo in the editor puts back what was there.")
        % {"name": version.name},
    )
    return redirect(journey)


def _status(text, status):
    """A line for the editor's status area (#editor-status), whatever the request targeted."""
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    return reswap(retarget(response, "#editor-status"), "innerHTML")


def _step(request, pk, step):
    journey = journey_for(request, pk, "edit")
    try:
        change = step(journey, actor(request))
    except services.Refused as refusal:
        if request.htmx:
            return _status(str(refusal), 409)
        messages.error(request, str(refusal))
        return redirect(journey)
    if not request.htmx:
        return redirect(journey)
    # The grid, and a line for the status area (static/js/editor.js shows it).
    done = _("Undone.") if step is services.undo else _("Redone.")
    response = grid_response(request, journey, change)
    return trigger_client_event(response, "history-step", {"message": done})


@login_required
@require_POST
def undo(request, pk):
    return _step(request, pk, services.undo)


@login_required
@require_POST
def redo(request, pk):
    return _step(request, pk, services.redo)


@login_required
@require_POST
def duplicate_future(request, pk):
    journey = journey_for(request, pk, "edit")
    future = services.duplicate_as_future_state(journey, request.user)
    messages.success(
        request,
        _("Made “%(title)s”, a future-state map of “%(as_is)s”.")
        % {"title": future.title, "as_is": journey.title},
    )
    return redirect(future)


# --- compare ---------------------------------------------------------------------------------


def _side(request, journey, raw):
    """(label, document) of a compare side: "now" (the map as it is), "v<id>" (a named
    version of it) or "m<id>" (another map of the user, as it is). Http404 otherwise."""
    if raw == "now":
        return _("%(title)s, now") % {"title": journey.title}, export_document(journey)
    if raw[:1] == "v" and raw[1:].isdigit():
        version = get_object_or_404(Version, journey=journey, pk=int(raw[1:]))
        return version.name, version.doc()
    if raw[:1] == "m" and raw[1:].isdigit():
        other = get_object_or_404(journeys_of(request.user), pk=int(raw[1:]))
        return _("%(title)s, now") % {"title": other.title}, export_document(other)
    raise Http404


def _comparison(request, journey, default_a):
    """What the compare page and its PDF show: the two sides' labels and grids (each item's
    HTML made once, history/compare.py) and the summary."""
    a_key, b_key = request.GET.get("a", default_a), request.GET.get("b", "now")
    (a_label, a_doc), (b_label, b_doc) = (
        _side(request, journey, a_key),
        _side(request, journey, b_key),
    )
    result = compare(a_doc, b_doc)
    a_grid, b_grid = grid_of(a_doc, result.marks_a), grid_of(b_doc, result.marks_b)
    labels = {m: escape(label) for m, label in MARK_LABELS.items()}
    for grid in (a_grid, b_grid):
        for row in grid["rows"]:
            row[2][:] = [cell.html(labels) for cell in row[2]]
    return {
        "journey": journey,
        "a_key": a_key,
        "b_key": b_key,
        "a_label": a_label,
        "b_label": b_label,
        "a_grid": a_grid,
        "b_grid": b_grid,
        "facts": summary(result),
        "items": len(a_doc.get("cards", []))
        + len(b_doc.get("cards", []))
        + len(a_doc.get("touchpoints", []))
        + len(b_doc.get("touchpoints", [])),
    }


def _default_a(journey, versions):
    """Compare first what people ask first: a to-be map with its as-is map, else the newest
    named version with now."""
    if journey.as_is_id:
        return f"m{journey.as_is_id}"
    return f"v{versions[0].pk}" if versions else "now"


@login_required
@require_GET
def compare_page(request, pk):
    journey = journey_for(request, pk)
    versions = list(Version.objects.filter(journey=journey).defer("document")[:50])
    others = list(journeys_of(request.user).exclude(pk=journey.pk).only("pk", "title", "kind"))
    context = _comparison(request, journey, _default_a(journey, versions))
    for v in versions:
        v.key = f"v{v.pk}"
    for m in others:
        m.key = f"m{m.pk}"
    context.update(
        versions=versions,
        others=others,
        sides=[("a", context["a_key"]), ("b", context["b_key"])],
    )
    return render(request, "history/compare.html", context)


@login_required
@require_GET
def compare_pdf(request, pk):
    """The same comparison as an A3 PDF: summary, then the before and after grids. Rendered
    in one of the process's PDF slots (journeys/pdf_export.py), like the map's own PDF."""
    journey = journey_for(request, pk)
    newest = Version.objects.filter(journey=journey).defer("document")[:1]
    context = _comparison(request, journey, _default_a(journey, list(newest)))
    if context["items"] > settings.PDF_MAX_UNITS:
        text = _("These maps are too large for one PDF; compare them on the screen.")
        return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
    context.update(
        lang=pdf_language(journey),
        stylesheet=PDF_ORIGIN + static("css/history-pdf.css"),
        font_family=font_family(journey.locale),
        grids=[(context["a_label"], context["a_grid"]), (context["b_label"], context["b_grid"])],
    )
    slots = render_slots()
    if not slots.acquire(timeout=settings.PDF_RENDER_WAIT_SECONDS):
        return busy(request, journey)
    try:
        html = keep_words(render_to_string("history/compare_pdf.html", context, request))
        pdf = HTML(string=html, base_url=PDF_ORIGIN + "/", url_fetcher=StaticFilesOnlyFetcher())
        pdf = pdf.write_pdf()
    finally:
        slots.release()
    response = HttpResponse(pdf, content_type="application/pdf")
    stem = slugify(journey.title, allow_unicode=True) or f"journey-{journey.pk}"
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}-compare.pdf")
    return response
