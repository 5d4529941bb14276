"""The admin home panel of evaluation: what waits for this user (to score, to reconcile, to answer, to close)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from archive.evaluation import campaigns, rectification
from archive.models.evaluation import CampaignFile, CampaignState, EvaluationState, FileState, RectificationState
from casefiles import access


def waiting_for(user):
    """{kind: rows} of what evaluation asks of ``user`` now; empty lists when nothing."""
    supervisor = access.can_run_evaluations(user)
    notices = rectification.visible_to(user)
    return {
        "to_score": list(campaigns.assigned_to(user).exclude(state=EvaluationState.SUBMITTED)),
        "to_answer": [n for n in notices.filter(state=RectificationState.ISSUED) if rectification.can_answer(user, n)],
        "to_close": list(notices.filter(state=RectificationState.ANSWERED)) if supervisor else [],
        "to_reconcile": list(
            CampaignFile.objects.filter(
                state=FileState.RECONCILE, campaign__state=CampaignState.RUNNING
            ).select_related("case_file", "campaign")
        )
        if supervisor
        else [],
    }


class EvaluationPanel(Component):
    name = "evaluation"
    order = 60
    template_name = "archive/evaluation/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        waiting = waiting_for(self.request.user)
        return {**waiting, "any": any(waiting.values()), "today": timezone.localdate()}
