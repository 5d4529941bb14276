"""Searching published texts: the public typical-case library's search.

The public site never touches the case-file index (its texts are the original,
unredacted documents, and its permissions are staff's). It searches the texts
the caller hands over, only published redacted ones, with the same query
language, the same Chinese matching and the same highlighting as the case-file
search (:mod:`search.query`, :mod:`search.highlight`): a two-character word
anywhere, a phrase where its runs stand in a row, Latin words as whole words,
``OR`` and ``-word``. The published library is small (hundreds of cases), so
each search reads them all; nothing here needs an index to stay current.
"""

from dataclasses import dataclass, field

from search import highlight, tokens
from search.query import parse


@dataclass
class TextHit:
    key: object
    score: tuple
    snippets: list = field(default_factory=list)


@dataclass
class TextResults:
    query: object
    hits: list  # TextHit, best first

    @property
    def total(self):
        return len(self.hits)


def _matches(matcher, folded):
    whole, pieces = matcher.find(folded)
    return bool(whole or pieces)


def _clause_matches(clause, matchers, folded):
    return all(_matches(matchers[term.key], folded) for term in clause.terms) and not any(
        _matches(matchers[term.key], folded) for term in clause.excluded
    )


def search_texts(text, documents, snippet_field=None):
    """The documents matching ``text``, best first.

    ``documents`` is an iterable of (key, {field name: text}); a hit's
    snippets come from ``snippet_field`` when it matches there, else from the
    first field that matches. An empty query finds nothing (``hits`` empty,
    ``query.is_empty`` true).
    """
    query = parse(text)
    if query.is_empty:
        return TextResults(query=query, hits=[])
    terms = query.terms
    matchers = {
        term.key: highlight.TermMatcher(term) for clause in query.clauses for term in clause.terms + clause.excluded
    }
    highlighter = highlight.Highlighter(terms)
    hits = []
    for key, fields in documents:
        joined = "\n".join(fields.values())
        folded = tokens.fold(joined)
        if not any(_clause_matches(clause, matchers, folded) for clause in query.clauses):
            continue
        found = highlighter.match(joined)
        order = [snippet_field] if snippet_field in fields else []
        order += [name for name in fields if name != snippet_field]
        snippets = []
        for name in order:
            match = highlighter.match(fields[name])
            if match.spans:
                snippets = highlight.snippets(match)
                break
        hits.append(TextHit(key=key, score=found.score, snippets=snippets))
    hits.sort(key=lambda hit: hit.score, reverse=True)
    return TextResults(query=query, hits=hits)
