"""Signal handlers of the archive app.

* A published rubric version never changes (archive.evaluation.rubrics).
* The public site exists after every migrate, and supervisor groups edit it (archive.typical.site).
"""

from django.db.models.signals import post_migrate, post_save, pre_delete, pre_save


def _refuse_published_rubric(sender, instance, raw=False, **kwargs):
    from archive.evaluation.rubrics import refuse_if_published

    if not raw:
        refuse_if_published(instance.pk)


def _refuse_published_item(sender, instance, raw=False, **kwargs):
    from archive.evaluation.rubrics import refuse_if_published

    if raw:
        return
    refuse_if_published(instance.rubric_id)
    if instance.pk is not None:  # moving an item out of a published version changes that one too
        refuse_if_published(sender.objects.filter(pk=instance.pk).values_list("rubric_id", flat=True).first())


def _ensure_public_site(sender, **kwargs):
    from archive.typical import site

    site.ensure()


def _grant_public_site(sender, instance, created, raw=False, **kwargs):
    from archive.typical import site
    from casefiles.roles import Role

    if created and not raw and instance.role == Role.SUPERVISOR:
        site.grant_editors(instance.group)


def register(app_config):
    from archive.models import Rubric, RubricItem
    from casefiles.models import AgencyRoleGroup

    post_migrate.connect(_ensure_public_site, sender=app_config, dispatch_uid="archive_public_site")
    post_save.connect(_grant_public_site, sender=AgencyRoleGroup, dispatch_uid="archive_public_site_editors")

    pre_save.connect(_refuse_published_rubric, sender=Rubric, dispatch_uid="archive_rubric_published_save")
    pre_delete.connect(_refuse_published_rubric, sender=Rubric, dispatch_uid="archive_rubric_published_delete")
    pre_save.connect(_refuse_published_item, sender=RubricItem, dispatch_uid="archive_rubric_item_published_save")
    pre_delete.connect(_refuse_published_item, sender=RubricItem, dispatch_uid="archive_rubric_item_published_delete")
