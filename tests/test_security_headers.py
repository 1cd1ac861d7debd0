"""The Content-Security-Policy header (django-csp, config/settings.py) on every page."""

import pytest
from django.urls import reverse

from journeys.sample_maps import build_map

pytestmark = pytest.mark.django_db

EXPECTED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_pages_carry_the_strict_policy(auth_client, user):
    journey = build_map(user, stages=2, lanes=2, items=2, personas=1)
    for url in ("/", journey.get_absolute_url(), reverse("journeys:present", args=[journey.pk])):
        assert policy(auth_client.get(url)) == EXPECTED, url
    auth_client.logout()
    assert policy(auth_client.get(reverse("login"))) == EXPECTED


def test_the_policy_allows_no_inline_code_and_no_eval(client):
    header = client.get(reverse("login"))["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
