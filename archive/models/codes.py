"""Archival codes (档号): one per archived case file, from a gap-free sequence per fonds and year.

DA/T 22-2015 (归档文件整理规则) builds the code from 全宗号-年度-保管期限-件号;
004 第二十四条 numbers by year, one case one number (按年度排列序号，一案一号).
The pattern is a setting (``ANJUAN_ARCHIVAL_CODE_PATTERN``).

Numbers come from a :class:`CodeCounter` row per (fonds, year), locked with
``SELECT … FOR UPDATE`` in the transaction that archives the case file: if that
transaction fails, the number goes back with it, so the sequence has no gaps;
archivists archiving at the same time wait for each other on that row. A case
file keeps its code forever (archiving it again gives it back the same code)
and a number is never handed out twice; the unique constraints on
:class:`ArchivalCode` are the last line of defence.
"""

import string

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.retention import Retention

PATTERN_FIELDS = {"fonds", "year", "retention", "item"}
# Without these a code would not be unique.
REQUIRED_PATTERN_FIELDS = {"fonds", "year", "item"}


class ArchivalCodeError(Exception):
    """A code that cannot be made; the message is for the archivist."""


def check_pattern(pattern):
    """Raise ImproperlyConfigured unless ``pattern`` is a usable code pattern."""
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError as e:
        raise ImproperlyConfigured(f"ANJUAN_ARCHIVAL_CODE_PATTERN {pattern!r}: {e}") from e
    unknown = fields - PATTERN_FIELDS
    missing = REQUIRED_PATTERN_FIELDS - fields
    if unknown or missing:
        raise ImproperlyConfigured(
            f"ANJUAN_ARCHIVAL_CODE_PATTERN {pattern!r}: use the fields {sorted(PATTERN_FIELDS)}; "
            f"unknown {sorted(unknown)}, missing {sorted(missing)}"
        )


def format_code(fonds, year, retention, item, pattern=None):
    """The archival code, e.g. J012-2024-D30-0007 with the default pattern."""
    pattern = pattern or settings.ANJUAN_ARCHIVAL_CODE_PATTERN
    check_pattern(pattern)
    return pattern.format(fonds=fonds, year=year, retention=retention, item=item)


class CodeCounter(models.Model):
    """The last item number given out in one fonds and year."""

    fonds = models.CharField(_("fonds code"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last item number"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fonds", "year"], name="archive_code_counter_unique")]

    def __str__(self):
        return f"{self.fonds}-{self.year}: {self.last_number}"


class ArchivalCode(models.Model):
    case_file = models.OneToOneField(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="archival_code"
    )
    fonds = models.CharField(_("fonds code"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    retention = models.CharField(_("retention"), max_length=3, choices=Retention.choices)
    item_number = models.PositiveIntegerField(_("item number"))
    code = models.CharField(_("archival code"), max_length=64, unique=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("archival code")
        verbose_name_plural = _("archival codes")
        constraints = [
            models.UniqueConstraint(fields=["fonds", "year", "item_number"], name="archival_code_item_unique"),
        ]

    def __str__(self):
        return self.code


def next_number(fonds, year):
    """Take the next item number of (fonds, year); must run inside the transaction that uses it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that stores the code")
    # When two transactions both find no row, the second INSERT waits for the
    # first to commit and fails; get_or_create then reads (and locks) that row.
    counter = CodeCounter.objects.select_for_update().get_or_create(fonds=fonds, year=year)[0]
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def fonds_of(case_file):
    """The fonds code of the agency whose case library holds ``case_file``."""
    from casefiles.access import library_of_page

    agency = library_of_page(case_file).agency
    if not agency.fonds_code:
        raise ArchivalCodeError(
            gettext(
                "The agency “%(agency)s” has no fonds code, so no archival code can be made; "
                "enter it in the agency's settings."
            )
            % {"agency": agency.name}
        )
    return agency.fonds_code


def year_of(case_file, today):
    """The year of the archival code: the year the case file was formed, i.e. the case closed.

    DA/T 22-2015 files by the year a file was formed (文件形成年度); a case file
    is formed when its closing document takes effect (004 第二十四条 counts from
    the closing document). That is the decisive judgment's effective date, else
    the date it was served; without either, ``today`` (the archiving date).
    """
    from casefiles.models import Judgment
    from casefiles.outcomes import decisive_judgment

    judgment = decisive_judgment(Judgment.objects.child_of(case_file).live())
    closed = judgment and (judgment.date_effective or judgment.date_served)
    return (closed or today).year


def assign_code(case_file, *, fonds, year, retention, user):
    """The case file's archival code: its own if it ever had one, else a new number of (fonds, year)."""
    existing = ArchivalCode.objects.filter(case_file=case_file).first()
    if existing is not None:
        return existing
    item = next_number(fonds, year)
    return ArchivalCode.objects.create(
        case_file=case_file,
        fonds=fonds,
        year=year,
        retention=retention,
        item_number=item,
        code=format_code(fonds, year, retention, item),
        assigned_by=user,
    )
