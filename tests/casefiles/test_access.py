"""casefiles.access: grants by rule and by hand, their end, and who may see what."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from casefiles import access
from casefiles.models import AgencyMembership, CaseFileGroupGrant, CaseFileUserGrant, Party, add_member
from casefiles.roles import CHANGE, SHARE, VIEW, Role


def fresh(user):
    """The user as a new request sees them (no cached access)."""
    return get_user_model().objects.get(pk=user.pk)


def perms(world, name, case_file):
    return set(access.perms_for(fresh(world.user(name)), case_file.pk))


def test_agency_roles_get_their_access_by_rule(world):
    case_file = world.case_file(handling_unit=world.land, defendant=world.gov)
    assert perms(world, "officer_land", case_file) == {VIEW, CHANGE}
    assert perms(world, "head_land", case_file) == {VIEW}
    assert perms(world, "archivist_land", case_file) == {VIEW}
    assert perms(world, "officer_market", case_file) == set()
    assert perms(world, "evaluator", case_file) == set()
    assert perms(world, "supervisor", case_file) == {VIEW, CHANGE, SHARE}
    assert perms(world, "admin", case_file) == {VIEW, CHANGE, SHARE}
    assert access.perms_for(AnonymousUser(), case_file.pk) == frozenset()


def test_changing_the_handling_unit_regrants(world):
    case_file = world.case_file(handling_unit=world.land, defendant=world.gov)
    case_file.handling_unit = world.market
    case_file.save_revision().publish()
    assert perms(world, "officer_land", case_file) == set()
    assert perms(world, "officer_market", case_file) == {VIEW, CHANGE}


def test_changing_the_defendants_regrants(world):
    case_file = world.case_file(handling_unit=world.land, defendant=world.gov)
    assert perms(world, "officer_market", case_file) == set()
    case_file.parties.add(Party(role="defendant", kind="agency", agency=world.market))
    case_file.save_revision().publish()
    assert perms(world, "officer_market", case_file) == {VIEW, CHANGE}
    sources = set(
        CaseFileGroupGrant.objects.filter(
            content_object=case_file, group=world.market.role_group("officer")
        ).values_list("source", flat=True)
    )
    assert sources == {"defendant"}


def test_the_library_agency_keeps_access_and_a_move_regrants(world):
    from casefiles import tree

    case_file = world.case_file(handling_unit=world.land, defendant=world.land, library_agency=world.street)
    street_officer = get_user_model().objects.create_user("officer_street")
    add_member(world.street, street_officer, Role.OFFICER)
    assert access.can(fresh(street_officer), VIEW, case_file)
    case_file.move(tree.ensure_library(world.market), pos="last-child")
    assert not access.can(fresh(street_officer), VIEW, case_file)
    assert access.can(fresh(world.user("officer_market")), CHANGE, case_file)


def test_membership_changes_take_effect_at_once(world):
    case_file = world.case_file(handling_unit=world.land)
    user = get_user_model().objects.create_user("newcomer")
    assert not access.can(fresh(user), VIEW, case_file)
    membership = add_member(world.land, user, Role.OFFICER)
    assert access.can(fresh(user), CHANGE, case_file)
    membership.delete()
    assert not access.can(fresh(user), VIEW, case_file)
    assert not fresh(user).groups.exists()


def test_a_grant_until_a_date_ends_by_itself(world):
    case_file = world.case_file()
    evaluator = world.user("evaluator")
    until = timezone.now() + datetime.timedelta(days=3)
    access.grant(case_file, VIEW, user=evaluator, until=until, by=world.user("supervisor"), reason="2026年度评查")
    assert access.can(fresh(evaluator), VIEW, case_file)
    assert not access.can(fresh(evaluator), CHANGE, case_file)
    assert list(access.case_files(fresh(evaluator))) == [case_file]
    # Time is up: the grant no longer counts, even before it is purged.
    CaseFileUserGrant.objects.filter(user=evaluator).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert not access.can(fresh(evaluator), VIEW, case_file)
    assert list(access.case_files(fresh(evaluator))) == []
    assert access.purge_expired() == 1
    assert not CaseFileUserGrant.objects.filter(user=evaluator).exists()


def test_group_grants_reach_every_member(world):
    case_file = world.case_file(handling_unit=world.land)
    access.grant(case_file, CHANGE, group=world.market.role_group(Role.OFFICER), by=world.user("supervisor"))
    assert access.can(fresh(world.user("officer_market")), CHANGE, case_file)
    access.revoke(case_file, group=world.market.role_group(Role.OFFICER), by=world.user("supervisor"))
    assert not access.can(fresh(world.user("officer_market")), VIEW, case_file)


def test_grants_that_cannot_be_made(world):
    case_file = world.case_file(handling_unit=world.land)
    with pytest.raises(access.GrantError, match="已按规则"):
        access.grant(case_file, VIEW, group=world.land.role_group(Role.HEAD))
    with pytest.raises(access.GrantError, match="晚于现在"):
        access.grant(case_file, VIEW, user=world.user("evaluator"), until=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(access.GrantError, match="二者选一"):
        access.grant(case_file, VIEW)
    with pytest.raises(access.GrantError, match="按规则自动授予"):
        access.revoke(case_file, group=world.land.role_group(Role.OFFICER))
    with pytest.raises(access.GrantError, match="没有可撤销"):
        access.revoke(case_file, user=world.user("evaluator"))


def test_regranting_replaces_a_manual_grant(world):
    case_file = world.case_file()
    evaluator = world.user("evaluator")
    access.grant(case_file, VIEW, user=evaluator)
    access.grant(case_file, CHANGE, user=evaluator, until=timezone.now() + datetime.timedelta(days=1))
    rows = CaseFileUserGrant.objects.filter(user=evaluator)
    assert [(r.permission.codename, r.expires_at is not None) for r in rows] == [(CHANGE, True)]


def test_grants_and_revokes_are_logged(world):
    from wagtail.models import PageLogEntry

    case_file = world.case_file()
    supervisor = world.user("supervisor")
    access.grant(case_file, VIEW, user=world.user("evaluator"), by=supervisor, reason="评查")
    access.revoke(case_file, user=world.user("evaluator"), by=supervisor)
    actions = list(
        PageLogEntry.objects.filter(page=case_file, action__startswith="anjuan.access")
        .order_by("pk")
        .values_list("action", "user__username")
    )
    assert actions == [("anjuan.access.grant", "supervisor"), ("anjuan.access.revoke", "supervisor")]


def test_the_object_permission_backend_answers_from_access(world):
    from casefiles import tree
    from tests import files

    case_file = world.case_file(handling_unit=world.land)
    filing = tree.add_filing(case_file, title="起诉状", filing_type="complaint", files=[("a.pdf", files.text_pdf())])
    document = case_file.documents.get()
    officer = fresh(world.user("officer_land"))
    other = fresh(world.user("officer_market"))
    for obj in (case_file, filing, document):
        assert officer.has_perm("casefiles.view_casefile", obj)
        assert officer.has_perm("casefiles.change_casefile", obj)
        assert not other.has_perm("casefiles.view_casefile", obj)
    assert not officer.has_perm("casefiles.share_casefile", case_file)
    assert officer.get_all_permissions(case_file) >= {"casefiles.view_casefile", "casefiles.change_casefile"}


def test_inactive_users_hold_nothing(world):
    case_file = world.case_file(handling_unit=world.land)
    officer = world.user("officer_land")
    officer.is_active = False
    officer.save()
    assert access.perms_for(fresh(officer), case_file.pk) == frozenset()


def test_supervisors_are_only_in_a_justice_bureau(world):
    from django.core.exceptions import ValidationError

    membership = AgencyMembership(agency=world.land, user=world.user("evaluator"), role=Role.SUPERVISOR)
    with pytest.raises(ValidationError, match="只有司法局可以设置监督员"):
        membership.full_clean()


def test_the_sharing_view_lists_and_changes_access(world, client):
    case_file = world.case_file(handling_unit=world.land, defendant=world.gov)
    client.force_login(world.user("supervisor"))
    url = f"/admin/casefiles/{case_file.pk}/sharing/"
    page = client.get(url).content.decode()
    assert "临江区自然资源和规划局 · 经办人" in page and "承办单位" in page
    assert "临江区司法局 · 监督员" in page
    response = client.post(
        url,
        {
            "action": "grant",
            "user": world.user("evaluator").pk,
            "level": VIEW,
            "until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
            "reason": "2026年度案卷评查",
        },
    )
    assert response.status_code == 302
    grant = CaseFileUserGrant.objects.get(user=world.user("evaluator"))
    assert grant.granted_by == world.user("supervisor") and grant.reason == "2026年度案卷评查"
    # Access lasts to the end of the chosen day, local time.
    assert timezone.localtime(grant.expires_at).time() == datetime.time(0, 0)
    page = client.get(url).content.decode()
    assert "evaluator" in page and "2026年度案卷评查" in page
    response = client.post(url, {"action": "revoke", "kind": "user", "holder": world.user("evaluator").pk}, follow=True)
    assert "已撤销权限" in response.content.decode()
    assert not CaseFileUserGrant.objects.filter(user=world.user("evaluator")).exists()


def test_the_sharing_form_explains_mistakes(world, client):
    case_file = world.case_file()
    client.force_login(world.user("supervisor"))
    url = f"/admin/casefiles/{case_file.pk}/sharing/"
    body = client.post(url, {"action": "grant", "level": VIEW}).content.decode()
    assert "请选择一个用户或一个用户组" in body
    body = client.post(
        url, {"action": "grant", "user": world.user("evaluator").pk, "level": VIEW, "until": "2001-01-01"}
    ).content.decode()
    assert "权限截止时间必须晚于现在" in body
    body = client.post(
        url, {"action": "grant", "group": world.land.role_group("head").pk, "level": VIEW}
    ).content.decode()
    assert "已按规则通过机关角色自动持有" in body
