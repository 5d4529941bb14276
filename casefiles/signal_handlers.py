"""Keeping derived state in step: group membership, grants, stored files; logging documents served."""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from casefiles import access


def _sync_member(instance, **kwargs):
    from casefiles.models import sync_user_groups

    sync_user_groups(instance.user)


def _on_page_moved(sender, instance, **kwargs):
    from casefiles.models import CaseFile

    if isinstance(instance.specific, CaseFile):
        access.sync_automatic_grants(instance.specific)


# --- Deadlines follow what they count from ------------------------------------------


def _recompute(case_file_id):
    from casefiles.models import CaseFile, recompute_deadlines

    case_file = CaseFile.objects.filter(pk=case_file_id).first()
    if case_file is not None:  # not when the case file itself is being deleted
        recompute_deadlines(case_file)


def _on_event_changed(sender, instance, **kwargs):
    _recompute(instance.case_file_id)


def _on_page_published(sender, instance, **kwargs):
    from casefiles.models import CaseFile, Judgment

    if isinstance(instance, CaseFile):
        _recompute(instance.pk)
    elif isinstance(instance, Judgment):
        _recompute(access.case_file_id_of_page(instance))


def _on_judgment_deleted(sender, instance, **kwargs):
    case_file_id = access.case_file_id_of_page(instance)
    if case_file_id is not None:
        transaction.on_commit(lambda: _recompute(case_file_id))


def _remember_rule_profile(sender, instance, **kwargs):
    from casefiles.models import Agency

    old = Agency.objects.filter(pk=instance.pk).values_list("rule_profile_id", flat=True).first()
    instance._rule_profile_changed = instance.pk is not None and old != instance.rule_profile_id


def _on_agency_saved(sender, instance, **kwargs):
    """An agency's deadline rules changed: recount the case files of its libraries and those of agencies under it."""
    from casefiles.models import Agency, CaseFile, CaseLibrary, recompute_deadlines
    from casefiles.workdays import WorkingCalendar

    if not getattr(instance, "_rule_profile_changed", False):
        return
    agency_ids, frontier = {instance.pk}, [instance.pk]
    while frontier:
        frontier = list(
            Agency.objects.filter(parent_id__in=frontier).exclude(pk__in=agency_ids).values_list("pk", flat=True)
        )
        agency_ids.update(frontier)
    calendar = WorkingCalendar.load()
    for library in CaseLibrary.objects.filter(agency_id__in=agency_ids):
        for case_file in CaseFile.objects.child_of(library):
            recompute_deadlines(case_file, calendar=calendar)


# Rules and holidays concern every case: one recount per transaction, in the background.
def _enqueue_recount():
    from casefiles.tasks import recount_all_deadlines

    recount_all_deadlines.enqueue()


def _on_rules_or_calendar_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    connection = transaction.get_connection()
    if any(entry[1] is _enqueue_recount for entry in connection.run_on_commit):
        return  # already due when this transaction commits
    transaction.on_commit(_enqueue_recount)


def _delete_version_file(instance, **kwargs):
    storage, name = instance.file.storage, instance.file.name
    # Versions share no file with their document: each replaced file moved into one.
    transaction.on_commit(lambda: storage.delete(name))


def _document_served(sender, instance, request, **kwargs):
    """Wagtail serves a case file's document: every before_serve_document check has passed."""
    from casefiles import access_log

    access_log.record(request, access_log.AccessAction.DOWNLOAD, document=instance)


# --- Sealed case files: the last line of defence ------------------------------------
# Views and services refuse changes to a sealed case file with a reason first
# (casefiles.guard, casefiles.policies, store_document); these refuse any that
# gets past them, from whatever code, by raising access.Sealed.

# Document fields that are kept up to date by the system, not by people.
DERIVED_DOCUMENT_FIELDS = frozenset({"file_size", "file_hash", "extraction_status", "extraction_reason"})


def _refuse_sealed_save(sender, instance, raw=False, **kwargs):
    if not raw:
        access.refuse_if_sealed(instance)


def _refuse_sealed_document_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= DERIVED_DOCUMENT_FIELDS):
        return
    access.refuse_if_sealed(instance.case_file_id)
    if instance.pk is not None:  # moving a file out of a sealed case file changes that one too
        access.refuse_if_sealed(
            type(instance).objects.filter(pk=instance.pk).values_list("case_file_id", flat=True).first()
        )


def _refuse_sealed_delete(sender, instance, **kwargs):
    access.refuse_if_sealed(instance)


