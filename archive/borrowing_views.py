"""Admin views of borrowing (借阅): the borrower's list and the catalogue, the request form, the
archivist's queue, and one request with its steps.

A would-be borrower may not see the case file (that is why they borrow it), so
they find it in the catalogue of archived case files by its archival code,
title or case number: the catalogue entry (档号, title, case number, court,
year, retention) and nothing of its content. Requests are addressed by the
archival code's id, not the case file's: URLs naming a case file are refused to
those who may not see it (:mod:`casefiles.guard`).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive import borrowing as service
from archive.models import ArchivalCode, Borrowing, BorrowingState
from casefiles import access

CATALOGUE_PER_PAGE = 20
RECENT = 20
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.Form):
    purpose = forms.CharField(label=gettext_lazy("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    until = forms.DateField(label=gettext_lazy("Borrow until (inclusive)"), widget=DATE_WIDGET)


class ApproveForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Lend until (inclusive)"),
        widget=DATE_WIDGET,
        help_text=gettext_lazy("At most the day the borrower asked for."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefuseForm(forms.Form):
    reasons = forms.CharField(label=gettext_lazy("Reasons for refusing"), widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _home_breadcrumbs(*items):
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("archive_admin:borrowings"), "label": _("Borrowing")},
        *items,
    ]


def _catalogue(user, text):
    entries = ArchivalCode.objects.filter(case_file__in=access.borrowable_case_files(user).values("pk"))
    text = text.strip()
    if text:
        entries = entries.filter(
            Q(code__icontains=text) | Q(case_file__title__icontains=text) | Q(case_file__case_number__icontains=text)
        )
    return entries.select_related("case_file", "case_file__court").order_by("-year", "fonds", "-item_number")


class BorrowingsView(WagtailAdminTemplateMixin, TemplateView):
    """The user's borrowings, and the catalogue of archived case files they may ask to borrow."""

    template_name = "archive/borrowing/home.html"
    header_icon = "folder-open-1"
    page_title = gettext_lazy("Borrowing")

    def dispatch(self, request, *args, **kwargs):
        if not access.is_agency_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _home_breadcrumbs()[:1] + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, text = self.request.user, self.request.GET.get("q", "")[:200]
        page = Paginator(_catalogue(user, text), CATALOGUE_PER_PAGE).get_page(self.request.GET.get("p"))
        mine = Borrowing.objects.filter(borrower=user).select_related("case_file", "case_file__archival_code")
        lender = access.is_archivist(user)
        context.update(
            borrowings=mine,
            now=timezone.now(),
            q=text,
            catalogue=page,
            lender=lender,
            waiting_count=_lendable(user).filter(state=BorrowingState.REQUESTED).count() if lender else 0,
        )
        return context


def _lendable(user):
    """Requests to borrow the case files ``user`` lends (as their agencies' archivist)."""
    return Borrowing.objects.filter(case_file__in=access.archivable_case_files(user).values("pk")).select_related(
        "case_file", "case_file__archival_code", "borrower"
    )


class BorrowRequestView(WagtailAdminTemplateMixin, TemplateView):
    """The request form on an archived case file's catalogue entry."""

    template_name = "archive/borrowing/request.html"
    header_icon = "folder-open-1"
    page_title = gettext_lazy("Ask to borrow")

    def dispatch(self, request, code_id):
        self.code = get_object_or_404(ArchivalCode.objects.select_related("case_file", "case_file__court"), pk=code_id)
        if access.can(request.user, access.VIEW, self.code.case_file_id):
            return redirect("casefiles_admin:overview", self.code.case_file_id)
        if not access.can_borrow(request.user, self.code.case_file_id):
            raise Http404
        return super().dispatch(request, code_id)

    def get_page_subtitle(self):
        return self.code.code

    def get_breadcrumbs_items(self):
        return _home_breadcrumbs({"url": "", "label": self.code.code})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            code=self.code,
            case_file=self.code.case_file,
            form=kwargs.get("form") or RequestForm(),
            earlier=Borrowing.objects.filter(case_file=self.code.case_file, borrower=self.request.user),
            now=timezone.now(),
        )
        return context

    def post(self, request, code_id):
        form = RequestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            borrowing = service.request(
                self.code.case_file,
                request.user,
                purpose=form.cleaned_data["purpose"],
                until=form.cleaned_data["until"],
            )
        except service.BorrowingError as e:
            form.add_error(None, str(e))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("Your request has gone to the archivist."))
        return redirect("archive_admin:borrowing", borrowing.pk)


