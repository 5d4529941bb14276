"""The case-file page tree cannot be built wrong."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from casefiles import tree
from casefiles.models import CaseFile, CaseLibrary, EvidenceList, Filing, Judgment
from tests import files


@pytest.mark.parametrize(
    "model, parent, allowed",
    [
        (CaseLibrary, "root", True),
        (CaseLibrary, "library", False),
        (CaseLibrary, "case_file", False),
        (CaseLibrary, "site_home", False),
        (CaseFile, "library", True),
        (CaseFile, "root", False),
        (CaseFile, "case_file", False),
        (CaseFile, "site_home", False),
        (Filing, "case_file", True),
        (Filing, "library", False),
        (Filing, "root", False),
        (Filing, "filing", False),
        (EvidenceList, "case_file", True),
        (EvidenceList, "filing", False),
        (Judgment, "case_file", True),
        (Judgment, "library", False),
    ],
)
def test_page_types_only_go_where_they_belong(world, model, parent, allowed):
    case_file = world.case_file()
    filing = tree.add_filing(case_file, title="起诉状", filing_type="complaint")
    parents = {
        "root": Page.get_first_root_node(),
        "site_home": Site.objects.get(is_default_site=True).root_page.specific,  # the public site's home
        "library": case_file.get_parent().specific,
        "case_file": case_file,
        "filing": filing,
    }
    assert model.can_create_at(parents[parent]) is allowed


def test_a_filing_never_moves_to_another_case_file(world):
    first, second = world.case_file(), world.case_file()
    filing = tree.add_filing(first, title="起诉状", filing_type="complaint")
    assert filing.can_move_to(second) is False
    assert filing.can_move_to(first) is True  # reordering within its case file


def test_a_case_file_may_move_to_another_library(world):
    case_file = world.case_file()
    other_library = tree.ensure_library(world.market)
    assert case_file.can_move_to(other_library) is True
    assert case_file.can_move_to(Page.get_first_root_node()) is False


def test_case_pages_have_no_public_url(world, client):
    case_file = world.case_file()
    assert case_file.url is None
    assert case_file.get_url() is None
    # Even a request for its would-be path finds nothing.
    response = client.get("/" + case_file.slug + "/")
    assert response.status_code == 404


def test_case_numbers_are_stored_in_canonical_form(world):
    case_file = world.case_file(case_number="〔２０２４〕鲁1503行初 77 号")
    assert case_file.case_number == "（2024）鲁1503行初77号"
    assert case_file.case_number_key == "(2024)鲁1503行初77号"
    assert case_file.case_year == 2024


def test_case_numbers_are_unique_per_court_in_any_writing(world):
    world.case_file(case_number="（2024）鲁1503行初88号")
    with pytest.raises(ValidationError) as error:
        world.case_file(case_number="[2024]鲁1503行初0088号")
    assert "该法院已有使用此案号的案卷" in str(error.value)
    # Another court may use the same number.
    other = world.case_file(case_number="（2024）鲁1503行初88号", court=world.court2)
    assert other.pk


def test_the_database_refuses_a_duplicate_number_too(world):
    from django.db import IntegrityError, transaction

    first = world.case_file(case_number="（2024）鲁1503行初90号")
    second = world.case_file(case_number="（2024）鲁1503行初91号")
    second.case_number_key = first.case_number_key
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFile.objects.filter(pk=second.pk).update(case_number_key=first.case_number_key)


def test_malformed_case_number_is_refused(world):
    with pytest.raises(ValidationError) as error:
        world.case_file(case_number="2024行初1号")
    assert "案号" in str(error.value)


def test_instance_must_agree_with_the_case_type_code(world):
    with pytest.raises(ValidationError) as error:
        world.case_file(case_number="（2024）鲁15行终3号", instance="first")
    assert "行终" in str(error.value) and "二审" in str(error.value)
    assert world.case_file(case_number="（2024）鲁15行终4号", instance="appeal").pk


def test_the_officer_must_be_an_officer_of_the_handling_unit(world):
    with pytest.raises(ValidationError) as error:
        world.case_file(officer=world.user("officer_market"))
    assert "承办人必须是承办单位的经办人" in str(error.value)
    assert world.case_file(officer=world.user("officer_land")).officer == world.user("officer_land")


def test_judgment_cannot_take_effect_before_it_is_served(world):
    import datetime

    case_file = world.case_file()
    with pytest.raises(ValidationError):
        tree.add_judgment(
            case_file,
            title="判决书",
            kind="judgment",
            instance="first",
            result="claims_dismissed",
            date_served=datetime.date(2024, 6, 10),
            date_effective=datetime.date(2024, 6, 1),
        )


def test_evidence_list_items_reference_their_files(world):
    case_file = world.case_file()
    evidence = tree.add_evidence_list(
        case_file,
        title="证据目录",
        items=[{"name": "房屋征收决定", "source": "区政府", "purpose": "证明征收决定内容", "pages": "1-2", "file": 0}],
        files=[("证据.pdf", files.text_pdf("证据"))],
    )
    item = evidence.items.get()
    assert item.document.case_file_id == case_file.pk
    # The latest revision holds the item too, so the editor shows it.
    assert evidence.get_latest_revision_as_object().items.count() == 1


def test_case_pages_cannot_be_copied_and_only_supervisors_move_them(world, client):
    case_file = world.case_file(handling_unit=world.land)
    filing = tree.add_filing(case_file, title="起诉状", filing_type="complaint")
    officer = world.user("officer_land")
    supervisor = world.user("supervisor")
    for page in (case_file, filing):
        assert page.permissions_for_user(officer).can_copy() is False
        assert page.permissions_for_user(supervisor).can_copy() is False
    assert case_file.permissions_for_user(officer).can_move() is False
    assert case_file.permissions_for_user(supervisor).can_move() is True
    client.force_login(officer)
    response = client.post(f"/admin/pages/{case_file.pk}/copy/", {"new_title": "副本", "new_slug": "copy"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert CaseFile.objects.count() == 1
    response = client.get(f"/admin/pages/{case_file.pk}/move/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_grants_are_recomputed_on_publish_but_not_on_every_revision(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case_file = world.case_file()
    case_file.title = "改名"

    def touches_grants(action):
        with CaptureQueriesContext(connection) as queries:
            action()
        return any("casefilegroupgrant" in query["sql"].lower() for query in queries.captured_queries)

    revision = None

    def save_revision():
        nonlocal revision
        revision = case_file.save_revision()  # saves the page row with update_fields only

    assert not touches_grants(save_revision)
    assert touches_grants(lambda: revision.publish())
