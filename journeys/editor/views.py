"""The editor page, its grid and curve fragments, and the map's own details."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import changes, services
from ..access import journey_for
from ..forms import JourneyForm
from ..links import persona_filter
from ..mapdata import load_curve
from ..versioning import conflict_context
from . import responses
from .responses import actor, fragment, grid_context, saved


@login_required
@require_GET
def detail(request, pk):
    journey = journey_for(request, pk, "view")
    since = changes.last_change_id(journey.pk)  # before the map: see its docstring
    context = {**grid_context(request, journey), "last_change_id": since}
    return render(request, "journeys/editor.html", context)


@login_required
@require_GET
def grid(request, pk):
    journey = journey_for(request, pk, "view")
    return render(request, "journeys/editor/_grid.html", grid_context(request, journey))


@login_required
@require_GET
def curve(request, pk):
    """The emotion curve alone: stages, personas and the touchpoints' emotions, nothing else."""
    journey = journey_for(request, pk, "view")
    persona_id = persona_filter(request)
    stages, points, personas = load_curve(journey, persona_id)
    ctx = responses.curve_context(stages, points, personas, persona_id)
    return render(
        request, "journeys/editor/_curve.html", responses.context(request, journey, **ctx)
    )


@login_required
@require_GET
def map_show(request, pk):
    journey = journey_for(request, pk, "view")
    return fragment(request, journey, "journeys/editor/_map.html", {})


@login_required
def map_edit(request, pk):
    """The map's own title, description, kind and language."""
    journey = journey_for(request, pk, "edit")
    return versioned_edit(request, journey, journey, JourneyForm, "map")


def versioned_edit(request, journey, obj, form_class, name, form_kwargs=None, on_saved=None):
    """GET: the inline form. POST: save if valid (else 422) and current (else 409, showing the
    stored values and keeping the typed ones for copying). After a save, `on_saved(obj,
    change)` may prepare the object for display or answer instead (else it returns None)."""
    # Ids unique on the page, however many inline forms are open.
    form_kwargs = {**(form_kwargs or {}), "auto_id": f"{name}-{obj.pk}-%s"}
    form_template = f"journeys/editor/_{name}_form.html"
    if request.method == "GET":
        form = form_class(instance=obj, **form_kwargs)
        return fragment(request, journey, form_template, {"form": form, name: obj})
    form = form_class(request.POST, instance=obj, **form_kwargs)
    if not form.is_valid():
        return fragment(request, journey, form_template, {"form": form, name: obj}, status=422)
    try:
        change = services.update(
            obj, form.cleaned_data["version"], form._meta.fields, actor(request)
        )
    except services.Stale:
        current = type(obj).objects.filter(pk=obj.pk).first()
        if current is None:
            raise Http404(_("Someone else deleted it.")) from None
        ctx = {
            "form": form_class(instance=current, **form_kwargs),
            name: current,
            **conflict_context(name, form_class, request.POST, current, form._meta.fields),
        }
        return fragment(request, journey, form_template, ctx, status=409)
    answer = on_saved(obj, change) if on_saved else None
    return answer or saved(request, journey, f"journeys/editor/_{name}.html", {name: obj}, change)
