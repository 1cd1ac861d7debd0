"""Live updates: GET /journeys/<id>/events/ streams a map's changes as Server-Sent Events.

One hub per process fans changes out to that process's open streams:
- PostgreSQL: one LISTEN connection per process (psycopg 3 async). Every app process hears every
  committed change, so it does not matter which process made it. When the connection breaks
  (PostgreSQL restart), it reconnects and every stream re-reads the log from its last id.
- SQLite (one process only): record_change calls the hub directly after the commit.

A stream starts after the id the client has seen (the Last-Event-ID header when the browser
reconnects, else ?last_event_id= from the page) and replays the change log from there, so a
reconnect costs nothing but the reconnect.

A stream opened for a view that takes pieces (`?view=editor|present`, journeys/pieces.py) sends
with each event the pieces of that view that the change touched ("ops"), rendered once per
change and view kind in this process however many streams share them (`Pieces`); a long replay
sends none (the page then fetches its whole fragment once).

A stream is only as good as the login that opened it: every heartbeat period it checks that its
session is still signed in as the same user with access to the map, and ends when not (a log
out, a password change, access taken away). One user holds at most STREAMS_PER_USER streams in
a process (a tab each for editor, panel and projector is a handful); the next is refused with
429, which also stops EventSource from retrying.
"""

import asyncio
import functools
import json
import logging
import os
import threading
import weakref
from collections import Counter, defaultdict
from importlib import import_module

import psycopg
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import changes, pieces
from .access import journeys_of
from .models import Change

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = float(os.environ.get("LIVE_HEARTBEAT_SECONDS", "15"))
STREAMS_PER_USER = int(os.environ.get("LIVE_STREAMS_PER_USER", "20"))
RETRY_MS = 1500  # how soon browsers reconnect after a dropped stream
QUEUE_SIZE = 500  # a stream that falls this far behind re-reads the log instead
REPLAY_LIMIT = 1000  # changes sent per log read; a longer backlog is read in several goes
PIECES_IN_REPLAY = 20  # a replay longer than this sends no pieces: one whole refresh is cheaper

RESYNC = object()  # "read the log from your last id": after a reconnect, an overflow, or SQLite


