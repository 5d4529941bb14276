"""Cases the principal head must appear in: criteria chosen at registration flag the case."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casefiles import principal_head
from casefiles.models import CaseFile


def test_every_criterion_cites_the_regulations():
    sources = " ".join(criterion.source for criterion in principal_head.CRITERIA)
    for article in ("001 第二十二条", "002 第十三条", "004 第十三条"):
        assert article in sources
    assert len(principal_head.BY_CODE) == len(principal_head.CRITERIA)


@pytest.mark.parametrize(
    "codes, flagged",
    [([], False), (["procuratorate_suit"], True), (["public_interest", "court_requires"], True)],
)
def test_a_case_meeting_a_criterion_is_flagged(world, codes, flagged):
    case_file = world.case_file(principal_head_criteria=codes)
    assert CaseFile.objects.get(pk=case_file.pk).needs_principal_head is flagged


def test_an_unknown_criterion_is_refused(world):
    with pytest.raises(ValidationError, match="未知的情形"):
        world.case_file(principal_head_criteria=["because_i_say_so"])


def test_the_case_file_shows_the_flag_and_the_grounds(world, client):
    case_file = world.case_file(principal_head_criteria=["procuratorate_suit"])
    client.force_login(world.user("officer_land"))
    overview = client.get(reverse("casefiles_admin:overview", args=[case_file.pk])).content.decode()
    assert "本案应由主要负责人出庭应诉" in overview
    progress = client.get(reverse("casefiles_admin:lifecycle", args=[case_file.pk])).content.decode()
    assert "检察机关提起行政公益诉讼或抗诉" in progress and "002 第十三条（五）" in progress


def test_the_editor_offers_the_criteria_as_checkboxes(world, client):
    case_file = world.case_file()
    client.force_login(world.user("officer_land"))
    body = client.get(reverse("wagtailadmin_pages:edit", args=[case_file.pk])).content.decode()
    assert 'type="checkbox" name="principal_head_criteria" value="group_suit"' in body
    assert "001 第二十二条（一）" in body
