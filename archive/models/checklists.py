"""The completeness checklist: which documents a case file must hold before it is archived.

Rows are data a supervisor edits in the admin (seeded from ``data/checklist.yaml``);
each item names the documents that satisfy it. An item with several
alternatives is met by any one of them: 出庭应诉负责人身份证明 *or* the
explanation of the head's absence (001 第十九条, 第二十条).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from casefiles.models.pages import FilingType, Instance

EVIDENCE_LIST = "evidence_list"
JUDGMENT = "judgment"
FILING_PREFIX = "filing:"


def document_kind_choices():
    """Every kind of case document an item may ask for: the filing types, the evidence list, the judgment."""
    return [
        *((f"{FILING_PREFIX}{value}", label) for value, label in FilingType.choices),
        (EVIDENCE_LIST, _("Evidence list")),
        (JUDGMENT, _("Judgment, ruling or mediation document")),
    ]


class ChecklistItemQuerySet(models.QuerySet):
    def for_case_file(self, case_file):
        """The active items that apply to ``case_file`` (its instance and cause)."""
        instance_field = {
            Instance.FIRST: "first_instance",
            Instance.APPEAL: "appeal",
            Instance.RETRIAL: "retrial",
        }[case_file.instance]
        return (
            self.filter(active=True, **{instance_field: True})
            .filter(models.Q(cause__isnull=True) | models.Q(cause_id=case_file.cause_id))
            .prefetch_related("alternatives")
            .order_by("sort_order", "pk")
        )


class ChecklistItem(ClusterableModel):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("document required"), max_length=100)
    source = models.CharField(_("source"), max_length=200, help_text=_("The provision that requires it."))
    first_instance = models.BooleanField(_("first instance"), default=True)
    appeal = models.BooleanField(_("second instance (appeal)"), default=True)
    retrial = models.BooleanField(_("retrial"), default=True)
    cause = models.ForeignKey(
        "casefiles.Cause",
        verbose_name=_("only for the cause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for every cause of action."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    objects = ChecklistItemQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("code")]),
        FieldPanel("source"),
        FieldRowPanel([FieldPanel("first_instance"), FieldPanel("appeal"), FieldPanel("retrial")]),
        FieldRowPanel([FieldPanel("cause"), FieldPanel("sort_order"), FieldPanel("active")]),
        InlinePanel(
            "alternatives",
            heading=_("Satisfied by any of"),
            label=_("Document"),
            min_num=1,
        ),
    ]

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("archiving checklist")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.label


class ChecklistAlternative(Orderable):
    item = ParentalKey(ChecklistItem, on_delete=models.CASCADE, related_name="alternatives")
    kind = models.CharField(_("document"), max_length=60, choices=document_kind_choices)

    panels = [FieldPanel("kind")]

    class Meta(Orderable.Meta):
        verbose_name = _("document that satisfies the item")
        verbose_name_plural = _("documents that satisfy the item")
        constraints = [
            models.UniqueConstraint(fields=["item", "kind"], name="checklist_alternative_unique"),
        ]

    def __str__(self):
        return str(self.get_kind_display())
