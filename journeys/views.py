from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from workspaces.current import current_membership, current_workspace_for
from workspaces.models import Role

from . import vocabulary
from .access import journey_for
from .csv_export import export_csv
from .interchange import dumps, duplicate_journey, export_document, import_document
from .models import Journey
from .validation import InterchangeError, check_size, load_document


def _list_page(request, import_problems=None, status=200):
    membership = current_membership(request)
    journeys = Journey.objects.filter(workspace=membership.workspace).select_related("owner")
    context = {
        "journeys": journeys,
        "can_edit": membership.role.allows(Role.EDITOR),
        "import_problems": import_problems or [],
        "max_import_mb": settings.MAX_IMPORT_BYTES // 1024 // 1024,
    }
    return render(request, "journeys/list.html", context, status=status)


@login_required
def journey_list(request):
    return _list_page(request)


@login_required
@require_POST
def journey_import(request):
    workspace = current_workspace_for(request, "edit")
    upload = request.FILES.get("file")
    if upload is None:
        return _list_page(request, [_("Choose a JSON file to import.")], status=400)
    try:
        check_size(upload.size, name=upload.name)
        document = load_document(upload.read())
        journey = import_document(document, request.user, workspace=workspace)
    except InterchangeError as exc:
        return _list_page(request, exc.problems, status=400)
    messages.success(request, _("Imported “%(title)s”.") % {"title": journey.title})
    return redirect(journey)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_json(request, pk):
    journey = journey_for(request, pk, "view")
    return _download(
        dumps(export_document(journey)).encode("utf-8"),
        "application/json; charset=utf-8",
        f"journey-{journey.pk}.json",
    )


@login_required
def export_csv_view(request, pk):
    journey = journey_for(request, pk, "view")
    return _download(export_csv(journey), "text/csv; charset=utf-8", f"journey-{journey.pk}.csv")


@login_required
@require_POST
def journey_duplicate(request, pk):
    journey = journey_for(request, pk, "edit")
    title = (_("%(title)s (copy)") % {"title": journey.title})[:200]
    copy = duplicate_journey(journey, request.user, title=title)
    messages.success(request, _("Made a copy of “%(title)s”.") % {"title": journey.title})
    return redirect(copy)


@login_required
@require_POST
def journey_delete(request, pk):
    journey = journey_for(request, pk, "manage")
    title = journey.title
    journey.delete()
    messages.success(request, _("Deleted “%(title)s”.") % {"title": title})
    return redirect("journeys:list")


@require_GET
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
def persona_colours_css(request):
    """The persona colours as a stylesheet, written from the one table (journeys/vocabulary.py).
    A file, not a <style> in each page: the CSP allows no inline style. Its URL carries a hash
    of the content (vocabulary_tags.persona_colours_style), so it can be cached for good."""
    return HttpResponse(vocabulary.persona_colours_css(), content_type="text/css; charset=utf-8")
