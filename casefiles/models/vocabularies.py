"""Controlled vocabularies: courts and causes of action (案由)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Court(index.Indexed, models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", _("Basic court")
        INTERMEDIATE = "intermediate", _("Intermediate court")
        HIGH = "high", _("High court")
        SUPREME = "supreme", _("Supreme court")
        SPECIAL = "special", _("Special court")

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(
        _("court code"),
        max_length=20,
        blank=True,
        help_text=_("The court's code as it appears in its case numbers, e.g. 鲁1502."),
    )

    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Cause(index.Indexed, models.Model):
    """A cause of action (案由), after 法发〔2020〕44号; supervisors may extend it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader cause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("source"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("cause of action")
        verbose_name_plural = _("causes of action")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.parent.name} · {self.name}" if self.parent_id else self.name
