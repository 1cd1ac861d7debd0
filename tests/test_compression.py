"""Pages travel gzipped (config/compression.py); their CSRF tokens differ in every response,
which is what makes compressing them safe (BREACH); event streams are left alone."""

import gzip
import re

import pytest
from django.http import StreamingHttpResponse
from django.test import RequestFactory

from config.compression import PageGZipMiddleware
from journeys.sample_maps import build_large_map

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_large_maps_editor_travels_gzipped_with_fresh_tokens(auth_client, user):
    journey = build_large_map(user)
    url = f"/journeys/{journey.pk}/"
    plain = auth_client.get(url)
    packed = auth_client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(plain.content) > 1_000_000
    assert len(packed.content) < len(plain.content) / 8  # 1.4 MB: well under 200 KB
    html = gzip.decompress(packed.content)
    assert b'id="grid"' in html
    # The tokens are masked afresh per response (and per form): no fixed secret to guess.
    tokens = set(TOKEN.findall(html))
    assert tokens and not tokens & set(TOKEN.findall(plain.content))


def test_responses_without_gzip_in_accept_encoding_are_sent_as_they_are(auth_client, user):
    journey = build_large_map(user)
    response = auth_client.get(f"/journeys/{journey.pk}/", headers={"Accept-Encoding": "br"})
    assert not response.has_header("Content-Encoding")


def test_event_streams_are_not_compressed():
    def stream():
        yield "event: change\ndata: {}\n\n" * 50

    request = RequestFactory().get("/journeys/1/events/", headers={"Accept-Encoding": "gzip"})
    response = StreamingHttpResponse(stream(), content_type="text/event-stream; charset=utf-8")
    answer = PageGZipMiddleware(lambda r: response)(request)
    assert not answer.has_header("Content-Encoding")
    assert b"".join(answer.streaming_content).startswith(b"event: change")
