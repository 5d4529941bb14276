"""The official holiday calendar as supervisors extend it (see :mod:`casefiles.workdays`)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from casefiles.workdays import LIBRARY_YEARS


class CalendarDay(models.Model):
    """One day whose status differs from Monday-to-Friday, or from the built-in calendar."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (no work)")
        WORKING_DAY = "working_day", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True, help_text=_("The holiday, e.g. 春节."))
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The notice that sets this day, e.g. 国务院办公厅关于2027年部分节假日安排的通知."),
    )

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name"), FieldPanel("source")]

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}{f' · {self.name}' if self.name else ''}"

    def clean(self):
        if self.kind == self.Kind.WORKING_DAY and self.date and self.date.weekday() < 5:
            message = _("A make-up working day is a Saturday or Sunday; %(date)s is a working day anyway.")
            raise ValidationError({"kind": message % {"date": self.date.isoformat()}})


class CalendarYear(models.Model):
    """A year whose official holiday arrangement has been entered in full as calendar days."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2200)]
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("The State Council notice on the year's holidays, with its number."),
    )

    panels = [FieldPanel("year"), FieldPanel("source")]

    class Meta:
        verbose_name = _("official calendar year")
        verbose_name_plural = _("official calendar years")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def clean(self):
        if self.year in LIBRARY_YEARS:
            message = _("The official calendar of %(year)s is built in; enter a correction as a calendar day.")
            raise ValidationError({"year": message % {"year": self.year}})
