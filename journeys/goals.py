"""Goals of a map, a stage or a touchpoint: the goals panel of the editor, edited in place.

A saved or deleted goal answers htmx with the whole panel (a goal may move between the map,
a stage and a touchpoint) plus the touchpoint cards whose goals changed, out of band. Plain
form posts get full pages and a redirect to the goals page.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from touchpoints.forms import FigureInput, choices_of, touchpoint_groups

from . import services
from .access import journey_for
from .htmx import map_changed, swapped_over
from .mapdata import load_map
from .models import Goal, Stage
from .versioning import VersionedForm, conflict_context, is_stale

GOAL_FIELDS = ["kind", "text", "stage", "touchpoint", "metric", "target", "current"]


class GoalForm(VersionedForm):
    scope = forms.ChoiceField(
        label=gettext_lazy("Applies to"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose the whole map, one of its stages or one of its touchpoints."
            )
        },
    )

    class Meta:
        model = Goal
        fields = ["kind", "text", "metric", "current", "target"]
        labels = {
            "kind": gettext_lazy("Kind"),
            "text": gettext_lazy("Goal"),
            "metric": gettext_lazy("Metric"),
            "current": gettext_lazy("Current value"),
            "target": gettext_lazy("Target value"),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "current": FigureInput,
            "target": FigureInput,
            "metric": forms.TextInput(
                attrs={"placeholder": gettext_lazy("e.g. NPS, conversion %")}
            ),
        }

    def __init__(self, *args, journey, **kwargs):
        # Ids unique on the page: a goal's edit form and the new-goal form may be open at once.
        instance = kwargs.get("instance")
        kwargs.setdefault("auto_id", f"goal{instance.pk}_%s" if instance else "goalnew_%s")
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write the goal.")
        self.fields["text"].widget.attrs["autofocus"] = True
        stages = Stage.objects.filter(journey=journey).values_list("pk", "name")
        self.scope_groups = [
            (None, [("map", _("The whole map"))]),
            (_("Stages"), [(f"stage:{pk}", name) for pk, name in stages]),
        ] + [
            (
                _("Touchpoints · %(stage)s") % {"stage": stage},
                [(f"touchpoint:{pk}", title) for pk, title in options],
            )
            for stage, options in touchpoint_groups(journey)
        ]
        self.fields["scope"].choices = choices_of(self.scope_groups)
        if self.instance.pk and not self.is_bound:
            self.initial["scope"] = scope_of(self.instance)

    def save(self, commit=True):
        kind, _, pk = self.cleaned_data["scope"].partition(":")
        self.instance.stage_id = int(pk) if kind == "stage" else None
        self.instance.touchpoint_id = int(pk) if kind == "touchpoint" else None
        return super().save(commit=commit)


def scope_of(goal):
    if goal.touchpoint_id:
        return f"touchpoint:{goal.touchpoint_id}"
    if goal.stage_id:
        return f"stage:{goal.stage_id}"
    return "map"


def _actor(request):
    return request.user.get_username()


def _goal_or_404(request, journey_pk, goal_pk, need="edit"):
    journey = journey_for(request, journey_pk, need)
    return journey, get_object_or_404(Goal, journey=journey, pk=goal_pk)


def _render_form(request, journey, form, goal=None, status=200, conflict=None, unsaved=()):
    context = {
        "unsaved": unsaved,
        "journey": journey,
        "form": form,
        "goal": goal,
        "inline": bool(request.htmx),
        "conflict": conflict,
        # Opened from a touchpoint on the map: go back to the map after saving.
        "return_to": "editor"
        if "editor" in (request.GET.get("return_to"), request.POST.get("return_to"))
        else "",
    }
    template = "journeys/goals/_form.html" if request.htmx else "journeys/goals/form_page.html"
    return render(request, template, context, status=status)


def _saved(request, journey, change, touchpoint_ids=(), focus=None):
    """htmx: the panel, and the touchpoint cards that show the changed goals (out of band).

    `focus`: the goal whose Edit link takes the keyboard focus; without one, "+ Add goal" does
    (after a delete), so keyboard users are not sent back to the top of the page."""
    if not request.htmx:
        if request.POST.get("return_to") == "editor":
            return redirect(journey.get_absolute_url())
        return redirect("journeys:goals", journey.pk)
    data = load_map(journey)
    context = {"map": data, "focus_goal": focus.pk if focus else None, "focus_add": not focus}
    html = render_to_string("journeys/goals/_panel.html", context, request=request)
    shown = {tp.pk: tp for tp in data.touchpoints}
    for pk in {pk for pk in touchpoint_ids if pk in shown}:
        html += render_to_string(
            "touchpoints/_touchpoint.html",
            {"tp": shown[pk], "map": data, "oob": True},
            request=request,
        )
    return map_changed(swapped_over(HttpResponse(html), request, "#goals-panel"), change)


@login_required
def goals_panel(request, pk):
    """The goals panel; as a page of its own when asked without htmx."""
    journey = journey_for(request, pk, "view")
    data = load_map(journey)
    template = "journeys/goals/_panel.html" if request.htmx else "journeys/goals/page.html"
    return render(request, template, {"map": data, "journey": journey})


@login_required
def goal_add(request, pk):
    journey = journey_for(request, pk, "edit")
    if request.method != "POST":
        initial = {"scope": request.GET.get("scope", "map")}
        form = GoalForm(journey=journey, initial=initial, creating=True)
        return _render_form(request, journey, form)
    form = GoalForm(request.POST, journey=journey, creating=True)
    if not form.is_valid():
        return _render_form(request, journey, form, status=422)
    goal = form.save(commit=False)
    goal.journey = journey
    change = services.add_last(goal, Goal.objects.filter(journey=journey), _actor(request))
    return _saved(request, journey, change, [goal.touchpoint_id], focus=goal)


@login_required
def goal_show(request, pk, goal_pk):
    """One goal in display mode (what "Cancel" returns to)."""
    journey, goal = _goal_or_404(request, pk, goal_pk, "view")
    if not request.htmx:
        return redirect("journeys:goals", journey.pk)
    context = {"goal": goal, "journey": journey, "focus_goal": goal.pk}
    return render(request, "journeys/goals/_goal.html", context)


@login_required
def goal_edit(request, pk, goal_pk):
    journey, goal = _goal_or_404(request, pk, goal_pk)
    if request.method != "POST":
        return _render_form(request, journey, GoalForm(instance=goal, journey=journey), goal)
    if is_stale(goal, request.POST):
        return _conflict(request, journey, goal)
    old_touchpoint = goal.touchpoint_id
    form = GoalForm(request.POST, instance=goal, journey=journey)
    if not form.is_valid():
        return _render_form(request, journey, form, goal, status=422)
    form.save(commit=False)
    try:
        change = services.update(goal, request.POST["version"], GOAL_FIELDS, _actor(request))
    except services.Stale:
        return _conflict(request, journey, goal)
    return _saved(request, journey, change, [old_touchpoint, goal.touchpoint_id], focus=goal)


def _conflict(request, journey, goal, deleting=False):
    current = Goal.objects.get(pk=goal.pk)
    form = GoalForm(instance=current, journey=journey)
    names = ["kind", "text", "metric"]
    ctx = conflict_context("goal", GoalForm, request.POST, current, names, deleting)
    return _render_form(request, journey, form, current, status=409, **ctx)


@login_required
@require_POST
def goal_delete(request, pk, goal_pk):
    journey, goal = _goal_or_404(request, pk, goal_pk)
    version = request.POST.get("version", "")
    try:
        change = services.delete(
            goal, _actor(request), int(version) if version.isascii() and version.isdigit() else -1
        )
    except services.Stale:
        return _conflict(request, journey, goal, deleting=True)
    return _saved(request, journey, change, [goal.touchpoint_id])


# Included by journeys/urls.py under the map's prefix and "goals/".
goal_urlpatterns = [
    path("", goals_panel, name="goals"),
    path("new/", goal_add, name="goal_add"),
    path("<int:goal_pk>/", goal_show, name="goal_show"),
    path("<int:goal_pk>/edit/", goal_edit, name="goal_edit"),
    path("<int:goal_pk>/delete/", goal_delete, name="goal_delete"),
]
