"""Plotly figures as SVG, for print: Kaleido drives the system Chromium (plotly.js draws the
figure there exactly as on the insights page, then exports it).

Starting Chromium takes 1.5–2 s on this machine, more than the PDF's whole budget for its
insights page (at most 1 s more than the PDF without it), so one browser is kept per process:
`renderer` opens it on first use (or at server start, config/asgi.py) in a thread of its own
with its own event loop, and every export after that only draws. All the figures of one export
are drawn in one call, and each SVG is kept in Django's cache under a hash of exactly what it
draws (figure, size, plotly.js version): an unchanged chart (the same map, a second paper
size, the same map exported again after a change elsewhere) is not drawn again.

Kaleido reloads its page after every figure, which is most of the drawing time (about 0.12 s
of 0.2 s a figure, bench/pdf.py). Plotly.toImage draws each figure in a fresh element it
removes afterwards, so the kept page needs no reload between figures: `KeptPageKaleido` skips
it. (Should a later Kaleido rename the hook, the override is merely unused: slower, not wrong.)
"""

import asyncio
import atexit
import hashlib
import json
import logging
import os
import threading

import kaleido
import plotly
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
EXPORT_TIMEOUT_SECONDS = 60
CACHE_SECONDS = 7 * 24 * 60 * 60  # keyed by content: never stale, only unused

logger = logging.getLogger(__name__)


class ChartExportError(RuntimeError):
    """The browser could not draw the charts."""


class KeptPageKaleido(kaleido.Kaleido):
    async def _return_kaleido_tab(self, tab):
        await self.tabs_ready.put(tab)


class Renderer:
    """One Kaleido (one Chromium, one page) for the process, used from any thread."""

    def __init__(self):
        self._lock = threading.Lock()
        self._loop = None
        self._kaleido = None  # a Future of the open Kaleido, in self._loop

    def start(self):
        """Open the browser in the background, if not open yet; returns at once."""
        with self._lock:
            if self._kaleido is None:
                if self._loop is None:
                    self._loop = asyncio.new_event_loop()
                    thread = threading.Thread(
                        target=self._loop.run_forever, name="chart-renderer", daemon=True
                    )
                    thread.start()
                    atexit.register(self.stop)  # no Chromium left behind when the process ends
                self._kaleido = asyncio.run_coroutine_threadsafe(self._open(), self._loop)
            return self._kaleido

    async def _open(self):
        # mathjax=False: it would be fetched from a CDN, and no chart uses it. Chromium runs as
        # choreographer starts it: headless, without the sandbox (which fails as root).
        browser = KeptPageKaleido(n=1, path=CHROMIUM, mathjax=False, timeout=30)
        await browser.open()
        return browser

    def stop(self):
        with self._lock:
            opening, self._kaleido = self._kaleido, None
        if opening is not None:
            try:
                browser = opening.result(timeout=EXPORT_TIMEOUT_SECONDS)
                asyncio.run_coroutine_threadsafe(browser.close(), self._loop).result(30)
            except Exception:  # a browser that never opened or already died: nothing to close
                logger.exception("Closing the chart renderer failed")

    def draw(self, specs):
        """SVG text of each (figure, width, height) in `specs`, drawn in one call."""

        async def draw_all(browser):
            images = await asyncio.gather(
                *(
                    browser.calc_fig(figure, opts={"format": "svg", "width": w, "height": h})
                    for figure, w, h in specs
                )
            )
            return [image.decode("utf-8") for image in images]

        for attempt in (1, 2):  # a browser that died since the last export is started again
            try:
                browser = self.start().result(timeout=EXPORT_TIMEOUT_SECONDS)
                future = asyncio.run_coroutine_threadsafe(draw_all(browser), self._loop)
                return future.result(timeout=EXPORT_TIMEOUT_SECONDS)
            except Exception as error:
                logger.warning("Drawing charts failed (attempt %s): %r", attempt, error)
                self.stop()
                if attempt == 2:
                    raise ChartExportError(str(error)) from error


renderer = Renderer()


def plain(figure):
    """The figure as plain JSON data: lazy translations become text."""
    return json.loads(json.dumps(figure, cls=DjangoJSONEncoder))


def cache_key(figure, width, height):
    text = json.dumps([figure, width, height, plotly.__version__], sort_keys=True)
    return "chart-svg:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def figures_as_svg(specs):
    """SVG text of each (figure, width, height), from the cache or drawn (all at once)."""
    specs = [(plain(figure), width, height) for figure, width, height in specs]
    keys = [cache_key(*spec) for spec in specs]
    found = cache.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in found]
    if missing:
        drawn = renderer.draw([specs[i] for i in missing])
        new = {keys[i]: svg for i, svg in zip(missing, drawn, strict=True)}
        cache.set_many(new, CACHE_SECONDS)
        found.update(new)
    return [found[key] for key in keys]
