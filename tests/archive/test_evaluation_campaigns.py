"""Evaluation campaigns: scope, reproducible samples, cross-evaluation assignment, access that ends."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from freezegun import freeze_time

from archive.evaluation import campaigns
from archive.evaluation.campaigns import CampaignError, plan_assignments
from archive.models import CampaignFile, Evaluation
from archive.models.evaluation import CampaignState, Selection
from casefiles import access
from casefiles.models import CaseFileUserGrant, GrantSource

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2025, 3, 3, 10, 0))


def fresh(name):
    return get_user_model().objects.get(username=name)


# --- Assignment as arithmetic ---------------------------------------------------------------------


def test_assignment_never_gives_an_evaluator_a_file_of_their_own_agency_and_balances_the_load():
    # Ten files of four agencies; six evaluators of five agencies (agency 1 has two).
    files = {pk: {pk % 4 + 1} for pk in range(100, 110)}
    files[109] = {1, 2}  # a file of two agencies (handled by one, defended by another)
    evaluators = {10: {1}, 11: {1}, 12: {2}, 13: {3}, 14: {4}, 15: {5}}
    plan = plan_assignments(files, evaluators, per_file=2, seed="s")
    assert set(plan) == set(files)
    for case_file_id, chosen in plan.items():
        assert len(chosen) == len(set(chosen)) == 2
        assert all(not evaluators[evaluator] & files[case_file_id] for evaluator in chosen)
    load = [sum(evaluator in chosen for chosen in plan.values()) for evaluator in evaluators]
    assert sum(load) == 20 and max(load) - min(load) <= 1
    assert plan == plan_assignments(files, evaluators, per_file=2, seed="s")  # reproducible


def test_assignment_names_the_files_that_cannot_get_enough_evaluators():
    files = {1: {7}, 2: {8}}
    evaluators = {10: {7}, 11: {9}}
    with pytest.raises(CampaignError) as refused:
        plan_assignments(files, evaluators, per_file=2)
    assert refused.value.args[0] == [1]  # file 2 has both evaluators; file 1 only one
    # The most constrained file first, then the least loaded evaluator.
    assert plan_assignments(files, evaluators, per_file=1) == {1: [11], 2: [10]}


# --- Scope and sample -----------------------------------------------------------------------------


def test_scope_takes_concluded_case_files_of_the_units_years_causes_and_archive_state(world, campaign):
    land_2024 = world.case_file(status="closed")
    world.case_file(status="in_progress")  # not concluded
    market = world.case_file(handling_unit=world.market, status="closed")
    land_2023 = world.case_file(status="closed", case_number="（2023）鲁1503行初7号")
    chosen = campaign(years=[2024])
    assert set(campaigns.in_scope(chosen)) == {land_2024, market}
    chosen.agencies.set([world.market])
    assert set(campaigns.in_scope(chosen)) == {market}
    chosen.agencies.clear()
    chosen.years = []
    assert set(campaigns.in_scope(chosen)) == {land_2024, market, land_2023}
    chosen.archived = "archived"
    assert not campaigns.in_scope(chosen).exists()


def test_a_sample_per_agency_is_the_same_for_the_same_seed(world, campaign):
    made = [world.case_file(status="closed") for _ in range(8)] + [
        world.case_file(handling_unit=world.market, status="closed") for _ in range(5)
    ]
    sample = campaign(selection=Selection.SAMPLE, sample_size=3, seed="abc")
    first = campaigns.choose(sample)
    assert len(first) == 6
    by_agency = {}
    for case_file_id, agency_id in first:
        by_agency.setdefault(agency_id, []).append(case_file_id)
    assert {agency: len(ids) for agency, ids in by_agency.items()} == {world.land.pk: 3, world.market.pk: 3}
    assert campaigns.choose(sample) == first
    again = campaign(selection=Selection.SAMPLE, sample_size=3, seed="abc", name="再抽一次")
    assert campaigns.choose(again) == first
    seeds = {tuple(campaigns.choose(campaign(selection=Selection.SAMPLE, sample_size=3, seed=s))) for s in "xyzuvw"}
    assert len(seeds) > 1  # other seeds, other samples
    # A sample larger than an agency's files takes them all.
    everything = campaign(selection=Selection.SAMPLE, sample_size=50, seed="abc")
    assert sorted(pk for pk, _agency in campaigns.choose(everything)) == sorted(cf.pk for cf in made)


# --- Starting: assignments and access ---------------------------------------------------------------


@freeze_time(NOW)
def test_starting_assigns_across_agencies_and_gives_access_to_exactly_those_files_until_the_end(world, campaign):
    land = world.case_file(status="closed")
    market = world.case_file(handling_unit=world.market, status="closed")
    other = world.case_file(status="closed", case_number="（2022）鲁1503行初3号")
    running = campaign(years=[2024])
    assert not access.can(fresh("evaluator_market"), access.VIEW, land)
    with pytest.raises(PermissionDenied):
        campaigns.start(running, world.user("evaluator"))
    campaigns.start(running, world.user("supervisor"))
    running.refresh_from_db()
    assert running.state == CampaignState.RUNNING
    assert set(CampaignFile.objects.filter(campaign=running).values_list("case_file_id", flat=True)) == {
        land.pk,
        market.pk,
    }
    market_file = CampaignFile.objects.get(campaign=running, case_file=market)
    assert market_file.agency == world.market
    # The market bureau's evaluator never gets the market bureau's file.
    assert "evaluator_market" not in set(market_file.evaluations.values_list("evaluator__username", flat=True))
    assert market_file.evaluations.count() == 2
    for evaluation in Evaluation.objects.filter(campaign_file__campaign=running).select_related("grant"):
        assert evaluation.grant.source == GrantSource.EVALUATION
        assert evaluation.grant.expires_at == timezone.make_aware(datetime.datetime(2025, 4, 1))
        user = fresh(evaluation.evaluator.username)
        assert access.can(user, access.VIEW, evaluation.campaign_file.case_file_id)
        assert not access.can(user, access.CHANGE, evaluation.campaign_file.case_file_id)
    for name in ("evaluator", "evaluator_street", "evaluator_market"):
        assigned = set(
            Evaluation.objects.filter(evaluator__username=name).values_list("campaign_file__case_file_id", flat=True)
        )
        visible = {pk for pk in (land.pk, market.pk, other.pk) if access.can(fresh(name), access.VIEW, pk)}
        assert visible == assigned  # exactly the assigned files, never the one out of scope
    with freeze_time(timezone.make_aware(datetime.datetime(2025, 3, 31, 23, 59))):
        assert access.can(fresh(market_file.evaluations.first().evaluator.username), access.VIEW, market)
    with freeze_time(timezone.make_aware(datetime.datetime(2025, 4, 1, 0, 0))):
        for evaluation in Evaluation.objects.filter(campaign_file__campaign=running):
            assert not access.can(
                fresh(evaluation.evaluator.username), access.VIEW, evaluation.campaign_file.case_file_id
            )
    with pytest.raises(CampaignError):
        campaigns.start(running, world.user("supervisor"))  # once only


@freeze_time(NOW)
def test_a_campaign_that_cannot_start_says_why_and_changes_nothing(world, campaign):
    world.case_file(handling_unit=world.market, status="closed")
    # Only the market bureau's evaluator and one other: the market file needs two from other agencies.
    short = campaign(evaluator_keys=("market", "street"))
    with pytest.raises(CampaignError) as refused:
        campaigns.start(short, world.user("supervisor"))
    assert "临江区市场监督管理局房屋征收案1" in str(refused.value)  # the file that cannot be assigned, by name
    short.refresh_from_db()
    assert short.state == CampaignState.DRAFT and not CampaignFile.objects.filter(campaign=short).exists()
    assert not CaseFileUserGrant.objects.filter(source=GrantSource.EVALUATION).exists()
    empty = campaign(years=[2019])
    with pytest.raises(CampaignError):
        campaigns.start(empty, world.user("supervisor"))
    over = campaign(ends_on=datetime.date(2025, 3, 1), starts_on=datetime.date(2025, 2, 1))
    assert campaigns.check_ready(over)
    with pytest.raises(CampaignError):
        campaigns.start(over, world.user("supervisor"))
    not_evaluator = campaign()
    not_evaluator.evaluators.add(world.user("officer_land"))
    assert any("officer_land" in problem for problem in campaigns.check_ready(not_evaluator))
