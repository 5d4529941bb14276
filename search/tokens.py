"""Turning Chinese (and Latin) text into search tokens.

A plain full-text index keeps a whole run of Chinese characters as one token
and finds nothing inside it. Here a run of Chinese is indexed as its
overlapping two-character pieces plus its last character alone
(法院诉讼 → 法院 院诉 诉讼 讼), and a run of Latin letters and digits as one
lowercased word. Then:

* a two-character word is one token: 法院 finds every text that holds it;
* a longer word is its pieces in a row: an exact phrase;
* a single character is a token starting with it (a prefix), which finds it
  anywhere;
* a run that ends inside a query word (征收2024) also ends in the text, which
  the last-character token says;
* a case number in the text, in any bracket or width style, is also one
  token of its own (:func:`case_number_token`), after the text's other
  tokens: its pieces (鲁, 1503, 号…) are on every page, the whole is rare.

Line ends and spaces between Chinese characters are layout, not word breaks:
a run goes on across them.

Text is compared in a folded form: NFKC (full- and half-width letters, digits
and brackets are the same) and lower case. :func:`fold_with_offsets` keeps the
position of every folded character in the original, for highlighting.
"""

import functools
import re
import unicodedata

from casefiles import case_numbers

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of Han characters may be broken by line ends and spaces (layout, not
# words: Chinese has no spaces between words); they are dropped from the run.
_RUN = re.compile(rf"[{HAN}](?:\s*[{HAN}])*|[0-9a-z]+")
_WHITESPACE = re.compile(r"\s+")
_SPACE_NOT_BETWEEN_DIGITS = re.compile(r"(?<![0-9])\s+|\s+(?![0-9])")
_HAN = re.compile(rf"[{HAN}]")
# Characters folding may change: anything but ASCII and the common Han blocks.
_SPECIAL = re.compile(r"[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff]")

# Changes to how text becomes tokens need a rebuild of every index.
VERSION = 2

# A token that never occurs in text: put between pages and fields so that no
# phrase spans two of them.
BOUNDARY = "zzboundaryzz"


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    return unicodedata.normalize("NFKC", char).lower()


def fold(text):
    """The folded form of ``text`` (NFKC, lower case), character by character."""
    return _SPECIAL.sub(lambda match: _fold_char(match.group(0)), text or "").lower()


def fold_with_offsets(text):
    """(folded text, offsets): ``offsets[i]`` is where folded character ``i`` starts in ``text``.

    ``offsets`` has one more entry, ``len(text)``, so that a folded span
    ``[a, b)`` is the original span ``[offsets[a], offsets[b])``.
    """
    text = text or ""
    if all(len(_fold_char(char)) == 1 for char in set(_SPECIAL.findall(text))):
        # Every character folds to one (the common case): positions do not move.
        return fold(text), range(len(text) + 1)
    pieces, offsets = [], []
    position = 0
    for match in _SPECIAL.finditer(text):
        start = match.start()
        if start > position:
            pieces.append(text[position:start].lower())
            offsets.extend(range(position, start))
        folded = _fold_char(match.group(0))
        pieces.append(folded)
        offsets.extend([start] * len(folded))
        position = match.end()
    pieces.append(text[position:].lower())
    offsets.extend(range(position, len(text)))
    offsets.append(len(text))
    return "".join(pieces), offsets


def is_han(run):
    return bool(_HAN.match(run))


def runs(folded):
    """The runs of token characters in folded text: Han runs (without the spaces in them) and Latin/digit runs."""
    return [_WHITESPACE.sub("", run) for run in _RUN.findall(folded)]


def index_tokens(text):
    """The tokens a text is indexed as."""
    folded = fold(text)
    tokens = []
    for run in runs(folded):
        if len(run) > 1 and is_han(run):
            tokens.extend(run[index : index + 2] for index in range(len(run) - 1))
        tokens.append(run[-1] if is_han(run) else run)
    numbers = case_number_tokens(folded)
    if numbers:
        tokens += [BOUNDARY, *numbers]
    return tokens


def case_number_token(key):
    """The one token a case number is indexed as (besides its pieces), from its key (see casefiles.case_numbers)."""
    return "zzcase" + key.replace("(", "").replace(")", "")


def case_number_tokens(folded):
    """The tokens of the case numbers written in folded text, once each."""
    if "号" not in folded:
        return []
    # A line may end inside a case number (鲁1503行⏎初77号); spaces between digits still part them.
    joined = _SPACE_NOT_BETWEEN_DIGITS.sub("", folded)
    found = case_numbers.find_in_prepared(case_numbers.to_ascii_brackets(joined))
    return list(dict.fromkeys(case_number_token(number.key) for number, _span in found))


def index_text(text):
    return " ".join(index_tokens(text))


def index_texts(texts):
    """Several texts (pages, fields) as one token string, with no phrase across two of them."""
    return f" {BOUNDARY} ".join(filter(None, (index_text(text) for text in texts)))


def query_tokens(word):
    """The tokens of a folded query word, in order, and whether the last one is a prefix.

    Returns (tokens, prefix). Follows :func:`index_tokens`: a Han run ends in
    the text where it ends inside the word, so its last character is a token
    there; at the end of the word the text's run may go on, so it is not. A
    word that ends in a single Han character ends in a prefix token.
    """
    word_runs = runs(word)
    tokens = []
    prefix = False
    for position, run in enumerate(word_runs):
        last = position == len(word_runs) - 1
        if not is_han(run):
            tokens.append(run)
        elif len(run) == 1:
            tokens.append(run)
            prefix = last
        else:
            tokens.extend(run[index : index + 2] for index in range(len(run) - 1))
            if not last:
                tokens.append(run[-1])
    return tokens, prefix
