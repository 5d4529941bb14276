"""Admin views of archiving: a case file's 归档 page, and the archivists' review queue."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive import checklists, four_property, workflow
from archive.models import ArchivalCode, ArchivingSubmission, FourPropertyReport, ManifestEntry, State
from archive.retention import Retention
from archive.volume import views as volume_views
from casefiles import access
from casefiles.dashboard import overdue_archiving
from casefiles.views.case_files import CaseFileView


class SubmitForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer to the reasons for the return"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApproveForm(forms.Form):
    retention = forms.ChoiceField(label=gettext_lazy("Retention period"), choices=Retention.choices)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    reasons = forms.CharField(label=gettext_lazy("Reasons for the return"), widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}))


class ResealForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("What was corrected"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseFileArchivingView(CaseFileView):
    """The archiving of one case file: its state, checklist, steps, and the actions the user may take."""

    template_name = "archive/case_file.html"
    header_icon = "folder-inverse"
    page_title = gettext_lazy("Archiving")

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": _("Archiving")}]

    @property
    def submission(self):
        return ArchivingSubmission.objects.filter(case_file=self.case_file).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, submission = self.request.user, self.submission
        state = submission.state if submission else ""
        may_submit = access.can_submit_for_archiving(user, self.case_file)
        may_review = access.can_review_archiving(user, self.case_file)
        may_reopen = access.can_reopen(user, self.case_file)
        reports = FourPropertyReport.objects.filter(case_file=self.case_file)
        context.update(
            case_file=self.case_file,
            submission=submission,
            events=submission.events_in_order() if submission else [],
            last_return=submission.last_return() if state == State.RETURNED else None,
            code=ArchivalCode.objects.filter(case_file=self.case_file).first(),
            check=kwargs.get("check") or checklists.check(self.case_file),
            can_submit=may_submit and state in ("", State.RETURNED),
            can_start_review=may_review and state == State.CHECKED,
            can_decide=may_review and state == State.UNDER_REVIEW,
            submit_form=kwargs.get("submit_form") or SubmitForm(),
            approve_form=kwargs.get("approve_form")
            or ApproveForm(initial={"retention": submission.proposed_retention if submission else ""}),
            return_form=kwargs.get("return_form") or ReturnForm(),
            **volume_views.panel_context(user, self.case_file),
            sealed=state == State.ARCHIVED,
            manifest_count=ManifestEntry.objects.filter(case_file=self.case_file).current().count(),
            report=kwargs.get("report") or reports.first(),
            earlier_reports=reports[1:10],
            can_check=may_review and state in (State.UNDER_REVIEW, State.REOPENED),
            can_reopen=may_reopen and state == State.ARCHIVED,
            can_reseal=may_reopen and state == State.REOPENED,
            reopen_form=kwargs.get("reopen_form") or ReopenForm(),
            reseal_form=kwargs.get("reseal_form") or ResealForm(),
        )
        return context

    def post(self, request, case_file_id):
        action = request.POST.get("action")
        handler = {
            "submit": self._submit,
            "start_review": self._start_review,
            "approve": self._approve,
            "return": self._return,
            "four_property": self._four_property,
            "reopen": self._reopen,
            "reseal": self._reseal,
        }.get(action)
        if handler is None:
            raise PermissionDenied
        return handler(request)

    def _again(self, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs))

    def _done(self, message):
        messages.success(self.request, message)
        return redirect("archive_admin:case_file", self.case_file.pk)

    def _submit(self, request):
        form = SubmitForm(request.POST)
        form.is_valid()
        try:
            workflow.submit(self.case_file, request.user, answer=form.cleaned_data.get("answer", ""))
        except workflow.Incomplete as e:
            form.add_error(None, str(e))
            return self._again(submit_form=form, check=e.result)
        except workflow.ArchivingError as e:
            form.add_error(None, str(e))
            return self._again(submit_form=form)
        return self._done(_("Submitted for archiving; the completeness check passed."))

    def _require_submission(self):
        submission = self.submission
        if submission is None or not access.can_review_archiving(self.request.user, self.case_file):
            raise PermissionDenied
        return submission

    def _start_review(self, request):
        try:
            workflow.start_review(self._require_submission(), request.user)
        except workflow.ArchivingError as e:
            messages.error(request, str(e))
            return self._again()
        return self._done(_("Review started."))

    def _approve(self, request):
        submission = self._require_submission()
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return self._again(approve_form=form)
        try:
            workflow.approve(submission, request.user, form.cleaned_data["retention"], form.cleaned_data["note"])
        except workflow.Incomplete as e:
            form.add_error(None, str(e))
            return self._again(approve_form=form, check=e.result)
        except workflow.FourPropertyFailed as e:
            form.add_error(None, str(e))
            return self._again(approve_form=form, report=self._keep_failed(e, FourPropertyReport.Occasion.ARCHIVING))
        except workflow.ArchivingError as e:
            form.add_error(None, str(e))
            return self._again(approve_form=form)
        code = ArchivalCode.objects.get(case_file=self.case_file)
        return self._done(_("Archived with the archival code %(code)s.") % {"code": code.code})

    def _return(self, request):
        submission = self._require_submission()
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return self._again(return_form=form)
        try:
            workflow.return_to_unit(submission, request.user, form.cleaned_data["reasons"])
        except workflow.ArchivingError as e:
            form.add_error(None, str(e))
            return self._again(return_form=form)
        return self._done(_("Returned to the handling unit."))

    def _keep_failed(self, error, occasion):
        """Keep the report of a four-property check that stopped a sealing (its step was rolled back)."""
        return four_property.keep(error.outcome, self.case_file, self.request.user, occasion)

    def _four_property(self, request):
        """Run the four-property check now, to see what would stop the archiving; the report is kept."""
        submission = self._require_submission()
        if submission.state not in (State.UNDER_REVIEW, State.REOPENED):
            raise PermissionDenied
        outcome = four_property.run(self.case_file)
        four_property.keep(outcome, self.case_file, request.user, FourPropertyReport.Occasion.ON_REQUEST)
        if outcome.passed:
            return self._done(_("The four-property check passed."))
        messages.error(request, _("The four-property check failed; see the report below."))
        return redirect("archive_admin:case_file", self.case_file.pk)

    def _reopen(self, request):
        submission = self._require_submission()
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return self._again(reopen_form=form)
        try:
            workflow.reopen(submission, request.user, form.cleaned_data["reason"])
        except workflow.ArchivingError as e:
            form.add_error(None, str(e))
            return self._again(reopen_form=form)
        return self._done(_("Reopened: the case file may be corrected; its archival code stays."))

    def _reseal(self, request):
        submission = self._require_submission()
        form = ResealForm(request.POST)
        if not form.is_valid():
            return self._again(reseal_form=form)
        try:
            workflow.reseal(submission, request.user, form.cleaned_data["reason"])
        except workflow.Incomplete as e:
            form.add_error(None, str(e))
            return self._again(reseal_form=form, check=e.result)
        except workflow.FourPropertyFailed as e:
            form.add_error(None, str(e))
            return self._again(reseal_form=form, report=self._keep_failed(e, FourPropertyReport.Occasion.RESEALING))
        except workflow.ArchivingError as e:
            form.add_error(None, str(e))
            return self._again(reseal_form=form)
        return self._done(_("Sealed again."))


class ReviewQueueView(WagtailAdminTemplateMixin, TemplateView):
    """Case files waiting for the user's review as archivist (立卷归档)."""

    template_name = "archive/queue.html"
    header_icon = "folder-inverse"
    page_title = gettext_lazy("Archiving")

    def dispatch(self, request, *args, **kwargs):
        if not access.is_archivist(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": _("Archiving")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = access.archivable_case_files(self.request.user).values("pk")
        submissions = (
            ArchivingSubmission.objects.filter(case_file__in=mine)
            .select_related("case_file", "submitted_by", "reviewer", "case_file__handling_unit")
            .order_by("submitted_at")
        )
        overdue = list(overdue_archiving(mine))
        states = dict(
            submissions.filter(case_file__in=[row.case_file_id for row in overdue]).values_list("case_file_id", "state")
        )
        not_submitted = _("Not submitted for archiving yet.")
        overdue = [
            {
                "deadline": row,
                "state": State(states[row.case_file_id]).label if row.case_file_id in states else not_submitted,
            }
            for row in overdue
        ]
        context.update(
            overdue=overdue,
            waiting=submissions.filter(state__in=[State.CHECKED, State.UNDER_REVIEW]),
            returned=submissions.filter(state=State.RETURNED),
            reopened=submissions.filter(state=State.REOPENED),
            archived=submissions.filter(state=State.ARCHIVED).order_by("-submitted_at")[:20],
        )
        return context
