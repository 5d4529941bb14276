"""The typical-case library (典型案例库, 001 第四十二条, 004 第二十一条): its public pages and their redaction.

The public site is a page tree of its own, the default Site's root::

    PublicHomePage 首页
    └── TypicalCaseLibraryPage 典型案例库 (/cases/: listing, search, Atom feed)
        ├── TypicalCasePage 典型案例 (/cases/<slug>/)
        └── TypicalCaseCollectionPage 年度典型案例 (/cases/<slug>/: the cases an annual selection chose)

A :class:`TypicalCasePage` is drafted from a concluded case file when somebody
nominates it (:class:`Nomination`); nothing of the case file itself is public.
Before it is published its texts are redacted: every replacement found is a
:class:`RedactionItem` a reviewer accepts or rejects, and the reviewed texts'
digest is kept in its :class:`RedactionReview`. A page is published only
through the review workflow (:class:`TypicalCaseReviewTask`) and only with
texts whose every redaction was decided (see :mod:`archive.typical.redacting`).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, Task, TaskState

from casefiles.models import Court, Instance


class PublicPage(Page):
    """A page of the public site: served without login, never case content."""

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The address the reader used (the Site's hostname may be a placeholder), for search engines.
        context["canonical_url"] = request.build_absolute_uri(self.url)
        library = TypicalCaseLibraryPage.objects.live().public().first()
        context["library"] = library
        context["library_url"] = library.url if library else "/"
        context["feed_url"] = library.url + "feed/" if library else ""
        return context


class PublicHomePage(PublicPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["archive.TypicalCaseLibraryPage"]
    max_count = 1
    template = "public/home_page.html"

    class Meta:
        verbose_name = _("public home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest"] = TypicalCasePage.objects.live().public().order_by("-first_published_at")[:6]
        context["collections"] = TypicalCaseCollectionPage.objects.live().public().order_by("-year")[:3]
        return context


class TypicalCaseLibraryPage(RoutablePageMixin, PublicPage):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["archive.PublicHomePage"]
    subpage_types = ["archive.TypicalCasePage", "archive.TypicalCaseCollectionPage"]
    max_count = 1
    template = "public/library_page.html"

    class Meta:
        verbose_name = _("typical-case library")

    @path("")
    def listing(self, request):
        from archive.typical.public_views import library_listing

        return library_listing(self, request)

    @path("feed/")
    def feed(self, request):
        from archive.typical.feeds import TypicalCaseFeed

        return TypicalCaseFeed(self)(request)


class TypicalCasePage(PublicPage):
    source_case_file = models.ForeignKey(
        "casefiles.CaseFile",
        verbose_name=_("drafted from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="typical_cases",
        editable=False,
    )
    keywords = models.CharField(_("keywords"), max_length=200, blank=True, help_text=_("Separated by 、 or commas."))
    cause = models.CharField(_("cause of action"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year of the judgment."))
    court_level = models.CharField(_("court level"), max_length=20, choices=Court.Level.choices)
    instance = models.CharField(_("instance"), max_length=10, choices=Instance.choices)
    facts = models.TextField(_("facts (基本案情)"))
    outcome = models.TextField(_("outcome (裁判结果)"))
    significance = models.TextField(_("significance (典型意义)"))
    judgment_text = models.TextField(
        _("judgment text"),
        blank=True,
        help_text=_("Published as the case's attachment, as text: never the original scans."),
    )

    content_panels = Page.content_panels + [
        HelpPanel(template="archive/typical/redaction_status_panel.html"),
        FieldPanel("keywords"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cause"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("court_level"), FieldPanel("instance")]),
            ],
            heading=_("Case"),
        ),
        FieldPanel("facts"),
        FieldPanel("outcome"),
        FieldPanel("significance"),
        FieldPanel("judgment_text"),
    ]
    parent_page_types = ["archive.TypicalCaseLibraryPage"]
    subpage_types = []
    template = "public/typical_case_page.html"

    # What the public can read of the page: every one is redacted before it is published.
    PUBLIC_FIELDS = (
        "title",
        "seo_title",
        "search_description",
        "keywords",
        "facts",
        "outcome",
        "significance",
        "judgment_text",
    )

    class Meta:
        verbose_name = _("typical case")
        verbose_name_plural = _("typical cases")

    def public_texts(self):
        return {name: getattr(self, name) or "" for name in self.PUBLIC_FIELDS}

    def keyword_list(self):
        import re

        return [word for word in re.split(r"[、,，;；\s]+", self.keywords) if word]

    def get_meta_description(self):
        return self.search_description or self.facts[:120]

    def full_clean(self, *args, **kwargs):
        """Going live (published, by whatever path) needs a finished redaction and the workflow's approval."""
        from archive.typical.redacting import is_being_published, publication_refusal

        super().full_clean(*args, **kwargs)
        if is_being_published(self):
            refusal = publication_refusal(self)
            if refusal:
                raise ValidationError(refusal)


