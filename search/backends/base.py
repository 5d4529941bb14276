"""What every search backend takes and gives: requests, hits, facets, suggestions."""

import math
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casefiles.models import Agency, Cause, Court, Instance, Judgment
from casefiles.outcomes import Outcome
from search import groups

SORTS = {"relevance": gettext_lazy("Relevance"), "date": gettext_lazy("Newest first")}
PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 1000


@dataclass(frozen=True)
class FilterSpec:
    name: str
    label: str
    kind: str  # "int" or "choice"
    choices: tuple = ()  # for "choice": (value, label)


FILTERS = (
    FilterSpec("year", gettext_lazy("Year"), "int"),
    FilterSpec("cause", gettext_lazy("Cause of action"), "int"),
    FilterSpec("court", gettext_lazy("Court"), "int"),
    FilterSpec("instance", gettext_lazy("Instance"), "choice", tuple(Instance.choices)),
    FilterSpec("handling_unit", gettext_lazy("Handling unit"), "int"),
    FilterSpec("defendant", gettext_lazy("Defendant agency"), "int"),
    FilterSpec("outcome", gettext_lazy("Loss"), "choice", tuple(Outcome.choices)),
    FilterSpec("result", gettext_lazy("Result"), "choice", tuple(Judgment.Result.choices)),
    FilterSpec("doc_type", gettext_lazy("Document type"), "choice", tuple((g.key, g.label) for g in groups.GROUPS)),
    FilterSpec(
        "archived",
        gettext_lazy("Archived"),
        "choice",
        (("yes", gettext_lazy("Archived")), ("no", gettext_lazy("Not archived"))),
    ),
)
FILTERS_BY_NAME = {spec.name: spec for spec in FILTERS}


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    filters: dict = field(default_factory=dict)  # name → tuple of values (ints or choice strings)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    pages_per_hit: int = 3  # 0: hits without their pages and snippets
    facets: bool = True  # False: no facet counts (a list or an export that shows none)

    def with_filter(self, name, values):
        filters = dict(self.filters)
        if values:
            filters[name] = tuple(values)
        else:
            filters.pop(name, None)
        return replace(self, filters=filters, page=1)

    def with_text(self, text):
        return replace(self, text=text, page=1)

    @classmethod
    def from_params(cls, params):
        """A request from query parameters (a QueryDict or a dict of lists); returns (request, problems).

        Values that cannot be right (a forged or mistyped URL) are left out and
        described in ``problems``, in words for the user.
        """
        problems = []
        getlist = params.getlist if hasattr(params, "getlist") else (lambda name: params.get(name, []))
        filters = {}
        for spec in FILTERS:
            values = []
            for raw in getlist(spec.name):
                value = _parse_value(spec, raw)
                if value is None:
                    problems.append(
                        _("The filter “%(filter)s” has no value “%(value)s”; it was left out.")
                        % {"filter": spec.label, "value": str(raw)[:40]}
                    )
                elif value not in values:
                    values.append(value)
            if values:
                filters[spec.name] = tuple(values)
        text = (getlist("q") or [""])[0]
        sort = (getlist("sort") or ["relevance"])[0]
        if sort not in SORTS:
            problems.append(_("Unknown sort order; results are sorted by relevance."))
            sort = "relevance"
        page = _positive_int((getlist("page") or ["1"])[0], 1, MAX_PAGE)
        per_page = _positive_int((getlist("per_page") or [str(PER_PAGE)])[0], PER_PAGE, MAX_PER_PAGE)
        return cls(text=text, filters=filters, sort=sort, page=page, per_page=per_page), problems

    def to_params(self):
        """Query parameters for this request (for links)."""
        params = []
        if self.text:
            params.append(("q", self.text))
        for spec in FILTERS:
            params.extend((spec.name, str(value)) for value in self.filters.get(spec.name, ()))
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params


