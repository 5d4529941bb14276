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
