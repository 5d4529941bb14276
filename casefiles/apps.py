from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "casefiles"
    verbose_name = _("Case files")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from casefiles import policies, signal_handlers

        # Pillow's decompression-bomb limit is the configured image limit.
        Image.MAX_IMAGE_PIXELS = settings.ANJUAN_MAX_IMAGE_MEGAPIXELS * 1_000_000
        policies.register()
        signal_handlers.register()