def _parse_value(spec, raw):
    raw = str(raw).strip()
    if spec.kind == "int":
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
            return None
        return int(raw)
    return raw if raw in {value for value, _label in spec.choices} else None


def _positive_int(raw, default, maximum):
    raw = str(raw).strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        return default
    return max(1, min(int(raw), maximum))


@dataclass
class PageHit:
    """A text of a case file that matched: a page of a document, or the case's details."""

    group: str
    snippets: list
    document_id: int | None = None
    document_title: str = ""
    number: int | None = None  # page number; None for the case's details

    @property
    def is_details(self):
        return self.number is None

    @property
    def group_label(self):
        return groups.label(self.group)


@dataclass
class CaseHit:
    case_file_id: int
    score: float
    tier: str  # "number", "phrase", "words" or "all"
    groups: list = field(default_factory=list)  # keys of the groups that matched on their own
    pages: list = field(default_factory=list)  # PageHit
    case_file: object = None  # the CaseFile page, loaded for display

    @property
    def group_labels(self):
        return [groups.label(key) for key in self.groups]


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    values: list


@dataclass
class Suggestion:
    label: str
    request: SearchRequest
    count: int


@dataclass
class SearchResults:
    request: SearchRequest
    query: object  # search.query.Query
    total: int
    hits: list
    facets: list
    suggestions: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    backend: str = ""
    seconds: float = 0.0

    @property
    def page_count(self):
        return max(1, math.ceil(self.total / self.request.per_page))

    @property
    def facets_by_name(self):
        return {facet.name: facet for facet in self.facets}


# --- Shared by the backends ---------------------------------------------------------


def facet_labels(counted):
    labels = {spec.name: {} for spec in FILTERS}
    for spec in FILTERS:
        if spec.kind == "choice":
            labels[spec.name] = {value: str(label) for value, label in spec.choices}
    labels["year"] = {year: _("%(year)d") % {"year": year} for year in counted["year"]}
    labels["cause"] = {
        pk: str(cause) for pk, cause in Cause.objects.select_related("parent").in_bulk(counted["cause"]).items()
    }
    labels["court"] = dict(Court.objects.filter(pk__in=counted["court"]).values_list("pk", "name"))
    agency_ids = set(counted["handling_unit"]) | set(counted["defendant"])
    names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))
    labels["handling_unit"] = names
    labels["defendant"] = names
    return labels


def facet_order(spec):
    if spec.name == "year":
        return lambda value: (-int(value.value),)
    if spec.kind == "choice":
        order = {choice: index for index, (choice, _label) in enumerate(spec.choices)}
        return lambda value: (order.get(value.value, len(order)),)
    return lambda value: (-value.count, value.label)


def without_word(text, word):
    return " ".join(text.replace(word, " ", 1).split())


def suggestions(request, query, without_filter, count):
    """What to loosen when ``request`` found nothing, most found first.

    ``without_filter``: {filter name: how many case files the request finds without
    that filter}; ``count``: how many case files a SearchRequest finds (for the same
    user, within their permissions).
    """
    found = []
    for name in request.filters:
        if without_filter.get(name):
            found.append(
                Suggestion(
                    label=_("Without the filter “%(filter)s”") % {"filter": FILTERS_BY_NAME[name].label},
                    request=request.with_filter(name, ()),
                    count=without_filter[name],
                )
            )
    if len(query.terms) > 1:
        for term in query.terms:
            smaller = request.with_text(without_word(request.text, term.text))
            number = count(smaller)
            if number:
                found.append(
                    Suggestion(label=_("Without “%(word)s”") % {"word": term.text}, request=smaller, count=number)
                )
    if query.excluded_terms:
        text = request.text
        for term in query.excluded_terms:
            text = without_word(without_word(text, "-" + term.text), "NOT " + term.text)
        smaller = request.with_text(text)
        number = count(smaller)
        if number:
            found.append(Suggestion(label=_("Without the words left out"), request=smaller, count=number))
    found.sort(key=lambda suggestion: -suggestion.count)
    return found
