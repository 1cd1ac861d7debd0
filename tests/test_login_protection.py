"""Login throttling (django-axes, config/settings.py) and the password reset by e-mail."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ROOT = Path(__file__).resolve().parent.parent


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_user_out_from_that_address(client, user, other_user):
    for attempt in range(4):
        response = log_in(client, "maria", f"wrong-{attempt}")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    response = log_in(client, "maria", "wrong-5")
    assert response.status_code == 429

    # The right password is refused now, with a page that says why and for how long.
    response = log_in(client, "maria", "correct-horse-42")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert "Try again in 15 minutes." in page
    assert reverse("password_reset") in page
    assert "_auth_user_id" not in client.session

    # Another user from the same address, and the same user from elsewhere, are not affected.
    assert log_in(client, "eve", "correct-horse-43").status_code == 302
    client.post("/accounts/logout/")
    assert log_in(client, "maria", "correct-horse-42", address="198.51.100.9").status_code == 302


def test_a_successful_login_starts_the_count_again(client, user):
    for attempt in range(4):
        log_in(client, "maria", f"wrong-{attempt}")
    assert log_in(client, "maria", "correct-horse-42").status_code == 302
    client.post("/accounts/logout/")
    for attempt in range(4):
        assert log_in(client, "maria", f"wrong-again-{attempt}").status_code == 200
    assert log_in(client, "maria", "correct-horse-42").status_code == 302


def test_the_login_page_links_to_the_password_reset(client):
    page = client.get(LOGIN).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
    assert "Forgot password?" in page


def test_a_reset_email_lets_the_user_set_a_new_password_and_log_in_with_it(client, user):
    response = client.post(reverse("password_reset"), {"email": "maria@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@example.com"]
    assert message.subject == "Set a new password for Journey Map Studio"
    assert "maria" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    # The link leads to the form (Django swaps the token for a session key on the way).
    form_url = client.get(link)["Location"]
    page = client.get(form_url).content.decode()
    assert "Set a new password" in page and 'name="new_password1"' in page
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-pass-77", "new_password2": "a-brand-new-pass-77"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert "Password set" in client.get(response["Location"]).content.decode()

    assert log_in(client, "maria", "correct-horse-42").status_code == 200  # the old one is gone
    assert log_in(client, "maria", "a-brand-new-pass-77").status_code == 302

    # The link works once.
    client.post("/accounts/logout/")
    page = client.get(link, follow=True).content.decode()
    assert "This link does not work any more" in page


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, user):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def mail_settings(**env):
    """The mail settings as a fresh process reads them from `env` (pytest-django replaces the
    backend in this one)."""
    code = (
        "from django.conf import settings as s;"
        " print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER,"
        " s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, sep='|')"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DEFAULT_FROM"))}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("|")


def test_mail_goes_to_the_console_unless_an_smtp_server_is_set():
    assert mail_settings()[0] == "django.core.mail.backends.console.EmailBackend"
    assert mail_settings(
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="studio",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="0",
        DEFAULT_FROM_EMAIL="Studio <studio@example.com>",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        "465",
        "studio",
        "s3cret",
        "False",
        "Studio <studio@example.com>",
    ]
