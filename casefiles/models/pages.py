"""The case-file page tree: CaseLibrary → CaseFile → Filing / EvidenceList / Judgment.

Case pages never have a public URL: they are not under any Wagtail site and
their ``serve`` answers 404. Who may see or change them is decided by
:mod:`casefiles.access` from guardian permissions on the CaseFile.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import camelcase_to_underscore
from wagtail.models import Orderable, Page
from wagtail.search import index

from casefiles import case_numbers, principal_head
from casefiles.handling_units import Reconsideration
from casefiles.page_forms import CaseDocumentsPageForm, CaseFileForm, CasePageForm
from casefiles.panels import DocumentsPanel

# Panels for the files of a page: those already filed, and a field to add more.
FILE_PANELS = [DocumentsPanel(), FieldPanel("upload_files")]

# CaseLibrary pages are children of the tree root, CaseFiles their children.
# casefiles.access relies on these depths to find a page's case file by path.
CASE_LIBRARY_DEPTH = 2
CASE_FILE_DEPTH = 3


class Instance(models.TextChoices):
    FIRST = "first", _("First instance")
    APPEAL = "appeal", _("Second instance (appeal)")
    RETRIAL = "retrial", _("Retrial")


class CasePage(Page):
    """What every page of the case-file tree shares."""

    base_form_class = CasePageForm
    is_creatable = False
    promote_panels = []
    settings_panels = []

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        from casefiles.policies import CasePagePermissionTester

        return CasePagePermissionTester(user, self)

    def get_template(self, request, *args, **kwargs):
        # Only the admin preview renders case pages: a printable record of the page.
        return f"casefiles/pages/{camelcase_to_underscore(type(self).__name__)}.html"

    def get_url_parts(self, request=None):
        return None

    def serve(self, request, *args, **kwargs):
        raise Http404

    def can_move_to(self, parent):
        # Case content keeps its place: a filing never moves to another case file.
        return super().can_move_to(parent) and (self.get_parent().pk == parent.pk or isinstance(self, CaseFile))

    @property
    def case_file(self):
        if isinstance(self, CaseFile):
            return self
        if isinstance(self, CaseLibrary):
            return None
        return CaseFile.objects.filter(path=self.path[: CASE_FILE_DEPTH * self.steplen]).first()


class CaseLibrary(CasePage):
    agency = models.OneToOneField(
        "casefiles.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="case_library",
    )

    is_creatable = True
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["casefiles.CaseFile"]
    content_panels = [FieldPanel("title"), FieldPanel("agency")]

    class Meta:
        verbose_name = _("case library")
        verbose_name_plural = _("case libraries")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and parent.depth == CASE_LIBRARY_DEPTH - 1

    def can_move_to(self, parent):
        return parent.depth == CASE_LIBRARY_DEPTH - 1 and super(CasePage, self).can_move_to(parent)


class CaseFile(CasePage):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        IN_PROGRESS = "in_progress", _("In progress")
        JUDGED = "judged", _("Judged")
        CLOSED = "closed", _("Closed")
        ARCHIVED = "archived", _("Archived")

    case_number = models.CharField(
        _("case number"),
        max_length=64,
        help_text=_("As on the court's papers, e.g. （2024）鲁1502行初123号; any bracket style."),
    )
    case_number_key = models.CharField(max_length=64, editable=False, db_index=True)
    case_year = models.PositiveSmallIntegerField(_("year"), editable=False, null=True, db_index=True)
    court = models.ForeignKey("casefiles.Court", verbose_name=_("court"), on_delete=models.PROTECT)
    instance = models.CharField(_("instance"), max_length=10, choices=Instance.choices)
    cause = models.ForeignKey("casefiles.Cause", verbose_name=_("cause of action"), on_delete=models.PROTECT)
    handling_unit = models.ForeignKey(
        "casefiles.Agency",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="handled_case_files",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_case_files",
    )
    date_received = models.DateField(_("date papers received"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    # The facts the handling-unit rules read (casefiles/handling_units.py).
    reconsidered = models.CharField(
        _("administrative reconsideration"),
        max_length=10,
        choices=Reconsideration.choices,
        default=Reconsideration.NONE,
    )
    acting_department = models.ForeignKey(
        "casefiles.Agency",
        verbose_name=_("department that took the action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The department that carried out the act under suit (具体实施部门), or the lead department."),
    )
    # Codes of casefiles.principal_head.CRITERIA the case meets.
    principal_head_criteria = models.JSONField(_("the principal head must appear because"), default=list, blank=True)

    parent_page_types = ["casefiles.CaseLibrary"]
    subpage_types = ["casefiles.Filing", "casefiles.EvidenceList", "casefiles.Judgment"]
    is_creatable = True
    base_form_class = CaseFileForm

    content_panels = [
        FieldPanel("title", help_text=_("e.g. 张某诉区自然资源和规划局房屋征收决定案")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("case_number"), FieldPanel("instance")]),
                FieldRowPanel([FieldPanel("court"), FieldPanel("cause")]),
                FieldRowPanel([FieldPanel("date_received"), FieldPanel("status")]),
            ],
            heading=_("Case"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reconsidered"), FieldPanel("acting_department")]),
                FieldRowPanel([FieldPanel("handling_unit"), FieldPanel("officer")]),
            ],
            heading=_("Handling"),
        ),
        MultiFieldPanel([FieldPanel("principal_head_criteria")], heading=_("Principal head")),
        InlinePanel("parties", heading=_("Parties"), label=_("Party"), min_num=2),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("case_number"),
        index.AutocompleteField("case_number"),
        index.RelatedFields("parties", [index.SearchField("name")]),
        index.FilterField("case_year"),
    ]

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        permissions = [("share_casefile", "Can grant and revoke access to case files")]
        constraints = [
            models.UniqueConstraint(
                fields=["court", "case_number_key"],
                name="casefile_case_number_unique_per_court",
                violation_error_message=_("This court already has a case file with this case number."),
            )
        ]

    @property
    def needs_principal_head(self):
        """Does the case meet a criterion for the principal head to appear (001 第二十二条 etc.)?"""
        return bool(principal_head.met(self.principal_head_criteria))

    @property
    def defendant_agencies(self):
        return [p.agency for p in self.parties.all() if p.role == Party.Role.DEFENDANT and p.agency_id]

    def clean(self):
        super().clean()
        errors = {}
        try:
            number = case_numbers.parse(self.case_number)
        except ValidationError as e:
            errors["case_number"] = e
        else:
            self.case_number = number.display
            self.case_number_key = number.key
            self.case_year = number.year
            if number.instance and self.instance and number.instance != self.instance:
                errors["instance"] = ValidationError(
                    _("The case-type code %(kind)s means %(expected)s, not %(chosen)s."),
                    params={
                        "kind": number.kind,
                        "expected": Instance(number.instance).label,
                        "chosen": Instance(self.instance).label,
                    },
                )
            if self.court_id:
                clash = CaseFile.objects.filter(court_id=self.court_id, case_number_key=number.key)
                if self.pk:
                    clash = clash.exclude(pk=self.pk)
                if clash.exists():
                    errors["case_number"] = ValidationError(
                        _("This court already has a case file with this case number: %(title)s."),
                        params={"title": clash.first().title},
                    )
        if self.officer_id and self.handling_unit_id:
            from casefiles.models.agencies import AgencyMembership
            from casefiles.roles import Role

            if not AgencyMembership.objects.filter(
                agency_id=self.handling_unit_id, user_id=self.officer_id, role=Role.OFFICER
            ).exists():
                errors["officer"] = ValidationError(_("The case officer must be a case officer of the handling unit."))
        unknown = set(self.principal_head_criteria or ()) - set(principal_head.BY_CODE)
        if unknown:
            errors["principal_head_criteria"] = ValidationError(
                _("Unknown criteria: %(codes)s."), params={"codes": "、".join(sorted(unknown))}
            )
        if errors:
            raise ValidationError(errors)

    # Saving any of these may change who holds access by rule.
    GRANT_FIELDS = {"handling_unit", "parties"}

    def save(self, *args, **kwargs):
        if self.case_number and not self.case_number_key:
            number = case_numbers.parse(self.case_number)
            self.case_number, self.case_number_key, self.case_year = number.display, number.key, number.year
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.GRANT_FIELDS & set(update_fields):
            # Parties are committed by ClusterableModel.save, so grants see them.
            from casefiles.access import sync_automatic_grants

            sync_automatic_grants(self)
        return result


class Party(Orderable):
    class Role(models.TextChoices):
        PLAINTIFF = "plaintiff", _("Plaintiff")
        DEFENDANT = "defendant", _("Defendant")
        THIRD_PARTY = "third_party", _("Third party")

    class Kind(models.TextChoices):
        PERSON = "person", _("Natural person")
        ORGANISATION = "organisation", _("Legal person or organisation")
        AGENCY = "agency", _("Administrative agency")

    case_file = ParentalKey(CaseFile, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "casefiles.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For an administrative agency: the agency in Anjuan."),
    )

    panels = [
        FieldRowPanel([FieldPanel("role"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("agency")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name or (self.agency.name if self.agency_id else "")

    def clean(self):
        if self.kind == self.Kind.AGENCY and not self.agency_id:
            raise ValidationError({"agency": _("Choose the agency.")})
        if self.kind != self.Kind.AGENCY and self.agency_id:
            raise ValidationError({"agency": _("Only an administrative agency is linked to an agency.")})
        if not self.name and not self.agency_id:
            raise ValidationError({"name": _("Enter the party's name.")})


class CaseChildPage(CasePage):
    """A typed document page inside a case file."""

    parent_page_types = ["casefiles.CaseFile"]
    subpage_types = []
    is_creatable = True
    base_form_class = CaseDocumentsPageForm

    class Meta:
        abstract = True


class FilingType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    NOTICE_TO_RESPOND = "notice_to_respond", _("Notice to respond")
    NOTICE_OF_EVIDENCE = "notice_of_evidence", _("Notice of evidence")
    SUMMONS = "summons", _("Summons")
    STATEMENT_OF_DEFENCE = "statement_of_defence", _("Statement of defence")
    REPRESENTATIVE_CERTIFICATE = "representative_certificate", _("Legal representative certificate")
    POWER_OF_ATTORNEY = "power_of_attorney", _("Power of attorney")
    APPEARING_HEAD_CERTIFICATE = "appearing_head_certificate", _("Appearing head certificate")
    HEAD_ABSENCE_EXPLANATION = "head_absence_explanation", _("Explanation of the head's absence")
    EVIDENCE_EXTENSION_REQUEST = "evidence_extension_request", _("Request to extend the evidence period")
    HEARING_TRANSCRIPT = "hearing_transcript", _("Hearing transcript")
    PROOF_OF_SERVICE = "proof_of_service", _("Proof of service")
    APPEAL_PETITION = "appeal_petition", _("Appeal petition")
    APPEAL_OPINION = "appeal_opinion", _("Appeal opinion")
    JUDICIAL_RECOMMENDATION = "judicial_recommendation", _("Judicial recommendation")
    PROCURATORIAL_RECOMMENDATION = "procuratorial_recommendation", _("Procuratorial recommendation")
    RECOMMENDATION_REPLY = "recommendation_reply", _("Reply to a recommendation")
    RISK_REPORT = "risk_report", _("Litigation risk report")
    LOSS_ANALYSIS_REPORT = "loss_analysis_report", _("Loss analysis report")
    CLOSING_REPORT = "closing_report", _("Closing report")
    OTHER = "other", _("Other")


class Filing(CaseChildPage):
    filing_type = models.CharField(_("document type"), max_length=40, choices=FilingType.choices)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    issuing_body = models.CharField(_("issued by"), max_length=200, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    date_received = models.DateField(_("date received"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    content_panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("filing_type"), FieldPanel("document_number")]),
        FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("document_date"), FieldPanel("date_received")]),
        FieldPanel("note"),
        *FILE_PANELS,
    ]
    search_fields = Page.search_fields + [index.SearchField("document_number"), index.SearchField("issuing_body")]

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")


class EvidenceList(CaseChildPage):
    submitted_date = models.DateField(_("date submitted"), null=True, blank=True)

    content_panels = [
        FieldPanel("title"),
        FieldPanel("submitted_date"),
        *FILE_PANELS,
        InlinePanel("items", heading=_("Evidence items"), label=_("Evidence item")),
    ]

    class Meta:
        verbose_name = _("evidence list")
        verbose_name_plural = _("evidence lists")


class EvidenceItem(Orderable):
    """One numbered item of an evidence list (001 第十六条: 来源、证明对象、内容、证明目的)."""

    evidence_list = ParentalKey(EvidenceList, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("category"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    purpose = models.TextField(_("what it proves"), blank=True)
    pages = models.CharField(
        _("pages"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^\d+(-\d+)?$", _("Enter a page or a range such as 3-5."))],
    )
    document = models.ForeignKey(
        "casefiles.CaseDocument",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("name"), FieldPanel("source")]),
        FieldPanel("purpose"),
        FieldRowPanel([FieldPanel("pages"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")


class Judgment(CaseChildPage):
    class Kind(models.TextChoices):
        JUDGMENT = "judgment", _("Judgment")
        RULING = "ruling", _("Ruling")
        MEDIATION = "mediation", _("Mediation document")

    class Result(models.TextChoices):
        CLAIMS_DISMISSED = "claims_dismissed", _("Claims dismissed")
        REVOKED = "revoked", _("Revoked")
        PARTLY_REVOKED = "partly_revoked", _("Partly revoked")
        REVOKED_REDO = "revoked_redo", _("Revoked and ordered to act again")
        ORDERED_TO_PERFORM = "ordered_to_perform", _("Ordered to perform a duty")
        ORDERED_TO_PAY = "ordered_to_pay", _("Ordered to pay")
        CONFIRMED_ILLEGAL = "confirmed_illegal", _("Confirmed illegal")
        CONFIRMED_VOID = "confirmed_void", _("Confirmed void")
        CHANGED = "changed", _("Changed")
        COMPENSATION = "compensation", _("Compensation awarded")
        APPEAL_DISMISSED = "appeal_dismissed", _("Appeal dismissed, judgment upheld")
        REVERSED = "reversed", _("Reversed on appeal")
        REMANDED = "remanded", _("Remanded for retrial")
        SUIT_DISMISSED = "suit_dismissed", _("Suit dismissed (ruling)")
        WITHDRAWN = "withdrawn", _("Withdrawal allowed")
        MEDIATED = "mediated", _("Settled by mediation")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    instance = models.CharField(_("instance"), max_length=10, choices=Instance.choices)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    date_served = models.DateField(_("date served"), null=True, blank=True)
    date_effective = models.DateField(_("date effective"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=30, choices=Result.choices)
    result_detail = models.TextField(_("operative part"), blank=True)

    content_panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("instance"), FieldPanel("document_number")]),
        FieldRowPanel([FieldPanel("date_served"), FieldPanel("date_effective")]),
        FieldPanel("result"),
        FieldPanel("result_detail"),
        *FILE_PANELS,
    ]
    search_fields = Page.search_fields + [index.SearchField("document_number")]

    class Meta:
        verbose_name = _("judgment or ruling")
        verbose_name_plural = _("judgments and rulings")

    def clean(self):
        super().clean()
        if self.date_served and self.date_effective and self.date_effective < self.date_served:
            raise ValidationError({"date_effective": _("A decision cannot take effect before it is served.")})
