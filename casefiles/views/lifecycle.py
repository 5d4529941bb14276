"""The case's progress and deadlines (进程与期限): its events, its deadlines, and recording what happens."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casefiles import access, handling_units, principal_head
from casefiles.lifecycle_forms import AssignForm, EventForm, HearingForm
from casefiles.models import CaseEvent, assign_handling_unit, record_event, record_hearing
from casefiles.roles import CHANGE
from casefiles.views.case_files import CaseFileView, display_name


def deadline_rows(case_file, today):
    rows = []
    for deadline in case_file.deadlines.all():
        if deadline.met_on:
            state, label = "met", _("Met on %(date)s") % {"date": f"{deadline.met_on:%Y-%m-%d}"}
        elif deadline.is_overdue(today):
            state, label = "overdue", _("Overdue by %(days)d days") % {"days": (today - deadline.due).days}
        else:
            state, label = "open", _("%(days)d days left") % {"days": (deadline.due - today).days}
        rows.append({"deadline": deadline, "state": state, "state_label": label})
    return rows


class LifecycleView(CaseFileView):
    template_name = "casefiles/lifecycle.html"
    header_icon = "time"
    page_title = gettext_lazy("Progress and deadlines")

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": _("Progress and deadlines")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case_file = self.case_file
        user = self.request.user
        can_record = access.can(user, CHANGE, case_file)
        # Assigning rewrites the case file: not while it is sealed (archived).
        can_assign = access.can_assign_handling_units(user) and CHANGE in access.perms_for(user, case_file.pk)
        events = case_file.events.select_related("recorded_by", "hearing").prefetch_related("hearing__agents")
        suggestion = handling_units.suggest_handling_unit(case_file)
        context.update(
            case_file=case_file,
            events=[{"event": event, "by": display_name(event.recorded_by)} for event in events],
            deadlines=deadline_rows(case_file, timezone.localdate()),
            suggestion=suggestion,
            assignments=case_file.assignments.select_related("agency", "suggested_agency", "assigned_by"),
            criteria=principal_head.met(case_file.principal_head_criteria),
            can_record=can_record,
            can_assign=can_assign,
            event_form=kwargs.get("event_form") or (EventForm() if can_record else None),
            hearing_form=kwargs.get("hearing_form") or (HearingForm() if can_record else None),
            assign_form=kwargs.get("assign_form") or (AssignForm(suggestion=suggestion) if can_assign else None),
        )
        return context

    def post(self, request, case_file_id):
        # Those who may not see the case file were answered 404 already (as for an id that does not exist).
        if access.is_sealed(self.case_file):
            messages.error(request, access.Sealed(self.case_file.pk).message)
            return self._back()
        if not access.can(request.user, CHANGE, self.case_file):
            raise PermissionDenied
        action = request.POST.get("action")
        handler = {
            "event": self._record_event,
            "hearing": self._record_hearing,
            "delete": self._delete_event,
            "assign": self._assign,
        }.get(action)
        if handler is None:
            messages.error(request, _("Unknown action; nothing was changed."))
            return self._back()
        return handler(request)

    def _back(self):
        return redirect("casefiles_admin:lifecycle", self.case_file.pk)

    def _invalid(self, **forms):
        response = self.render_to_response(self.get_context_data(**forms))
        response.status_code = 400
        return response

    def _record_event(self, request):
        form = EventForm(request.POST)
        if not form.is_valid():
            return self._invalid(event_form=form)
        data = form.cleaned_data
        try:
            record_event(self.case_file, data["kind"], data["date"], by=request.user, note=data["note"])
        except ValidationError as e:
            form.add_error(None, e)
            return self._invalid(event_form=form)
        messages.success(request, _("Event recorded; the deadlines are recounted."))
        return self._back()

    def _record_hearing(self, request):
        form = HearingForm(request.POST)
        if not form.is_valid():
            return self._invalid(hearing_form=form)
        data = form.cleaned_data
        try:
            record_hearing(
                self.case_file,
                data["date"],
                by=request.user,
                agents=data["agents"],
                note=data["note"],
                **form.appearance(),
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
            return self._invalid(hearing_form=form)
        messages.success(request, _("Hearing recorded."))
        return self._back()

    def _delete_event(self, request):
        event = CaseEvent.objects.filter(case_file=self.case_file, pk=request.POST.get("event") or None).first()
        if event is None:
            raise Http404
        event.delete()
        messages.success(request, _("Event deleted; the deadlines are recounted."))
        return self._back()

    def _assign(self, request):
        if not access.can_assign_handling_units(request.user):
            raise PermissionDenied
        suggestion = handling_units.suggest_handling_unit(self.case_file)
        form = AssignForm(request.POST, suggestion=suggestion)
        if not form.is_valid():
            return self._invalid(assign_form=form)
        try:
            assign_handling_unit(
                self.case_file,
                form.cleaned_data["agency"],
                by=request.user,
                suggestion=suggestion,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as e:
            form.add_error(None, e.messages)
            return self._invalid(assign_form=form)
        access.forget(request.user)
        messages.success(request, _("Handling unit assigned; access follows the new unit."))
        return self._back()
