"""Signal handlers of the archive app: a published rubric version never changes (archive.evaluation.rubrics)."""

from django.db.models.signals import pre_delete, pre_save


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


def register():
    from archive.models import Rubric, RubricItem

    pre_save.connect(_refuse_published_rubric, sender=Rubric, dispatch_uid="archive_rubric_published_save")
    pre_delete.connect(_refuse_published_rubric, sender=Rubric, dispatch_uid="archive_rubric_published_delete")
    pre_save.connect(_refuse_published_item, sender=RubricItem, dispatch_uid="archive_rubric_item_published_save")
    pre_delete.connect(_refuse_published_item, sender=RubricItem, dispatch_uid="archive_rubric_item_published_delete")
