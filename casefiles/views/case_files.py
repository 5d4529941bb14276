"""Read-only views of a case file, for everyone who may see it."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casefiles import access, access_log
from casefiles.models import CaseDocument, CaseFile
from casefiles.roles import CHANGE, SHARE, VIEW


def case_file_for(user, case_file_id, perm=VIEW):
    """The case file, if ``user`` holds ``perm`` on it; 404 otherwise (whether or not it exists)."""
    case_file = CaseFile.objects.filter(pk=case_file_id).select_related("court", "cause", "handling_unit").first()
    if case_file is None or not access.can(user, perm, case_file):
        raise Http404
    return case_file


def case_file_breadcrumbs(case_file):
    library = case_file.get_parent()
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("wagtailadmin_explore", args=[library.pk]), "label": library.title},
        {"url": reverse("casefiles_admin:overview", args=[case_file.pk]), "label": case_file.title},
    ]


# The facts of a case file the overview shows, in order, labelled as in the editor.
FACT_FIELDS = ["case_number", "court", "instance", "cause", "handling_unit", "officer", "date_received", "status"]


def case_file_facts(case_file):
    facts = []
    for name in FACT_FIELDS:
        field = CaseFile._meta.get_field(name)
        if field.choices:
            value = getattr(case_file, f"get_{name}_display")()
        elif name == "officer":
            value = display_name(case_file.officer)
        elif name == "date_received":
            value = date_format(case_file.date_received, "Y-m-d")
        else:
            value = getattr(case_file, name)
        facts.append((capfirst(field.verbose_name), value))
    return facts


def display_name(user):
    """A user's name as colleagues know it (Chinese names are kept whole in first_name)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class CaseFileView(WagtailAdminTemplateMixin, TemplateView):
    """An admin view of one case file, for those who may see it (404 for everyone else)."""

    def dispatch(self, request, case_file_id):
        self.case_file = case_file_for(request.user, case_file_id)
        return super().dispatch(request, case_file_id)

    def get_page_subtitle(self):
        return self.case_file.title

    def get_breadcrumbs_items(self):
        return case_file_breadcrumbs(self.case_file)


class CaseFileOverviewView(CaseFileView):
    template_name = "casefiles/overview.html"
    header_icon = "folder-open-inverse"
    page_title = gettext_lazy("Case file")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_log.record(request, access_log.AccessAction.VIEW_CASE_FILE, case_file=self.case_file)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case_file = self.case_file
        documents = CaseDocument.objects.filter(case_file=case_file).prefetch_related("versions").order_by("created_at")
        by_page = {}
        for document in documents:
            by_page.setdefault(document.page_id, []).append(document)
        children = [
            {"page": child, "documents": by_page.pop(child.pk, [])}
            for child in case_file.get_children().specific().order_by("path")
        ]
        unfiled = [doc for docs in by_page.values() for doc in docs]
        perms = access.perms_for(self.request.user, case_file.pk)
        context.update(
            case_file=case_file,
            facts=case_file_facts(case_file),
            parties=case_file.parties.select_related("agency"),
            children=children,
            unfiled=unfiled,
            can_edit=CHANGE in perms,
            can_share=SHARE in perms,
            sealed=access.is_sealed(case_file),
        )
        return context


class DocumentVersionView(View):
    """Download an earlier version of a case document."""

    def get(self, request, document_id, number):
        document = get_object_or_404(CaseDocument, pk=document_id)
        if not access.can(request.user, VIEW, document.case_file_id):
            raise Http404
        version = get_object_or_404(document.versions, number=number)
        response = FileResponse(version.file.open("rb"), as_attachment=True, filename=version.filename)
        response["X-Content-Type-Options"] = "nosniff"
        access_log.record(request, access_log.AccessAction.DOWNLOAD_VERSION, document=document)
        return response
