"""The demo's evaluation campaigns: one closed with its results and rectifications, one under way.

Deterministic, like the rest of the demo: the campaign's seed is fixed, and
the evaluators' entries are the case data's findings with a few differences of
their own (a fault the data cannot see, a defence one evaluator finds late), so
that the results show agreement, a mean, a reconciliation and a failed file.
Idempotent: a campaign that exists by name is left as it is.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from archive.evaluation import campaigns, rectification, scoring
from archive.evaluation.scoring import Entry
from archive.models import Campaign, Rectification, Rubric
from archive.models.evaluation import FileState, Selection

CLOSED = "2024年度行政应诉案卷评查"
RUNNING = "案卷质量专项抽查"
EVALUATORS = ("evaluator", "evaluator_street", "evaluator_land")


def _entries(evaluation, position):
    """The evaluator's entries: the data's findings, and the demo's own differences by file and evaluator."""
    rows = scoring.prefill(evaluation)
    entries = {row.item.code: Entry(row.faults) for row in rows}
    first = evaluation.evaluator.username == min(
        e.evaluator.username for e in evaluation.campaign_file.evaluations.all()
    )
    if position % 3 == 0:
        entries["judgment_reported"] = Entry(1, "未见判决书报司法局备案的记录")
    if position % 4 == 1 and not first:
        entries["seals_and_certificates"] = Entry(
            entries["seals_and_certificates"].faults + 1, "授权委托书未加盖印章", "原件核对：授权委托书无印章"
        )
    if position == 2 and not first:
        entries["defence_on_time"] = Entry(1, "", "答辩状落款日期晚于举证期限")
    return entries


def seed():
    """Create the demo campaigns; returns the closed one (None if the demo has no concluded case file)."""
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(username__in=("supervisor", *EVALUATORS))}
    if len(users) < len(EVALUATORS) + 1 or Campaign.objects.filter(name=CLOSED).exists():
        return Campaign.objects.filter(name=CLOSED).first()
    supervisor = users["supervisor"]
    rubric = Rubric.objects.get(code="litigation_response", version=1)
    today = timezone.localdate()
    closed = Campaign.objects.create(
        name=CLOSED,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=10),
        rubric=rubric,
        years=[2023, 2024],
        selection=Selection.SAMPLE,
        sample_size=3,
        seed="20250301",
        evaluators_per_file=2,
        created_by=supervisor,
    )
    closed.evaluators.set([users[name] for name in EVALUATORS])
    if not campaigns.in_scope(closed).exists():
        closed.delete()
        return None
    campaigns.start(closed, supervisor)
    files = list(closed.files.order_by("case_file__case_number", "pk"))
    for position, campaign_file in enumerate(files):
        for evaluation in campaign_file.evaluations.select_related("evaluator").order_by("evaluator__username"):
            scoring.save(evaluation, evaluation.evaluator, _entries(evaluation, position), submit=True)
    for campaign_file in closed.files.filter(state=FileState.RECONCILE):
        # The reviewer checks the court's register and confirms the late defence: the file fails (a veto).
        agreed = campaign_file.evaluations.order_by("-vetoed", "pk").first()
        faults = {row.item.code: row.faults for row in agreed.item_scores.select_related("item")}
        reason = "核对法院收文登记，答辩状逾期提交" if agreed.vetoed else "核对原件，以本评查意见为准"
        scoring.reconcile(campaign_file, supervisor, faults, reason=reason)
    campaigns.close(closed, supervisor)
    notice = Rectification.objects.filter(campaign_file__campaign=closed).order_by("pk").first()
    if notice is not None:
        officer = User.objects.filter(
            agency_memberships__agency=notice.agency, agency_memberships__role="officer"
        ).first()
        if officer is not None:
            rectification.answer(notice, officer, "已补齐材料，完善答辩举证和归档流程，并组织全体承办人员学习。")
    running = Campaign.objects.create(
        name=RUNNING,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
        rubric=rubric,
        years=[2022],
        evaluators_per_file=1,
        seed="20260101",
        created_by=supervisor,
    )
    running.evaluators.set([users[name] for name in EVALUATORS])
    if campaigns.in_scope(running).exists():
        campaigns.start(running, supervisor)
    else:
        running.delete()
    return closed
