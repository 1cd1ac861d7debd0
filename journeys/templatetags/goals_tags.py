"""Goals panel helpers: goals grouped by what they apply to, progress towards a target."""

import math

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def goal_groups(map):
    """[(label, goals)]: the whole map first, then stages and touchpoints in map order."""
    by_stage, by_touchpoint, whole = {}, {}, []
    for goal in map.goals:
        if goal.touchpoint_id:
            by_touchpoint.setdefault(goal.touchpoint_id, []).append(goal)
        elif goal.stage_id:
            by_stage.setdefault(goal.stage_id, []).append(goal)
        else:
            whole.append(goal)
    groups = [(_("Whole map"), whole)] if whole else []
    stage_names = {s.pk: s.name for s in map.stages}
    groups += [
        (_("Stage · %(name)s") % {"name": s.name}, by_stage[s.pk])
        for s in map.stages
        if s.pk in by_stage
    ]
    for tp in map.touchpoints:
        if tp.pk in by_touchpoint:
            label = _("Touchpoint · %(title)s (%(stage)s)") % {
                "title": tp.title,
                "stage": stage_names.get(tp.stage_id, ""),
            }
            groups.append((label, by_touchpoint.pop(tp.pk)))
    # Goals of touchpoints the persona filter hides.
    hidden = [g for goals in by_touchpoint.values() for g in goals]
    if hidden:
        groups.append((_("Touchpoints not shown for this persona"), hidden))
    return groups


@register.simple_tag
def goal_progress(goal):
    """Percent of the target reached (0..100), or None when it cannot be told."""
    if goal.current is None or not goal.target:
        return None
    ratio = goal.current / goal.target * 100
    # Figures are bounded when saved, but a value stored before that must not break the page.
    if not math.isfinite(ratio):
        return 100 if ratio > 0 else 0
    return max(0, min(100, round(ratio)))
