"""Who may see a map: for now, only its owner. Everything else is a 404, so ids leak nothing."""

from django.shortcuts import get_object_or_404

from .models import Journey


def journeys_of(user):
    return Journey.objects.filter(owner=user) if user.is_authenticated else Journey.objects.none()


def get_journey_or_404(user, pk):
    return get_object_or_404(journeys_of(user), pk=pk)
