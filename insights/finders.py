"""plotly.js from the installed plotly package, as a static file: no CDN and no copy in the
repository, so a workshop room without internet draws charts and upgrading plotly upgrades
plotly.js. The file is found at `vendor/plotly-<version>/plotly.min.js` (pinned by name, like
static/vendor/), by `{% static %}` in development and by `collectstatic` for production, which
then compresses and hashes it with the app's own files."""

import re
from functools import cache
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"
PLOTLY_FILE = "plotly.min.js"
PREFIX = f"vendor/plotly-{plotly.__version__}"
PLOTLY_JS = f"{PREFIX}/{PLOTLY_FILE}"  # the path to give {% static %}


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PLOTLY_DIR)
        self.storage.prefix = PREFIX  # collectstatic puts the file under it

    def find(self, path, find_all=False, **kwargs):
        if path != PLOTLY_JS:
            return []
        found = str(PLOTLY_DIR / PLOTLY_FILE)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield PLOTLY_FILE, self.storage


@cache
def bundled_style_ids():
    """Ids of the <style> elements plotly.js writes with text as it loads (the map traces'
    stylesheet), which the policy would refuse. It writes one only if no element has its id
    yet, so the page puts an empty, nonced one there first; the ids are read from the file, so
    an upgrade that changes them needs no edit here."""
    source = (PLOTLY_DIR / PLOTLY_FILE).read_text(encoding="utf-8")
    return re.findall(
        r'getElementById\("([\w-]+)"\)\)\{var \w+=document\.createElement\("style"\)', source
    )
