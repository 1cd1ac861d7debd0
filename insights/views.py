"""The insights pages: charts of what a map says (insights/figures.py), drawn by plotly.js.

plotly.js puts its own rules in a <style id="plotly.js-style-global"> it finds or makes; the
app's Content-Security-Policy allows no inline style. The page therefore carries that element
empty, with this response's nonce, and only this page's policy admits the nonce: plotly.js
fills the sheet through the CSSOM (insertRule), which the policy does not govern. The charts
use SVG traces only; WebGL ones would compile shaders with Function(), which 'unsafe-eval'
would be needed for.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from journeys.access import get_journey_or_404
from journeys.mapdata import load_map
from workshops.models import Note

from .figures import map_charts
from .finders import PLOTLY_JS, bundled_style_ids

PLOTLY_POLICY = {"style-src": [NONCE]}


def note_kinds_of(journey):
    """{card id: kind} of the workshop notes that became cards on the map (one query)."""
    notes = Note.objects.filter(workshop__journey=journey, card__isnull=False)
    return dict(notes.values_list("card_id", "kind"))


def chart_payload(charts):
    """What the page's script needs of each chart: the figure, and the heatmap's cells."""
    return {c.key: {"figure": c.figure, "cells": c.cells} for c in charts if not c.empty}


@login_required
@require_GET
@csp_update(PLOTLY_POLICY)
def map_insights(request, pk):
    journey = get_journey_or_404(request.user, pk)
    data = load_map(journey)
    charts = map_charts(data, journey.get_absolute_url(), note_kinds_of(journey))
    context = {
        "journey": journey,
        "map": data,
        "charts": charts,
        "payload": chart_payload(charts),
        "plotly_js": PLOTLY_JS,
        "plotly_style_ids": bundled_style_ids(),
    }
    return render(request, "insights/map.html", context)
