"""The embedded search index's own rows.

An :class:`IndexedCase` is a live case file as the index knows it: the values
searches filter and count by, and its details as text. Its
:class:`IndexedPage` rows are its searchable texts (position 0: the details;
then every page of every document), each with an id that keeps the case
file's pages together: ``case file id << 20 | position``.

The full-text part is engine specific and lives beside these tables: FTS5
virtual tables on SQLite, a ``tsvector`` column with a GIN index on
PostgreSQL (see :mod:`search.backends.sqlite` and
:mod:`search.backends.postgres`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from casefiles.outcomes import Outcome


class IndexedCase(models.Model):
    case_file = models.OneToOneField(
        "casefiles.CaseFile", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    year = models.PositiveSmallIntegerField(null=True)
    cause_id = models.BigIntegerField()
    cause_parent_id = models.BigIntegerField(null=True)
    court_id = models.BigIntegerField()
    instance = models.CharField(max_length=10)
    handling_unit_id = models.BigIntegerField()
    library_agency_id = models.BigIntegerField(null=True)
    # Space-separated, with a space at each end: " 3 7 ".
    defendant_ids = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20)
    archived = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    result = models.CharField(max_length=30, blank=True)
    date = models.DateField(null=True)
    case_number_key = models.CharField(max_length=64, db_index=True)
    # Bit ``i`` set: the case file has texts in group ``i`` (search.groups).
    groups = models.IntegerField(default=0)
    signature = models.CharField(max_length=40)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indexed case file")
        verbose_name_plural = _("indexed case files")

    def __str__(self):
        return str(self.case_file_id)

    @property
    def defendants(self):
        return [int(value) for value in self.defendant_ids.split()]


class IndexedPage(models.Model):
    id = models.BigIntegerField(primary_key=True)
    case = models.ForeignKey(IndexedCase, on_delete=models.CASCADE, related_name="pages", db_column="case_file_id")
    group = models.PositiveSmallIntegerField()
    document_id = models.BigIntegerField(null=True)
    page_text_id = models.BigIntegerField(null=True)
    number = models.PositiveIntegerField(null=True)
    # The case's details as text (position 0 only); pages' text stays in ocr.PageText.
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("indexed text")
        verbose_name_plural = _("indexed texts")
        indexes = [models.Index(fields=["case", "group"])]

    def __str__(self):
        from search.documents import MAX_POSITION

        return f"{self.case_id}/{self.id & MAX_POSITION}"


class IndexGeneration(models.Model):
    """One row whose token changes with every change to ``search_indexedcase`` (database triggers).

    Searches keep the indexed case files' values in memory (:mod:`search.case_table`)
    and read this token first: a new token means the index changed, in this
    process or any other. The token is random, so a rolled-back change never
    brings an old token back with new rows.
    """

    token = models.CharField(max_length=32)
    # Case files written since the full-text tables were last compacted, and compactions since they were last
    # rebuilt (SQLite; see search.backends.sqlite).
    written = models.PositiveIntegerField(default=0)
    compactions = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("index generation")
        verbose_name_plural = _("index generations")

    def __str__(self):
        return self.token
