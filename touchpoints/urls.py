from django.urls import path

from . import views

app_name = "touchpoints"

urlpatterns = [
    path("map/<int:journey_pk>/new/", views.touchpoint_add, name="add"),
    path("<int:pk>/", views.touchpoint_show, name="show"),
    path("<int:pk>/edit/", views.touchpoint_edit, name="edit"),
    path("<int:pk>/delete/", views.touchpoint_delete, name="delete"),
]
