"""The access log, searched: who viewed or downloaded which case content, when and from where.

Archivists read the entries of their agencies' case files, supervisors every
entry (:func:`casefiles.access.readable_access_log`). Filters by user, case
file, action and date range; paginated; the same selection downloads as CSV.
The log is read here and nowhere changed.
"""

import csv
import datetime

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casefiles import access
from casefiles.models import AccessAction
from casefiles.views.case_files import display_name

PER_PAGE = 50
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(
        label=gettext_lazy("User"), required=False, help_text=gettext_lazy("Login name or name, or part of it.")
    )
    case_file = forms.CharField(
        label=gettext_lazy("Case file"),
        required=False,
        help_text=gettext_lazy("Case number or title, or part of it."),
    )
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False, choices=[("", "---------")])
    date_from = forms.DateField(label=gettext_lazy("From (date)"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=gettext_lazy("To (date, inclusive)"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "---------"), *AccessAction.choices]

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned_data

    def filter(self, entries):
        """``entries`` narrowed to what the form asks for (none while the form has errors)."""
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["user"]:
            text = data["user"].strip()
            entries = entries.filter(
                Q(user__username__icontains=text)
                | Q(user__first_name__icontains=text)
                | Q(user__last_name__icontains=text)
            )
        if data["case_file"]:
            text = data["case_file"].strip()
            entries = entries.filter(Q(case_file__case_number__icontains=text) | Q(case_file__title__icontains=text))
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(days=1)))
        return entries


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AccessLogView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casefiles/access_log.html"
    header_icon = "history"
    page_title = gettext_lazy("Access log")

    def dispatch(self, request, *args, **kwargs):
        if not access.can_read_access_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": self.page_title}]

    def entries(self, form):
        entries = access.readable_access_log(self.request.user)
        return form.filter(entries).select_related("user", "case_file", "document").order_by("-at", "-pk")

    def get(self, request, *args, **kwargs):
        # Every filter is optional: an empty query selects every entry the user may read.
        form = AccessLogFilterForm(request.GET)
        if request.GET.get("format") == "csv":
            return self.csv(self.entries(form))
        return super().get(request, *args, form=form, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = self.entries(form)
        page = Paginator(entries, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page=page,
            query=query.urlencode(),
            csv_query=_with(query, format="csv"),
            sees_every_case_file=access.sees_every_case_file(self.request.user),
        )
        return context

    def csv(self, entries):
        header = [_("When"), _("User"), _("Login name"), _("Action"), _("Case number"), _("Case file"), _("File")]
        header += [_("Page"), _("From (IP address)"), _("Browser")]

        def rows():
            yield header
            for entry in entries.iterator(chunk_size=1000):
                yield [
                    timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                    display_name(entry.user) if entry.user else f"#{entry.user_id or ''}",
                    entry.user.get_username() if entry.user else "",
                    entry.get_action_display(),
                    entry.case_file.case_number if entry.case_file else "",
                    entry.case_file.title if entry.case_file else f"#{entry.case_file_id or ''}",
                    entry.document.title if entry.document else "",
                    entry.page_number or "",
                    entry.ip_address or "",
                    entry.user_agent,
                ]

        writer = csv.writer(_Echo())
        # The byte order mark lets spreadsheet programs read the Chinese as UTF-8.
        lines = (("\ufeff" if number == 0 else "") + writer.writerow(row) for number, row in enumerate(rows()))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
        return response


class _Echo:
    def write(self, value):
        return value


def _with(query, **values):
    query = query.copy()
    for name, value in values.items():
        query[name] = value
    return query.urlencode()
