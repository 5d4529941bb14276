from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404

from casefiles import access
from casefiles.models import CaseDocument
from ocr.progress import progress_of


def progress(request, document_id):
    document = get_object_or_404(CaseDocument, pk=document_id)
    if not access.can(request.user, access.VIEW, document.case_file_id):
        raise Http404
    return JsonResponse(progress_of(document).as_json())
