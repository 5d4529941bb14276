"""Background work of the casefiles app (django-tasks, default queue)."""

from django_tasks import task


@task()
def recount_all_deadlines():
    """Recount every case file's deadlines: after the rules or the holiday calendar changed."""
    from casefiles.models.case_deadlines import recompute_all_deadlines

    recompute_all_deadlines()


@task()
def send_deadline_reminders():
    """Email the deadline reminders owed today (casefiles.reminders); safe to run more than once a day."""
    from casefiles.reminders import send_deadline_reminders as send

    return send()
