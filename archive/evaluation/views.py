"""Admin views of evaluation (案卷评查): campaigns, scoring beside the documents, reconciliation,
results and their downloads, rectification notices, rubric versions.

Who may do what is asked of :mod:`casefiles.access` (supervisors run campaigns;
an evaluator sees only the evaluations assigned to them, and the case file's
documents only while their campaign access lasts) and of the services. Every
id in a URL is looked up among what the user may see: anything else is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.evaluation import campaigns, exports, rectification, results, rubrics, scoring
from archive.evaluation.forms import AnswerForm, CampaignForm, CloseForm, ReconcileForm, SendBackForm
from archive.models.evaluation import (
    Campaign,
    CampaignFile,
    CampaignState,
    Evaluation,
    EvaluationState,
    FileState,
    Grade,
    Rectification,
    RectificationState,
    Rubric,
    RubricState,
)
from casefiles import access, access_log
from casefiles.models import CaseDocument
from ocr import runs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _breadcrumbs(*items):
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("archive_admin:evaluation"), "label": _("Evaluation")},
        *items,
    ]


def may_use_evaluation(user):
    """Who has an evaluation page: supervisors, evaluators, and units that may get rectification notices."""
    return access.can_run_evaluations(user) or access.is_evaluator(user) or rectification.visible_to(user).exists()


class EvaluationHomeView(WagtailAdminTemplateMixin, TemplateView):
    """Campaigns (supervisors), the evaluations assigned to me (evaluators), rectification notices (units)."""

    template_name = "archive/evaluation/home.html"
    header_icon = "list-ol"
    page_title = gettext_lazy("Evaluation")

    def dispatch(self, request, *args, **kwargs):
        if not may_use_evaluation(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _breadcrumbs()[:1] + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        supervisor = access.can_run_evaluations(user)
        context.update(
            supervisor=supervisor,
            campaigns=Campaign.objects.select_related("rubric") if supervisor else [],
            assigned=campaigns.assigned_to(user),
            notices=rectification.visible_to(user).exclude(state=RectificationState.CLOSED),
            rubrics=Rubric.objects.all() if supervisor else [],
        )
        return context


class SupervisorMixin:
    def dispatch(self, request, *args, **kwargs):
        if not access.can_run_evaluations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CampaignFormView(SupervisorMixin, WagtailAdminTemplateMixin, TemplateView):
    """Create a campaign, or change one that has not started."""

    template_name = "archive/evaluation/campaign_form.html"
    header_icon = "list-ol"

    def dispatch(self, request, campaign_id=None):
        self.campaign = None
        if campaign_id is not None:
            self.campaign = get_object_or_404(Campaign, pk=campaign_id)
        return super().dispatch(request)

    def get_page_title(self):
        return self.campaign.name if self.campaign else _("New evaluation campaign")

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.get_page_title()})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or CampaignForm(instance=self.campaign)
        context["campaign"] = self.campaign
        return context

    def post(self, request):
        if self.campaign is not None and self.campaign.state != CampaignState.DRAFT:
            messages.error(request, _("A campaign that has started can no longer be changed."))
            return redirect("archive_admin:campaign", self.campaign.pk)
        form = CampaignForm(request.POST, instance=self.campaign)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        campaign = form.save(commit=False)
        if campaign.pk is None:
            campaign.created_by = request.user
        campaign.seed = form.cleaned_data["seed"]
        campaign.save()
        form.save_m2m()
        messages.success(request, _("Campaign “%(name)s” saved.") % {"name": campaign.name})
        return redirect("archive_admin:campaign", campaign.pk)


def campaign_for(user, campaign_id):
    """A campaign its supervisors may open (404 for anyone else)."""
    if not access.can_run_evaluations(user):
        raise Http404
    return get_object_or_404(Campaign.objects.select_related("rubric"), pk=campaign_id)


class CampaignView(WagtailAdminTemplateMixin, TemplateView):
    """A campaign: its settings and seed, its files and evaluators, its results; start and close."""

    template_name = "archive/evaluation/campaign.html"
    header_icon = "list-ol"

    def dispatch(self, request, campaign_id):
        self.campaign = campaign_for(request.user, campaign_id)
        return super().dispatch(request, campaign_id)

    def get_page_title(self):
        return self.campaign.name

    def get_page_subtitle(self):
        return self.campaign.get_state_display()

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.campaign.name})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign = self.campaign
        files = results.file_rows(campaign)
        items = results.item_rows(campaign)
        context.update(
            campaign=campaign,
            files=files,
            agencies=results.agency_rows(campaign, files),
            items=items,
            chart=results.item_chart(items),
            problems=campaigns.check_ready(campaign) if campaign.state == CampaignState.DRAFT else [],
            in_scope=campaigns.in_scope(campaign).count() if campaign.state == CampaignState.DRAFT else None,
            evaluations=Evaluation.objects.filter(campaign_file__campaign=campaign)
            .select_related("evaluator", "campaign_file__case_file")
            .order_by("evaluator__username", "campaign_file__case_file__title"),
            to_reconcile=[row for row in files if row.campaign_file.state == FileState.RECONCILE],
            notices=Rectification.objects.filter(campaign_file__campaign=campaign).select_related(
                "campaign_file__case_file", "agency"
            ),
            events=campaign.events.filter(campaign_file__isnull=True).select_related("actor"),
        )
        return context

    def post(self, request, campaign_id):
        action = request.POST.get("action")
        try:
            if action == "start":
                campaigns.start(self.campaign, request.user)
                messages.success(request, _("The campaign has started: the evaluators have their case files."))
            elif action == "close":
                campaigns.close(self.campaign, request.user)
                messages.success(request, _("The campaign is closed; rectification notices were sent."))
            else:
                messages.error(request, _("Unknown action."))
        except campaigns.CampaignError as error:
            messages.error(request, str(error))
        return redirect("archive_admin:campaign", self.campaign.pk)


class CampaignDownloadView(TemplateView):
    """The results tables (.xlsx) or the circular (.docx) of a campaign."""

    def get(self, request, campaign_id, kind):
        campaign = campaign_for(request.user, campaign_id)
        if kind == "xlsx":
            content, content_type, name = exports.workbook(campaign), XLSX, _("evaluation-results")
        elif kind == "docx":
            issuer = _("the justice bureau")
            memberships = request.user.agency_memberships.select_related("agency").filter(agency__kind="justice_bureau")
            if memberships:
                issuer = memberships[0].agency.name
            content, content_type, name = exports.circular(campaign, issuer), DOCX, _("evaluation-circular")
        else:
            raise Http404
        filename = f"{name}-{campaign.pk}.{kind}"
        return HttpResponse(
            content,
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )


def evaluation_for(user, evaluation_id):
    """An evaluation its evaluator may open (404 for anyone else, supervisors included)."""
    evaluation = (
        Evaluation.objects.filter(pk=evaluation_id)
        .select_related("campaign_file__campaign__rubric", "campaign_file__case_file", "campaign_file__agency")
        .first()
    )
    if evaluation is None or evaluation.evaluator_id != user.pk:
        raise Http404
    return evaluation


def _entries(post, rows):
    entries = {}
    for row in rows:
        code = row.item.code
        raw = (post.get(f"faults-{code}") or "").strip()
        try:
            faults = int(raw)
        except ValueError:
            faults = raw  # refused by scoring.save with the item's message
        entries[code] = scoring.Entry(faults, post.get(f"note-{code}", ""), post.get(f"reason-{code}", ""))
    return entries


class ScoringView(WagtailAdminTemplateMixin, TemplateView):
    """One evaluation: the case file's documents (page image and text) beside the scoring form."""

    template_name = "archive/evaluation/scoring.html"
    header_icon = "list-ol"

    def dispatch(self, request, evaluation_id):
        self.evaluation = evaluation_for(request.user, evaluation_id)
        self.case_file = self.evaluation.campaign_file.case_file
        if not self.evaluation.is_submitted and not access.can(request.user, access.VIEW, self.case_file):
            # The campaign's access has ended: nothing of the case file is shown any more.
            messages.error(request, _("Your access to this case file has ended with the campaign."))
            return redirect("archive_admin:evaluation")
        return super().dispatch(request, evaluation_id)

    def get_page_title(self):
        return self.case_file.title

    def get_page_subtitle(self):
        return self.evaluation.campaign_file.campaign.name

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.case_file.title})

    def _viewer(self):
        documents = list(
            CaseDocument.objects.filter(case_file=self.case_file, page__isnull=False)
            .select_related("page")
            .order_by("page__path", "pk")
        )
        if not documents or not access.can(self.request.user, access.VIEW, self.case_file):
            return {"documents": documents, "document": None}
        try:
            chosen = int(self.request.GET.get("document", documents[0].pk))
            number = int(self.request.GET.get("page", 1))
        except ValueError:
            raise Http404 from None
        document = next((d for d in documents if d.pk == chosen), None)
        if document is None or not 1 <= number <= max(document.page_count or 0, 1):
            raise Http404
        pages = {page.number: page for page in runs.current_pages(document)}
        access_log.record(self.request, access_log.AccessAction.VIEW_PAGE, document=document, page_number=number)
        return {
            "documents": documents,
            "document": document,
            "number": number,
            "total": document.page_count or len(pages),
            "page_text": pages.get(number),
            "image_url": reverse("search_admin:document_page_image", args=[document.pk, number])
            if document.page_count
            else None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.evaluation
        rows = (
            list(evaluation.item_scores.select_related("item"))
            if evaluation.is_submitted
            else scoring.prefill(evaluation)
        )
        errors = kwargs.get("errors") or {}
        posted = kwargs.get("posted")
        sections = []
        for row in rows:
            if posted is not None:
                row.faults = posted[row.item.code].faults
                row.note, row.override_reason = posted[row.item.code].note, posted[row.item.code].override_reason
            row.error = errors.get(row.item.code, "")
            row.deduction = rubrics.deduction(row.item, row.faults) if isinstance(row.faults, int) else None
            if not sections or sections[-1]["title"] != row.item.section:
                sections.append({"title": row.item.section, "rows": []})
            sections[-1]["rows"].append(row)
        current = scoring.score_rows(rows, evaluation.campaign_file.campaign.rubric.grade_bands) if not errors else None
        context.update(
            evaluation=evaluation,
            case_file=self.case_file,
            sections=sections,
            current=current,
            current_grade=Grade(current.grade).label if current else "",
            general_error=errors.get(""),
            locked=evaluation.is_submitted or evaluation.campaign_file.campaign.state != CampaignState.RUNNING,
            **self._viewer(),
        )
        return context

    def post(self, request, evaluation_id):
        rows = scoring.prefill(self.evaluation)
        entries = _entries(request.POST, rows)
        submit = request.POST.get("action") == "submit"
        try:
            scoring.save(
                self.evaluation,
                request.user,
                entries,
                comment=request.POST.get("comment", ""),
                flagged=bool(request.POST.get("flagged")),
                submit=submit,
            )
        except scoring.ScoringError as error:
            self.evaluation.comment = request.POST.get("comment", "")
            return self.render_to_response(self.get_context_data(errors=error.errors, posted=entries), status=400)
        if submit:
            messages.success(request, _("Your evaluation is submitted."))
            return redirect("archive_admin:evaluation")
        messages.success(request, _("Draft saved."))
        return redirect("archive_admin:scoring", self.evaluation.pk)


class ReconcileView(WagtailAdminTemplateMixin, TemplateView):
    """A supervisor settles a file whose evaluators' scores differ too much."""

    template_name = "archive/evaluation/reconcile.html"
    header_icon = "list-ol"

    def dispatch(self, request, file_id):
        self.campaign_file = get_object_or_404(
            CampaignFile.objects.select_related("campaign__rubric", "case_file", "agency"), pk=file_id
        )
        if not access.can_run_evaluations(request.user):
            raise Http404
        return super().dispatch(request, file_id)

    def get_page_title(self):
        return _("Reconcile: %(title)s") % {"title": self.campaign_file.case_file.title}

    def get_breadcrumbs_items(self):
        campaign = self.campaign_file.campaign
        return _breadcrumbs(
            {"url": reverse("archive_admin:campaign", args=[campaign.pk]), "label": campaign.name},
            {"url": "", "label": self.campaign_file.case_file.title},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluations = list(
            self.campaign_file.evaluations.filter(state=EvaluationState.SUBMITTED).select_related("evaluator")
        )
        items = list(self.campaign_file.campaign.rubric.items.all())
        table = []
        for item in items:
            found = []
            for evaluation in evaluations:
                scored = next(
                    (entry for entry in evaluation.snapshot.get("items", []) if entry["code"] == item.code), {}
                )
                found.append(scored)
            table.append(
                {
                    "item": item,
                    "scored": found,
                    "value": kwargs.get("faults", {}).get(item.code, found[0].get("faults", 0) if found else 0),
                }
            )
        context.update(
            campaign_file=self.campaign_file,
            evaluations=evaluations,
            table=table,
            form=kwargs.get("form") or ReconcileForm(),
            may_reconcile=scoring.can_reconcile(self.request.user, self.campaign_file)
            and self.campaign_file.state == FileState.RECONCILE,
        )
        return context

    def post(self, request, file_id):
        form = ReconcileForm(request.POST)
        faults = {}
        for item in self.campaign_file.campaign.rubric.items.all():
            raw = (request.POST.get(f"faults-{item.code}") or "").strip()
            faults[item.code] = int(raw) if raw.isdigit() else raw
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, faults=faults), status=400)
        try:
            scoring.reconcile(
                self.campaign_file,
                request.user,
                faults,
                reason=form.cleaned_data["reason"],
                flagged=form.cleaned_data["flagged"],
            )
        except campaigns.CampaignError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form, faults=faults), status=400)
        messages.success(request, _("The reconciled score is recorded."))
        return redirect("archive_admin:campaign", self.campaign_file.campaign_id)


