from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db


def test_every_model_of_the_apps_has_a_working_admin_page(client, django_user_model):
    staff = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-for-admin-1")
    build_map(staff, items=10)
    client.force_login(staff)
    # Every app of this project's own (not those installed in the virtualenv): a new app's
    # models cannot escape.
    ours = {
        app.label
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(app.path).parts
    }
    assert {"journeys", "history", "gallery"} <= ours
    registered = {m for m in admin.site._registry if m._meta.app_label in ours}
    models = {m for app in ours for m in apps.get_app_config(app).get_models()}
    assert models == registered
    for model in models:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
