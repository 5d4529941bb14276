"""Statistics and reports (统计与报告): the figures of a period with charts, and the reports as .xlsx."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from casefiles import access
from casefiles.statistics import charts, figures, measures, periods, reports, workbook
from casefiles.statistics.forms import StatisticsForm

TREND_YEARS = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def scope_label(user, agency):
    if access.sees_every_case_file(user):
        return agency.name if agency else _("all agencies")
    if agency:
        return _("the case files of %(agency)s you may view") % {"agency": agency.name}
    return _("the case files you may view")


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casefiles/statistics.html"
    page_title = gettext_lazy("Statistics and reports")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = StatisticsForm.for_request(request, today)
        if not form.is_valid():
            return self.refused(form)
        return self.render_to_response(self.get_context_data(form=form, **self.figures(form, today)))

    def refused(self, form):
        """The page with the form's errors, and nothing counted (400)."""
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response

    def figures(self, form, today):
        period = form.cleaned_data["reporting_period"]
        scope = form.scope()
        statistics = figures.compute(scope, period, today, agencies=form.agencies())
        trend = figures.trend(scope, period.years_up_to(TREND_YEARS), today)
        agency = form.cleaned_data.get("agency")
        codes = measures.PAGE_COLUMNS

        def table(title, first, rows, total):
            return {
                "title": title,
                "first": first,
                "rows": [(row.label, row.texts(codes)) for row in rows],
                "total": total.texts(codes),
            }

        return {
            "statistics": statistics,
            "count_summary": [(count, statistics.total[count.code]) for count in measures.COUNTS],
            "rate_summary": [(rate, statistics.total.ratio(rate)) for rate in measures.RATES],
            "tables": [
                table(_("By agency"), _("Agency"), statistics.by_agency, statistics.total),
                table(_("By cause of action"), _("Cause of action"), statistics.by_cause, statistics.total),
                table(_("By instance"), _("Instance"), statistics.by_instance, statistics.total),
                table(_("By year (whole years)"), _("Year"), trend, figures.total_of(trend)),
            ],
            "losses": figures.losses(scope, period),
            "charts": self.charts(statistics, trend),
            "scope_label": scope_label(self.request.user, agency),
            "reports": self.report_links(form, period, today),
            "columns": [measures.measure(code) for code in codes],
        }

    def report_links(self, form, period, today):
        """A link per report of the chosen year: the annual one, each half-year and quarter that has begun."""
        url = reverse("casefiles_admin:statistics_report")
        links = []
        for part, (_first, _last, label) in periods.PARTS.items():
            candidate = periods.Period(period.year, part)
            if candidate.start > today:
                continue
            report = reports.report_for(candidate)
            links.append(
                {
                    "url": f"{url}?{form.query(period=part)}",
                    "label": f"{report.title}（{label}）",
                    "source": report.source,
                    "current": part == period.part,
                }
            )
        return links

    def charts(self, statistics, trend):
        return [
            charts.count_chart(
                "chart-cases-by-agency",
                _("New and concluded cases by agency"),
                _("For each agency, the cases received and the cases concluded in the period."),
                statistics.by_agency,
                ["new_cases", "concluded"],
                [measures.measure("new_cases").label, measures.measure("concluded").label],
            ),
            charts.rate_chart(
                "chart-appearance-by-agency",
                _("Head appearance by agency"),
                _("For each agency, the share of hearings a head and the principal head attended, in per cent."),
                statistics.by_agency,
                ["head_appearance_rate", "principal_head_rate"],
                [measures.measure("head_appearance_rate").label, measures.measure("principal_head_rate").label],
            ),
            charts.rate_chart(
                "chart-losses-by-cause",
                _("Loss rate by cause of action"),
                _("For each cause, the share of concluded cases and of judgments on the merits lost, in per cent."),
                statistics.by_cause,
                ["loss_rate", "merits_loss_rate"],
                [measures.measure("loss_rate").label, measures.measure("merits_loss_rate").label],
            ),
            charts.count_chart(
                "chart-trend",
                _("Cases by year"),
                _("For each year, the cases received, concluded and lost."),
                trend,
                ["new_cases", "concluded", "lost"],
                [measures.measure(code).label for code in ("new_cases", "concluded", "lost")],
            ),
        ]


class StatisticsReportView(StatisticsView):
    """The report of the chosen period as a workbook; bad parameters get the page with the error (400)."""

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = StatisticsForm.for_request(request, today)
        if not form.is_valid():
            return self.refused(form)
        period = form.cleaned_data["reporting_period"]
        agency = form.cleaned_data.get("agency")
        scope = form.scope()
        report = reports.report_for(period)
        statistics = figures.compute(scope, period, today, agencies=form.agencies())
        content = workbook.build(
            report,
            statistics,
            figures.losses(scope, period),
            figures.trend(scope, period.years_up_to(TREND_YEARS), today),
            agency_label=agency.name if agency else _("All agencies"),
            scope_label=scope_label(request.user, agency),
            generated_at=timezone.localtime(),
        )
        filename = f"{report.title}-{agency.name if agency else _('All agencies')}-{period.year}-{period.part}.xlsx"
        return HttpResponse(
            content, content_type=XLSX, headers={"Content-Disposition": content_disposition_header(True, filename)}
        )
