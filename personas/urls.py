from django.urls import path
from django.views.generic import RedirectView

app_name = "personas"

# Placeholder until the persona pages land.
urlpatterns = [path("", RedirectView.as_view(url="/"), name="list")]
