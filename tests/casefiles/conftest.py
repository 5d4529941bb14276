"""The statistics tests' fixture: eight case files of three agencies, built once per module that uses it.

Recorded with the services the admin uses (record_event, record_hearing,
judgments as pages). The market bureau counts by the rules of 000 (济宁), the
others by the national law. The comments give each deadline's due day as worked
out by hand (2025: Spring Festival 01-28 to 02-04; National Day 10-01 to 10-08
with the make-up Saturday 10-11); tests/casefiles/test_statistics.py holds the
figures expected of them.
"""

import datetime

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from casefiles import tree
from casefiles.models import CaseEventKind, Cause, RuleProfile, record_event, record_hearing
from tests.conftest import World, settings_for_tests


def d(text):
    return datetime.date.fromisoformat(text)


def head(name="王某", title="副局长", principal=False, spoke=True):
    return {
        "head_appeared": True,
        "head_name": name,
        "head_title": title,
        "head_is_principal": principal,
        "head_spoke": spoke,
    }


ABSENT = {"head_appeared": False, "absence_explanation": "出差，已向法院书面说明"}
AGENT = [{"name": "李某", "kind": "staff"}]


def judgment(case_file, kind, result, served, effective=None, instance="first", number=""):
    return tree.add_judgment(
        case_file,
        title="行政判决书" if kind == "judgment" else "行政裁定书",
        kind=kind,
        instance=instance,
        result=result,
        document_number=number,
        date_served=d(served),
        date_effective=d(effective) if effective else None,
    )


