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
        gettext_lazy("Evaluation"), reverse("archive_admin:evaluation"), name="evaluation", icon_name="list-ol", order=293
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
