import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from journeys.catalog import DEMO_MAP
from journeys.interchange import import_document

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-journeys"


class Command(BaseCommand):
    help = "Create the demo user and the demo map (the first-guitar journey), once."

    def handle(self, *args, **options):
        user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        journey = user.journeys.first()
        if journey is None:
            doc = json.loads(DEMO_MAP.read_text(encoding="utf-8"))
            journey = import_document(doc, user)
        url = f"{settings.SITE_URL or 'http://127.0.0.1:8000'}{journey.get_absolute_url()}"
        self.stdout.write(f"Demo map: {url}  (log in as {DEMO_USERNAME} / {DEMO_PASSWORD})")
