"""The public library listing: filters, full-text search over published typical cases, pagination."""

from collections import Counter

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from archive.models.typical import TypicalCasePage
from casefiles.models import Court
from search.api import search_published

PER_PAGE = 20
FILTERS = ("year", "cause", "court_level")


def published_cases():
    """The typical cases the public may read: live, without view restrictions."""
    return TypicalCasePage.objects.live().public()


def _chosen(request):
    chosen = {}
    for name in FILTERS:
        value = request.GET.get(name, "").strip()[:100]
        if name == "year" and not value.isdigit():
            value = ""
        if value:
            chosen[name] = value
    return chosen


def _facets(cases, chosen):
    levels = dict(Court.Level.choices)
    facets = []
    for name, label in (("year", _("Year")), ("cause", _("Cause of action")), ("court_level", _("Court level"))):
        counts = Counter(str(getattr(case, name)) for case in cases)
        values = sorted(counts.items(), key=lambda item: (-int(item[0]) if name == "year" else 0, item[0]))
        facets.append(
            {
                "name": name,
                "label": label,
                "values": [
                    {
                        "value": value,
                        "label": levels.get(value, value),
                        "count": count,
                        "chosen": chosen.get(name) == value,
                    }
                    for value, count in values
                ],
            }
        )
    return facets


def library_listing(library, request):
    chosen = _chosen(request)
    query_text = request.GET.get("q", "").strip()
    cases = list(published_cases().descendant_of(library).order_by("-year", "-first_published_at"))
    for name, value in chosen.items():
        cases = [case for case in cases if str(getattr(case, name)) == value]
    snippets, results = {}, None
    if query_text:
        results = search_published(query_text, ((case.pk, case.public_texts()) for case in cases), "facts")
        by_pk = {case.pk: case for case in cases}
        cases = [by_pk[hit.key] for hit in results.hits]
        snippets = {hit.key: hit.snippets for hit in results.hits}
    facets = _facets(cases, chosen)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    for case in page:
        case.snippets = snippets.get(case.pk, [])
    context = library.get_context(request)
    context.update(
        {
            "query": query_text,
            "notices": results.query.notices if results else (),
            "chosen": chosen,
            "facets": facets,
            "cases": page,
            "total": len(cases),
            "filtered": bool(query_text or chosen),
        }
    )
    return TemplateResponse(request, library.get_template(request), context)
