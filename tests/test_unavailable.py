"""A database that cannot be reached: pages and writes answer 503 "try again", never 500."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ASK = """
import json, django; django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a" * 32  # a signed-in browser: its session is in the database
answers = [
    client.get("/w/ABCDEF/"),
    client.post("/w/ABCDEF/notes/", {"text": "x"}, headers={"HX-Request": "true"}),
    client.get("/journeys/1/events/"),  # the async event stream view
]
print(json.dumps([
    [r.status_code, r.get("Retry-After"), r.content.decode()] for r in answers
]))
"""


def test_pages_writes_and_the_event_stream_answer_503_with_retry_after_when_the_database_is_down():
    # A real unreachable PostgreSQL server (nothing listens on port 9), not a mock.
    result = subprocess.run(
        [sys.executable, "-c", ASK],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nothing",
            "DEBUG": "1",
            "ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for status, retry_after, body in answers:
        assert status == 503, result.stderr
        assert int(retry_after) > 0
        assert "The database is unavailable for a moment" in body
        assert "Traceback" not in body and "127.0.0.1" not in body  # nothing for strangers
    assert "database unavailable: GET /w/ABCDEF/" in result.stderr  # one line in the log
