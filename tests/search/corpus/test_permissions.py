"""Search within permissions: never a hit outside what the user may view, every permitted match reachable.

Hypothesis draws users (roles, groups, inactive ones), grants (to users and
groups, view or change, some expiring before the search runs) and queries;
the answer is checked against the foundation's own access rule
(``casefiles.access.can``) and the corpus texts, through every page of
results, the total, the facet counts and the snippets.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casefiles import access
from search import api

pytestmark = pytest.mark.django_db

WORDS = ["", "法院", "征收", "驳回", "赔偿", "信息公开", "行政处罚决定书", "滨河", "许可 -驳回", "拆除 OR 复议"]
ROLE_USERS = ["officer_land", "officer_market", "head_land", "archivist_land", "evaluator", "nobody"]
PER_PAGE = 4
NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0))

grants = st.lists(
    st.fixed_dictionaries(
        {
            "case": st.integers(min_value=0, max_value=29),
            "holder": st.sampled_from(["user", "group_a", "group_b"]),
            "level": st.sampled_from([access.VIEW, access.CHANGE]),
            # Hours the grant lasts from NOW: expired by search time when shorter than `later`.
            "hours": st.one_of(st.none(), st.integers(min_value=1, max_value=48)),
        }
    ),
    max_size=8,
)

scenarios = st.fixed_dictionaries(
    {
        "role_user": st.one_of(st.none(), st.sampled_from(ROLE_USERS)),
        "groups": st.sets(st.sampled_from(["group_a", "group_b"])),
        "active": st.sampled_from([True, True, True, False]),
        "grants": grants,
        "later": st.integers(min_value=0, max_value=72),
        "word": st.sampled_from(WORDS),
        "year": st.one_of(st.none(), st.sampled_from([2021, 2022, 2023, 2024])),
    }
)


def expected_ids(corpus, word):
    """The case files a query's words select, by brute force over the corpus texts."""
    every = {case_file.pk for case_file in corpus.case_files}
    if not word:
        return every
    if " OR " in word:
        left, right = word.split(" OR ")
        return corpus.ids_with(left) | corpus.ids_with(right)
    if " -" in word:
        kept, left_out = word.split(" -")
        return corpus.ids_with(kept) - corpus.ids_with(left_out)
    return corpus.ids_with(word)


def every_page(user, **kwargs):
    """Every hit over every page of results, checking the pages are full."""
    first = api.search(user, per_page=PER_PAGE, **kwargs)
    hits = list(first.hits)
    for number in range(2, first.page_count + 1):
        page = api.search(user, per_page=PER_PAGE, page=number, **kwargs)
        assert page.total == first.total
        hits.extend(page.hits)
    assert len(hits) == first.total
    if first.total > PER_PAGE:
        assert len(first.hits) == PER_PAGE
    return first, hits


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
def test_search_shows_exactly_what_the_user_may_view(search_corpus, scenario):
    corpus = search_corpus
    with transaction.atomic():
        run_scenario(corpus, scenario)
        transaction.set_rollback(True)


def run_scenario(corpus, scenario):
    User = get_user_model()
    groups = {name: Group.objects.get_or_create(name=f"检索测试{name}")[0] for name in ("group_a", "group_b")}
    if scenario["role_user"]:
        user = User.objects.get(pk=corpus.world.user(scenario["role_user"]).pk)
    else:
        user = User.objects.create_user("property_user")
    user.groups.add(*(groups[name] for name in scenario["groups"]))
    if not scenario["active"]:
        user.is_active = False
        user.save(update_fields=["is_active"])

    with freeze_time(NOW):
        for entry in scenario["grants"]:
            case_file = corpus.case_files[entry["case"]]
            holder = {"user": user} if entry["holder"] == "user" else {"group": groups[entry["holder"]]}
            until = NOW + datetime.timedelta(hours=entry["hours"]) if entry["hours"] else None
            try:
                access.grant(case_file, entry["level"], until=until, **holder)
            except access.GrantError:
                pass  # held by rule already: nothing to add

    with freeze_time(NOW + datetime.timedelta(hours=scenario["later"], minutes=30)):
        user = User.objects.get(pk=user.pk)  # nothing cached from before
        may_view = {case_file.pk for case_file in corpus.case_files if access.can(user, access.VIEW, case_file)}
        kwargs = {"text": scenario["word"]}
        wanted = expected_ids(corpus, scenario["word"]) & may_view  # the case files holding the words as written
        if scenario["year"]:
            kwargs["filters"] = {"year": [scenario["year"]]}
            wanted = {
                case_file.pk for case_file in corpus.case_files if case_file.case_year == scenario["year"]
            } & wanted

        first, hits = every_page(user, **kwargs)
        found = [hit.case_file_id for hit in hits]
        assert len(found) == len(set(found)), "a case file shown twice"
        assert set(found) <= may_view, "a hit the user may not view"
        # What someone who sees every case file finds, narrowed to what this user may view: no more, no less.
        everything = {
            hit.case_file_id for hit in api.search(corpus.world.user("supervisor"), per_page=100, **kwargs).hits
        }
        assert set(found) == everything & may_view, "permissions changed more than which case files show"
        # Every case file that holds the words as written is among them (a longer word may also match
        # its pieces apart, ranked lower).
        assert wanted <= set(found), "a permitted match out of reach"
        for facet in first.facets:
            if facet.name == "year" and not scenario["year"]:
                assert sum(value.count for value in facet.values) == len(found)
            for value in facet.values:
                assert value.count <= len(may_view)
        for suggestion in first.suggestions:
            assert suggestion.count <= len(may_view)
            assert api.count(user, suggestion.request) == suggestion.count
        for hit in hits:
            for page in hit.pages:
                assert page.document_id is None or _document_case(page.document_id) == hit.case_file_id


def _document_case(document_id):
    from casefiles.models import CaseDocument

    return CaseDocument.objects.get(pk=document_id).case_file_id
