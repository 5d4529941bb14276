"""Agencies (机关) and the users who work in them."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index

from casefiles.roles import GLOBAL_PERMS, SUPERVISOR_AGENCY_KINDS, Role


class AgencyForm(WagtailAdminModelForm):
    """Checks the members against the agency's kind, also for an agency not yet saved."""

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        members = self.formsets["memberships"]
        members.is_valid()  # ClusterForm validates formsets after this clean(); the result is cached
        for form in members.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("role") == Role.SUPERVISOR and not data.get("DELETE") and kind not in SUPERVISOR_AGENCY_KINDS:
                form.add_error("role", _("Only a justice bureau has supervisors."))
        return cleaned_data


class Agency(index.Indexed, ClusterableModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("People's government")
        DEPARTMENT = "department", _("Government department")
        SUBDISTRICT = "subdistrict", _("Township or street office")
        JUSTICE_BUREAU = "justice_bureau", _("Justice bureau")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    fonds_code = models.CharField(
        _("fonds code"),
        max_length=20,
        blank=True,
        help_text=_("The archive's fonds code (全宗号) for this agency's case files, e.g. J012."),
    )
    rule_profile = models.ForeignKey(
        "casefiles.RuleProfile",
        verbose_name=_("deadline rules"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text=_("The regulation whose deadlines this agency's cases follow; if empty, the national law's."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        FieldPanel("fonds_code"),
        FieldPanel("rule_profile"),
        InlinePanel("memberships", heading=_("Members"), label=_("Member")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    base_form_class = AgencyForm

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fonds_code"],
                condition=~models.Q(fonds_code=""),
                name="agency_fonds_code_unique",
                violation_error_message=_("Another agency already uses this fonds code."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An agency cannot be its own parent.")})
            ancestor = ancestor.parent

    def role_group(self, role):
        """The auth group holding this agency's members of ``role``."""
        return AgencyRoleGroup.group_for(self, role)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Keep the role groups' names in step with the agency's name.
        for link in self.role_groups.select_related("group"):
            name = AgencyRoleGroup.group_name(self, link.role)
            if link.group.name != name:
                link.group.name = name
                link.group.save(update_fields=["name"])


class AgencyMembership(models.Model):
    agency = ParentalKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    panels = [FieldPanel("user"), FieldPanel("role")]

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "user", "role"],
                name="agency_membership_unique",
                violation_error_message=_("This user already holds this role in this agency."),
            )
        ]

    def __str__(self):
        return f"{self.agency} · {self.user} · {self.get_role_display()}"

    def clean(self):
        agency = getattr(self, "agency", None)  # unset while its agency is being created (AgencyForm checks then)
        if self.role == Role.SUPERVISOR and agency is not None and agency.kind not in SUPERVISOR_AGENCY_KINDS:
            raise ValidationError({"role": _("Only a justice bureau has supervisors.")})


class AgencyRoleGroup(models.Model):
    """Links each (agency, role) to the auth group its members are put in."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="agency_role")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "role"], name="agency_role_group_unique")]

    def __str__(self):
        return f"{self.agency} · {Role(self.role).label}"

    @staticmethod
    def group_name(agency, role):
        return f"{agency.name} ({role})"

    @classmethod
    def group_for(cls, agency, role):
        link = cls.objects.filter(agency=agency, role=role).select_related("group").first()
        if link:
            return link.group
        with transaction.atomic():
            group, _created = Group.objects.get_or_create(name=cls.group_name(agency, role))
            cls.objects.create(agency=agency, role=role, group=group)
            group.permissions.add(*permissions_from_labels(GLOBAL_PERMS[Role(role)]))
        return group


def permissions_from_labels(labels):
    """Permission objects for ``app_label.codename`` strings."""
    perms = []
    for label in labels:
        app_label, codename = label.split(".", 1)
        perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return perms


def sync_role_group_permissions():
    """Give every role group the model permissions its role holds (GLOBAL_PERMS), as a release may add some.

    Groups receive them when made; this brings older groups up to date. Only adds.
    """
    for link in AgencyRoleGroup.objects.select_related("group"):
        link.group.permissions.add(*permissions_from_labels(GLOBAL_PERMS[Role(link.role)]))


def sync_user_groups(user):
    """Put ``user`` in exactly the role groups of their agency memberships."""
    wanted = {
        AgencyRoleGroup.group_for(m.agency, m.role).pk
        for m in AgencyMembership.objects.filter(user=user).select_related("agency")
    }
    current = set(user.groups.filter(agency_role__isnull=False).values_list("pk", flat=True))
    if current - wanted:
        user.groups.remove(*(current - wanted))
    if wanted - current:
        user.groups.add(*(wanted - current))


def ensure_agency(name, kind, *, parent=None, fonds_code=""):
    """The agency called ``name``, created if missing."""
    agency, _created = Agency.objects.get_or_create(
        name=name, defaults={"kind": kind, "parent": parent, "fonds_code": fonds_code}
    )
    return agency


def add_member(agency, user, role):
    """Give ``user`` ``role`` in ``agency`` (and so the role group's access)."""
    membership, _created = AgencyMembership.objects.get_or_create(agency=agency, user=user, role=role)
    return membership
