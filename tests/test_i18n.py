"""The interface speaks the user's language: the account's saved choice, else the browser's
Accept-Language, else English (accounts/views.py, accounts/models.py, templates/_language.html);
scripts get their strings from Django's JavaScript catalog; dates follow the language, figures
are grouped in both (config/settings.py, config/formats/ko/)."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import Profile
from journeys.models import Journey
from journeys.numbers import format_number
from journeys.sample_maps import build_map
from workshops.services import start_workshop

pytestmark = pytest.mark.django_db

KOREAN = "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"
ENGLISH = "en-US,en;q=0.9"
LOGIN = reverse("login")
COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response):
    return re.search(r'<html lang="([^"]*)"', response.content.decode()).group(1)


def log_in(client, username="maria", password="correct-horse-42", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


# --- which language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "lang", "heading"),
    [
        (KOREAN, "ko", "<h1>로그인</h1>"),
        ("ko", "ko", "<h1>로그인</h1>"),
        (ENGLISH, "en", "<h1>Log in</h1>"),
        ("fr-FR,fr;q=0.9", "en", "<h1>Log in</h1>"),  # not offered: English
        (None, "en", "<h1>Log in</h1>"),
    ],
)
def test_the_browser_language_picks_korean_or_english(client, accept, lang, heading):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get(LOGIN, **headers)
    page = response.content.decode()
    assert heading in page
    assert html_lang(response) == lang
    assert response["Content-Language"] == lang


def test_the_header_has_a_language_switcher_that_works_without_javascript(client):
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=KOREAN).content.decode()
    form = re.search(r'<form method="post" action="/i18n/setlang/".*?</form>', page, re.S).group()
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<input type="hidden" name="next" value="/accounts/login/">' in form
    # A labelled select (the label read by screen readers), each language in its own name.
    assert '<label for="language-choice" class="visually-hidden">언어</label>' in form
    assert '<option value="ko" lang="ko" selected>한국어</option>' in form
    assert '<option value="en" lang="en">English</option>' in form
    assert '<button type="submit" class="link">언어 변경</button>' in form


def test_switching_sets_the_language_and_goes_back(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ko", "next": LOGIN}, HTTP_ACCEPT_LANGUAGE=ENGLISH
    )
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert response.cookies[COOKIE].value == "ko"
    # The choice beats the browser's English from now on.
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=ENGLISH)
    assert html_lang(page) == "ko" and "<h1>로그인</h1>" in page.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert "<h1>Log in</h1>" in client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=KOREAN).content.decode()


def test_switching_to_a_language_not_offered_changes_nothing(client, user):
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    assert not Profile.objects.exists()
    assert client.get("/i18n/setlang/").status_code == 405  # a GET changes nothing


def test_switching_while_signed_in_saves_the_choice_with_the_account(client, user):
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "ko", "next": "/"})
    assert Profile.language_of(user) == "ko"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Profile.language_of(user) == "en"
    assert Profile.objects.count() == 1


def test_the_saved_language_applies_at_login_and_wins_over_the_browser(user):
    Profile.remember(user, "ko")
    browser = Client(HTTP_ACCEPT_LANGUAGE=ENGLISH)  # a new browser, set to English
    assert "<h1>Log in</h1>" in browser.get(LOGIN).content.decode()
    response = log_in(browser)
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "ko"
    maps = browser.get(reverse("journeys:list"))
    assert html_lang(maps) == "ko"
    assert (
        ">지도</a>" in maps.content.decode()
        and ">로그아웃 (maria)</button>" in maps.content.decode()
    )


def test_without_a_saved_language_login_keeps_the_browsers(user):
    browser = Client(HTTP_ACCEPT_LANGUAGE=KOREAN)
    response = log_in(browser)
    assert COOKIE not in response.cookies
    assert html_lang(browser.get(reverse("journeys:list"))) == "ko"


def test_signing_up_saves_the_language_of_the_page(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "jiwoo",
            "email": "jiwoo@example.com",
            "password1": "a-long-pass-phrase-7",
            "password2": "a-long-pass-phrase-7",
        },
        HTTP_ACCEPT_LANGUAGE=KOREAN,
        follow=True,
    )
    assert "jiwoo님, 환영합니다." in response.content.decode()
    assert Profile.objects.get(user__username="jiwoo").language == "ko"


def test_sign_up_errors_are_in_korean(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "", "email": "not-an-address", "password1": "a", "password2": "b"},
        HTTP_ACCEPT_LANGUAGE=KOREAN,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "이메일 주소" in page and "필수 항목입니다." in page
    assert "This field is required" not in page


def test_anonymous_phone_pages_follow_the_browser(user):
    workshop = start_workshop(build_map(user, items=4, title="여정 지도"))
    for accept, lang in [(KOREAN, "ko"), (ENGLISH, "en")]:
        phone = Client(HTTP_ACCEPT_LANGUAGE=accept)
        for url in [reverse("workshops:enter_code"), f"/w/{workshop.code}/"]:
            response = phone.get(url)
            assert response.status_code == 200
            assert html_lang(response) == lang and response["Content-Language"] == lang


# --- scripts ----------------------------------------------------------------------------------


def test_the_javascript_catalog_is_served_in_the_pages_language(client):
    korean = client.get("/i18n/js/", HTTP_ACCEPT_LANGUAGE=KOREAN)
    assert korean.status_code == 200
    assert korean["Content-Type"].startswith("text/javascript")
    text = korean.content.decode()
    assert '"Reconnecting\\u2026": "\\ub2e4\\uc2dc \\uc5f0\\uacb0 \\uc911\\u2026"' in text or (
        "다시 연결 중…" in text
    )
    assert "function gettext" in text or "django.gettext" in text
    english = client.get("/i18n/js/", HTTP_ACCEPT_LANGUAGE=ENGLISH).content.decode()
    assert "다시 연결 중" not in english and "\\ub2e4\\uc2dc" not in english


def test_every_script_of_a_page_comes_after_the_catalog_and_none_is_inline(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE=KOREAN)
    page = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", page)
    assert scripts[0] == ' src="/i18n/js/?v=ko"'
    assert all("src=" in attributes for attributes in scripts)  # nothing inline
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy


# --- dates and numbers ------------------------------------------------------------------------


def test_dates_follow_the_language_and_figures_are_grouped_in_both():
    when = datetime.datetime(2026, 12, 4, 15, 5)
    with translation.override("ko"):
        assert date_format(when) == "2026년 12월 4일"
        assert date_format(when, "DATETIME_FORMAT") == "2026년 12월 4일 오후 3:05"
    with translation.override("en"):
        assert date_format(when) == "Dec. 4, 2026"
    assert format_number(1234567, "ko") == format_number(1234567, "en") == "1,234,567"


def test_the_map_list_shows_the_date_in_the_users_language(auth_client, user):
    journey = build_map(user, items=2, title="여정 지도")
    when = timezone.make_aware(datetime.datetime(2026, 12, 4, 15, 5))
    Journey.objects.filter(pk=journey.pk).update(updated_at=when)
    korean = auth_client.get("/", HTTP_ACCEPT_LANGUAGE=KOREAN).content.decode()
    assert "2026년 12월 4일 오후 3:05" in korean
    english = auth_client.get("/", HTTP_ACCEPT_LANGUAGE=ENGLISH).content.decode()
    assert "Dec. 4, 2026, 3:05 p.m." in english


def test_ids_in_pages_are_never_grouped(auth_client, user):
    """USE_THOUSAND_SEPARATOR stays off: a template's {{ pk }} is an id, not a figure."""
    Journey.objects.create(id=1234567, owner=user, title="여정 지도", locale="ko")
    page = auth_client.get("/", HTTP_ACCEPT_LANGUAGE=KOREAN).content.decode()
    assert "/journeys/1234567/" in page and "1,234,567" not in page