def _refuse_sealed_revision(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page

    if raw or instance.pk is not None or instance.base_content_type_id != _page_content_type_id():
        return
    access.refuse_if_sealed(Page.objects.filter(pk=instance.object_id).only("pk", "path", "depth").first())


def _refuse_sealed_move(sender, instance, parent_page_after, **kwargs):
    access.refuse_if_sealed(instance)
    access.refuse_if_sealed(parent_page_after)


def _page_content_type_id():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    return ContentType.objects.get_for_model(Page).pk


def _after_migrate(sender, using, apps, **kwargs):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from casefiles.models import sync_role_group_permissions
    from casefiles.roles import GLOBAL_PERMS

    # Permissions of new models are made by auth's own post_migrate receiver,
    # which runs after this one (auth comes later in INSTALLED_APPS); make
    # those of every app the roles name (casefiles, archive) first.
    app_labels = {label.split(".", 1)[0] for labels in GLOBAL_PERMS.values() for label in labels}
    for app_label in sorted(app_labels):
        try:
            app_config = global_apps.get_app_config(app_label)
        except LookupError:
            continue
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    sync_role_group_permissions()


def register():
    from django.apps import apps
    from django.db.models.signals import pre_delete, pre_save
    from wagtail.documents.models import document_served
    from wagtail.models import Page, Revision
    from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

    from casefiles.models import (
        Agency,
        AgencyMembership,
        CalendarDay,
        CalendarYear,
        CaseDocument,
        CaseDocumentVersion,
        CaseEvent,
        CaseFile,
        DeadlineRule,
        EvidenceList,
        Filing,
        Judgment,
    )

    post_save.connect(_sync_member, sender=AgencyMembership, dispatch_uid="casefiles_member_saved")
    post_delete.connect(_sync_member, sender=AgencyMembership, dispatch_uid="casefiles_member_deleted")
    post_page_move.connect(_on_page_moved, dispatch_uid="casefiles_page_moved")
    document_served.connect(_document_served, dispatch_uid="casefiles_document_served")
    post_delete.connect(_delete_version_file, sender=CaseDocumentVersion, dispatch_uid="casefiles_version_deleted")
    post_save.connect(_on_event_changed, sender=CaseEvent, dispatch_uid="casefiles_event_saved")
    post_delete.connect(_on_event_changed, sender=CaseEvent, dispatch_uid="casefiles_event_deleted")
    page_published.connect(_on_page_published, dispatch_uid="casefiles_page_published_deadlines")
    page_unpublished.connect(_on_page_published, dispatch_uid="casefiles_page_unpublished_deadlines")
    post_delete.connect(_on_judgment_deleted, sender=Judgment, dispatch_uid="casefiles_judgment_deleted")
    pre_save.connect(_remember_rule_profile, sender=Agency, dispatch_uid="casefiles_agency_profile_before")
    post_save.connect(_on_agency_saved, sender=Agency, dispatch_uid="casefiles_agency_profile_after")
    for model in (DeadlineRule, CalendarDay, CalendarYear):
        name = model._meta.model_name
        post_save.connect(_on_rules_or_calendar_changed, sender=model, dispatch_uid=f"casefiles_{name}_saved_recount")
        post_delete.connect(
            _on_rules_or_calendar_changed, sender=model, dispatch_uid=f"casefiles_{name}_deleted_recount"
        )
    post_migrate.connect(_after_migrate, sender=apps.get_app_config("casefiles"), dispatch_uid="casefiles_migrated")
    for model in (Page, CaseFile, Filing, EvidenceList, Judgment):
        name = model._meta.model_name
        pre_save.connect(_refuse_sealed_save, sender=model, dispatch_uid=f"casefiles_sealed_{name}_save")
        pre_delete.connect(_refuse_sealed_delete, sender=model, dispatch_uid=f"casefiles_sealed_{name}_delete")
    pre_save.connect(_refuse_sealed_document_save, sender=CaseDocument, dispatch_uid="casefiles_sealed_document_save")
    pre_save.connect(_refuse_sealed_save, sender=CaseDocumentVersion, dispatch_uid="casefiles_sealed_version_save")
    for model in (CaseDocument, CaseDocumentVersion):
        pre_delete.connect(
            _refuse_sealed_delete, sender=model, dispatch_uid=f"casefiles_sealed_{model._meta.model_name}_delete"
        )
    pre_save.connect(_refuse_sealed_revision, sender=Revision, dispatch_uid="casefiles_sealed_revision")
    pre_page_move.connect(_refuse_sealed_move, dispatch_uid="casefiles_sealed_move")
