"""Case files ready (or nearly ready) for the archive."""

import datetime

import pytest

from casefiles import tree
from tests import files

# The filings a complete first-instance case file holds (archive/data/checklist.yaml).
FIRST_INSTANCE_FILINGS = [
    ("起诉状副本", "complaint"),
    ("应诉通知书", "notice_to_respond"),
    ("答辩状", "statement_of_defence"),
    ("法定代表人身份证明书", "representative_certificate"),
    ("授权委托书", "power_of_attorney"),
    ("出庭应诉负责人身份证明", "appearing_head_certificate"),
    ("送达回证", "proof_of_service"),
]


def pdf(name):
    return [(f"{name}.pdf", files.text_pdf(name))]


def fill(
    case_file, *, leave_out=(), effective=datetime.date(2024, 9, 20), result="claims_dismissed", judgment_files=None
):
    """Give ``case_file`` every document the checklist asks for, except the filing types in ``leave_out``."""
    for title, filing_type in FIRST_INSTANCE_FILINGS:
        if filing_type not in leave_out:
            tree.add_filing(case_file, title=title, filing_type=filing_type, files=pdf(title))
    if "evidence_list" not in leave_out:
        tree.add_evidence_list(case_file, title="证据目录", items=[{"name": "房屋征收决定书"}], files=pdf("证据目录"))
    if "judgment" not in leave_out:
        tree.add_judgment(
            case_file,
            title="行政判决书",
            kind="judgment",
            instance=case_file.instance,
            result=result,
            date_served=effective - datetime.timedelta(days=15),
            date_effective=effective,
            files=judgment_files or pdf("行政判决书"),
        )
    return case_file


@pytest.fixture
def closed_case(world):
    """A closed first-instance case file of the land bureau with every required document."""

    def make(**kwargs):
        fill_kwargs = {key: kwargs.pop(key) for key in ("leave_out", "effective", "result") if key in kwargs}
        kwargs.setdefault("status", "closed")
        return fill(world.case_file(**kwargs), **fill_kwargs)

    return make


@pytest.fixture
def archive_now(world, django_capture_on_commit_callbacks):
    """Submit, review and archive a case file as its unit and archivist; the volume is generated on commit."""
    from archive import workflow
    from archive.models import Volume

    def run(case_file, retention="D30"):
        submission = workflow.submit(case_file, world.user("officer_land"))
        workflow.start_review(submission, world.user("archivist_land"))
        with django_capture_on_commit_callbacks(execute=True):
            workflow.approve(submission, world.user("archivist_land"), retention)
        return Volume.objects.get(case_file=case_file)

    return run


@pytest.fixture
def evaluators(world):
    """Evaluators of three agencies: the justice bureau's (the world's), the street office's and the market bureau's."""
    from django.contrib.auth import get_user_model

    from casefiles.models import add_member
    from casefiles.roles import Role
    from tests.conftest import World

    made = {"justice": world.user("evaluator")}
    for key, agency in (("street", world.street), ("market", world.market)):
        user = get_user_model().objects.create_user(
            f"evaluator_{key}", password=World.PASSWORD, first_name=f"评查员{key}"
        )
        add_member(agency, user, Role.EVALUATOR)
        world.users[f"evaluator_{key}"] = made[key] = user
    return made


@pytest.fixture
def campaign(world, evaluators):
    """A draft campaign with the default rubric and the three evaluators; ``fields`` change it."""
    from archive.models import Campaign, Rubric

    def make(evaluator_keys=("justice", "street", "market"), **fields):
        values = {
            "name": "2024年度行政应诉案卷评查",
            "starts_on": datetime.date(2025, 3, 1),
            "ends_on": datetime.date(2025, 3, 31),
            "rubric": Rubric.objects.get(code="litigation_response", version=1),
            "seed": "5eed",
            "evaluators_per_file": 2,
            "created_by": world.user("supervisor"),
        }
        values.update(fields)
        made = Campaign.objects.create(**values)
        made.evaluators.set([evaluators[key] for key in evaluator_keys])
        return made

    return make


@pytest.fixture
def concluded(world, settings, django_capture_on_commit_callbacks):
    """A closed case file whose judgment names its plaintiff, his ID card, phone and address (tests.archive.typical)."""
    from tests.archive.typical import make_concluded

    return make_concluded(world, settings, django_capture_on_commit_callbacks)
