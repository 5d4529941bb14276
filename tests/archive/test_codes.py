"""Archival codes: the pattern, the gap-free sequence per fonds and year, one case one number; retention."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive import retention, workflow
from archive.models import ArchivalCode, ChecklistItem, CodeCounter, format_code
from casefiles import tree
from casefiles.models import CaseFile
from tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_checklist(db):
    # These tests are about numbering; the checklist has its own tests.
    ChecklistItem.objects.update(active=False)


def judged(world, effective=datetime.date(2024, 9, 20), result="claims_dismissed", **fields):
    case_file = world.case_file(status="closed", **fields)
    # With its scan: a document page without its file fails the four-property check (archive.four_property).
    tree.add_judgment(
        case_file,
        title="行政判决书",
        kind="judgment",
        instance="first",
        result=result,
        date_effective=effective,
        files=[("行政判决书.pdf", files.text_pdf("行政判决书"))],
    )
    return case_file


def archive(world, case_file, retention_code="D10"):
    archivist = world.user("archivist_land")
    submission = workflow.submit(case_file, world.user("officer_land"))
    workflow.start_review(submission, archivist)
    workflow.approve(submission, archivist, retention_code)
    return ArchivalCode.objects.get(case_file=case_file).code


@pytest.mark.parametrize(
    "item, expected",
    [
        (7, "J012-2024-D30-0007"),
        (1, "J012-2024-D30-0001"),
        (9999, "J012-2024-D30-9999"),
        (12345, "J012-2024-D30-12345"),
    ],
)
def test_the_default_pattern_follows_da_t_22_with_four_digit_item_numbers(item, expected):
    assert format_code("J012", 2024, "D30", item) == expected


def test_the_pattern_is_a_setting(settings):
    settings.ANJUAN_ARCHIVAL_CODE_PATTERN = "{fonds}·{year}·{retention}·{item:06d}"
    assert format_code("J012", 2024, "Y", 7) == "J012·2024·Y·000007"


@pytest.mark.parametrize(
    "pattern", ["{fonds}-{year}-{retention}", "{fonds}-{year}-{item}-{case}", "{fonds-{year}{item}"]
)
def test_a_pattern_that_cannot_make_unique_codes_is_refused(settings, pattern):
    settings.ANJUAN_ARCHIVAL_CODE_PATTERN = pattern
    with pytest.raises(ImproperlyConfigured, match="ANJUAN_ARCHIVAL_CODE_PATTERN"):
        format_code("J012", 2024, "D10", 1)


def test_numbers_run_gap_free_per_fonds_and_year(world):
    codes = [archive(world, judged(world)) for _ in range(3)]
    assert codes == ["J023-2024-D10-0001", "J023-2024-D10-0002", "J023-2024-D10-0003"]
    # Another year of the same fonds starts again at 1; the year is the closing document's.
    assert archive(world, judged(world, effective=datetime.date(2023, 12, 30)), "D30") == "J023-2023-D30-0001"
    assert archive(world, judged(world)) == "J023-2024-D10-0004"
    assert CodeCounter.objects.get(fonds="J023", year=2024).last_number == 4


def test_another_agencys_library_numbers_in_its_own_fonds(world):
    from casefiles.models import add_member
    from casefiles.roles import Role

    add_member(world.market, world.user("nobody"), Role.ARCHIVIST)
    add_member(world.market, world.user("officer_land"), Role.OFFICER)
    case_file = judged(world, handling_unit=world.market)
    submission = workflow.submit(case_file, world.user("officer_land"))
    workflow.start_review(submission, world.user("nobody"))
    workflow.approve(submission, world.user("nobody"), "D10")
    assert ArchivalCode.objects.get(case_file=case_file).code == "J031-2024-D10-0001"
    assert archive(world, judged(world)) == "J023-2024-D10-0001"


def test_without_a_fonds_code_archiving_is_refused_in_chinese_and_nothing_is_numbered(world):
    world.land.fonds_code = ""
    world.land.save()
    case_file = judged(world)
    submission = workflow.start_review(
        workflow.submit(case_file, world.user("officer_land")), world.user("archivist_land")
    )
    with pytest.raises(workflow.ArchivingError, match="未设置全宗号"):
        workflow.approve(submission, world.user("archivist_land"), "D10")
    assert not CodeCounter.objects.exists() and not ArchivalCode.objects.exists()
    case_file.refresh_from_db()
    assert case_file.status == CaseFile.Status.CLOSED


def test_a_failed_archiving_gives_its_number_back(world, monkeypatch):
    first = judged(world)
    submission = workflow.start_review(workflow.submit(first, world.user("officer_land")), world.user("archivist_land"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(CaseFile, "save_revision", broken)
    with pytest.raises(RuntimeError):
        workflow.approve(submission, world.user("archivist_land"), "D10")
    monkeypatch.undo()
    assert not ArchivalCode.objects.exists()
    assert archive(world, judged(world)) == "J023-2024-D10-0001"


def test_a_case_file_keeps_its_number_for_ever(world):
    case_file = judged(world)
    assert archive(world, case_file) == "J023-2024-D10-0001"
    # Archiving undone by hand (not a feature yet): archiving again gives the same code, no new number.
    from archive.models import ArchivingSubmission, State

    ArchivingSubmission.objects.filter(case_file=case_file).update(state=State.UNDER_REVIEW)
    workflow.approve(ArchivingSubmission.objects.get(case_file=case_file), world.user("archivist_land"), "D30")
    assert ArchivalCode.objects.get(case_file=case_file).code == "J023-2024-D10-0001"
    assert CodeCounter.objects.get().last_number == 1
    assert archive(world, judged(world)) == "J023-2024-D10-0002"


@pytest.mark.parametrize(
    "result, defendant, expected",
    [
        ("claims_dismissed", "land", "D10"),
        ("revoked", "land", "D30"),  # a loss (004 第二十七条)
        ("claims_dismissed", "gov", "D30"),  # a people's government as defendant
    ],
)
def test_retention_is_proposed_by_rule_and_confirmed_by_the_archivist(world, result, defendant, expected):
    case_file = judged(world, result=result, defendant=getattr(world, defendant))
    assert retention.propose(case_file).retention == expected
    submission = workflow.submit(case_file, world.user("officer_land"))
    assert submission.proposed_retention == expected and submission.proposal_source
    # The archivist's choice wins.
    workflow.start_review(submission, world.user("archivist_land") if defendant == "land" else world.user("admin"))
    workflow.approve(submission, world.user("archivist_land") if defendant == "land" else world.user("admin"), "Y")
    assert ArchivalCode.objects.get(case_file=case_file).retention == "Y"
