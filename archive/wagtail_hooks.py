from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from archive.viewsets import checklist_viewset, rubric_viewset
from casefiles import access
from casefiles.models import CaseFile


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("archive/", include("archive.urls", namespace="archive_admin"))]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("anjuan.volume.generate", gettext_lazy("Generate volume"), gettext_lazy("Volume generated"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [checklist_viewset, rubric_viewset]


class ArchivistMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_archivist(request.user)


@hooks.register("register_admin_menu_item")
def archiving_menu_item():
    return ArchivistMenuItem(
        gettext_lazy("Archiving"), reverse("archive_admin:queue"), icon_name="folder-inverse", order=290
    )


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        from archive.evaluation.views import may_use_evaluation

        return may_use_evaluation(request.user)


@hooks.register("register_admin_menu_item")
def evaluation_menu_item():
    return EvaluationMenuItem(
        gettext_lazy("Evaluation"),
        reverse("archive_admin:evaluation"),
        name="evaluation",
        icon_name="list-ol",
        order=293,
    )


@hooks.register("construct_homepage_panels")
def add_evaluation_panel(request, panels):
    from archive.evaluation.panels import EvaluationPanel

    panels.append(EvaluationPanel(request))


class BorrowingMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_agency_staff(request.user)


@hooks.register("register_admin_menu_item")
def borrowing_menu_item():
    return BorrowingMenuItem(
        gettext_lazy("Borrowing"), reverse("archive_admin:borrowings"), icon_name="folder-open-1", order=292
    )


class FixityMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_view_fixity_reports(request.user)


@hooks.register("register_admin_menu_item")
def fixity_menu_item():
    return FixityMenuItem(
        gettext_lazy("Fixity checks"),
        reverse("archive_admin:fixity_runs"),
        name="fixity",
        icon_name="warning",
        order=291,
    )


def _archiving_button(page, user, priority):
    if isinstance(page.specific_deferred, CaseFile) and access.can(user, access.VIEW, page.pk):
        yield Button(
            _("Archiving"),
            reverse("archive_admin:case_file", args=[page.pk]),
            icon_name="folder-inverse",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def case_file_listing_buttons(page, user, next_url=None):
    yield from _archiving_button(page, user, priority=7)


@hooks.register("register_page_header_buttons")
def case_file_header_buttons(page, user, view_name, next_url=None):
    yield from _archiving_button(page, user, priority=7)


class TypicalCasesMenuItem(MenuItem):
    def is_shown(self, request):
        from archive.typical.views import may_use_typical_cases

        return may_use_typical_cases(request.user)


@hooks.register("register_admin_menu_item")
def typical_cases_menu_item():
    return TypicalCasesMenuItem(
        gettext_lazy("Typical cases"),
        reverse("archive_admin:typical_cases"),
        name="typical-cases",
        icon_name="doc-full",
        order=294,
    )


def _typical_case_buttons(page, user, priority):
    from archive.models import Nomination, TypicalCasePage

    specific = page.specific_deferred
    if isinstance(specific, CaseFile) and access.can_nominate(user, specific):
        if not Nomination.objects.filter(case_file_id=page.pk).exists():
            yield Button(
                _("Nominate as a typical case"),
                reverse("archive_admin:nominate", args=[page.pk]),
                icon_name="doc-full",
                priority=priority,
            )
    if isinstance(specific, TypicalCasePage) and access.can_manage_typical_cases(user):
        yield Button(
            _("Redaction"), reverse("archive_admin:redaction", args=[page.pk]), icon_name="view", priority=priority
        )


@hooks.register("register_page_listing_more_buttons")
def typical_case_listing_buttons(page, user, next_url=None):
    yield from _typical_case_buttons(page, user, priority=8)


@hooks.register("register_page_header_buttons")
def typical_case_header_buttons(page, user, view_name, next_url=None):
    yield from _typical_case_buttons(page, user, priority=8)


@hooks.register("construct_page_action_menu")
def typical_cases_publish_through_review(menu_items, request, context):
    """A typical case is published by the review workflow's approval, never by the editor's Publish."""
    from archive.models import TypicalCasePage

    if isinstance(context.get("page"), TypicalCasePage):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_direct_publish(request, page):
    from django.contrib import messages
    from django.shortcuts import redirect

    from archive.models import TypicalCasePage

    if request.method == "POST" and "action-publish" in request.POST and isinstance(page.specific, TypicalCasePage):
        messages.error(request, _("A typical case is published only when the justice bureau's review approves it."))
        return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_delete_page")
def keep_nominated_typical_cases(request, page):
    """A nominated typical case is kept with its nomination and redaction record: unpublish it instead."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from archive.models import Nomination

    if Nomination.objects.filter(page_id=page.pk).exists():
        kept = _("A nominated typical case is kept with its record: unpublish it instead of deleting it.")
        messages.error(request, kept)
        return redirect("wagtailadmin_pages:edit", page.pk)
