"""Who may see and use a team template: for now, its owner. Everything else is a 404."""

from django.shortcuts import get_object_or_404

from .models import TeamTemplate


def templates_of(user):
    if not user.is_authenticated:
        return TeamTemplate.objects.none()
    return TeamTemplate.objects.filter(owner=user)


def get_template_or_404(user, pk):
    return get_object_or_404(templates_of(user), pk=pk)
