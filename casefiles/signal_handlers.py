"""Keeping derived state in step: group membership, grants, stored files."""

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


def _delete_version_file(instance, **kwargs):
    storage, name = instance.file.storage, instance.file.name
    # Versions share no file with their document: each replaced file moved into one.
    transaction.on_commit(lambda: storage.delete(name))


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
    from wagtail.signals import post_page_move

    from casefiles.models import AgencyMembership, CaseDocumentVersion

    post_save.connect(_sync_member, sender=AgencyMembership, dispatch_uid="casefiles_member_saved")
    post_delete.connect(_sync_member, sender=AgencyMembership, dispatch_uid="casefiles_member_deleted")
    post_page_move.connect(_on_page_moved, dispatch_uid="casefiles_page_moved")
    post_delete.connect(_delete_version_file, sender=CaseDocumentVersion, dispatch_uid="casefiles_version_deleted")
    post_migrate.connect(_after_migrate, sender=apps.get_app_config("casefiles"), dispatch_uid="casefiles_migrated")
