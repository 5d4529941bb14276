from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem, SummaryItem
from wagtail.admin.widgets import Button
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry

from casefiles import access
from casefiles.dashboard import DeadlinesPanel
from casefiles.models import CaseDocument, CaseFile
from casefiles.page_forms import store_pending_uploads
from casefiles.viewsets import casefiles_viewset_group, deadlines_viewset_group


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("casefiles/", include("casefiles.urls", namespace="casefiles_admin"))]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [casefiles_viewset_group, deadlines_viewset_group]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("anjuan.access.grant", gettext_lazy("Grant access"), gettext_lazy("Access granted"))
    actions.register_action("anjuan.access.revoke", gettext_lazy("Revoke access"), gettext_lazy("Access revoked"))
    actions.register_action("anjuan.document.upload", gettext_lazy("Upload file"), gettext_lazy("File uploaded"))
    actions.register_action(
        "anjuan.document.replace", gettext_lazy("Replace file"), gettext_lazy("File replaced; earlier file kept")
    )


# --- Case content only reaches those who may see it -----------------------------


@hooks.register("construct_page_chooser_queryset")
def hide_unviewable_case_pages(pages, request):
    visible = access.case_pages_q(request.user) | Q(pk__in=access.visible_libraries(request.user).values("pk"))
    return pages.filter(~access.case_content_q() | visible)


@hooks.register("construct_document_chooser_queryset")
def scope_document_chooser(documents, request):
    # The permission policy already limits documents to viewable case files;
    # a chooser opened from a case page shows that case file's files.
    case_file = request.GET.get("case_file")
    if case_file and case_file.isdigit():
        documents = documents.filter(case_file_id=int(case_file))
    return documents


class CaseDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """Wagtail's admin document API lists every document; this one only those the user may see."""

    def get_queryset(self):
        viewable = policy_registry.get_by_type(CaseDocument).instances_user_has_any_permission_for(
            self.request.user, {"choose"}
        )
        return super().get_queryset().filter(pk__in=viewable.values("pk"))


@hooks.register("construct_admin_api")
def limit_admin_document_api(router):
    router.register_endpoint("documents", CaseDocumentsAdminAPIViewSet)


@hooks.register("before_serve_document")
def check_document_access(document, request):
    if not access.can(request.user, access.VIEW, document.case_file_id):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404


@hooks.register("before_delete_page")
def keep_case_files_with_documents(request, page):
    if not access.is_case_content(page):
        return None
    count = CaseDocument.objects.filter(
        Q(page__path__startswith=page.path) | Q(case_file__path__startswith=page.path)
    ).count()
    if count:
        messages.error(
            request,
            _("“%(title)s” holds %(count)d files and cannot be deleted; nothing was deleted.")
            % {"title": page.get_admin_display_title(), "count": count},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# --- Files uploaded with a case page ------------------------------------------------


def _store_uploads(request, page):
    if not getattr(page, "_pending_uploads", None):
        return
    stored, errors = store_pending_uploads(page, request.user)
    if stored:
        messages.success(request, _("%(count)d files uploaded.") % {"count": len(stored)})
    for error in errors:
        messages.error(request, error)


hooks.register("after_create_page", _store_uploads)
hooks.register("after_edit_page", _store_uploads)


# --- Buttons ----------------------------------------------------------------------


def _case_file_buttons(page, user, priority):
    if not isinstance(page.specific_deferred, CaseFile) or not access.can(user, access.VIEW, page.pk):
        return
    yield Button(
        _("Overview"),
        reverse("casefiles_admin:overview", args=[page.pk]),
        icon_name="doc-full",
        priority=priority,
    )
    yield Button(
        _("Progress and deadlines"),
        reverse("casefiles_admin:lifecycle", args=[page.pk]),
        icon_name="time",
        priority=priority + 1,
    )
    yield Button(
        _("Sharing"),
        reverse("casefiles_admin:sharing", args=[page.pk]),
        icon_name="group",
        priority=priority + 2,
    )


@hooks.register("register_page_listing_more_buttons")
def case_file_listing_buttons(page, user, next_url=None):
    yield from _case_file_buttons(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def case_file_header_buttons(page, user, view_name, next_url=None):
    yield from _case_file_buttons(page, user, priority=5)


# --- Menu ---------------------------------------------------------------------------


@hooks.register("construct_main_menu")
def name_the_explorer_and_drop_external_help(request, menu_items):
    # The page explorer is where case files live; Wagtail's help menu links to wagtail.org.
    for item in menu_items:
        if item.name == "explorer":
            item.label = _("Case files")
    menu_items[:] = [item for item in menu_items if item.name != "help"]


# --- Dashboard ----------------------------------------------------------------------


class CaseFilesSummaryItem(SummaryItem):
    """How many case files the user may see (Wagtail's page count counts every page)."""

    order = 100
    template_name = "casefiles/home/site_summary_case_files.html"

    def get_context_data(self, parent_context):
        user = self.request.user
        return {
            "total_case_files": access.case_files(user).count(),
            "root_page": policy_registry.get_by_type(Page).explorable_root_instance(user),
        }

    def is_shown(self):
        return policy_registry.get_by_type(Page).explorable_root_instance(self.request.user) is not None


@hooks.register("construct_homepage_summary_items", order=100)
def summarise_case_files(request, items):
    items[:] = [item for item in items if not isinstance(item, PagesSummaryItem)]
    items.append(CaseFilesSummaryItem(request))


@hooks.register("construct_homepage_panels")
def add_deadlines_panel(request, panels):
    panels.append(DeadlinesPanel(request))


class AccessLogMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_read_access_log(request.user)


@hooks.register("register_admin_menu_item")
def register_access_log_menu_item():
    return AccessLogMenuItem(
        gettext_lazy("Access log"),
        reverse("casefiles_admin:access_log"),
        name="access_log",
        icon_name="history",
        order=295,
    )


@hooks.register("register_admin_menu_item")
def register_deadline_calendar_menu_item():
    return MenuItem(
        gettext_lazy("Deadlines by month"),
        reverse("casefiles_admin:deadline_calendar"),
        name="deadline_calendar",
        icon_name="date",
        order=305,
    )


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return MenuItem(
        gettext_lazy("Statistics and reports"),
        reverse("casefiles_admin:statistics"),
        name="statistics",
        icon_name="table",
        order=306,
    )
