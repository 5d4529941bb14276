from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archiving")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import signal_handlers

        signal_handlers.register(self)
