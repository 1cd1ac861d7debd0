from django.contrib import admin
from django.urls import include, path

from journeys.views import healthz, signup

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/signup/", signup, name="signup"),
    path("healthz", healthz, name="healthz"),
    path("personas/", include("personas.urls")),
    path("touchpoints/", include("touchpoints.urls")),
    path("", include("workshops.urls")),
    path("", include("journeys.urls")),
]
