"""The owner's share page under the map's prefix; the link holders' pages under s/<token>/."""

from django.urls import include, path

from . import views

app_name = "sharing"

link_urlpatterns = [
    path("", views.open_link, name="open"),
    path("export.pdf", views.shared_pdf, name="pdf"),
    path("present/", views.present, name="present"),
    path("events/", views.events, name="events"),
]

urlpatterns = [
    path("journeys/<int:pk>/share/", views.share, name="share"),
    path("journeys/<int:pk>/share/<int:link_pk>/revoke/", views.revoke, name="revoke"),
    path("s/<str:token>/", include(link_urlpatterns)),
]
