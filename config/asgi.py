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