class RectificationView(WagtailAdminTemplateMixin, TemplateView):
    """A rectification notice: the problems, the unit's answer, the supervisor's close or return."""

    template_name = "archive/evaluation/rectification.html"
    header_icon = "warning"

    def dispatch(self, request, notice_id):
        self.notice = get_object_or_404(rectification.visible_to(request.user), pk=notice_id)
        return super().dispatch(request, notice_id)

    def get_page_title(self):
        return _("Rectification: %(title)s") % {"title": self.notice.campaign_file.case_file.title}

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": self.notice.campaign_file.case_file.title})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, notice = self.request.user, self.notice
        context.update(
            notice=notice,
            steps=notice.campaign_file.events.filter(action__startswith="rectification").select_related("actor"),
            can_answer=rectification.can_answer(user, notice) and notice.state == RectificationState.ISSUED,
            can_decide=access.can_run_evaluations(user) and notice.state == RectificationState.ANSWERED,
            answer_form=kwargs.get("answer_form") or AnswerForm(),
            close_form=kwargs.get("close_form") or CloseForm(),
            send_back_form=kwargs.get("send_back_form") or SendBackForm(),
        )
        return context

    def post(self, request, notice_id):
        action = request.POST.get("action")
        forms = {"answer": AnswerForm, "close": CloseForm, "send_back": SendBackForm}
        if action not in forms:
            messages.error(request, _("Unknown action."))
            return redirect("archive_admin:rectification", self.notice.pk)
        form = forms[action](request.POST)
        if form.is_valid():
            try:
                if action == "answer":
                    rectification.answer(self.notice, request.user, form.cleaned_data["answer"])
                elif action == "close":
                    rectification.close(self.notice, request.user, form.cleaned_data["note"])
                else:
                    rectification.send_back(self.notice, request.user, form.cleaned_data["reasons"])
            except campaigns.CampaignError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("archive_admin:rectification", self.notice.pk)
        return self.render_to_response(self.get_context_data(**{f"{action}_form": form}), status=400)


