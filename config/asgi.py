import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()

if settings.DEBUG:
    # Development: serve static files before the middleware, asynchronously (WhiteNoise's
    # files are synchronous iterators, which Django warns about under ASGI).
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    application = ASGIStaticFilesHandler(application)

# The PDF's insights page is drawn by a Chromium kept per process (insights/static_export.py);
# starting it takes longer than the page's time budget, so start it now, in the background.
# (The tests' servers leave it to the first export: CHART_BROWSER_AT_START=0.)
if os.environ.get("CHART_BROWSER_AT_START", "1") == "1":
    from insights.static_export import renderer

    renderer.start()