class LendingQueueView(WagtailAdminTemplateMixin, TemplateView):
    """The archivist's queue: requests to borrow their agencies' case files, loans running, loans ended."""

    template_name = "archive/borrowing/queue.html"
    header_icon = "folder-open-1"
    page_title = gettext_lazy("Requests to borrow")

    def dispatch(self, request, *args, **kwargs):
        if not access.is_archivist(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _home_breadcrumbs({"url": "", "label": self.page_title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lendable, today = _lendable(self.request.user), timezone.localdate()
        context.update(
            waiting=lendable.filter(state=BorrowingState.REQUESTED).order_by("requested_at"),
            on_loan=lendable.filter(state=BorrowingState.APPROVED, until__gte=today).order_by("until"),
            ended=lendable.filter(
                Q(state__in=[BorrowingState.REFUSED, BorrowingState.RETURNED])
                | Q(state=BorrowingState.APPROVED, until__lt=today)
            ).order_by("-requested_at")[:RECENT],
            now=timezone.now(),
        )
        return context


class BorrowingView(WagtailAdminTemplateMixin, TemplateView):
    """One request to borrow: its steps, and what the user may do with it now."""

    template_name = "archive/borrowing/detail.html"
    header_icon = "folder-open-1"
    page_title = gettext_lazy("Borrowing")

    def dispatch(self, request, borrowing_id):
        self.borrowing = (
            Borrowing.objects.filter(pk=borrowing_id)
            .select_related("case_file", "case_file__archival_code", "case_file__court", "borrower")
            .first()
        )
        if self.borrowing is None or not access.can_see_borrowing(request.user, self.borrowing):
            raise Http404
        return super().dispatch(request, borrowing_id)

    def get_page_subtitle(self):
        return self.borrowing.case_file.title

    def get_breadcrumbs_items(self):
        return _home_breadcrumbs({"url": "", "label": self.borrowing.case_file.title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        borrowing, user = self.borrowing, self.request.user
        may_lend = access.can_lend(user, borrowing.case_file)
        requested = borrowing.state == BorrowingState.REQUESTED
        context.update(
            borrowing=borrowing,
            case_file=borrowing.case_file,
            code=ArchivalCode.objects.filter(case_file=borrowing.case_file).first(),
            events=borrowing.events_in_order(),
            status=borrowing.status_label(),
            can_decide=may_lend and requested,
            can_return=access.can_return_borrowing(user, borrowing) and borrowing.on_loan(),
            approve_form=kwargs.get("approve_form") or ApproveForm(initial={"until": borrowing.requested_until}),
            refuse_form=kwargs.get("refuse_form") or RefuseForm(),
            return_form=kwargs.get("return_form") or ReturnForm(),
        )
        return context

    def post(self, request, borrowing_id):
        handler = {"approve": self._approve, "refuse": self._refuse, "return": self._return}.get(
            request.POST.get("action")
        )
        if handler is None:
            raise PermissionDenied
        return handler(request)

    def _again(self, **forms):
        return self.render_to_response(self.get_context_data(**forms))

    def _step(self, request, form_class, name, step, message):
        form = form_class(request.POST)
        if not form.is_valid():
            return self._again(**{name: form})
        try:
            step(form.cleaned_data)
        except service.BorrowingError as e:
            form.add_error(None, str(e))
            return self._again(**{name: form})
        messages.success(request, message)
        return redirect("archive_admin:borrowing", self.borrowing.pk)

    def _approve(self, request):
        return self._step(
            request,
            ApproveForm,
            "approve_form",
            lambda data: service.approve(self.borrowing, request.user, until=data["until"], note=data["note"]),
            _("Lent; the access ends by itself after the last day."),
        )

    def _refuse(self, request):
        return self._step(
            request,
            RefuseForm,
            "refuse_form",
            lambda data: service.refuse(self.borrowing, request.user, data["reasons"]),
            _("The request is refused."),
        )

    def _return(self, request):
        return self._step(
            request,
            ReturnForm,
            "return_form",
            lambda data: service.give_back(self.borrowing, request.user, data["note"]),
            _("Returned; your access to the case file has ended."),
        )
