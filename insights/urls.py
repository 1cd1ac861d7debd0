from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("journeys/<int:pk>/insights/", views.map_insights, name="map"),
]
