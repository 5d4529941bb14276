"""What a user typed into the search box, understood.

The syntax is what people expect of a search box, and nothing in it can fail:

* words separated by spaces must all be found (in any document of the case);
* ``"…"``, ``“…”`` or ``「…」`` keep a phrase together (spaces between Chinese
  characters inside are dropped);
* ``-word`` or ``NOT word`` leaves out the cases that hold the word;
* ``OR`` between words finds either side;
* a case number in any bracket or width style is recognised as one;
* every other character (``* : ( ) NEAR``, quotes left open, SQL) is plain
  text: punctuation separates words, Latin words are words.

The query is a list of clauses (alternatives joined by OR), each a list of
terms that must all match and terms that must not.
"""

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from casefiles import case_numbers
from search import tokens

MAX_QUERY_CHARS = 256
MAX_TERMS = 16
MAX_TERM_CHARS = 32

_QUOTES = re.compile(r"\"([^\"]*)\"?|“([^”]*)”?|「([^」]*)」?|『([^』]*)』?")
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{tokens.HAN}])\s+(?=[{tokens.HAN}])")
_OPERATORS = {"OR", "|", "||", "或"}
_IGNORED = {"AND", "&", "&&", "+"}
_NEGATION = {"NOT"}


@dataclass(frozen=True)
class Term:
    """A word or phrase of the query, as index tokens."""

    text: str  # as shown back to the user
    tokens: tuple
    prefix: bool = False  # the last token stands for every token starting with it
    runs: tuple = ()  # the folded runs the tokens come from (for highlighting)
    truncated: bool = field(default=False, compare=False)
    # A case number's own token (search.tokens.case_number_token): what the embedded index matches it by.
    number: str = ""

    @property
    def is_phrase(self):
        return len(self.tokens) > 1

    @property
    def key(self):
        return (self.tokens, self.prefix, self.number)


@dataclass(frozen=True)
class Clause:
    terms: tuple
    excluded: tuple = ()

    @property
    def has_phrase(self):
        return any(term.is_phrase for term in self.terms)


@dataclass(frozen=True)
class Query:
    text: str = ""
    clauses: tuple = ()
    case_numbers: tuple = ()  # keys of the case numbers in the query
    notices: tuple = field(default=(), compare=False)

    @property
    def is_empty(self):
        return not self.clauses and not self.case_numbers

    @property
    def terms(self):
        """Every term that must match somewhere, once each, in order."""
        seen, result = set(), []
        for clause in self.clauses:
            for term in clause.terms:
                if term.key not in seen:
                    seen.add(term.key)
                    result.append(term)
        return result

    @property
    def excluded_terms(self):
        seen, result = set(), []
        for clause in self.clauses:
            for term in clause.excluded:
                if term.key not in seen:
                    seen.add(term.key)
                    result.append(term)
        return result

    def without_term(self, term):
        """The query with ``term`` left out of every clause (for suggestions)."""
        clauses = []
        for clause in self.clauses:
            kept = tuple(t for t in clause.terms if t.key != term.key)
            if kept or clause.excluded:
                clauses.append(Clause(kept, clause.excluded))
        return Query(text=self.text, clauses=tuple(clauses), case_numbers=self.case_numbers)


def make_term(text):
    """A Term for a piece of user text, or None when it holds nothing searchable."""
    runs = [run for run in tokens.runs(tokens.fold(text)) if run != tokens.BOUNDARY]
    kept, length = [], 0
    truncated = sum(map(len, runs)) > MAX_TERM_CHARS
    for run in runs:
        if length + len(run) > MAX_TERM_CHARS:
            if not kept:
                kept.append(run[:MAX_TERM_CHARS])
            break
        kept.append(run)
        length += len(run)
    if not kept:
        return None
    term_tokens, prefix = tokens.query_tokens(" ".join(kept))
    return Term(text=text.strip(), tokens=tuple(term_tokens), prefix=prefix, runs=tuple(kept), truncated=truncated)


def parse(text):
    """Understand a search box's text; never raises."""
    text = (text or "").replace("\x00", " ").strip()
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(
            _("The query is long; only its first %(count)d characters were searched.") % {"count": MAX_QUERY_CHARS}
        )
    prepared = case_numbers.prepare(text)
    numbers = []
    pieces = []  # (kind, text): "word", "phrase" or "number"
    position = 0
    for number, (start, end) in case_numbers.find_all(text):
        pieces.extend(_split(prepared[position:start]))
        pieces.append(("number", prepared[start:end], number.key))
        if number.key not in numbers:
            numbers.append(number.key)
        position = end
    pieces.extend(_split(prepared[position:]))

    clauses, current, excluded = [], [], []
    negate = False
    count = 0
    for kind, piece, number_key in pieces:
        if kind == "word":
            if piece in _OPERATORS:
                if current or excluded:
                    clauses.append(Clause(tuple(current), tuple(excluded)))
                current, excluded, negate = [], [], False
                continue
            if piece in _IGNORED:
                continue
            if piece in _NEGATION:
                negate = True
                continue
            if piece.startswith("-") and len(piece) > 1:
                negate, piece = True, piece[1:]
        term = make_term(piece)
        if term is None:
            negate = False
            continue
        if number_key:
            term = replace(term, number=tokens.case_number_token(number_key))
        count += 1
        if term.truncated:
            notices.append(
                _("“%(word)s” is long; only its first %(count)d characters were searched.")
                % {"word": term.text[:12] + "…", "count": MAX_TERM_CHARS}
            )
        if count > MAX_TERMS:
            notices.append(_("Only the first %(count)d words of the query were searched.") % {"count": MAX_TERMS})
            break
        target = excluded if negate else current
        if all(existing.key != term.key for existing in target):
            target.append(term)
        negate = False
    if current or excluded:
        clauses.append(Clause(tuple(current), tuple(excluded)))
    # A clause of only left-out words finds the cases without them; a query
    # of only such clauses and no words is still a query.
    return Query(text=text, clauses=tuple(clauses), case_numbers=tuple(numbers), notices=tuple(notices))


def _split(text):
    """Pieces of text outside case numbers: quoted phrases and words."""
    position = 0
    for match in _QUOTES.finditer(text):
        yield from (("word", word, None) for word in text[position : match.start()].split())
        inner = next(group for group in match.groups() if group is not None)
        inner = _SPACE_BETWEEN_HAN.sub("", inner.strip())
        if inner:
            yield ("phrase", inner, None)
        position = match.end()
    yield from (("word", word, None) for word in text[position:].split())
