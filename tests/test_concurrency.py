"""Twenty writers at once: every one of them gets an answer that is not a server error, and the
map afterwards holds exactly what was accepted, with unique, gap-free positions.

The app runs in a uvicorn process, as in production, so the writers really run side by side:
on PostgreSQL against the test database, on SQLite against a database file of its own (an
in-memory test database cannot be shared with another process). Each test seeds a map of its
own (tests/live_support.py, `seed_crowd_map`), so one server serves the whole module.
"""

import http.client
import re
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import psycopg
import pytest
from django.db import connection

from tests.live_support import (
    UvicornProcess,
    migrate_database,
    postgres_url,
    run_seed,
    seed_crowd_map,
)

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 20
CSRF = "concurrencytestcsrftoken00000000"  # a CSRF secret as Django's cookie holds one


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor == "postgresql":
        url, path = postgres_url(connection.settings_dict), None
    else:
        path = tmp_path_factory.mktemp("crowd") / "crowd.sqlite3"
        url = f"sqlite:///{path}"
        migrate_database(url)
    process = UvicornProcess(url)
    # All twenty phones come from 127.0.0.1: a room behind one public address, as the
    # README tells facilitators to configure.
    process.env["WORKSHOP_PEOPLE_PER_ADDRESS"] = str(WRITERS)
    with process:
        process.sqlite_path = path
        yield process


@pytest.fixture
def site(server):
    """A fresh map on the server's database: its ids, and the owner's session."""
    if server.sqlite_path is None:
        data = seed_crowd_map()
    else:
        data = run_seed(f"sqlite:///{server.sqlite_path}", "crowd")
    return {**data, "server": server}


class Visitor:
    """One browser: its own cookies (CSRF, session) and its own connection per request."""

    def __init__(self, server, sessionid=None):
        self.host, self.port = "127.0.0.1", server.port
        self.cookies = {"csrftoken": CSRF}
        if sessionid:
            self.cookies["sessionid"] = sessionid

    def post(self, path, fields):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "X-CSRFToken": CSRF,
            }
            conn.request("POST", path, urlencode(fields), headers)
            response = conn.getresponse()
            body = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, body
        finally:
            conn.close()