class Hub:
    """The open streams of this process, by map, and the one database listener feeding them.

    Streams come and go on the event loop; SQLite commits publish from other threads, so the
    stream table is guarded by a lock and read as a snapshot.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.streams = defaultdict(set)  # journey id -> {(loop, queue)}
        self.listeners = {}  # event loop -> listener task (PostgreSQL), while it has streams
        self.listening = {}  # event loop -> asyncio.Event, set while LISTEN is active
        self.per_user = Counter()  # user id -> streams held (opened and not yet ended)

    def hold(self, user_id):
        """A release() for one more stream of this user (any key: a user, a participant), or
        None when they hold their most."""
        with self.lock:
            if self.per_user[user_id] >= STREAMS_PER_USER:
                return None
            self.per_user[user_id] += 1
        released = threading.Event()

        def release():
            with self.lock:
                if not released.is_set():
                    released.set()
                    self.per_user[user_id] -= 1
                    if self.per_user[user_id] <= 0:
                        del self.per_user[user_id]

        return release

    def subscribe(self, journey_id):
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue(QUEUE_SIZE)
        with self.lock:
            self.streams[journey_id].add((loop, queue))
        if connection.vendor == "postgresql" and loop not in self.listeners:
            self.listening[loop] = asyncio.Event()
            self.listeners[loop] = loop.create_task(self._listen(loop))
        return queue

    def unsubscribe(self, journey_id, queue):
        with self.lock:
            subscribers = self.streams.get(journey_id, set())
            subscribers.difference_update({s for s in subscribers if s[1] is queue})
            if not subscribers:
                self.streams.pop(journey_id, None)
            loops_in_use = {loop for subs in self.streams.values() for loop, _ in subs}
        # The last stream of a loop is gone: stop its listener (the next stream starts one).
        for loop in [loop for loop in self.listeners if loop not in loops_in_use]:
            task = self.listeners.pop(loop)
            self.listening.pop(loop, None)
            if loop.is_running():
                loop.call_soon_threadsafe(task.cancel)

    def _snapshot(self, journey_id=None):
        with self.lock:
            if journey_id is None:
                return [s for subs in self.streams.values() for s in subs]
            return list(self.streams.get(journey_id, ()))

    async def ready(self, timeout=2.0):
        """Wait (briefly) until this process listens, so a replay cannot miss a change."""
        listening = self.listening.get(asyncio.get_running_loop())
        if listening is not None:
            try:
                await asyncio.wait_for(listening.wait(), timeout)
            except TimeoutError:
                pass  # database down: the listener resyncs every stream once it connects

    def count(self):
        return len(self._snapshot())

    # --- fan-out ---
    @staticmethod
    def _offer(queue, item):
        try:
            queue.put_nowait(item)
        except asyncio.QueueFull:
            # Too far behind: drop the backlog and let the stream re-read the log.
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(RESYNC)

    def publish(self, journey_id, item):
        """From the event loop thread."""
        for _loop, queue in self._snapshot(journey_id):
            self._offer(queue, item)

    def publish_threadsafe(self, event):
        """From any thread (SQLite fallback): wake the map's streams on their own loops."""
        for loop, queue in self._snapshot(event["journey"]):
            try:
                loop.call_soon_threadsafe(self._offer, queue, RESYNC)
            except RuntimeError:  # that loop has closed; its stream is gone
                self.unsubscribe(event["journey"], queue)

    def resync_all(self, loop):
        for stream_loop, queue in self._snapshot():
            if stream_loop is loop:
                self._offer(queue, RESYNC)

    # --- PostgreSQL listener ---
    async def _listen(self, loop):
        delay = 0.2
        while True:  # for the life of the process: reconnect after every failure
            try:
                async with await psycopg.AsyncConnection.connect(
                    **conninfo(), autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {changes.CHANNEL}")
                    self.listening.get(loop, asyncio.Event()).set()
                    delay = 0.2
                    # Changes made while we were not listening are in the log: re-read it.
                    self.resync_all(loop)
                    async for notice in conn.notifies():
                        event = json.loads(notice.payload)
                        self.publish(event["journey"], event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # connection lost or refused: retry with backoff
                log.warning("live listener: %s; reconnecting in %.1fs", exc, delay)
            self.listening.get(loop, asyncio.Event()).clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


hub = Hub()
changes.LOCAL_LISTENERS.append(hub.publish_threadsafe)


def conninfo():
    db = settings.DATABASES["default"]
    params = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    return {k: v for k, v in params.items() if v}


# --- the stream ---------------------------------------------------------------------------
# A stream lives for hours; it must not hold a database connection all that time (PostgreSQL
# allows ~100). So each read takes a connection and gives it back, a few at a time per process.
DB_SLOTS = 8
_db_slots = {}  # event loop -> asyncio.Semaphore


def _then_close(fn, *args):
    try:
        return fn(*args)
    finally:
        if not connection.in_atomic_block:  # (tests run inside a transaction: keep it)
            connection.close()


async def use_db(fn, *args):
    loop = asyncio.get_running_loop()
    slots = _db_slots.setdefault(loop, asyncio.Semaphore(DB_SLOTS))
    async with slots:
        return await sync_to_async(_then_close)(fn, *args)


def _read_log(journey_id, after_id):
    """Changes of a map after `after_id`, oldest first."""
    rows = Change.objects.filter(journey_id=journey_id, pk__gt=after_id).order_by("pk")
    return [changes.event_of(c) for c in rows[:REPLAY_LIMIT]]


def _may_listen(request, pk, need="view"):
    return journeys_of(request.user, need).filter(pk=pk).exists()


def _for_role(view, may_edit):
    """The editor's pieces carry edit controls: a member who may not edit gets the read-only
    editor's ("reader": the page fetches its own fragment, drawn for its role)."""
    if view is not None and view[0] == "editor" and not may_edit:
        return ("reader", *view[1:])
    return view


def _listener(request):
    """(session key, user id) of the request, read in a thread (the session loads lazily)."""
    return request.session.session_key, request.user.pk


def _still_signed_in(session_key, user_id, pk):
    """Is the session still logged in as this user (not logged out, password unchanged), and may
    that user still listen to the map? Read afresh from the session store each time."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    request.user = auth.get_user(request)
    return request.user.pk == user_id and _may_listen(request, pk)


def format_event(event, ops=False):
    """An SSE message; with `ops` (a list, or None for "refresh the whole view"), the pieces."""
    data = event if ops is False else {**event, "ops": ops}
    return f"id: {event['id']}\nevent: change\ndata: {json.dumps(data)}\n\n"


class Pieces:
    """Each change's message for each view kind, rendered once for all the streams of this
    process that show that view (they await the same task), and kept for the last few
    hundred changes."""

    KEEP = 500

    def __init__(self):
        self.messages = {}  # (event loop, change id, view) -> task giving the SSE message

    async def message(self, event, view):
        loop = asyncio.get_running_loop()
        key = (loop, event["id"], view)
        task = self.messages.get(key)
        if task is None:
            task = self.messages[key] = loop.create_task(self._render(event, view))
            while len(self.messages) > self.KEEP:
                del self.messages[next(iter(self.messages))]
        return await asyncio.shield(task)

    @staticmethod
    async def _render(event, view):
        try:
            ops = await use_db(_draw_pieces, event, view)
        except Exception:  # a piece that cannot be drawn: the page refreshes whole instead
            log.exception("live pieces of change %s for %s", event["id"], view[0])
            ops = None
        return format_event(event, ops)


def _draw_pieces(event, view):
    name, persona_id, language = view
    with translation.override(language):
        return pieces.pieces(event, name, persona_id)


piece_messages = Pieces()


async def _message(event, view, with_pieces=True):
    if view is None:
        return format_event(event)
    if not with_pieces:
        return format_event(event, None)
    return await piece_messages.message(event, view)


async def _stream(journey_id, last_id, still_allowed=None, view=None):
    """The events of one map, from `last_id`; with `still_allowed` (a function of no arguments,
    asked every heartbeat period), only while it answers True; with a `view` (name, persona
    id, language), with that view's pieces."""
    queue = hub.subscribe(journey_id)
    loop = asyncio.get_running_loop()
    try:
        await hub.ready()
        if last_id is None:  # no id from the client: from now on
            last_id = await use_db(changes.last_change_id, journey_id)
        yield f"retry: {RETRY_MS}\n: connected\n\n"
        pending = RESYNC
        check_at = loop.time() + HEARTBEAT_SECONDS
        while True:  # until the client goes away (the server cancels us) or its access ends
            if pending is RESYNC:
                try:
                    events = await use_db(_read_log, journey_id, last_id)
                    with_pieces = len(events) <= PIECES_IN_REPLAY
                    while events:
                        for event in events:
                            yield await _message(event, view, with_pieces)
                            last_id = event["id"]
                        full = len(events) >= REPLAY_LIMIT
                        events = await use_db(_read_log, journey_id, last_id) if full else []
                except (OperationalError, InterfaceError) as exc:
                    # Database gone for a moment: keep the stream, read the log again shortly
                    # (the listener resyncs every stream too once it is back).
                    log.warning("live stream: %s; reading the log again in 1s", exc)
                    yield ": database unavailable, retrying\n\n"
                    await asyncio.sleep(1)
                    continue
            elif pending is not None and pending["id"] > last_id:
                yield await _message(pending, view)
                last_id = pending["id"]
            try:
                wait = max(0.0, check_at - loop.time())
                pending = await asyncio.wait_for(queue.get(), wait)
            except TimeoutError:
                pending = None
            if loop.time() >= check_at:  # every period, busy or idle
                if still_allowed is not None and not await use_db(still_allowed):
                    return
                check_at = loop.time() + HEARTBEAT_SECONDS
                if pending is None:
                    yield ": heartbeat\n\n"  # keeps idle connections open through proxies
    finally:
        hub.unsubscribe(journey_id, queue)


async def _held(stream, release):
    """`stream`, giving its user's slot back when it ends."""
    try:
        async for chunk in stream:
            yield chunk
    finally:
        release()


def _start_id(request, params=None):
    header = request.headers.get("Last-Event-ID") if params is None else None
    for raw in (header, (request.GET if params is None else params).get("last_event_id")):
        if raw and raw.strip().isascii() and raw.strip().isdigit():
            return int(raw.strip())
    return None


def _view(request, params=None):
    """(name, persona id, language) of the page that opened the stream, if it takes pieces."""
    params = request.GET if params is None else params
    name = params.get("view")
    if name not in pieces.VIEWS:
        return None
    persona = params.get("persona", "")
    persona_id = int(persona) if persona.isascii() and persona.isdigit() else None
    return name, persona_id, translation.get_language()


@require_GET
async def events(request, pk):
    """The map's changes as text/event-stream; members of its workspace may listen (404
    otherwise, journeys/access.py)."""
    if not await use_db(_may_listen, request, pk):
        raise Http404(_("No such map."))
    if not hasattr(request, "scope"):
        # Under WSGI (runserver, the WSGI test server) a stream would tie up a worker for ever.
        # 204 tells EventSource not to reconnect; live updates need the ASGI server (uvicorn).
        return HttpResponse(status=204)
    session_key, user_id = await use_db(_listener, request)
    still_allowed = functools.partial(_still_signed_in, session_key, user_id, pk)
    view = _for_role(_view(request), await use_db(_may_listen, request, pk, "edit"))
    return stream_response(request, pk, ("user", user_id), still_allowed, view)


def stream_response(request, journey_id, holder, still_allowed, view=None):
    """The event stream of a map for `holder` (who holds at most STREAMS_PER_USER of them in
    this process: a user, a workshop participant), while `still_allowed()` says so."""
    release = hub.hold(holder)
    if release is None:
        message = _("Too many live views are open; close some tabs of this app and reload.")
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    view = _view(request) if view is None else view
    stream = _stream(journey_id, _start_id(request), still_allowed, view)
    return _sse_response(stream, release)


def _sse_response(stream, release):
    """`stream` as text/event-stream, giving its holder's place back when it ends."""
    stream = _held(stream, release)
    weakref.finalize(stream, release)  # a stream never started (client gone) frees its slot too
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


# --- one connection for all the tabs of a browser ------------------------------------------
# A browser keeps at most six HTTP/1.1 connections to a host: with a stream per tab, the
# seventh tab of the app never loads. So the tabs of a browser share one connection
# (static/js/live-worker.js, a SharedWorker): it names each tab's map stream in `s` (the
# path and query the tab would have opened), and gets their events on it, each map's as
# event type "s<n>" (n: its place in the list), and "gone" with n as data when one ends.
MAX_SHARED = 40  # streams in one shared connection: tabs of one browser


def _shared_stream(raw):
    """(map id, query) of one entry of `s`: a map's stream path with its query, or None."""
    path, _, query = raw.partition("?")
    try:
        match = resolve(path)
    except Http404:
        return None
    if match.view_name != "journeys:events":
        return None
    return match.kwargs["pk"], QueryDict(query)


def _maps_they_may_see(request, ids, need="view"):
    return set(journeys_of(request.user, need).filter(pk__in=ids).values_list("pk", flat=True))


async def _merged(streams, gone):
    """The messages of several streams {n: stream} as one, each map's typed "s<n>"."""
    queue = asyncio.Queue()

    async def pump(n, stream):
        try:
            async for chunk in stream:
                await queue.put(chunk.replace("event: change\n", f"event: s{n}\n", 1))
        finally:
            await queue.put(n)  # this one ended (its login or its access)

    tasks = [asyncio.ensure_future(pump(n, stream)) for n, stream in streams.items()]
    try:
        for n in gone:
            yield f"event: gone\ndata: {n}\n\n"
        running = len(tasks)
        while running:
            item = await queue.get()
            if isinstance(item, int):
                running -= 1
                yield f"event: gone\ndata: {item}\n\n"
            else:
                yield item
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@require_GET
async def shared_events(request):
    """The streams of every live tab of one browser, in one connection (see above). Holds one
    of the user's STREAMS_PER_USER places however many tabs share it."""
    wanted = [_shared_stream(raw) for raw in request.GET.getlist("s")[:MAX_SHARED]]
    if not wanted:
        return HttpResponse(status=400)
    if not hasattr(request, "scope"):  # under WSGI: see events()
        return HttpResponse(status=204)
    session_key, user_id = await use_db(_listener, request)
    if user_id is None:
        return HttpResponse(status=204)  # signed out: the tabs' next fetch says so
    ids = {w[0] for w in wanted if w}
    allowed = await use_db(_maps_they_may_see, request, ids)
    editable = await use_db(_maps_they_may_see, request, ids, "edit")
    release = hub.hold(("user", user_id))
    if release is None:
        message = _("Too many live views are open; close some tabs of this app and reload.")
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    streams, gone = {}, []
    for n, entry in enumerate(wanted):
        if entry is None or entry[0] not in allowed:
            gone.append(n)
            continue
        pk, params = entry
        still_allowed = functools.partial(_still_signed_in, session_key, user_id, pk)
        view = _for_role(_view(request, params), pk in editable)
        streams[n] = _stream(pk, _start_id(request, params), still_allowed, view)
    return _sse_response(_merged(streams, gone), release)
