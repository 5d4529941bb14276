"""Background work of the archive app (django-tasks, default queue)."""

from django_tasks import task


@task()
def generate_volume(case_file_id):
    """Generate the volume (cover, index, note, combined PDF) of an archived case file."""
    from archive.volume import service
    from casefiles.models import CaseFile

    case_file = CaseFile.objects.filter(pk=case_file_id).first()
    if case_file is not None:
        service.generate(case_file)


@task()
def check_fixity():
    """Read every file of every sealed case file again and report what is missing, changed or unreadable.

    Run daily (``manage.py fixity_check`` from cron does the same; see the README).
    """
    from archive.fixity import check_all
    from archive.models import FixityRun

    run = check_all(trigger=FixityRun.Trigger.TASK)
    return {"run": run.pk, "files": run.files_checked, "problems": run.problem_count}
