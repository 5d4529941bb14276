"""Secret addresses of users' deadline calendars (ICS feeds), which calendar apps fetch without logging in."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class DeadlineFeedToken(models.Model):
    """The secret in the address of one user's deadline feed: whoever holds it reads that user's deadlines."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="deadline_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline feed address")
        verbose_name_plural = _("deadline feed addresses")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user)
        return token

    def regenerate(self):
        """A new secret: the old address stops working."""
        self.token = new_token()
        self.save(update_fields=["token", "created_at"])
