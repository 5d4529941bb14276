"""Case numbers (案号): normalise, parse and validate.

A case number is written ``（2024）鲁1502行初123号``: the year in brackets, the
court's code, the case-type code and a sequence number. People write the
brackets as 〔〕, [], 【】, () or （）, and the digits in full or half width; all
of those are the same case number. :func:`normalize` gives the key they share,
:func:`canonical` the form Anjuan displays.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bracket pairs people use around the year, mapped to ASCII parentheses.
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")", "{": "(", "}": ")"})
_SPACES = re.compile(r"\s+")
# Province-level abbreviations that open a court's code (兵 is the XPCC courts).
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇藏陕甘青宁新兵"
_PATTERN = re.compile(
    r"^\((?P<year>\d{4})\)"
    # The court: 最高法, or a province's abbreviation and the court's digits.
    rf"(?P<court>最高法|[{PROVINCES}]\d*)"
    r"(?P<kind>[\u4e00-\u9fff]{1,6}?)"
    r"(?P<seq>\d+)号$"
)

# Administrative case-type codes (类型代字) and the instance they belong to,
# after 最高人民法院《关于人民法院案件案号的若干规定》(法〔2015〕137号) and its
# 类型代字标准. Codes not listed here are accepted without an instance check.
INSTANCE_BY_KIND = {
    "行初": "first",
    "行赔初": "first",
    "行终": "appeal",
    "行赔终": "appeal",
    "行再": "retrial",
    "行赔再": "retrial",
    "行申": "retrial",
    "行赔申": "retrial",
    "行抗": "retrial",
}


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    kind: str
    sequence: int

    @property
    def key(self):
        return f"({self.year}){self.court_code}{self.kind}{self.sequence}号"

    @property
    def display(self):
        return f"（{self.year}）{self.court_code}{self.kind}{self.sequence}号"

    @property
    def instance(self):
        return INSTANCE_BY_KIND.get(self.kind)


def normalize(text):
    """The comparison key of a case number: NFKC, ASCII brackets, no spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_BRACKETS)
    text = _SPACES.sub("", text)
    return text.upper()


def parse(text):
    """Parse a case number in any bracket or width style; raise ValidationError if malformed."""
    key = normalize(text)
    if not key:
        raise ValidationError(_("Enter the case number."), code="required")
    match = _PATTERN.match(key)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a case number of the form （2024）鲁1502行初123号."),
            code="malformed",
            params={"value": text.strip()},
        )
    # Strip leading zeros so that 行初0123号 and 行初123号 are one number.
    return CaseNumber(
        year=int(match["year"]),
        court_code=match["court"],
        kind=match["kind"],
        sequence=int(match["seq"]),
    )


# A case number inside other text (a search query, a document): the year's
# brackets may be missing and spaces may separate the parts. Works on text
# that went through NFKC and the bracket table.
_IN_TEXT = re.compile(
    r"\(?\s*(?P<year>(?:19|20)\d{2})\s*\)?\s*"
    rf"(?P<court>最高法|[{PROVINCES}]\s*\d*)\s*"
    r"(?P<kind>[\u4e00-\u9fff]{1,6}?)\s*"
    r"(?P<seq>\d+)\s*号"
)


def find_all(text):
    """The case numbers written in ``text``: a list of (CaseNumber, (start, end)).

    The spans index ``prepare(text)``, the text as the finder reads it.
    """
    return find_in_prepared(prepare(text))


def find_in_prepared(prepared):
    """:func:`find_all` for text already in NFKC with ASCII brackets (lower case makes no difference)."""
    found = []
    for match in _IN_TEXT.finditer(prepared):
        candidate = "({year}){court}{kind}{seq}号".format(
            year=match["year"], court=_SPACES.sub("", match["court"]), kind=match["kind"], seq=match["seq"]
        )
        try:
            found.append((parse(candidate), match.span()))
        except ValidationError:
            continue
    return found


def to_ascii_brackets(text):
    """``text`` with the brackets people put around a case number's year as ASCII parentheses."""
    return text.translate(_BRACKETS)


def prepare(text):
    """``text`` in NFKC with ASCII brackets, as :func:`find_all` reads it (same length per character)."""
    return "".join(
        unicodedata.normalize("NFKC", char) if len(unicodedata.normalize("NFKC", char)) == 1 else char
        for char in text or ""
    ).translate(_BRACKETS)


def canonical(text):
    """The display form of a case number, or ValidationError if malformed."""
    return parse(text).display
