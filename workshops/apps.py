from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = "Live workshops"

    def ready(self):
        # Notes and workshop state changes reach the facilitator's queue and the projector live.
        from . import signals

        signals.connect()