class RubricView(SupervisorMixin, WagtailAdminTemplateMixin, TemplateView):
    """A rubric version: its items and bands; publish a draft, or make the next version."""

    template_name = "archive/evaluation/rubric.html"
    header_icon = "list-ol"

    def dispatch(self, request, rubric_id):
        self.rubric = get_object_or_404(Rubric, pk=rubric_id)
        return super().dispatch(request, rubric_id)

    def get_page_title(self):
        return str(self.rubric)

    def get_page_subtitle(self):
        return self.rubric.get_state_display()

    def get_breadcrumbs_items(self):
        return _breadcrumbs({"url": "", "label": str(self.rubric)})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rubric=self.rubric,
            items=self.rubric.items.all(),
            total=self.rubric.total_points(),
            problems=rubrics.problems(self.rubric) if self.rubric.state == RubricState.DRAFT else [],
            edit_url=reverse("evaluation_rubrics:edit", args=[self.rubric.pk]),
        )
        return context

    def post(self, request, rubric_id):
        action = request.POST.get("action")
        if action == "publish":
            try:
                rubrics.publish(self.rubric, request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Version %(version)s is published.") % {"version": self.rubric.version})
            return redirect("archive_admin:rubric", self.rubric.pk)
        if action == "new_version":
            copy = rubrics.new_version(self.rubric, request.user)
            messages.success(
                request,
                _("Version %(version)s was made as a draft: edit it, then publish it.") % {"version": copy.version},
            )
            return redirect("archive_admin:rubric", copy.pk)
        messages.error(request, _("Unknown action."))
        return redirect("archive_admin:rubric", self.rubric.pk)
