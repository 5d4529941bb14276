"""What schedules index updates: every change to what a case file's search document holds."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from casefiles import access
from search.indexing import schedule

NAME_FIELDS = {"first_name", "last_name"}


def _page_changed(sender, instance, **kwargs):
    if access.is_case_content(instance):
        schedule(access.case_file_id_of_page(instance))


def _case_file_saved(sender, instance, **kwargs):
    schedule(instance.pk)


def _case_page_deleted(sender, instance, **kwargs):
    from casefiles.models import CaseFile

    # A deleted case file: the task finds it gone and removes it. A deleted
    # filing: its case file is reindexed without it.
    schedule(instance.pk if isinstance(instance, CaseFile) else access.case_file_id_of_page(instance))


def _case_file_moved(sender, instance, **kwargs):
    from casefiles.models import CaseFile

    if isinstance(instance.specific_deferred, CaseFile):
        schedule(instance.pk)


def _document_changed(sender, instance, **kwargs):
    schedule(instance.case_file_id)


def _text_extracted(sender, run_id, **kwargs):
    from ocr.models import ExtractionRun

    run = ExtractionRun.objects.filter(pk=run_id).select_related("document").first()
    if run is not None:
        schedule(run.document.case_file_id)


def _grant_changed(sender, instance, **kwargs):
    schedule(instance.content_object_id)


def _name_changed(sender, instance, created=False, update_fields=None, **kwargs):
    from search.tasks import index_case_files_showing

    if created:
        return
    if sender is get_user_model() and update_fields is not None and not NAME_FIELDS & set(update_fields):
        return  # a login, say: no name changed
    label = sender._meta.label_lower
    from django.db import transaction

    transaction.on_commit(lambda: index_case_files_showing.enqueue(label, instance.pk))


def register():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from casefiles.models import (
        Agency,
        CaseDocument,
        CaseFile,
        CaseFileGroupGrant,
        CaseFileUserGrant,
        Cause,
        Court,
        EvidenceList,
        Filing,
        Judgment,
    )
    from ocr.runs import text_extracted

    page_published.connect(_page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(_page_changed, dispatch_uid="search_page_unpublished")
    post_page_move.connect(_case_file_moved, dispatch_uid="search_page_moved")
    post_save.connect(_case_file_saved, sender=CaseFile, dispatch_uid="search_case_file_saved")
    for model in (CaseFile, Filing, EvidenceList, Judgment):
        post_delete.connect(_case_page_deleted, sender=model, dispatch_uid=f"search_{model.__name__}_deleted")
    post_save.connect(_document_changed, sender=CaseDocument, dispatch_uid="search_document_saved")
    post_delete.connect(_document_changed, sender=CaseDocument, dispatch_uid="search_document_deleted")
    text_extracted.connect(_text_extracted, dispatch_uid="search_text_extracted")
    for model in (CaseFileUserGrant, CaseFileGroupGrant):
        post_save.connect(_grant_changed, sender=model, dispatch_uid=f"search_{model.__name__}_saved")
        post_delete.connect(_grant_changed, sender=model, dispatch_uid=f"search_{model.__name__}_deleted")
    for model in (Court, Cause, Agency, get_user_model()):
        post_save.connect(_name_changed, sender=model, dispatch_uid=f"search_{model.__name__}_renamed")
