"""Who holds which access to case files, by agency role.

This is the permission model of DESIGN.md as data: an agency's role groups
receive these object permissions automatically on the case files the agency
owns, handles or defends; supervisors of a justice bureau hold them on every
case file.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW = "view_casefile"
CHANGE = "change_casefile"
SHARE = "share_casefile"

# Holding a permission on the left implies holding those on the right.
IMPLIED = {CHANGE: {VIEW}, SHARE: {VIEW}}


class Role(models.TextChoices):
    OFFICER = "officer", _("Case officer")
    HEAD = "head", _("Agency head")
    ARCHIVIST = "archivist", _("Archivist")
    EVALUATOR = "evaluator", _("Evaluator")
    SUPERVISOR = "supervisor", _("Supervisor")


# Object permissions a role group receives on its agency's case files.
# Officers handle the case (001 第十三条: 应诉承办单位 drafts the defence and
# assembles the evidence); heads and archivists read it (001 第十九条 heads
# appear in court; 001 第四十六条 archiving). Evaluators get access per
# evaluation campaign, never by agency (001 第四十六条 案卷评查).
AUTOMATIC_CASEFILE_PERMS = {
    Role.OFFICER: (VIEW, CHANGE),
    Role.HEAD: (VIEW,),
    Role.ARCHIVIST: (VIEW,),
    Role.EVALUATOR: (),
    Role.SUPERVISOR: (),
}

# Roles whose members may register new case files in their agency's library
# (001 第三十八条: the agency registers the court papers within 3 days).
REGISTERING_ROLES = {Role.OFFICER}

# Model-level permissions of each role group. Supervisors of the justice
# bureau watch every case file (001 第八条, 003 第四条) and manage agencies.
GLOBAL_PERMS = {
    Role.OFFICER: ("wagtailadmin.access_admin",),
    Role.HEAD: ("wagtailadmin.access_admin",),
    Role.ARCHIVIST: ("wagtailadmin.access_admin",),
    Role.EVALUATOR: ("wagtailadmin.access_admin",),
    Role.SUPERVISOR: (
        "wagtailadmin.access_admin",
        f"casefiles.{VIEW}",
        f"casefiles.{CHANGE}",
        f"casefiles.{SHARE}",
        "casefiles.add_agency",
        "casefiles.change_agency",
        "casefiles.view_agency",
        "casefiles.add_court",
        "casefiles.change_court",
        "casefiles.view_court",
        "casefiles.add_cause",
        "casefiles.change_cause",
        "casefiles.view_cause",
        # The deadline rules and the holiday calendar they count by (issue 5):
        # the justice bureau watches every deadline (003 第四条). Profiles are
        # not deleted: agencies and their case files count by them.
        "casefiles.add_ruleprofile",
        "casefiles.change_ruleprofile",
        "casefiles.view_ruleprofile",
        "casefiles.add_calendarday",
        "casefiles.change_calendarday",
        "casefiles.delete_calendarday",
        "casefiles.view_calendarday",
        "casefiles.add_calendaryear",
        "casefiles.change_calendaryear",
        "casefiles.delete_calendaryear",
        "casefiles.view_calendaryear",
        # The archiving checklist (issue 6): what a case file must hold before
        # it is archived. Items are switched off rather than deleted.
        "archive.add_checklistitem",
        "archive.change_checklistitem",
        "archive.view_checklistitem",
        # The evaluation rubrics (issue 7): supervisors edit draft versions and publish them
        # (001 第四十六条: the justice bureau organises the evaluation). Nobody deletes one.
        "archive.add_rubric",
        "archive.change_rubric",
        "archive.view_rubric",
    ),
}

# Only a justice bureau has supervisors.
SUPERVISOR_AGENCY_KINDS = {"justice_bureau"}
