import os
import subprocess
import sys
from pathlib import Path

import pytest

from journeys.models import Journey

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_sign_up_log_out_and_log_in(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "jiwoo",
            "email": "jiwoo@example.com",
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
        },
    )
    assert response.status_code == 302
    assert django_user_model.objects.get(username="jiwoo").email == "jiwoo@example.com"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302
    response = client.post(
        "/accounts/login/", {"username": "jiwoo", "password": "a-long-pass-phrase-7"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_sign_up_with_mismatched_passwords_creates_nobody(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "jiwoo",
            "email": "jiwoo@example.com",
            "password1": "a-long-pass-phrase-7",
            "password2": "other-pass-99",
        },
    )
    assert response.status_code == 200
    assert "didn’t match" in response.content.decode()
    assert not django_user_model.objects.filter(username="jiwoo").exists()


def test_sign_up_with_an_email_address_in_use_creates_nobody(client, django_user_model):
    django_user_model.objects.create_user("minji", "Jiwoo@Example.com", "a-long-pass-phrase-7")
    response = client.post(
        "/accounts/signup/",
        {
            "username": "jiwoo",
            "email": "jiwoo@example.com",
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
        },
    )
    assert response.status_code == 200
    assert "An account with this e-mail address exists already" in response.content.decode()
    assert not django_user_model.objects.filter(username="jiwoo").exists()


@pytest.mark.parametrize("email", ["", "not-an-address", "jiwoo@"])
def test_sign_up_without_a_valid_email_address_creates_nobody(client, django_user_model, email):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "jiwoo",
            "email": email,
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page or "Enter a valid email address." in page
    assert not django_user_model.objects.filter(username="jiwoo").exists()


def test_the_sign_up_page_asks_for_an_email_address(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'type="email" name="email"' in page and "required" in page


def test_map_list_shows_only_my_maps(auth_client, user, other_user):
    Journey.objects.create(owner=user, title="나의 여정")
    Journey.objects.create(owner=other_user, title="Someone else's map")
    page = auth_client.get("/").content.decode()
    assert "나의 여정" in page
    assert "Someone else" not in page


def test_new_map_from_each_template(auth_client, user):
    page = auth_client.get("/journeys/new/").content.decode()
    assert "The five A&#x27;s" in page or "The five A's" in page
    response = auth_client.post("/journeys/new/", {"template": "dcj.ko", "title": ""})
    journey = Journey.objects.get(owner=user)
    assert response["Location"] == f"/journeys/{journey.pk}/"
    assert journey.title == "디지털 고객 여정 (DCJ)"
    assert [s.name for s in journey.stages.all()] == ["인식", "고려", "구매", "유지", "옹호"]
    assert journey.lanes.filter(kind="backstage").exists()

    auth_client.post("/journeys/new/", {"template": "five-as.en", "title": "Shop launch"})
    five = Journey.objects.get(title="Shop launch")
    assert five.locale == "en"
    assert five.touchpoints.count() == 5


def test_new_blank_map_and_unknown_template(auth_client, user):
    auth_client.post("/journeys/new/", {"template": "blank", "title": "빈 지도"})
    blank = Journey.objects.get(owner=user)
    assert blank.title == "빈 지도" and blank.stages.count() == 1
    response = auth_client.post("/journeys/new/", {"template": "nope", "title": "x"})
    assert response.status_code == 400
    assert Journey.objects.filter(owner=user).count() == 1


def test_a_nul_character_in_the_new_map_form_is_refused_with_a_message(auth_client, user):
    for data in (
        {"template": "blank", "title": "a\x00b"},
        {"template": "blank", "locale": "k\x00"},
    ):
        response = auth_client.post("/journeys/new/", data)
        assert response.status_code == 400
        assert "NUL character" in response.content.decode()
    assert not Journey.objects.filter(owner=user).exists()


def test_duplicate_and_delete(auth_client, user):
    auth_client.post("/journeys/new/", {"template": "cdj-4.ko", "title": "원본"})
    original = Journey.objects.get(owner=user)
    auth_client.post(f"/journeys/{original.pk}/duplicate/")
    copy = Journey.objects.exclude(pk=original.pk).get()
    assert copy.title == "원본 (copy)"
    assert copy.stages.count() == original.stages.count() == 4
    auth_client.post(f"/journeys/{original.pk}/delete/")
    assert list(Journey.objects.all()) == [copy]


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def run_django(code, **env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_healthz_answers_503_when_the_database_does_not():
    # A real unreachable PostgreSQL server (nothing listens on port 9), not a mock.
    result = run_django(
        "from django.test import Client; r = Client().get('/healthz');"
        " print(r.status_code, r.content.decode())",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nothing",
        DEBUG="1",
        ALLOWED_HOSTS="testserver",
    )
    # It says no more than that: no host, port or database name for strangers.
    assert result.stdout.split() == ["503", '{"status":', '"unavailable"}'], result.stderr


def test_production_settings_pass_the_deploy_check():
    # The browser tests' async-unsafe switch is for tests only; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **env,
            "DEBUG": "0",
            "SECRET_KEY": "x7$kq!2v9#mZ-production-like-secret-key-with-enough-length-123",
            "ALLOWED_HOSTS": "journeys.example.com",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
