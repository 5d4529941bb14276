"""The public site's pages, its review workflow and who edits it, made once and kept so.

:func:`ensure` runs after every ``migrate`` (archive.apps): it makes the public
home page the default Site's root (in place of Wagtail's welcome page), the
typical-case library under it, the review workflow on the library, and gives
the justice bureau's supervisor groups Wagtail's page permissions on the public
pages. A supervisor group made later gets them when it is made
(:func:`grant_editors`, from a signal).
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Page, Site, Workflow, WorkflowPage, WorkflowTask

from archive.models.typical import PublicHomePage, TypicalCaseLibraryPage, TypicalCaseReviewTask
from casefiles.roles import Role

# Wagtail page permissions of the justice bureau's supervisors on the public site (001 第四十二条).
EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
LIBRARY_SLUG = "cases"


def _welcome_page(root):
    """Wagtail's initial welcome page, if it is still there untouched."""
    return (
        Page.objects.child_of(root)
        .filter(content_type__app_label="wagtailcore", content_type__model="page", numchild=0)
        .first()
    )


def home():
    home_page = PublicHomePage.objects.first()
    if home_page is not None:
        return home_page
    root = Page.get_first_root_node()
    welcome = _welcome_page(root)
    home_page = PublicHomePage(
        title=_("Typical administrative litigation cases"),
        slug="public",
        intro=_("<p>Typical cases of administrative litigation selected and published by the justice bureau.</p>"),
    )
    root.add_child(instance=home_page)
    home_page.save_revision().publish()
    if not Site.objects.filter(is_default_site=True).update(root_page=home_page):
        Site.objects.create(hostname="localhost", port=80, root_page=home_page, is_default_site=True)
    if welcome is not None and not Site.objects.filter(root_page=welcome).exists():
        welcome.delete()
    return home_page


def library(home_page):
    found = TypicalCaseLibraryPage.objects.first()
    if found is not None:
        return found
    found = TypicalCaseLibraryPage(
        title=_("Typical-case library"),
        slug=LIBRARY_SLUG,
        intro=_("<p>Each case: the facts, the outcome and why it matters. Personal information is removed.</p>"),
    )
    home_page.add_child(instance=found)
    found.save_revision().publish()
    return found


def review_workflow(library_page):
    workflow = Workflow.objects.filter(workflow_pages__page=library_page).first()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.create(name=_("Typical-case review"))
    task = TypicalCaseReviewTask.objects.create(name=_("Justice bureau review"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=library_page)
    return workflow


def grant_editors(group, home_page=None):
    """Give ``group`` the editors' page permissions on the public site."""
    home_page = home_page or PublicHomePage.objects.first()
    if home_page is None:
        return
    for codename in EDITOR_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=home_page, permission=permission)


@transaction.atomic
def ensure():
    from casefiles.models import AgencyRoleGroup

    with translation.override(settings.LANGUAGE_CODE):
        home_page = home()
        review_workflow(library(home_page))
    for link in AgencyRoleGroup.objects.filter(role=Role.SUPERVISOR).select_related("group"):
        grant_editors(link.group, home_page)
    return home_page