class StatisticsFixture:
    """The eight case files, by letter."""

    def __init__(self, world):
        self.world = world
        officer = world.user("officer_land")
        market_officer = world.user("officer_market")
        world.market.rule_profile = RuleProfile.objects.get(code="jining")
        world.market.save()
        market, gov = world.market, world.gov
        expropriation = Cause.objects.get(name="征收或者征用房屋")
        fine = Cause.objects.get(name="罚款")
        disclosure = Cause.objects.get(name="政府信息公开")

        def event(case_file, kind, day, by=officer):
            record_event(case_file, kind, d(day), by=by)

        def hearing(case_file, day, appearance, by=officer):
            record_hearing(case_file, d(day), by=by, agents=AGENT, **appearance)

        # A · land bureau, information disclosure, first instance. Defence due 03-03 + 15 = 03-18, filed 03-10.
        # Judgment served 06-16: appeal window 06-16 + 15 = 07-01 (a Tuesday), decided 06-20.
        self.a = world.case_file(cause=disclosure, date_received=d("2025-03-03"))
        event(self.a, CaseEventKind.DEFENCE_FILED, "2025-03-10")
        hearing(self.a, "2025-05-12", head(spoke=True))
        judgment(self.a, "judgment", "claims_dismissed", "2025-06-16", "2025-07-02")
        event(self.a, CaseEventKind.APPEAL_DECIDED, "2025-06-20")

        # B · land bureau, disclosure. Defence due 04-22, never filed. The head did not appear.
        # Revoked, served 08-04: appeal window 08-19, decided late on 08-25.
        self.b = world.case_file(cause=disclosure, date_received=d("2025-04-07"))
        hearing(self.b, "2025-06-10", ABSENT)
        judgment(self.b, "judgment", "revoked", "2025-08-04", "2025-08-20", number="（2025）鲁1503行初2号")
        event(self.b, CaseEventKind.APPEAL_DECIDED, "2025-08-25")

        # C · market bureau (000 rules), fine. Forward to the unit 07-01 + 2 = 07-03, assigned 07-02; defence due
        # 07-16, filed 07-14. Two hearings: the principal head spoke; then a deputy who did not.
        # Confirmed illegal, served 09-15: appeal window 09-30, 000 第二十条 opinion 09-18; decided 09-18.
        # A recommendation received 09-20: answer due 09-20 + 30 = 10-20, answered 10-15. Performed 10-10.
        self.c = world.case_file(handling_unit=market, cause=fine, date_received=d("2025-07-01"))
        event(self.c, CaseEventKind.ASSIGNED, "2025-07-02", market_officer)
        event(self.c, CaseEventKind.DEFENCE_FILED, "2025-07-14", market_officer)
        hearing(self.c, "2025-08-12", head("孙某", "局长", principal=True, spoke=True), market_officer)
        hearing(self.c, "2025-09-02", head("钱某", "副局长", spoke=False), market_officer)
        judgment(self.c, "judgment", "confirmed_illegal", "2025-09-15", "2025-09-30", number="（2025）鲁1503行初3号")
        event(self.c, CaseEventKind.APPEAL_DECIDED, "2025-09-18", market_officer)
        event(self.c, CaseEventKind.RECOMMENDATION_RECEIVED, "2025-09-20", market_officer)
        event(self.c, CaseEventKind.RECOMMENDATION_ANSWERED, "2025-10-15", market_officer)
        event(self.c, CaseEventKind.PERFORMED, "2025-10-10", market_officer)

        # D · market bureau, fine. Forward due 07-23, assigned late 07-25; defence due 08-05, filed 08-01.
        # Suit dismissed by a ruling served 09-26: ruling appeal window 10-06, in the holiday, so 10-09; opinion
        # 09-29; neither met. Recommendation received 08-01: 08-31 is a Sunday, due 09-01; answered late 09-05.
        self.d = world.case_file(handling_unit=market, cause=fine, date_received=d("2025-07-21"))
        event(self.d, CaseEventKind.ASSIGNED, "2025-07-25", market_officer)
        event(self.d, CaseEventKind.DEFENCE_FILED, "2025-08-01", market_officer)
        event(self.d, CaseEventKind.RECOMMENDATION_RECEIVED, "2025-08-01", market_officer)
        event(self.d, CaseEventKind.RECOMMENDATION_ANSWERED, "2025-09-05", market_officer)
        hearing(self.d, "2025-09-09", head("钱某", "副局长", spoke=True), market_officer)
        judgment(self.d, "ruling", "suit_dismissed", "2025-09-26")

        # E · the district government, handled by the land bureau, expropriation. Defence due 08-26, filed late
        # 08-29. Hearing 11-04. Withdrawal allowed by a ruling served 12-01: window 12-11, not met.
        self.e = world.case_file(defendant=gov, cause=expropriation, date_received=d("2025-08-11"))
        event(self.e, CaseEventKind.DEFENCE_FILED, "2025-08-29")
        hearing(self.e, "2025-11-04", head("何某", "副区长", spoke=True))
        judgment(self.e, "ruling", "withdrawn", "2025-12-01")

        # F · the government, handled by the land bureau, disclosure, an appeal. Defence due 05-21, filed 05-20.
        # The principal head appeared and did not speak. Appeal dismissed: no window after a second instance.
        self.f = world.case_file(
            defendant=gov,
            cause=disclosure,
            instance="appeal",
            court=world.court2,
            case_number="（2025）鲁15行终7号",
            date_received=d("2025-05-06"),
        )
        event(self.f, CaseEventKind.DEFENCE_FILED, "2025-05-20")
        hearing(self.f, "2025-07-08", head("何某", "区长", principal=True, spoke=False))
        judgment(self.f, "judgment", "appeal_dismissed", "2025-08-28", "2025-08-28", instance="appeal")

        # G · land bureau, disclosure, received in 2024: defence due 2024-11-19, filed 11-15; hearing 2024-12-10.
        # Claims dismissed, served 2025-01-20: window 02-04, in the Spring Festival, so 02-05; decided 01-24.
        self.g = world.case_file(cause=disclosure, date_received=d("2024-11-04"))
        event(self.g, CaseEventKind.DEFENCE_FILED, "2024-11-15")
        hearing(self.g, "2024-12-10", head(spoke=True))
        judgment(self.g, "judgment", "claims_dismissed", "2025-01-20")
        event(self.g, CaseEventKind.APPEAL_DECIDED, "2025-01-24")

        # H · market bureau, fine, received 10-09: forward due 10-11 (the make-up Saturday), defence 10-24; nothing
        # recorded since, both overdue on TODAY.
        self.h = world.case_file(handling_unit=market, cause=fine, date_received=d("2025-10-09"))


@pytest.fixture(scope="module")
def statistics_fixture(django_db_setup, django_db_blocker, media_root):
    """The fixture, built once for the module; its tests run inside the transaction that holds it."""
    with django_db_blocker.unblock(), override_settings(**settings_for_tests(settings, media_root)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield StatisticsFixture(World())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