class TypicalCaseCollectionPage(PublicPage):
    """The typical cases an annual selection (评选) chose, published together."""

    year = models.PositiveSmallIntegerField(_("year"))
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("year"),
        FieldPanel("intro"),
        InlinePanel("entries", heading=_("Typical cases"), label=_("Typical case")),
    ]
    parent_page_types = ["archive.TypicalCaseLibraryPage"]
    subpage_types = []
    template = "public/collection_page.html"

    class Meta:
        verbose_name = _("typical-case collection")

    def cases(self):
        return [entry.case for entry in self.entries.select_related("case") if entry.case.live]


class CollectionEntry(Orderable):
    collection = ParentalKey(TypicalCaseCollectionPage, on_delete=models.CASCADE, related_name="entries")
    case = models.ForeignKey(
        TypicalCasePage, verbose_name=_("typical case"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("case")]


class Nomination(models.Model):
    """A concluded case file put forward as a typical case; its page is drafted at once."""

    case_file = models.OneToOneField(
        "casefiles.CaseFile", verbose_name=_("case file"), on_delete=models.PROTECT, related_name="nomination"
    )
    page = models.OneToOneField(
        TypicalCasePage, verbose_name=_("typical case"), on_delete=models.PROTECT, related_name="nomination"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    reason = models.TextField(_("why it is typical"))

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self):
        return str(self.case_file)


class RedactionReview(models.Model):
    """The redaction (脱敏) of one typical case: what was found, what the reviewers decided."""

    page = models.OneToOneField(TypicalCasePage, on_delete=models.CASCADE, related_name="redaction")
    # SHA-256 of the public texts as last scanned or redacted; a published page must hold exactly these.
    digest = models.CharField(max_length=64, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("redaction review")

    def __str__(self):
        return str(self.page)

    def pending(self):
        return self.items.filter(decision=RedactionItem.Decision.PENDING)


# What each redaction rule (archive/data/redaction.yaml) replaces, as reviewers read it.
RULE_LABELS = {
    "person_name": _("Name of a natural person"),
    "company_name": _("Trade name of a company"),
    "id_card": _("ID card number"),
    "phone": _("Telephone number"),
    "address": _("Home address below county level"),
    "bank_account": _("Bank account"),
    "licence_plate": _("Licence plate"),
    "property_certificate": _("Property certificate number"),
    "manual": _("Added by a reviewer"),
}


class RedactionItem(models.Model):
    """One text to replace everywhere in a typical case's public texts, and the reviewer's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet reviewed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected: stays as written")

    review = models.ForeignKey(RedactionReview, on_delete=models.CASCADE, related_name="items")
    original = models.CharField(_("original"), max_length=200)
    replacement = models.CharField(_("replacement"), max_length=200)
    rule = models.CharField(_("rule"), max_length=40)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # Where it was found, with a little text around it: {"field": …, "before": …, "after": …}.
    contexts = models.JSONField(default=list)
    occurrences = models.PositiveIntegerField(default=0)
    manual = models.BooleanField(_("added by a reviewer"), default=False)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Applied to the page's texts (the original is no longer in them).
    applied = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "original"], name="redaction_item_once_per_review")]

    def __str__(self):
        return f"{self.original} → {self.replacement}"

    @property
    def rule_label(self):
        return RULE_LABELS.get(self.rule, self.rule)


class TypicalCaseReviewTask(Task):
    """The justice bureau's review of a typical case (专家评审): approve only what is fully redacted."""

    @staticmethod
    def _may_review(user):
        from casefiles import access

        return access.can_manage_typical_cases(user)

    def user_can_access_editor(self, obj, user):
        return self._may_review(user)

    def locked_for_user(self, obj, user):
        return not self._may_review(user)

    def user_can_lock(self, obj, user):
        return self._may_review(user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        from archive.typical.redacting import publication_refusal, under_review

        if not self._may_review(user):
            return []
        actions = [("reject", _("Request changes"), True)]
        if not publication_refusal(under_review(obj), workflow_checked=False):
            actions += [("approve", _("Approve"), False), ("approve", _("Approve with comment"), True)]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        from archive.typical.redacting import publication_refusal

        if action_name == "approve":
            refusal = publication_refusal(task_state.revision.as_object(), workflow_checked=False)
            if refusal or not self._may_review(user):
                raise PermissionDenied(refusal)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self._may_review(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _("The justice bureau's supervisors approve typical cases whose redaction is complete")

    class Meta:
        verbose_name = _("typical-case review")
        verbose_name_plural = _("typical-case reviews")
