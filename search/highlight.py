"""Finding a query's terms in a text, to mark them and to pick the best pages.

The patterns follow the index's tokens (see :mod:`search.tokens`), so a text
is highlighted exactly where the index matched it: a phrase where its runs
stand in a row (punctuation and spaces between runs do not count), a Latin
word as a whole word, a single Chinese character anywhere. When a page holds a
term's pieces but not the whole phrase (the looser match), the pieces are
marked instead.
"""

import re
from dataclasses import dataclass
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper per call

from django.utils.safestring import mark_safe

from search import tokens

_HAN = tokens.HAN
_SEPARATORS = rf"[^0-9a-z{_HAN}]*"
_NOT_LATIN_BEFORE = r"(?<![0-9a-z])"
_NOT_LATIN_AFTER = r"(?![0-9a-z])"
_RUN_ENDS = rf"(?!\s*[{_HAN}])"

SNIPPET_BEFORE = 30
SNIPPET_AFTER = 60
SNIPPETS_PER_PAGE = 2
PLAIN_SNIPPET = 100


def _han(run):
    # Spaces and line ends inside a run of Han characters are layout (see search.tokens).
    return r"\s*".join(re.escape(char) for char in run)


def _run_pattern(run, last):
    if not tokens.is_han(run):
        return _NOT_LATIN_BEFORE + re.escape(run) + _NOT_LATIN_AFTER
    return _han(run) + ("" if last else _RUN_ENDS)


def _token_pattern(token, prefix):
    if not tokens.is_han(token):
        return _NOT_LATIN_BEFORE + re.escape(token) + _NOT_LATIN_AFTER
    if len(token) == 1 and not prefix:
        return re.escape(token) + _RUN_ENDS  # a run's last character
    return _han(token)


class TermMatcher:
    """The patterns of one query term: the whole term, and its pieces."""

    def __init__(self, term):
        self.term = term
        runs = term.runs or tuple(tokens.runs(tokens.fold(term.text)))
        parts = [_run_pattern(run, index == len(runs) - 1) for index, run in enumerate(runs)]
        self.exact = re.compile(_SEPARATORS.join(parts))
        last = len(term.tokens) - 1
        self.pieces = [
            re.compile(_token_pattern(token, term.prefix and index == last)) for index, token in enumerate(term.tokens)
        ]

    def find(self, folded):
        """(exact spans, piece spans) in folded text; pieces only when there is no exact match."""
        exact = [match.span() for match in self.exact.finditer(folded) if match.end() > match.start()]
        if exact:
            return exact, []
        found = [[match.span() for match in piece.finditer(folded)] for piece in self.pieces]
        if not all(found):
            return [], []
        return [], [span for spans in found for span in spans]


@dataclass
class TextMatch:
    """Where a query's terms are in one text (spans in the original text)."""

    text: str
    spans: list  # (start, end, term index), sorted
    exact: int  # spans of whole terms
    terms: int  # distinct terms found

    @property
    def score(self):
        return (self.terms, self.exact, len(self.spans))


class Highlighter:
    def __init__(self, terms):
        self.matchers = [TermMatcher(term) for term in terms]
        # Each term as plain folded strings, for a quick estimate of a text's score.
        self._quick = [
            ("".join(runs), runs)
            for runs in (term.runs or tuple(tokens.runs(tokens.fold(term.text))) for term in terms)
        ]

    def estimate(self, text):
        """A cheap guess at ``match(text).score``: plain substring counts of each term and its runs.

        It does not fold the text (nearly all of it is in folded form already)
        and misses a phrase broken by a line end or punctuation (counted by its
        runs instead), so it only chooses which texts get the full match.
        """
        folded = text.lower()
        found = whole_count = spans = 0
        for whole, runs in self._quick:
            count = folded.count(whole)
            if count:
                found += 1
                whole_count += count
                spans += count
            else:
                pieces = [folded.count(run) for run in runs]
                if all(pieces):
                    found += 1
                    spans += sum(pieces)
        return (found, whole_count, spans)

    def match(self, text):
        text = text or ""
        folded, offsets = tokens.fold_with_offsets(text)
        spans, exact, terms = [], 0, 0
        for index, matcher in enumerate(self.matchers):
            whole, pieces = matcher.find(folded)
            if whole or pieces:
                terms += 1
            exact += len(whole)
            spans.extend((offsets[start], offsets[end], index) for start, end in whole + pieces)
        spans.sort()
        return TextMatch(text=text, spans=spans, exact=exact, terms=terms)

    def snippets(self, text, limit=SNIPPETS_PER_PAGE):
        """Up to ``limit`` safe HTML fragments of ``text`` around its matches, matches in <mark>."""
        return snippets(self.match(text), limit)

    def mark(self, text):
        """The whole text as safe HTML, matches in <mark>."""
        return marked(self.match(text))


def marked(found):
    """A TextMatch's whole text as safe HTML, its matches in <mark>."""
    return _render(found.text, 0, len(found.text), _merge(found.spans))


def _merge(spans):
    merged = []
    for start, end, _term in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _render(text, start, end, marks):
    out, position = [], start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        out.append(escape(text[position:mark_start]))
        out.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
        position = mark_end
    out.append(escape(text[position:end]))
    return mark_safe("".join(out))


def _clean(fragment):
    return " ".join(fragment.split())


def snippets(found, limit=SNIPPETS_PER_PAGE):
    text = found.text
    if not found.spans:
        plain = _clean(text[:PLAIN_SNIPPET])
        return [plain + ("…" if len(text) > PLAIN_SNIPPET else "")] if plain else []
    # Windows around each match, merged where they overlap.
    windows = []
    for start, end, term in found.spans:
        window_start, window_end = max(0, start - SNIPPET_BEFORE), min(len(text), end + SNIPPET_AFTER)
        if windows and window_start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], window_end)
            windows[-1][2].add(term)
            windows[-1][3] += 1
        else:
            windows.append([window_start, window_end, {term}, 1])
    best = sorted(windows, key=lambda w: (-len(w[2]), -w[3], w[0]))[:limit]
    marks = _merge(found.spans)
    result = []
    for window_start, window_end, _terms, _count in sorted(best):
        html = _render(text, window_start, window_end, marks)
        html = mark_safe(("…" if window_start > 0 else "") + _clean(html) + ("…" if window_end < len(text) else ""))
        result.append(html)
    return result
