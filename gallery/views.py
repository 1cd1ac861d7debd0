"""The template gallery: "New map" (a blank map, the shipped templates with filters, the
current workspace's team templates), a page per template, and saving, renaming and deleting
team templates.

Every map made here is made by journeys/interchange.py's `import_document`, which records the
change, from a document: a blank one, a shipped file's or a team template's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from journeys.access import journey_for
from journeys.catalog import templates
from journeys.interchange import import_document
from workspaces.current import current_workspace_for
from workspaces.models import NEEDS

from . import previews, services
from .access import template_for, templates_of
from .forms import GalleryFilter, RenameTemplateForm, SaveAsTemplateForm
from .models import KEY_PREFIX


def _card(template, url):
    return {"template": template, "url": url, "thumbnail": previews.thumbnail(template)}


def _interface_language_first(cards):
    """The examples in catalog order, each example's version in the interface's language
    before its other languages."""
    language = get_language().split("-")[0]
    first_seen = {}
    for n, card in enumerate(cards):
        first_seen.setdefault(card["template"].example, n)
    return sorted(
        cards, key=lambda c: (first_seen[c["template"].example], c["template"].lang != language)
    )


def _gallery(request, workspace, status=200):
    """The new-map page, with `workspace`'s team templates; to htmx (the filters changed), its
    results alone."""
    shipped = list(templates().values())
    filters = GalleryFilter(request.GET, shipped)
    shown = [
        _card(t, reverse("gallery:preview", args=[t.slug])) for t in shipped if filters.matches(t)
    ]
    context = {
        "filters": filters,
        "count": len(shown),
        "examples": _interface_language_first([c for c in shown if c["template"].example]),
        "frameworks": [card for card in shown if not card["template"].example],
        "workspace": workspace,
        "team": [_card(t, t.get_absolute_url()) for t in templates_of(workspace)],
    }
    name = "gallery/new.html"
    if request.htmx and not request.htmx.history_restore_request:
        name += "#results"
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _refused(request, workspace, message):
    messages.error(request, message)
    return _gallery(request, workspace, status=400)


def _blank_document(request):
    return {
        "format": "journey-map",
        "version": 1,
        "title": _("Untitled journey map"),
        # A blank map is written in the language of the page it was made on.
        "locale": (request.POST.get("locale") or get_language() or "en")[:35],
        "stages": [{"id": "s1", "name": _("Stage 1")}],
        "lanes": [{"id": "l1", "kind": "actions", "title": _("Actions")}],
    }


@login_required
def new_map(request):
    """GET: the gallery. POST: a new map from the template the form names (`template`: "blank",
    a shipped template's slug, or "team-<id>" of a workspace the user may view), titled as typed
    or as the template is, in the current workspace (which the user's role must allow editing)."""
    workspace = current_workspace_for(request, "edit")
    if request.method != "POST":
        return _gallery(request, workspace)
    title = request.POST.get("title", "").strip()
    key = request.POST.get("template", "blank")
    if len(title) > 200:
        return _refused(request, workspace, _("The title is longer than 200 characters."))
    if any("\x00" in value for value in request.POST.values()):
        return _refused(
            request, workspace, _("The form holds a NUL character, which cannot be stored.")
        )
    if key == "blank":
        doc = _blank_document(request)
    elif key.startswith(KEY_PREFIX) and key.removeprefix(KEY_PREFIX).isdigit():
        template = template_for(request, int(key.removeprefix(KEY_PREFIX)))
        doc, title = template.document, title or template.name
    elif key in templates():
        doc = templates()[key].doc
    else:
        return _refused(request, workspace, _("There is no such template."))
    journey = import_document(doc, request.user, title=title or None, workspace=workspace)
    return redirect(journey)


def _template_page(request, template, team=False, rename_form=None, status=200):
    if team and rename_form is None:
        rename_form = RenameTemplateForm(initial={"name": template.name})
    context = {
        "template": template,
        "team": team,
        "preview": previews.large_preview(template),
        "frame": previews.read_frame(template.doc),
        "rename_form": rename_form,
        "can_edit": team and template.role.allows(NEEDS["edit"]),
    }
    return render(request, "gallery/template.html", context, status=status)


@login_required
@require_GET
def preview(request, slug):
    """A shipped template's page: its preview, stages, personas, and "Use this"."""
    template = templates().get(slug)
    if template is None:
        raise Http404
    return _template_page(request, template)


@login_required
@require_GET
def team_template(request, pk):
    """A team template's page: the same, who saved it, and (for editors) renaming and deleting
    it."""
    return _template_page(request, template_for(request, pk), team=True)


@login_required
@require_POST
def team_template_rename(request, pk):
    template = template_for(request, pk, "edit")
    form = RenameTemplateForm(request.POST)
    if not form.is_valid():
        return _template_page(request, template, team=True, rename_form=form, status=400)
    services.rename_template(template, form.cleaned_data["name"])
    messages.success(request, _("Renamed the template to “%(name)s”.") % {"name": template.name})
    return redirect(template)


@login_required
@require_POST
def team_template_delete(request, pk):
    template = template_for(request, pk, "edit")
    services.delete_template(template)
    messages.success(request, _("Deleted the template “%(name)s”.") % {"name": template.name})
    return redirect("gallery:new")


@login_required
def save_as_template(request, pk):
    """Save a map as a template of its workspace, with its content or its structure only (for
    those who may edit the map: a template is something the team starts its maps from)."""
    journey = journey_for(request, pk, "edit")
    form = SaveAsTemplateForm(request.POST or None, initial={"name": journey.title})
    if request.method == "POST" and form.is_valid():
        template = services.save_as_template(
            journey,
            request.user,
            form.cleaned_data["name"],
            with_content=form.cleaned_data["content"] == "all",
        )
        messages.success(request, _("Saved “%(name)s” as a template.") % {"name": template.name})
        return redirect(template)
    status = 400 if form.errors else 200
    return render(request, "gallery/save.html", {"journey": journey, "form": form}, status=status)
