"""Agencies and their members, managed in the Wagtail admin."""

from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from casefiles import access
from casefiles.models import Agency, AgencyRoleGroup
from casefiles.roles import CHANGE


def agency_form(name, kind, members, parent=None, fonds_code=""):
    return nested_form_data(
        {
            "name": name,
            "kind": kind,
            "parent": parent.pk if parent else "",
            "fonds_code": fonds_code,
            "memberships": inline_formset([{"user": user.pk, "role": role} for user, role in members]),
        }
    )


def test_a_supervisor_creates_an_agency_with_members(world, client):
    User = get_user_model()
    newcomer = User.objects.create_user("newcomer")
    client.force_login(world.user("supervisor"))
    response = client.post(
        "/admin/agencies/new/",
        agency_form(
            "临江区住房和城乡建设局", "department", [(newcomer, "officer")], parent=world.gov, fonds_code="J050"
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    agency = Agency.objects.get(name="临江区住房和城乡建设局")
    assert agency.parent == world.gov and agency.fonds_code == "J050"
    # The member is in the agency's officer group, and so holds officer access to its case files.
    assert newcomer.groups.filter(agency_role__agency=agency, agency_role__role="officer").exists()
    case_file = world.case_file(handling_unit=agency)
    assert access.can(User.objects.get(pk=newcomer.pk), CHANGE, case_file)


def test_the_agency_form_refuses_a_supervisor_outside_a_justice_bureau(world, client):
    client.force_login(world.user("supervisor"))
    response = client.post(
        "/admin/agencies/new/",
        agency_form("临江区教育局", "department", [(world.user("evaluator"), "supervisor")]),
    )
    assert response.status_code == 200
    assert "只有司法局可以设置监督员" in response.content.decode()
    assert not Agency.objects.filter(name="临江区教育局").exists()


def test_fonds_codes_are_unique(world, client):
    client.force_login(world.user("supervisor"))
    response = client.post("/admin/agencies/new/", agency_form("临江区教育局", "department", [], fonds_code="J023"))
    assert response.status_code == 200
    assert "该全宗号已被其他机关使用" in response.content.decode()


def test_officers_cannot_manage_agencies(world, client):
    client.force_login(world.user("officer_land"))
    response = client.get("/admin/agencies/")
    assert response.status_code == 302
    response = client.post("/admin/agencies/new/", agency_form("冒名机关", "other", []))
    assert not Agency.objects.filter(name="冒名机关").exists()


def test_renaming_an_agency_renames_its_role_groups(world):
    group = world.land.role_group("officer")
    world.land.name = "临江区自然资源局"
    world.land.save()
    group.refresh_from_db()
    assert group.name == AgencyRoleGroup.group_name(world.land, "officer") == "临江区自然资源局 (officer)"
