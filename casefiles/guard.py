"""A guard in front of every view that names a page or document by id.

Wagtail's views check what they were written to check; some name a page or a
document without asking whether the user may see it at all (the page chooser,
``chosen-multiple``, bulk-action confirmations, the document file URL). This
middleware looks at the resolved URL before any view runs: every page or
document id it carries (in the path or as ``id`` query parameters) that is case
content the user may not see ends the request: anonymous users are sent to log
in, everyone else gets a 404, the same answer as for an id that does not exist.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from wagtail.models import Page

from casefiles import access

# URL kwargs that hold a page id, wherever they appear.
PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "case_file_id")
# URL kwargs that hold a document id, wherever they appear.
DOCUMENT_KWARGS = ("document_id",)
# Namespaces in which a plain ``pk`` kwarg is a page or a document.
PK_IS_PAGE = ("wagtailadmin_pages", "wagtailadmin_api")
PK_IS_DOCUMENT = ("wagtaildocs", "wagtaildocs_chooser")
# Views that take page ids as ``?id=`` query parameters.
PAGE_ID_QUERY_VIEWS = ("wagtailadmin_choose_page_chosen_multiple",)
# Bulk actions carry ``?id=`` for the model named in the URL.
BULK_ACTION_VIEW = "wagtail_bulk_action"


def _ints(values):
    for value in values:
        try:
            yield int(value)
        except (TypeError, ValueError):
            continue


def targets(match, request):
    """Yield ("page" | "document", id) for every object the resolved URL names."""
    namespace = match.namespace or ""
    top_namespace = namespace.split(":", 1)[0]
    for name, value in match.kwargs.items():
        if name in PAGE_KWARGS or (name == "pk" and top_namespace in PK_IS_PAGE):
            yield from (("page", ident) for ident in _ints([value]))
        elif name in DOCUMENT_KWARGS or (name == "pk" and top_namespace in PK_IS_DOCUMENT):
            yield from (("document", ident) for ident in _ints([value]))
    if match.url_name in PAGE_ID_QUERY_VIEWS:
        yield from (("page", ident) for ident in _ints(request.GET.getlist("id")))
    if match.url_name == BULK_ACTION_VIEW:
        model = (match.kwargs.get("app_label"), match.kwargs.get("model_name"))
        kind = "page" if model[0] == "wagtailcore" else "document" if model == ("casefiles", "casedocument") else None
        if kind:
            yield from ((kind, ident) for ident in _ints(request.GET.getlist("id")))


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
        for kind, ident in targets(match, request):
            obj = load(kind, ident)
            if obj is None:
                continue  # the view answers 404 for ids that do not exist
            if access.can_view(request.user, obj) is False:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise Http404
        return None
