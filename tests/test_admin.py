import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db


def test_every_model_of_the_apps_has_a_working_admin_page(client, django_user_model):
    staff = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-for-admin-1")
    build_map(staff, items=10)
    client.force_login(staff)
    ours = {"gallery", "journeys", "personas", "touchpoints", "workshops"}
    registered = {m for m in admin.site._registry if m._meta.app_label in ours}
    models = {m for app in ours for m in apps.get_app_config(app).get_models()}
    assert models == registered
    for model in models:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
