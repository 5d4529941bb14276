"""Events of a case recount its stored deadlines; hearings follow the appearance rules; the progress view."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casefiles import tree
from casefiles.models import (
    CaseDeadline,
    CaseEvent,
    CaseEventKind,
    Hearing,
    RuleProfile,
    recompute_deadlines,
    record_event,
    record_hearing,
)


def d(text):
    return datetime.date.fromisoformat(text)


def deadlines(case_file):
    return {row.code: (row.due, row.met_on) for row in CaseDeadline.objects.filter(case_file=case_file)}


def judgment(case_file, result="claims_dismissed", served="2025-09-20", effective=None, kind="judgment", **extra):
    return tree.add_judgment(
        case_file,
        title="行政判决书",
        kind=kind,
        instance=extra.pop("instance", "first"),
        result=result,
        date_served=d(served) if served else None,
        date_effective=d(effective) if effective else None,
        **extra,
    )


# --- Deadlines follow the events (dates across the 2025 National Day holiday, 10-01 to 10-08) ------------


def test_a_new_case_counts_its_defence_from_the_papers(world):
    case_file = world.case_file(date_received=d("2025-09-26"))
    # 09-26 + 15 days is 10-11, the make-up working Saturday after the holiday (行政诉讼法 第六十七条).
    assert deadlines(case_file) == {"defence_due": (d("2025-10-11"), None)}
    row = CaseDeadline.objects.get(case_file=case_file)
    assert (row.source, row.counted_from, row.provisional) == ("行政诉讼法 第六十七条", d("2025-09-26"), False)


def test_a_papers_received_event_replaces_the_registration_date(world):
    case_file = world.case_file(date_received=d("2025-09-10"))
    record_event(case_file, CaseEventKind.PAPERS_RECEIVED, d("2025-09-21"), by=world.user("officer_land"))
    # 09-21 + 15 is 10-06, inside the holiday: the first working day after it is 10-09.
    assert deadlines(case_file)["defence_due"] == (d("2025-10-09"), None)


def test_filing_the_defence_meets_its_deadline_and_deleting_it_reopens_it(world):
    case_file = world.case_file(date_received=d("2025-09-26"))
    row_id = CaseDeadline.objects.get(case_file=case_file).pk
    event = record_event(case_file, CaseEventKind.DEFENCE_FILED, d("2025-10-09"), by=world.user("officer_land"))
    assert deadlines(case_file)["defence_due"] == (d("2025-10-11"), d("2025-10-09"))
    assert CaseDeadline.objects.get(case_file=case_file).pk == row_id  # the row is updated, not replaced
    event.delete()
    assert deadlines(case_file)["defence_due"] == (d("2025-10-11"), None)


def test_a_served_first_instance_judgment_opens_the_appeal_window(world):
    case_file = world.case_file(date_received=d("2025-08-01"))
    judgment(case_file, served="2025-09-20")
    # 09-20 + 15 is 10-05, in the holiday: 10-09 (行政诉讼法 第八十五条).
    assert deadlines(case_file)["appeal_window_judgment"] == (d("2025-10-09"), None)
    record_event(case_file, CaseEventKind.APPEAL_DECIDED, d("2025-09-30"), by=world.user("officer_land"))
    assert deadlines(case_file)["appeal_window_judgment"] == (d("2025-10-09"), d("2025-09-30"))


def test_a_served_ruling_recorded_as_an_event_opens_the_ruling_window(world):
    case_file = world.case_file(date_received=d("2025-08-01"))
    record_event(case_file, CaseEventKind.RULING_SERVED, d("2025-09-26"), by=world.user("officer_land"))
    # 09-26 + 10 is 10-06, in the holiday: 10-09.
    assert deadlines(case_file)["appeal_window_ruling"] == (d("2025-10-09"), None)


def test_an_appeal_judgment_opens_no_appeal_window(world):
    case_file = world.case_file(instance="appeal", case_number="（2025）鲁15行终7号", date_received=d("2025-08-01"))
    judgment(case_file, result="appeal_dismissed", served="2025-09-20", instance="appeal")
    assert "appeal_window_judgment" not in deadlines(case_file)


@pytest.mark.parametrize(
    "profile, result, served, effective, expected",
    [
        # 004 第二十条: 5 working days after service: 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10;
        # 004 第三十二条: 10 working days after it took effect (09-30): 10-09 … 10-11 (make-up Saturday) … 10-21.
        (
            "xinzhou",
            "revoked",
            "2025-09-26",
            "2025-09-30",
            {"loss_report": "2025-10-10", "loss_investigation": "2025-10-21"},
        ),
        ("xinzhou", "claims_dismissed", "2025-09-26", "2025-09-30", {}),
        # 000 第十七条: 15 days after it took effect, 09-25 + 15 = 10-10.
        ("jining", "confirmed_illegal", "2025-09-10", "2025-09-25", {"loss_report": "2025-10-10"}),
        # 002 第七条: 30 days after it took effect, 09-25 + 30 = 10-25, a Saturday: the Monday 10-27.
        ("shiguai", "ordered_to_perform", "2025-09-10", "2025-09-25", {"loss_report": "2025-10-27"}),
        ("shiguai", "withdrawn", "2025-09-10", "2025-09-25", {}),
        # 003 第十一条: 5 days after service, 09-26 + 5 = 10-01, in the holiday: 10-09.
        ("tongzhou", "compensation", "2025-09-26", None, {"loss_report": "2025-10-09"}),
    ],
)
def test_a_loss_starts_the_loss_report_deadline_of_the_agencys_rules(
    world, profile, result, served, effective, expected
):
    world.gov.rule_profile = RuleProfile.objects.get(code=profile)
    world.gov.save()  # the land bureau's case files count by the rules of its government
    case_file = world.case_file(date_received=d("2025-08-01"))
    judgment(case_file, result=result, served=served, effective=effective)
    codes = {"loss_report", "loss_investigation"}
    found = {code: f"{due:%Y-%m-%d}" for code, (due, _met) in deadlines(case_file).items() if code in codes}
    assert found == expected


def test_a_judgment_changed_to_a_loss_starts_the_report(world):
    world.gov.rule_profile = RuleProfile.objects.get(code="jining")
    world.gov.save()
    case_file = world.case_file(date_received=d("2025-08-01"))
    page = judgment(case_file, result="claims_dismissed", served="2025-09-10", effective="2025-09-25")
    assert "loss_report" not in deadlines(case_file)
    page.result = "revoked"
    page.save_revision().publish()
    assert deadlines(case_file)["loss_report"] == (d("2025-10-10"), None)


def test_changing_the_agencys_rules_recounts_its_case_files(world):
    case_file = world.case_file(date_received=d("2025-09-26"))
    assert set(deadlines(case_file)) == {"defence_due"}
    world.land.rule_profile = RuleProfile.objects.get(code="liaocheng")
    world.land.save()
    # 001 第三十八条: registered within 3 days, 09-29; 001 第十八条: the risk report 3 working days before 10-11.
    assert deadlines(case_file) == {
        "register": (d("2025-09-29"), None),
        "defence_due": (d("2025-10-11"), None),
        "risk_report": (d("2025-09-30"), None),
    }
    world.land.rule_profile = None
    world.land.save()
    assert set(deadlines(case_file)) == {"defence_due"}


def test_recomputing_is_idempotent_and_keeps_ids(world):
    case_file = world.case_file(date_received=d("2025-09-26"))
    first = {row.code: row.pk for row in recompute_deadlines(case_file)}
    assert {row.code: row.pk for row in recompute_deadlines(case_file)} == first


def test_an_event_kind_outside_the_list_is_refused(world):
    case_file = world.case_file()
    with pytest.raises(ValidationError):
        record_event(case_file, "verdict_read", d("2025-09-26"), by=world.user("officer_land"))
    assert not CaseEvent.objects.filter(case_file=case_file).exists()


# --- Hearings ---------------------------------------------------------------------------------------------

HEAD = {
    "head_appeared": True,
    "head_name": "王某",
    "head_title": "副局长",
    "head_is_principal": False,
    "head_spoke": True,
}


def test_a_hearing_records_the_head_and_the_agents(world):
    case_file = world.case_file()
    hearing = record_hearing(
        case_file,
        d("2025-10-09"),
        by=world.user("officer_land"),
        agents=[{"name": "李某", "kind": "staff"}, {"name": "赵律师", "kind": "lawyer"}],
        **HEAD,
    )
    hearing = Hearing.objects.get(pk=hearing.pk)
    assert hearing.event.kind == CaseEventKind.HEARING
    assert [str(agent) for agent in hearing.agents.all()] == ["李某（本机关工作人员）", "赵律师（外聘律师）"]


@pytest.mark.parametrize(
    "agents, message",
    [
        ([{"name": "赵律师", "kind": "lawyer"}], "001 第二十七条；003 第九条"),
        ([{"name": "赵律师", "kind": "lawyer"}, {"name": "钱律师", "kind": "lawyer"}], "不得仅委托律师"),
        ([], "1 至 2 名诉讼代理人"),
        ([{"name": n, "kind": "staff"} for n in ("甲", "乙", "丙")], "实际为 3 名"),
    ],
)
def test_agents_the_rules_do_not_allow_are_refused(world, agents, message):
    case_file = world.case_file()
    with pytest.raises(ValidationError, match=message):
        record_hearing(case_file, d("2025-10-09"), by=world.user("officer_land"), agents=agents, **HEAD)
    assert not CaseEvent.objects.filter(case_file=case_file).exists()


def test_a_missing_head_needs_a_written_explanation(world):
    case_file = world.case_file()
    agents = [{"name": "李某", "kind": "staff"}]
    absent = {"head_appeared": False, "absence_explanation": ""}
    with pytest.raises(ValidationError, match="书面说明"):
        record_hearing(case_file, d("2025-10-09"), by=world.user("officer_land"), agents=agents, **absent)
    absent["absence_explanation"] = "局长因公出差，已向法院提交书面说明。"
    hearing = record_hearing(case_file, d("2025-10-09"), by=world.user("officer_land"), agents=agents, **absent)
    assert not hearing.head_appeared and hearing.head_name == ""


def test_an_appearing_head_needs_a_name_and_title(world):
    with pytest.raises(ValidationError) as caught:
        record_hearing(
            world.case_file(),
            d("2025-10-09"),
            by=world.user("officer_land"),
            agents=[{"name": "李某", "kind": "staff"}],
            head_appeared=True,
        )
    assert set(caught.value.message_dict) == {"head_name", "head_title"}


# --- The progress view --------------------------------------------------------------------------------------


def url(case_file_id):
    return reverse("casefiles_admin:lifecycle", args=[case_file_id])


def test_the_officer_sees_events_and_deadlines_and_records_an_event(world, client):
    case_file = world.case_file(date_received=d("2025-09-26"))
    client.force_login(world.user("officer_land"))
    body = client.get(url(case_file.pk)).content.decode()
    assert "进程与期限" in body and "提交答辩状和证据、依据" in body and "2025-10-11" in body
    response = client.post(url(case_file.pk), {"action": "event", "kind": "defence_filed", "date": "2025-10-09"})
    assert response.status_code == 302
    event = CaseEvent.objects.get(case_file=case_file)
    assert (event.kind, event.recorded_by) == ("defence_filed", world.user("officer_land"))
    body = client.get(url(case_file.pk)).content.decode()
    assert "已于 2025-10-09 完成" in body and "officer_land" in body


def test_the_officer_records_a_hearing_and_bad_agents_are_explained(world, client):
    case_file = world.case_file()
    client.force_login(world.user("officer_land"))
    form = {
        "action": "hearing",
        "date": "2025-10-09",
        "head_appeared": "on",
        "head_name": "王某",
        "head_title": "局长",
        "head_is_principal": "on",
        "agent_1_name": "赵律师",
        "agent_1_kind": "lawyer",
    }
    response = client.post(url(case_file.pk), form)
    assert response.status_code == 400
    assert "不得仅委托律师" in response.content.decode()
    assert not CaseEvent.objects.filter(case_file=case_file).exists()
    form.update(agent_2_name="李某", agent_2_kind="staff")
    assert client.post(url(case_file.pk), form).status_code == 302
    hearing = Hearing.objects.get(event__case_file=case_file)
    assert hearing.head_is_principal and hearing.agents.count() == 2


@pytest.mark.parametrize("username", ["officer_market", "evaluator"])
def test_those_who_may_not_see_the_case_find_nothing_there(world, client, username):
    # As everywhere for case content (casefiles.guard): the same answer as for an id that does not exist.
    case_file = world.case_file()
    client.force_login(world.user(username))
    assert client.get(url(case_file.pk)).status_code == 404
    response = client.post(url(case_file.pk), {"action": "event", "kind": "defence_filed", "date": "2025-10-09"})
    assert response.status_code == 404
    assert not CaseEvent.objects.filter(case_file=case_file).exists()


def test_those_who_may_only_read_the_case_cannot_record(world, client):
    case_file = world.case_file()
    client.force_login(world.user("head_land"))
    body = client.get(url(case_file.pk)).content.decode()
    assert "提交答辩状和证据、依据" in body and ">记录事件<" not in body
    response = client.post(url(case_file.pk), {"action": "event", "kind": "defence_filed", "date": "2025-10-09"})
    # PermissionDenied, which Wagtail's admin answers by sending the user home with an error.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not CaseEvent.objects.filter(case_file=case_file).exists()


def test_the_supervisor_records_and_a_forged_id_is_not_found(world, client):
    case_file = world.case_file()
    client.force_login(world.user("supervisor"))
    response = client.post(url(case_file.pk), {"action": "event", "kind": "registered", "date": "2025-10-09"})
    assert response.status_code == 302
    missing = case_file.pk + 1000
    assert client.get(url(missing)).status_code == 404
    assert client.post(url(missing), {"action": "event", "kind": "registered", "date": "2025-10-09"}).status_code == 404


def test_an_event_of_another_case_cannot_be_deleted_through_this_one(world, client):
    mine, other = world.case_file(), world.case_file(handling_unit=world.market)
    event = record_event(other, CaseEventKind.REGISTERED, d("2025-10-09"), by=world.user("officer_market"))
    client.force_login(world.user("officer_land"))
    assert client.post(url(mine.pk), {"action": "delete", "event": event.pk}).status_code == 404
    assert CaseEvent.objects.filter(pk=event.pk).exists()


def test_anonymous_users_are_sent_to_log_in(world, client):
    case_file = world.case_file()
    response = client.get(url(case_file.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]
    response = client.post(url(case_file.pk), {"action": "event", "kind": "registered", "date": "2025-10-09"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_changing_a_rule_recounts_once_per_transaction(world, django_capture_on_commit_callbacks):
    case_file = world.case_file(date_received=d("2025-09-26"))
    national = RuleProfile.national()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for rule in national.rules.all():  # a profile form saves each of its rules
            rule.save()
        national.rules.filter(code="defence_due").update(period=20)
        national.rules.get(code="defence_due").save()
    assert len(callbacks) == 1
    # 09-26 + 20 is 10-16, a working Thursday.
    assert deadlines(case_file)["defence_due"] == (d("2025-10-16"), None)


def test_entering_a_holiday_recounts(world, django_capture_on_commit_callbacks):
    from casefiles.models import CalendarDay

    case_file = world.case_file(date_received=d("2025-10-01"))
    # 10-01 + 15 is 10-16, a working Thursday; made a holiday, the defence is due the next day.
    assert deadlines(case_file)["defence_due"] == (d("2025-10-16"), None)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=d("2025-10-16"), kind=CalendarDay.Kind.HOLIDAY, name="测试")
    assert deadlines(case_file)["defence_due"] == (d("2025-10-17"), None)


def test_the_recount_command_restores_the_stored_deadlines(world):
    import io

    from django.core.management import call_command

    case_file = world.case_file(date_received=d("2025-09-26"))
    CaseDeadline.objects.all().delete()
    output = io.StringIO()
    call_command("recount_deadlines", stdout=output)
    assert deadlines(case_file) == {"defence_due": (d("2025-10-11"), None)}
    assert "1 case files" in output.getvalue()
