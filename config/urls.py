from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts.views import set_language

from .health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("healthz", healthz, name="healthz"),
    # The scripts' strings (static/js/, catalogue locale/ko/LC_MESSAGES/djangojs.po).
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("personas/", include("personas.urls")),
    path("workspaces/", include("workspaces.urls")),
    path("touchpoints/", include("touchpoints.urls")),
    path("", include("workshops.urls")),
    path("", include("insights.urls")),
    path("", include("gallery.urls")),
    path("", include("history.urls")),
    path("", include("sharing.urls")),
    path("", include("journeys.urls")),
]
