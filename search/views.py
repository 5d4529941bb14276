"""The admin search page, and a document's page opened at what was searched for."""

import io
from dataclasses import replace
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casefiles import access, access_log
from casefiles.models import CaseDocument
from casefiles.views.case_files import case_file_breadcrumbs
from ocr import runs
from ocr.sources import local_path, open_source
from search import api
from search.backends.base import SORTS, SearchRequest
from search.highlight import Highlighter, marked
from search.query import parse

FACET_VALUES_SHOWN = 8  # more values of a facet fold away under "more"
PAGE_LINKS = 2  # page links each side of the current results page
IMAGE_WIDTH = 1200  # pixels of a page image


def search_url(request):
    """The admin search page's URL for a SearchRequest."""
    params = request.to_params()
    return reverse("search_admin:search") + ("?" + urlencode(params) if params else "")


def page_url(document_id, number, text=""):
    url = reverse("search_admin:document_page", args=[document_id, number])
    return url + ("?" + urlencode({"q": text}) if text else "")


class SearchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/search.html"
    page_title = gettext_lazy("Search case files")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": _("Home")}, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search_request, problems = SearchRequest.from_params(self.request.GET)
        results = api.search(self.request.user, search_request, problems=problems)
        context.update(
            results=results,
            search_request=search_request,
            hits=[self._hit(hit, search_request) for hit in results.hits],
            facets=[self._facet(facet, search_request) for facet in results.facets if facet.values],
            sorts=[(key, label, search_url(_with_sort(search_request, key))) for key, label in SORTS.items()],
            pages=self._pages(results),
            suggestions=[(suggestion, search_url(suggestion.request)) for suggestion in results.suggestions],
            filtered=bool(search_request.filters),
            clear_url=search_url(SearchRequest(text=search_request.text, sort=search_request.sort)),
            milliseconds=round(results.seconds * 1000),
            first_number=(search_request.page - 1) * search_request.per_page + 1,
        )
        return context

    def _hit(self, hit, search_request):
        pages = [
            {
                "page": page,
                "url": page_url(page.document_id, page.number, search_request.text) if page.number else None,
            }
            for page in hit.pages
        ]
        return {"hit": hit, "case_file": hit.case_file, "pages": pages}

    def _facet(self, facet, search_request):
        selected = list(search_request.filters.get(facet.name, ()))
        values = []
        for value in facet.values:
            chosen = [v for v in selected if v != value.value] if value.selected else selected + [value.value]
            values.append({"value": value, "url": search_url(search_request.with_filter(facet.name, chosen))})
        return {
            "facet": facet,
            "shown": values[:FACET_VALUES_SHOWN],
            "more": values[FACET_VALUES_SHOWN:],
            "clear_url": search_url(search_request.with_filter(facet.name, ())) if selected else None,
        }

    def _pages(self, results):
        current, last = results.request.page, results.page_count
        if last <= 1:
            return None
        numbers = sorted({1, last} | set(range(max(1, current - PAGE_LINKS), min(last, current + PAGE_LINKS) + 1)))
        links, previous = [], 0
        for number in numbers:
            if number - previous > 1:
                links.append({"gap": True})
            links.append(
                {"number": number, "url": search_url(_with_page(results.request, number)), "current": number == current}
            )
            previous = number
        return {
            "links": links,
            "previous": search_url(_with_page(results.request, current - 1)) if current > 1 else None,
            "next": search_url(_with_page(results.request, current + 1)) if current < last else None,
        }


def _with_sort(search_request, sort):
    return replace(search_request, sort=sort, page=1)


def _with_page(search_request, page):
    return replace(search_request, page=page)


def viewable_document(user, document_id):
    """The document, if ``user`` may view its case file; 404 otherwise (whether or not it exists)."""
    document = CaseDocument.objects.filter(pk=document_id).select_related("case_file", "page").first()
    if document is None or not access.can(user, access.VIEW, document.case_file_id):
        raise Http404
    return document


class DocumentPageView(WagtailAdminTemplateMixin, TemplateView):
    """One page of a document: its image and its text, what was searched for marked."""

    template_name = "search/document_page.html"
    header_icon = "doc-full"

    def dispatch(self, request, document_id, number):
        self.document = viewable_document(request.user, document_id)
        pages = self.document.page_count or 0
        if not 1 <= number <= max(pages, 1):
            raise Http404
        self.number = number
        return super().dispatch(request, document_id, number)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        access_log.record(request, access_log.AccessAction.VIEW_PAGE, document=self.document, page_number=self.number)
        return response

    def get_page_title(self):
        return _("%(document)s, page %(number)d") % {"document": self.document.title, "number": self.number}

    def get_page_subtitle(self):
        return self.document.case_file.title

    def get_breadcrumbs_items(self):
        return case_file_breadcrumbs(self.document.case_file) + [
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = self.request.GET.get("q", "")[:1000]
        query = parse(text)
        highlighter = Highlighter(query.terms)
        page_texts = {page.number: page for page in runs.current_pages(self.document)}
        current = page_texts.get(self.number)
        found = {number: highlighter.match(page.text) for number, page in page_texts.items()} if query.terms else {}
        matching = [number for number, match in found.items() if match.spans]
        here = found.get(self.number) or (highlighter.match(current.text) if current else None)
        total = self.document.page_count or len(page_texts)
        earlier = [number for number in matching if number < self.number]
        later = [number for number in matching if number > self.number]
        context.update(
            document=self.document,
            case_file=self.document.case_file,
            number=self.number,
            total=total,
            text=text,
            page_text=current,
            marked=marked(here) if here else None,
            matches_here=len(here.spans) if here else 0,
            matching_pages=matching,
            previous_url=page_url(self.document.pk, self.number - 1, text) if self.number > 1 else None,
            next_url=page_url(self.document.pk, self.number + 1, text) if self.number < total else None,
            previous_match_url=page_url(self.document.pk, earlier[-1], text) if earlier else None,
            next_match_url=page_url(self.document.pk, later[0], text) if later else None,
            image_url=reverse("search_admin:document_page_image", args=[self.document.pk, self.number]),
            search_back_url=reverse("search_admin:search") + ("?" + urlencode({"q": text}) if text else ""),
        )
        return context


class DocumentPageImageView(View):
    """A page of a document as a PNG image, for those who may view its case file."""

    def get(self, request, document_id, number):
        document = viewable_document(request.user, document_id)
        if not 1 <= number <= (document.page_count or 0):
            raise Http404
        try:
            with local_path(document.file) as path, open_source(path, document.file_type) as source:
                image = render_page(source, document.file_type, number)
        except Exception as error:  # a file gone or unreadable: say so, do not crash the page
            raise Http404(_("The page image cannot be made from the stored file.")) from error
        out = io.BytesIO()
        image.save(out, "PNG", optimize=False)
        response = HttpResponse(out.getvalue(), content_type="image/png")
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        access_log.record(request, access_log.AccessAction.PAGE_IMAGE, document=document, page_number=number)
        return response


def render_page(source, file_type, number):
    """The page as a PIL image about IMAGE_WIDTH pixels wide."""
    if file_type == "pdf":
        page = source.document[number - 1]
        try:
            width = page.get_width() or 1
            bitmap = page.render(scale=IMAGE_WIDTH / width)
            image = bitmap.to_pil().convert("RGB")
            bitmap.close()
        finally:
            page.close()
        return image
    image = source.page(number).image
    if image.width > IMAGE_WIDTH:
        image = image.resize((IMAGE_WIDTH, round(image.height * IMAGE_WIDTH / image.width)))
    return image