def all_at_once(calls):
    """Run the callables in WRITERS threads, released together; their (status, body)s."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def statuses(results):
    return sorted(status for status, _ in results)


def no_server_errors(results):
    """The message of a failed assertion: how many failed, and why (the error page's title)."""
    errors = [why(body) for status, body in results if status >= 500]
    return f"{len(errors)} of {len(results)} failed: {sorted(set(errors))[:3]}"


def why(body):
    found = re.search(r"<title>(.*?)</title>.*?exception_value\">(.*?)</pre>", body, re.S)
    return " ".join(found.groups()).replace("\n", " ")[:200] if found else body[:200]


def rows(site, sql, *params):
    """Rows of `sql` (with %s placeholders) in the server's database."""
    path = site["server"].sqlite_path
    if path is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with sqlite3.connect(path) as db:
        return db.execute(sql.replace("%s", "?"), params).fetchall()


def positions_by_cell(site, table, cell_columns):
    """{cell: sorted positions} of the map's rows of `table`."""
    cells = {}
    sql = f"SELECT {cell_columns}, position FROM {table} WHERE journey_id = %s"
    for *cell, position in rows(site, sql, site["journey"]):
        cells.setdefault(tuple(cell), []).append(position)
    return {cell: sorted(p) for cell, p in cells.items()}


def assert_positions_contiguous(cells):
    for cell, positions in cells.items():
        assert positions == list(range(len(positions))), f"cell {cell}: {positions}"


def owner(site):
    return Visitor(site["server"], site["sessionid"])


def test_twenty_participants_join_and_vote_on_one_card_at_once(site):
    code, ballot = site["code"], site["ballot"]
    phones = [Visitor(site["server"]) for _ in range(WRITERS)]
    joins = all_at_once(
        [
            lambda p=p, n=n: p.post(f"/w/{code}/", {"display_name": f"P{n}"})
            for n, p in enumerate(phones)
        ]
    )
    assert all(status < 500 for status, _ in joins), no_server_errors(joins)
    joined = [p for p, (status, _) in zip(phones, joins, strict=True) if status == 302]
    assert len(joined) == WRITERS, statuses(joins)

    votes = all_at_once([lambda p=p: p.post(f"/w/{code}/cards/{ballot}/vote/", {}) for p in phones])

    assert all(status < 500 for status, _ in votes), no_server_errors(votes)
    accepted = sum(1 for status, _ in votes if status == 302)
    assert accepted == WRITERS, statuses(votes)
    [(count,)] = rows(site, "SELECT votes FROM journeys_card WHERE id = %s", ballot)
    [(dots,)] = rows(site, "SELECT count(*) FROM workshops_vote WHERE card_id = %s", ballot)
    assert count == dots == accepted


def test_twenty_cards_moved_at_once_end_up_in_one_cell_in_order(site):
    journey, cards = site["journey"], site["cards"]
    browser = owner(site)
    moves = all_at_once(
        [
            lambda c=c: browser.post(f"/journeys/{journey}/cards/{c}/move/", {"direction": "right"})
            for c in cards
        ]
    )

    assert all(status < 500 for status, _ in moves), no_server_errors(moves)
    assert statuses(moves) == [302] * WRITERS
    cells = positions_by_cell(site, "journeys_card", "stage_id, lane_id")
    target = (site["stages"][1], site["lanes"]["actions"])
    assert len(cells[target]) == WRITERS
    assert (site["stages"][0], site["lanes"]["actions"]) not in cells
    assert_positions_contiguous(cells)


def test_twenty_cards_moved_up_and_down_at_once_keep_their_cell_gap_free(site):
    journey, cards = site["journey"], site["cards"]
    browser = owner(site)
    moves = all_at_once(
        [
            lambda c=c, n=n: browser.post(
                f"/journeys/{journey}/cards/{c}/move/", {"direction": "up" if n % 2 else "down"}
            )
            for n, c in enumerate(cards)
        ]
    )

    assert all(status < 500 for status, _ in moves), no_server_errors(moves)
    assert statuses(moves) == [302] * WRITERS
    cells = positions_by_cell(site, "journeys_card", "stage_id, lane_id")
    assert len(cells[(site["stages"][0], site["lanes"]["actions"])]) == WRITERS
    assert_positions_contiguous(cells)


def test_twenty_cards_added_to_one_cell_at_once_all_arrive_in_order(site):
    journey, stage, lane = site["journey"], site["stages"][1], site["lanes"]["thoughts"]
    browser = owner(site)
    adds = all_at_once(
        [
            lambda n=n: browser.post(
                f"/journeys/{journey}/cards/add/",
                {"stage": stage, "lane": lane, "text": f"Added {n}", "persona": ""},
            )
            for n in range(WRITERS)
        ]
    )

    assert all(status < 500 for status, _ in adds), no_server_errors(adds)
    assert statuses(adds) == [302] * WRITERS
    cells = positions_by_cell(site, "journeys_card", "stage_id, lane_id")
    assert len(cells[(stage, lane)]) == WRITERS
    assert_positions_contiguous(cells)


def test_twenty_touchpoints_added_to_one_stage_at_once_all_arrive_in_order(site):
    journey, stage, lane = site["journey"], site["stages"][0], site["lanes"]["touchpoints"]
    browser = owner(site)
    management = {"TOTAL_FORMS": "1", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    form = {
        "stage": stage,
        "lane": lane,
        "sentiment": "neutral",
        "emotion": "0",
        **{f"metrics-{k}": v for k, v in management.items()},
        **{f"next-{k}": v for k, v in management.items()},
    }
    adds = all_at_once(
        [
            lambda n=n: browser.post(
                f"/touchpoints/map/{journey}/new/", {**form, "title": f"Touchpoint {n}"}
            )
            for n in range(WRITERS)
        ]
    )

    assert all(status < 500 for status, _ in adds), no_server_errors(adds)
    assert statuses(adds) == [302] * WRITERS
    stages = positions_by_cell(site, "touchpoints_touchpoint", "stage_id")
    assert len(stages[(stage,)]) == WRITERS
    assert_positions_contiguous(stages)


@contextmanager
def map_locked_by_someone_else(site):
    """Another client holds the map's write lock until the block ends (and writes nothing)."""
    path = site["server"].sqlite_path
    if path is None:
        with psycopg.connect(postgres_url(connection.settings_dict).split("?")[0]) as other:
            sql = "SELECT id FROM journeys_journey WHERE id = %s FOR UPDATE"
            other.execute(sql, [site["journey"]])
            yield
            other.rollback()
    else:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()


def test_a_write_locked_out_too_long_answers_503_busy_and_writes_nothing(site):
    """The database's own limit on waiting (here 0.2 s) runs out on every attempt: the answer
    says "busy, try again", not 500, and nothing of the card was written."""
    if site["server"].sqlite_path is None:
        url = postgres_url(connection.settings_dict) + "?options=-c%20lock_timeout%3D200"
    else:
        url = f"sqlite:///{site['server'].sqlite_path}?timeout=0.2"
    journey, stage, lane = site["journey"], site["stages"][1], site["lanes"]["thoughts"]
    count = "SELECT count(*) FROM journeys_card WHERE journey_id = %s"
    [(before,)] = rows(site, count, journey)
    with UvicornProcess(url) as impatient, map_locked_by_someone_else(site):
        browser = Visitor(impatient, site["sessionid"])
        fields = {"stage": stage, "lane": lane, "text": "Not now", "persona": ""}
        status, body = browser.post(f"/journeys/{journey}/cards/add/", fields)

    assert status == 503, why(body)
    assert "busy" in body and "try again" in body
    assert rows(site, count, journey) == [(before,)]
