"""Admin views of the typical-case library: nominations, redaction review, the annual selection.

Supervisors (casefiles.access.can_manage_typical_cases) see and do everything;
a handling unit nominates its concluded case files and sees its nominations.
Editing, commenting and the review workflow are Wagtail's own page editor and
moderation; these views add what Wagtail has no screen for.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.models.selection import MAX_SCORE, Candidate, PanelScore, Selection, SelectionState
from archive.models.typical import Nomination, RedactionItem, TypicalCasePage
from archive.typical import drafting, redacting
from archive.typical import selection as selecting
from casefiles import access
from casefiles.roles import Role


def _breadcrumbs(*items):
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("archive_admin:typical_cases"), "label": _("Typical cases")},
        *items,
    ]


def visible_nominations(user):
    """The nominations ``user`` follows, each with ``pending``: its redactions not yet reviewed."""
    pending = Count("page__redaction__items", filter=Q(page__redaction__items__decision=RedactionItem.Decision.PENDING))
    nominations = (
        Nomination.objects.select_related("case_file", "page", "nominated_by")
        .annotate(pending=pending)
        .order_by("-nominated_at")
    )
    if access.can_manage_typical_cases(user):
        return nominations
    return nominations.filter(case_file__handling_unit_id__in=access.nominating_units(user))


def may_use_typical_cases(user):
    return access.can_manage_typical_cases(user) or access.nominating_units(user).exists()


def _errors(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]


class TypicalCasesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "archive/typical/home.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Typical cases")

    def dispatch(self, request, *args, **kwargs):
        if not may_use_typical_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _breadcrumbs()[:1] + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supervisor = access.can_manage_typical_cases(self.request.user)
        context.update(
            supervisor=supervisor,
            nominations=visible_nominations(self.request.user),
            selections=Selection.objects.all() if supervisor else Selection.objects.filter(panel=self.request.user),
            library=drafting.library() if supervisor else None,
        )
        return context


class NominationForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is this case typical?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class NominateView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "archive/typical/nominate.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Nominate as a typical case")

    def dispatch(self, request, case_file_id):
        self.case_file = get_object_or_404(access.case_files(request.user), pk=case_file_id)
        existing = Nomination.objects.filter(case_file=self.case_file).first()
        if existing is not None:
            messages.info(request, _("This case file was nominated already."))
            return redirect("archive_admin:typical_cases")
        if not access.can_nominate(request.user, self.case_file):
            messages.error(request, _("Only the justice bureau or the handling unit nominates a concluded case file."))
            return redirect("wagtailadmin_pages:edit", self.case_file.pk)
        return super().dispatch(request)

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.page_title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(case_file=self.case_file, form=kwargs.get("form") or NominationForm())
        return context

    def post(self, request):
        form = NominationForm(request.POST)
        if form.is_valid():
            try:
                nomination = drafting.nominate(self.case_file, request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Nominated. The typical case is drafted: %(title)s") % {"title": nomination.page.title}
                )
                if access.can_manage_typical_cases(request.user):
                    return redirect("archive_admin:redaction", nomination.page.pk)
                return redirect("archive_admin:typical_cases")
        return self.render_to_response(self.get_context_data(form=form))


class AddRedactionForm(forms.Form):
    original = forms.CharField(label=gettext_lazy("Text to replace"), max_length=200)
    replacement = forms.CharField(label=gettext_lazy("Replace with"), max_length=200, required=False, initial="×××")


class RedactionView(WagtailAdminTemplateMixin, TemplateView):
    """Every replacement found in a typical case's texts, to accept or reject; add; apply."""

    template_name = "archive/typical/redaction.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Redaction")

    def dispatch(self, request, typical_case_id):
        if not access.can_manage_typical_cases(request.user):
            raise PermissionDenied
        self.page = get_object_or_404(TypicalCasePage, pk=typical_case_id)
        self.review = redacting.review_of(self.page)
        return super().dispatch(request)

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": f"{self.page_title}：{self.page.title}"})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = redacting.draft_of(self.page)
        items = list(self.review.items.select_related("decided_by"))
        context.update(
            typical_case=self.page,
            review=self.review,
            pending=[item for item in items if item.decision == RedactionItem.Decision.PENDING],
            decided=[item for item in items if item.decision != RedactionItem.Decision.PENDING],
            refusal=redacting.redaction_refusal(draft),
            add_form=kwargs.get("add_form") or AddRedactionForm(),
            draft=draft,
            decisions=RedactionItem.Decision,
        )
        return context

    def post(self, request):
        action = request.POST.get("action")
        try:
            if action == "decide":
                self._decide(request)
            elif action == "add":
                form = AddRedactionForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(add_form=form))
                redacting.add(self.page, request.user, form.cleaned_data["original"], form.cleaned_data["replacement"])
                messages.success(request, _("Added."))
            elif action == "scan":
                redacting.scan(self.page, request.user)
                messages.success(request, _("Scanned the current texts again."))
            elif action == "apply":
                redacting.apply(self.page, request.user)
                messages.success(request, _("The accepted replacements are in the draft now."))
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            for message in _errors(error):
                messages.error(request, message)
        return redirect("archive_admin:redaction", self.page.pk)

    def _decide(self, request):
        decided = 0
        accept_all = request.POST.get("accept_all") == "1"
        for item in self.review.items.all():
            decision = request.POST.get(f"decision-{item.pk}") or (
                RedactionItem.Decision.ACCEPTED
                if accept_all and item.decision == RedactionItem.Decision.PENDING
                else ""
            )
            replacement = request.POST.get(f"replacement-{item.pk}")
            if not decision:
                continue
            if replacement is not None and replacement.strip() == item.replacement:
                replacement = None
            redacting.decide(item, request.user, decision, replacement)
            decided += 1
        messages.success(request, _("%(count)d decisions saved.") % {"count": decided})


class SelectionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    seats = forms.IntegerField(label=gettext_lazy("Cases to choose"), min_value=1, max_value=100, initial=5)
    panel = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Panel"), queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, agency_memberships__role__in=(Role.SUPERVISOR, Role.EVALUATOR))
            .distinct()
            .order_by("username")
        )
        self.fields["panel"].label_from_instance = lambda user: user.get_full_name() or user.username


class SelectionNewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "archive/typical/selection_form.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("New annual selection")

    def dispatch(self, request, *args, **kwargs):
        if not access.can_manage_typical_cases(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.page_title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or SelectionForm()
        return context

    def post(self, request):
        form = SelectionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        chosen = selecting.open_selection(
            request.user, year=data["year"], name=data["name"], seats=data["seats"], panel=data["panel"]
        )
        return redirect("archive_admin:selection", chosen.pk)


class SelectionView(WagtailAdminTemplateMixin, TemplateView):
    """A selection: its shortlist, the panel's scores, and closing it."""

    template_name = "archive/typical/selection.html"
    header_icon = "doc-full"

    def dispatch(self, request, selection_id):
        self.selection = get_object_or_404(Selection, pk=selection_id)
        self.supervisor = access.can_manage_typical_cases(request.user)
        self.panellist = selecting.is_panellist(self.selection, request.user)
        if not (self.supervisor or self.panellist):
            raise PermissionDenied
        return super().dispatch(request)

    def get_page_title(self):
        return self.selection.name

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.selection.name})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shortlisted = self.selection.candidates.values("case_id")
        my_scores = (
            {
                score.candidate_id: score
                for score in PanelScore.objects.filter(candidate__selection=self.selection, panellist=self.request.user)
            }
            if self.panellist
            else {}
        )
        standings = selecting.standings(self.selection)
        for standing in standings:
            standing.mine = my_scores.get(standing.candidate.pk)
        context.update(
            selection=self.selection,
            supervisor=self.supervisor,
            panellist=self.panellist,
            standings=standings,
            states=SelectionState,
            max_score=MAX_SCORE,
            available=TypicalCasePage.objects.live().filter(year=self.selection.year).exclude(pk__in=shortlisted)
            if self.supervisor
            else [],
        )
        return context

    def post(self, request):
        action = request.POST.get("action")
        try:
            if action == "shortlist":
                case = get_object_or_404(TypicalCasePage.objects.live(), pk=request.POST.get("case"))
                selecting.shortlist(self.selection, request.user, case)
            elif action == "remove":
                selecting.remove(
                    get_object_or_404(Candidate, pk=request.POST.get("candidate"), selection=self.selection),
                    request.user,
                )
            elif action == "start":
                selecting.start_scoring(self.selection, request.user)
            elif action == "score":
                for candidate in self.selection.candidates.all():
                    raw = request.POST.get(f"score-{candidate.pk}", "").strip()
                    if raw:
                        if not raw.isdigit():
                            raise ValidationError(_("A score is a whole number."))
                        selecting.score(
                            candidate, request.user, int(raw), request.POST.get(f"comment-{candidate.pk}", "")
                        )
                messages.success(request, _("Your scores are saved."))
            elif action == "close":
                collection = selecting.close(self.selection, request.user, request.POST.get("intro", ""))
                messages.success(request, _("Published: %(title)s") % {"title": collection.title})
            else:
                messages.error(request, _("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            for message in _errors(error):
                messages.error(request, message)
        return redirect("archive_admin:selection", self.selection.pk)
