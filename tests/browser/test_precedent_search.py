"""Staff search precedent cases: type words, narrow by a facet, open the page that holds them."""

import datetime

import pytest

from casefiles import tree
from casefiles.demo import render
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def text_pdf(*pages):
    """A text-layer PDF with one page per paragraph list."""
    return render.render_pdf(render.CourtDocument(title="情况说明", paragraphs=list(pages)), "ming")


def test_staff_find_a_precedent_and_open_the_page_that_holds_it(new_page, world, settings):
    settings.OCR_ON_UPLOAD = True  # uploads are extracted and indexed as they commit
    long_text = ["本段为案件背景材料，记载调查经过。" * 12] * 6  # several pages before the words sought
    for number, (year, words) in enumerate([(2023, "滨海湿地保护区的界址争议"), (2024, "湿地公园门票收费")], 1):
        case_file = world.case_file(
            title=f"王某诉临江区自然资源和规划局湿地案{number}",
            case_number=f"（{year}）鲁1503行初{number}号",
            date_received=datetime.date(year, 3, 1),
        )
        tree.add_filing(
            case_file,
            title="情况说明",
            filing_type="other",
            files=[("情况说明.pdf", text_pdf(*long_text, f"经查，本案涉及{words}。"))],
        )
    world.case_file(handling_unit=world.market, title="赵某诉临江区市场监督管理局处罚案")

    page = new_page()
    log_in(page, "officer_land", world.PASSWORD)

    # The sidebar's search box searches case files by their text.
    page.goto("/admin/search/")
    page.fill("#anjuan-search-q", "湿地")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/search/?q=*")
    hits = page.locator(".anjuan-hit")
    assert hits.count() == 2
    assert page.locator(".anjuan-snippet mark", has_text="湿地").count() >= 2

    # Narrow to 2023 with the year facet; its count says what it holds.
    year = page.locator('[data-facet="year"] li', has_text="2023")
    assert year.locator(".anjuan-facet__count").inner_text() == "1"
    year.locator("a").click()
    page.wait_for_url("**year=2023*")
    assert hits.count() == 1 and "湿地案1" in hits.first.inner_text()

    # Open the page that holds the phrase: its text is marked and its image shown.
    page.fill("#anjuan-search-q", "“界址争议”")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    link = page.locator(".anjuan-hit__where a").first
    assert "/pages/" in link.get_attribute("href")
    link.click()
    page.wait_for_url("**/admin/search/documents/*/pages/**")
    assert page.locator(".anjuan-viewer__pre mark").first.inner_text().replace("\n", "") == "界址争议"
    image = page.locator(".anjuan-viewer__image img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert page.url.split("/pages/")[1].split("/")[0] != "1"  # not the first page: the one with the words

    # Words found nowhere the officer may look: the page says how to loosen the search.
    page.goto("/admin/search/?q=湿地+处罚案")
    assert page.locator(".anjuan-hit").count() == 0
    suggestion = page.locator(".anjuan-search__suggestions a").first
    suggestion.click()
    page.wait_for_load_state()
    assert page.locator(".anjuan-hit").count() >= 1
