from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "journeys"

    def ready(self):
        # Every save/delete of a map's parts goes to the change log and the live views.
        from . import signals

        signals.connect()
