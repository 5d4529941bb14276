"""A guard in front of every view that names a page or document by id.

Wagtail's views check what they were written to check; some name a page or a
document without asking whether the user may see it at all (the page chooser,
``chosen-multiple``, bulk-action confirmations, the document file URL). This
middleware looks at the resolved URL before any view runs: every page or
document id it carries (in the path or as ``id`` query parameters) that is case
content the user may not see ends the request: anonymous users are sent to log
in, everyone else gets a 404, the same answer as for an id that does not exist.

Views that change what they name (:data:`WRITE_VIEWS`, bulk actions) are
refused, before they run, for the content of a sealed (archived) case file,
whoever asks, with a message that says why; Wagtail's own permission checks
(casefiles.policies) would refuse them too, but with no reason given.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect
from wagtail.models import Page

from casefiles import access

# URL kwargs that hold a page id, wherever they appear.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "case_file_id")
# URL kwargs that hold a document id, wherever they appear.
DOCUMENT_KWARGS = ("document_id", "doc_id")
# URL namespaces in which a plain ``pk`` kwarg is a page or a document.
PK_KINDS = {
    "wagtailadmin_pages": "page",
    "wagtailadmin_api:pages": "page",
    "wagtaildocs": "document",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_api:documents": "document",
}
# Views that take ids as ``?id=`` query parameters.
QUERY_ID_VIEWS = {
    "wagtailadmin_choose_page_chosen_multiple": "page",
    "wagtaildocs_chooser:chosen_multiple": "document",
}
# Bulk actions carry ``?id=`` for the model named in the URL.
BULK_ACTION_VIEW = "wagtail_bulk_action"
BULK_KINDS = {("wagtailcore", "page"): "page", ("casefiles", "casedocument"): "document"}
# The document file URL passes the document id as its first positional argument.
DOCUMENT_SERVE_VIEW = "wagtaildocs_serve"
# Admin views that change the pages or documents they name (reading views are not listed).
WRITE_VIEWS = {
    *(
        f"wagtailadmin_pages:{name}"
        for name in (
            "add",
            "add_subpage",
            "edit",
            "delete",
            "copy",
            "move",
            "move_confirm",
            "set_page_position",
            "unpublish",
            "lock",
            "unlock",
            "revisions_revert",
            "revisions_unschedule",
            "convert_alias",
            "set_privacy",
            "workflow_action",
            "collect_workflow_action_data",
            "confirm_workflow_cancellation",
        )
    ),
    "wagtaildocs:edit",
    "wagtaildocs:delete",
    "wagtaildocs:edit_multiple",
    "wagtaildocs:delete_multiple",
}


def _ints(values):
    for value in values:
        try:
            yield int(value)
        except (TypeError, ValueError):
            continue


def targets(match, request):
    """Yield ("page" | "document", id) for every object the resolved URL names."""
    pk_kind = PK_KINDS.get(match.namespace)
    for name, value in match.kwargs.items():
        if name in PAGE_KWARGS:
            yield from (("page", ident) for ident in _ints([value]))
        elif name in DOCUMENT_KWARGS:
            yield from (("document", ident) for ident in _ints([value]))
        elif name == "pk" and pk_kind:
            yield from ((pk_kind, ident) for ident in _ints([value]))
    if match.view_name == DOCUMENT_SERVE_VIEW and match.args:
        yield from (("document", ident) for ident in _ints(match.args[:1]))
    query_kind = QUERY_ID_VIEWS.get(match.view_name)
    if match.url_name == BULK_ACTION_VIEW:
        query_kind = BULK_KINDS.get((match.kwargs.get("app_label"), match.kwargs.get("model_name")))
    if query_kind:
        yield from ((query_kind, ident) for ident in _ints(request.GET.getlist("id")))


def load(kind, ident):
    from casefiles.models import CaseDocument

    if kind == "page":
        return Page.objects.filter(pk=ident).only("pk", "path", "depth").first()
    return CaseDocument.objects.filter(pk=ident).only("pk", "case_file_id").first()


class CaseContentGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        if match is None:
            return None
        writes = match.view_name in WRITE_VIEWS or match.url_name == BULK_ACTION_VIEW
        sealed = None
        for kind, ident in targets(match, request):
            obj = load(kind, ident)
            if obj is None:
                continue  # the view answers 404 for ids that do not exist
            if access.can_view(request.user, obj) is False:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise Http404
            if writes and sealed is None and access.is_sealed(obj):
                sealed = access.case_file_id_of(obj)
        if sealed is not None:
            return refuse_sealed(request, sealed)
        return None


def refuse_sealed(request, case_file_id):
    """Answer a change to a sealed case file: the reason, and back to the (read-only) case file."""
    message = access.Sealed(case_file_id).message
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return HttpResponseForbidden(message, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect("casefiles_admin:overview", case_file_id)
