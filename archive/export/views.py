"""The BagIt export in the admin: a zip of an archived case file's package, for its archivists."""

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views import View

from archive.export import package
from casefiles import access, access_log
from casefiles.views.case_files import case_file_for


class ExportBagView(View):
    def get(self, request, case_file_id):
        case_file = case_file_for(request.user, case_file_id)
        if not access.can_export_archived(request.user, case_file):
            raise Http404
        # On disk, not in memory: a volume of scans runs to hundreds of megabytes. Deleted when closed.
        out = tempfile.TemporaryFile()
        try:
            filename = package.write_zip(case_file, out, user=request.user)
        except package.ExportError as e:
            out.close()
            messages.error(request, str(e))
            return redirect("archive_admin:case_file", case_file.pk)
        out.seek(0)
        response = FileResponse(out, as_attachment=True, filename=filename, content_type="application/zip")
        response["X-Content-Type-Options"] = "nosniff"
        access_log.record(request, access_log.AccessAction.EXPORT, case_file=case_file)
        return response
