"""The volume in the admin: its panel on the archiving page, its downloads, generating it again."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from archive.models import Part, Volume, is_archived
from archive.volume import service
from casefiles import access, access_log
from casefiles.views.case_files import case_file_for


def panel_context(user, case_file):
    """What the archiving page shows of the volume, and what ``user`` may do with it."""
    volume = Volume.objects.filter(case_file=case_file).prefetch_related("files").first()
    may_download = access.can_download_volume(user, case_file)
    return {
        "volume": volume,
        "volume_files": sorted(volume.files.all(), key=lambda f: list(Part.values).index(f.part))
        if volume and may_download
        else [],
        "can_regenerate_volume": is_archived(case_file) and access.can_regenerate_volume(user, case_file),
        "can_export": bool(volume and volume.is_ready)
        and is_archived(case_file)
        and access.can_export_archived(user, case_file),
    }


class VolumeFileView(View):
    """Download one generated PDF of a case file's volume (404 for whoever may not)."""

    def get(self, request, case_file_id, part):
        case_file = case_file_for(request.user, case_file_id)
        if part not in Part.values or not access.can_download_volume(request.user, case_file):
            raise Http404
        volume = Volume.objects.filter(case_file=case_file).first()
        stored = volume.file(part) if volume else None
        if stored is None:
            raise Http404
        name = f"{case_file.archival_code.code}-{Part(part).label}.pdf"
        response = FileResponse(stored.file.open("rb"), as_attachment=True, filename=name)
        response["X-Content-Type-Options"] = "nosniff"
        access_log.record(request, access_log.AccessAction.DOWNLOAD_VOLUME, case_file=case_file)
        return response


class RegenerateVolumeView(View):
    """Generate an archived case file's volume again (archivists)."""

    def post(self, request, case_file_id):
        case_file = case_file_for(request.user, case_file_id)
        if not access.can_regenerate_volume(request.user, case_file):
            raise PermissionDenied
        if not is_archived(case_file):
            messages.error(request, _("Only an archived case file has a volume."))
        else:
            service.schedule(case_file, request.user)
            messages.success(request, _("The volume is being generated; this page shows when it is ready."))
        return redirect("archive_admin:case_file", case_file.pk)
