"""The index follows the case files: every change shows in search once its index task has run.

Each change is made as the admin makes it and committed; the immediate task
backend runs the tasks it schedules on commit, as a worker would.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from casefiles import access, tree
from casefiles.demo import render
from casefiles.models import CaseFile
from casefiles.models.documents import replace_document_file, store_document
from search import api
from search.models import IndexedCase, IndexedPage

pytestmark = pytest.mark.django_db


def text_pdf(*paragraphs):
    return render.render_pdf(render.CourtDocument(title="情况说明", paragraphs=list(paragraphs)), "ming")


@pytest.fixture(autouse=True)
def extract_on_upload(settings):
    settings.OCR_ON_UPLOAD = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as a committed change: its on-commit tasks run at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def case_file(world, committed):
    with committed():
        case_file = world.case_file()
        tree.add_filing(
            case_file,
            title="情况说明",
            filing_type="other",
            files=[("情况说明.pdf", text_pdf("本案涉及滨海湿地保护区的界址争议。"))],
        )
    return case_file


def found(user, text):
    return [hit.case_file_id for hit in api.search(user, text=text, per_page=100).hits]


def test_extracted_text_is_found(world, case_file):
    assert found(world.user("officer_land"), "湿地") == [case_file.pk]
    hit = api.search(world.user("officer_land"), text="界址争议").hits[0]
    assert hit.pages[0].number == 1 and "<mark>界址争议</mark>" in hit.pages[0].snippets[0]


def test_a_case_number_finds_the_case_files_whose_pages_cite_it(world, case_file, committed):
    # An appeal's papers cite the first-instance number, in whatever brackets and widths the court used.
    with committed():
        cited = world.case_file(case_number="（2023）鲁1503行初77号")
        store_document(
            case_file,
            io.BytesIO(text_pdf("上诉人不服明川市临江区人民法院〔２０２３〕鲁1503行初77号行政判决。")),
            "上诉状.pdf",
            page=case_file.get_children().specific().get(),
        )
    supervisor = world.user("supervisor")
    for typed in ("(2023)鲁1503行初77号", "[2023]鲁1503行初77号", "2023鲁1503行初77号"):
        results = api.search(supervisor, text=typed, per_page=100)
        assert [hit.case_file_id for hit in results.hits] == [cited.pk, case_file.pk]
        # The line may end inside the number on the page; the mark spans the break.
        assert "<mark>２０２３〕鲁1503行初77号</mark>" in "".join(results.hits[1].pages[0].snippets[0].split())
    # Another number of the same court and year is not a match: only the whole number is.
    assert found(supervisor, "（2023）鲁1503行初7号") == []


def test_a_replaced_file_is_found_by_its_new_text_only(world, case_file, committed):
    document = case_file.documents.get()
    with committed():
        replace_document_file(document, io.BytesIO(text_pdf("被告已完成林地补偿款的发放。")), "情况说明.pdf")
    officer = world.user("officer_land")
    assert found(officer, "林地") == [case_file.pk]
    assert found(officer, "湿地") == []


def test_a_new_document_is_found_once_extracted(world, case_file, committed):
    filing = case_file.get_children().specific().get()
    with committed():
        store_document(case_file, io.BytesIO(text_pdf("原告提交了渔业养殖证。")), "养殖证.pdf", page=filing)
    assert found(world.user("officer_land"), "养殖证") == [case_file.pk]


def test_changed_details_are_found(world, case_file, committed):
    with committed():
        case_file.title = "李某诉临江区自然资源和规划局土地登记案"
        case_file.save_revision().publish()
    officer = world.user("officer_land")
    assert found(officer, "土地登记") == [case_file.pk]
    assert found(officer, "房屋征收案") == []


def test_unpublished_case_files_leave_and_republished_ones_return(world, case_file, committed):
    officer = world.user("officer_land")
    with committed():
        case_file.unpublish()
    assert found(officer, "湿地") == []
    assert not IndexedCase.objects.filter(pk=case_file.pk).exists()
    with committed():
        CaseFile.objects.get(pk=case_file.pk).save_revision().publish()
    assert found(officer, "湿地") == [case_file.pk]


def test_an_unpublished_filing_leaves_with_its_pages(world, case_file, committed):
    filing = case_file.get_children().specific().get()
    with committed():
        filing.unpublish()
    assert found(world.user("officer_land"), "湿地") == []
    assert found(world.user("officer_land"), "房屋征收案") == [case_file.pk]


def test_a_deleted_filings_documents_stay_in_the_case_file(world, case_file, committed):
    # Deleting a filing keeps its documents in the case file (nothing is lost); they count as other documents.
    with committed():
        case_file.get_children().specific().get().delete()
    hit = api.search(world.user("officer_land"), text="湿地").hits[0]
    assert hit.case_file_id == case_file.pk and [page.group for page in hit.pages] == ["other"]


def test_a_deleted_case_file_leaves_the_index(world, case_file, committed):
    pk = case_file.pk
    with committed():
        case_file.documents.get().delete()  # a case file holding documents cannot be deleted
        CaseFile.objects.get(pk=pk).delete()
    assert found(world.user("supervisor"), "房屋征收案") == []
    assert not IndexedCase.objects.filter(pk=pk).exists()
    assert not IndexedPage.objects.filter(case_id=pk).exists()


def test_a_moved_case_file_is_indexed_under_its_new_library(world, case_file, committed):
    library = tree.ensure_library(world.market)
    with committed():
        CaseFile.objects.get(pk=case_file.pk).move(library, pos="last-child")
    assert IndexedCase.objects.get(pk=case_file.pk).library_agency_id == world.market.pk
    assert found(world.user("supervisor"), "湿地") == [case_file.pk]


def test_a_renamed_court_is_found_by_its_new_name(world, case_file, committed):
    with committed():
        world.court.name = "明川市滨江区人民法院"
        world.court.save()
    assert found(world.user("officer_land"), "滨江区人民法院") == [case_file.pk]


def test_a_grant_and_a_revoke_show_at_once(world, case_file, committed):
    outsider = world.user("officer_market")
    assert found(outsider, "湿地") == []
    with committed():
        access.grant(case_file, access.VIEW, user=outsider)
    assert found(outsider, "湿地") == [case_file.pk]
    assert api.search(outsider, text="").total == 1
    with committed():
        access.revoke(case_file, user=outsider)
    assert found(outsider, "湿地") == []
    assert api.search(outsider, text="").total == 0


def test_an_expired_grant_stops_showing_without_a_task(world, case_file, committed):
    outsider = world.user("officer_market")
    with committed():
        access.grant(case_file, access.VIEW, user=outsider, until=timezone.now() + datetime.timedelta(hours=1))
    assert found(outsider, "湿地") == [case_file.pk]
    with freeze_time(timezone.now() + datetime.timedelta(hours=2)):
        access.forget(outsider)
        assert found(outsider, "湿地") == []


def test_search_index_status_update_and_rebuild(world, case_file, committed, capsys):
    # Changes whose tasks were lost (a worker gone, say) leave the index out of date: status tells, update mends.
    other = world.case_file()  # committed without running its tasks: never indexed
    case_file.title = "李某诉临江区自然资源和规划局土地登记案"
    case_file.save_revision().publish()
    call_command("search_index", "status")
    out = capsys.readouterr().out
    assert "Out of date or missing: 2" in out and "Indexed but no longer live: 0" in out

    call_command("search_index", "update", "--no-progress")
    assert "Indexed 2 case files, removed 0 entries" in capsys.readouterr().out
    officer = world.user("officer_land")
    assert found(officer, "土地登记") == [case_file.pk]
    assert found(officer, "房屋征收案") == [other.pk]

    CaseFile.objects.filter(pk=other.pk).update(live=False)
    call_command("search_index", "status")
    assert "Indexed but no longer live: 1" in capsys.readouterr().out
    call_command("search_index", "rebuild", "--no-progress")
    assert "Indexed 1 case files" in capsys.readouterr().out
    assert list(IndexedCase.objects.values_list("pk", flat=True)) == [case_file.pk]
    call_command("search_index", "status")
    assert "Out of date or missing: 0" in capsys.readouterr().out


def test_search_index_update_rejects_an_unknown_case_file(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No case file with id 999999"):
        call_command("search_index", "update", "--case-file", "999999")
