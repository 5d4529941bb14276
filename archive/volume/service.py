"""Generating and storing a case file's volume.

:func:`schedule` marks the volume as being generated and queues the work for
after the current transaction (archiving holds the archival-code counter row
locked, and a volume of hundreds of scanned pages takes a while);
:func:`generate` does the work: composes the PDFs (:mod:`archive.volume.build`)
and stores them in place of the previous ones. A stored file that cannot be
read does not stop it (it is listed as damaged); anything else that stops it
leaves the volume "failed" with a reason the archivist reads, and the previous
files untouched.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from archive.models import Part, Volume, VolumeFile, VolumeState
from archive.volume import build

logger = logging.getLogger(__name__)

FILENAMES = {Part.COVER: "cover.pdf", Part.INDEX: "index.pdf", Part.NOTE: "note.pdf", Part.VOLUME: "volume.pdf"}


def _mark_pending(case_file, user):
    volume, _created = Volume.objects.update_or_create(
        case_file=case_file,
        defaults={
            "state": VolumeState.PENDING,
            "requested_at": timezone.now(),
            "requested_by": user,
            "failure": "",
        },
    )
    return volume


def schedule(case_file, user):
    """Generate ``case_file``'s volume in the background once the current transaction commits."""
    from archive.tasks import generate_volume

    volume = _mark_pending(case_file, user)
    transaction.on_commit(lambda: generate_volume.enqueue(case_file.pk))
    return volume


def generate(case_file, user=None):
    """Generate ``case_file``'s volume now and store it; returns the :class:`Volume` (ready or failed).

    ``user`` is who asks for it; the background task passes none and the
    volume keeps the one who scheduled it.
    """
    volume = Volume.objects.filter(case_file=case_file).first()
    if volume is None or user is not None:
        volume = _mark_pending(case_file, user)
    try:
        composed = build.compose(case_file)
    except build.VolumeError as e:
        return _fail(volume, str(e))
    except Exception as e:
        logger.exception("volume of case file %s", case_file.pk)
        with override(build.VOLUME_LANGUAGE):
            reason = _("The volume could not be generated (%(error)s). Tell the administrator, then generate it again.")
        return _fail(volume, reason % {"error": e})
    return _store(case_file, composed)


def _fail(volume, reason):
    Volume.objects.filter(pk=volume.pk).update(state=VolumeState.FAILED, failure=reason)
    volume.refresh_from_db()
    return volume


def _store(case_file, composed):
    written = []
    try:
        with transaction.atomic():
            volume = Volume.objects.select_for_update().get(case_file=case_file)
            old = [stored.file for stored in volume.files.all()]
            volume.files.all().delete()
            for part, data in composed.parts.items():
                stored = VolumeFile(
                    volume=volume,
                    part=part,
                    sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data),
                    page_count=composed.page_counts[part],
                )
                stored.file.save(FILENAMES[part], ContentFile(data), save=False)
                written.append((stored.file.storage, stored.file.name))
                stored.save()
            facts = composed.facts
            volume.state, volume.failure, volume.generated_at = VolumeState.READY, "", timezone.now()
            volume.item_count, volume.page_count = facts.item_count, facts.page_count
            rows = zip(composed.rows, composed.row_documents, strict=True)
            volume.rows = [{**row.__dict__, "document": document} for row, document in rows]
            volume.missing = [problem.__dict__ for problem in facts.missing]
            volume.damaged = [
                {**problem.__dict__, "document": document}
                for problem, document in zip(facts.damaged, composed.damaged_documents, strict=True)
            ]
            volume.save()
            for field_file in old:
                transaction.on_commit(lambda storage=field_file.storage, name=field_file.name: storage.delete(name))
            _log(case_file, volume)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return volume


def _log(case_file, volume):
    from wagtail.log_actions import log

    log(
        instance=case_file,
        action="anjuan.volume.generate",
        user=volume.requested_by,
        data={
            "items": volume.item_count,
            "pages": volume.page_count,
            "damaged": len(volume.damaged),
            "files": {stored.part: stored.sha256 for stored in volume.files.all()},
        },
    )
