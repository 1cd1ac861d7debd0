from django.contrib import admin
from django.urls import include, path

from .health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("healthz", healthz, name="healthz"),
    path("personas/", include("personas.urls")),
    path("touchpoints/", include("touchpoints.urls")),
    path("", include("workshops.urls")),
    path("", include("insights.urls")),
    path("", include("journeys.urls")),
]
