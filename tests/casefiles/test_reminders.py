"""Deadline reminders by email: at the configured working days before, once when overdue, never twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from casefiles import tasks
from casefiles.models import AgencyMembership, CaseEventKind, DeadlineReminder, add_member, record_event
from casefiles.reminders import send_deadline_reminders
from casefiles.roles import Role

MONDAY = datetime.date(2025, 9, 29)  # the National Day holiday runs 10-01 to 10-08


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def _mail(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEADLINE_REMINDER_WORKING_DAYS = [3, 1]
    for user in world.users.values():
        user.email = f"{user.username}@linjiang.gov.cn"
        user.save()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_reminder_is_sent_once_even_when_run_twice(world):
    case_file = world.case_file(date_received=d("2025-09-20"), officer=world.user("officer_land"))
    # Defence due 10-09: two working days ahead (09-30, 10-09), so the 3-day reminder is owed.
    assert send_deadline_reminders(today=MONDAY) == 1
    assert send_deadline_reminders(today=MONDAY) == 0
    assert recipients() == ["officer_land@linjiang.gov.cn"]
    [message] = mail.outbox
    assert case_file.case_number in message.body and "2025-10-09" in message.body
    assert "/admin/casefiles/" in message.body
    assert DeadlineReminder.objects.get().days_before == 3
    # The next day one working day is left: the 1-day reminder, once.
    assert send_deadline_reminders(today=d("2025-09-30")) == 1
    assert send_deadline_reminders(today=d("2025-09-30")) == 0
    assert len(mail.outbox) == 2


def test_nothing_is_sent_before_the_first_threshold(world):
    world.case_file(date_received=d("2025-09-20"), officer=world.user("officer_land"))
    assert send_deadline_reminders(today=d("2025-09-19")) == 0
    assert mail.outbox == []


def test_a_met_deadline_is_not_reminded_of(world):
    case_file = world.case_file(date_received=d("2025-09-20"), officer=world.user("officer_land"))
    record_event(case_file, CaseEventKind.DEFENCE_FILED, d("2025-09-26"), by=world.user("officer_land"))
    assert send_deadline_reminders(today=MONDAY) == 0
    assert mail.outbox == []


def test_an_overdue_deadline_is_reminded_of_once(world):
    world.case_file(date_received=d("2025-09-01"), officer=world.user("officer_land"))  # due 09-16
    assert send_deadline_reminders(today=MONDAY) == 1
    assert send_deadline_reminders(today=d("2025-09-30")) == 0
    [message] = mail.outbox
    assert "逾期" in message.subject
    assert DeadlineReminder.objects.get().days_before == 0


def test_without_an_officer_the_handling_units_officers_are_reminded(world):
    second = world.users["officer_market"]  # an officer of another agency too
    add_member(world.land, second, Role.OFFICER)
    world.case_file(date_received=d("2025-09-20"))
    world.case_file(handling_unit=world.market, date_received=d("2025-08-01"), officer=world.user("officer_market"))
    send_deadline_reminders(today=MONDAY)
    # The land case goes to both land officers; the market case (overdue) to its officer; one email each.
    assert recipients() == ["officer_land@linjiang.gov.cn", "officer_market@linjiang.gov.cn"]
    assert len(mail.outbox) == 2
    assert DeadlineReminder.objects.count() == 3


def test_someone_who_may_no_longer_view_the_case_is_not_reminded(world):
    officer = world.user("officer_land")
    world.case_file(date_received=d("2025-09-20"), officer=officer)
    # The officer left the land bureau: the case still names them, but they may no longer view it.
    AgencyMembership.objects.filter(user=officer, agency=world.land).delete()
    assert send_deadline_reminders(today=MONDAY) == 0


def test_the_command_and_the_task_send_them(world, capsys):
    world.case_file(date_received=d("2025-09-20"), officer=world.user("officer_land"))
    call_command("send_deadline_reminders", "--date", "2025-09-29")
    assert "Sent 1 deadline reminders." in capsys.readouterr().out
    # Counting from the real today, both deadlines have passed: one email with both overdue reminders.
    world.case_file(date_received=d("2025-09-01"), officer=world.user("officer_land"))
    result = tasks.send_deadline_reminders.enqueue()
    assert result.return_value == 2
    assert len(mail.outbox) == 2
