"""Index updates as tasks, on the default queue."""

from django_tasks import task


@task()
def index_case_file(case_file_id):
    from search.indexing import index_case_file as index

    index(case_file_id)


@task()
def index_case_files_showing(model_label, pk):
    """Reindex the case files that show the name of a court, cause, agency or user that changed."""
    from search.indexing import case_files_showing, schedule

    for case_file_id in case_files_showing(model_label, pk):
        schedule(case_file_id)
