"""Admin pages of the archive's reports: a case file's four-property check reports, and the fixity checks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive import fixity
from archive.models import FixityRun, FourPropertyReport
from casefiles import access
from casefiles.views.case_files import case_file_breadcrumbs, display_name


class FourPropertyReportView(WagtailAdminTemplateMixin, TemplateView):
    """One four-property check report, printable; for whoever may see the case file it is kept with."""

    template_name = "archive/four_property_report.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Four-property check report")

    def dispatch(self, request, report_id):
        self.report = FourPropertyReport.objects.filter(pk=report_id).select_related("case_file", "run_by").first()
        if self.report is None or not access.can(request.user, access.VIEW, self.report.case_file_id):
            raise Http404
        return super().dispatch(request, report_id)

    def get_page_subtitle(self):
        return self.report.case_file.title

    def get_breadcrumbs_items(self):
        case_file = self.report.case_file
        return case_file_breadcrumbs(case_file) + [
            {"url": reverse("archive_admin:case_file", args=[case_file.pk]), "label": _("Archiving")},
            {"url": "", "label": _("Four-property check report")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report=self.report, case_file=self.report.case_file, run_by=display_name(self.report.run_by))
        return context


class FixityAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.can_view_fixity_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("archive_admin:fixity_runs"), "label": _("Fixity checks")},
        ]


class FixityRunListView(FixityAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The fixity checks of archived files, newest first, with the problems the user may see."""

    template_name = "archive/fixity_runs.html"
    header_icon = "warning"
    page_title = gettext_lazy("Fixity checks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = list(FixityRun.objects.all()[:50])
        mine = access.fixity_case_files(self.request.user)
        for run in runs:
            run.visible_problems = fixity.findings_of(run, mine).count()
        context["runs"] = runs
        return context


class FixityRunView(FixityAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "archive/fixity_run.html"
    header_icon = "warning"
    page_title = gettext_lazy("Fixity check")

    def dispatch(self, request, run_id):
        self.run = get_object_or_404(FixityRun, pk=run_id)
        return super().dispatch(request, run_id)

    def get_page_subtitle(self):
        return f"#{self.run.pk}"

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": f"#{self.run.pk}"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        findings = list(fixity.findings_of(self.run, access.fixity_case_files(self.request.user)))
        for finding in findings:
            finding.description = fixity.describe(finding)
        context.update(run=self.run, findings=findings, hidden=self.run.problem_count - len(findings))
        return context