# --- e-mail -----------------------------------------------------------------------------------


def test_the_password_reset_email_is_in_the_accounts_language(client, user, other_user):
    Profile.remember(user, "ko")
    client.post(
        reverse("password_reset"), {"email": "maria@example.com"}, HTTP_ACCEPT_LANGUAGE=ENGLISH
    )
    (message,) = mail.outbox
    assert message.subject == "Journey Map Studio 새 비밀번호 설정"
    assert message.body.startswith("maria님, 안녕하세요.")
    assert "사용자 이름은 maria입니다." in message.body
    assert re.search(r"http://testserver/accounts/reset/\S+/", message.body)

    # An account without a saved language: the language of the page that asked.
    mail.outbox.clear()
    client.post(
        reverse("password_reset"), {"email": "eve@example.com"}, HTTP_ACCEPT_LANGUAGE=KOREAN
    )
    (message,) = mail.outbox
    assert message.subject == "Journey Map Studio 새 비밀번호 설정"
    mail.outbox.clear()
    client.cookies.clear()
    client.post(
        reverse("password_reset"), {"email": "eve@example.com"}, HTTP_ACCEPT_LANGUAGE=ENGLISH
    )
    (message,) = mail.outbox
    assert message.subject == "Set a new password for Journey Map Studio"
    assert message.body.startswith("Hello eve,")


def test_the_unavailable_page_is_in_the_active_language():
    from config.unavailable import unavailable_response

    with translation.override("ko"):
        page = unavailable_response().content.decode()
    assert '<html lang="ko">' in page and "잠시 데이터베이스에 연결할 수 없습니다" in page
