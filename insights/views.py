"""The insights pages: charts of what a map says (insights/figures.py, insights/trends.py),
drawn by plotly.js, and recording a metric's measurements.

plotly.js puts its own rules in a <style id="plotly.js-style-global"> it finds or makes; the
app's Content-Security-Policy allows no inline style. The page therefore carries that element
empty, with this response's nonce, and only this page's policy admits the nonce: plotly.js
fills the sheet through the CSSOM (insertRule), which the policy does not govern. The charts
use SVG traces only; WebGL ones would compile shaders with Function(), which 'unsafe-eval'
would be needed for.
"""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from journeys.access import journey_for
from journeys.mapdata import load_map
from touchpoints import services
from touchpoints.models import Metric
from workspaces.current import current_workspace

from .across import load_portfolio, portfolio_charts
from .figures import map_charts
from .finders import PLOTLY_JS, bundled_style_ids
from .forms import MeasurementForm
from .trends import metric_choices, metric_trends
from .votes import note_kinds_of

PLOTLY_POLICY = {"style-src": [NONCE]}


def chart_payload(charts):
    """What the page's script needs of each chart: the figure, and the heatmap's cells."""
    return {c.key: {"figure": c.figure, "cells": c.cells} for c in charts if not c.empty}


@csp_update(PLOTLY_POLICY)
def render_charts(request, template, context, charts, status=200):
    """An insights page: `charts` drawn by plotly.js under this page's policy."""
    context = {
        **context,
        "payload": chart_payload(charts),
        "plotly_js": PLOTLY_JS,
        "plotly_style_ids": bundled_style_ids(),
    }
    return render(request, template, context, status=status)


def _page(request, journey, form=None, status=200):
    data = load_map(journey)
    editor_url = journey.get_absolute_url()
    charts = map_charts(data, editor_url, note_kinds_of(journey))
    today = timezone.localdate().isoformat()

    def remove_url(metric_pk):
        return reverse("insights:reading_remove", args=[journey.pk, metric_pk])

    trends = metric_trends(data, editor_url, today, remove_url)
    metrics = metric_choices(data)
    context = {
        "journey": journey,
        "map": data,
        "charts": charts,
        "trends": trends,
        "form": form or MeasurementForm(metrics=metrics),
        "has_metrics": bool(metrics),
        "metric_groups": [(None, [(str(pk), label) for pk, label in metrics])],
    }
    return render_charts(request, "insights/map.html", context, charts + trends, status)


@login_required
@require_GET
def across_maps(request):
    """All the maps of the user's current workspace at once (insights/across.py)."""
    portfolio = load_portfolio(current_workspace(request))
    charts = portfolio_charts(portfolio)
    context = {"charts": charts, "map_count": len(portfolio.maps)}
    return render_charts(request, "insights/across.html", context, charts)


@login_required
@require_GET
def map_insights(request, pk):
    return _page(request, journey_for(request, pk, "view"))


def _metric_or_404(journey, metric_pk):
    return get_object_or_404(Metric, pk=metric_pk, touchpoint__journey=journey)


@login_required
@require_POST
def reading_add(request, pk):
    """Record one dated measurement, or a CSV file of them, in a metric's history."""
    journey = journey_for(request, pk, "edit")
    form = MeasurementForm(request.POST, request.FILES, metrics=metric_choices(load_map(journey)))
    if not form.is_valid():
        return _page(request, journey, form=form, status=400)
    metric = _metric_or_404(journey, form.cleaned_data["metric"])
    try:
        services.record_readings(metric, form.cleaned_data["readings"], request.user.get_username())
    except services.TooManyReadings:
        form.add_error(None, _("A metric keeps at most 1,000 measurements."))
        return _page(request, journey, form=form, status=400)
    count = len(form.cleaned_data["readings"])
    recorded = ngettext(
        "Recorded %(count)s measurement of %(metric)s.",
        "Recorded %(count)s measurements of %(metric)s.",
        count,
    )
    messages.success(request, recorded % {"count": count, "metric": metric})
    return redirect(f"{reverse('insights:map', args=[journey.pk])}#insight-trend-{metric.pk}")


@login_required
@require_POST
def reading_remove(request, pk, metric_pk):
    journey = journey_for(request, pk, "edit")
    metric = _metric_or_404(journey, metric_pk)
    services.remove_reading(metric, request.POST.get("date", ""), request.user.get_username())
    return redirect(f"{reverse('insights:map', args=[journey.pk])}#insight-trend-{metric.pk}")
