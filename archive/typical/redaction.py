"""Redaction (脱敏) of a text before a typical case is published.

``find_replacements`` proposes what to replace: the case's own party list first (every
occurrence of a person's full name, and of the given name alone when it has two or more
characters, and of an organisation's full name), patterns second (names after a party's
label or before 男/女, minority and foreign names, company names, ID card numbers, phones,
home addresses, bank accounts, licence plates, property certificate numbers). A reviewer
accepts, rejects or adds replacements; ``apply`` writes the accepted ones into the text.

The rules, their sources (法释〔2016〕19号 第八条至第十一条) and every list of words live in
``archive/data/redaction.yaml``. The module is pure Python: no models, no database.
"""

import datetime
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "redaction.yaml"

CJK = "\u4e00-\u9fff"
PARTY_LIST = "party_list"
PATTERN = "pattern"
MANUAL = "manual"
PERSON, ORGANISATION, AGENCY = "person", "organisation", "agency"

# When two candidates cover the same text, the earlier rule wins.
RULE_ORDER = [
    "id_card",
    "bank_account",
    "phone",
    "licence_plate",
    "property_certificate",
    "address",
    "company_name",
    "person_name",
]
CONFIDENCE_ORDER = [PARTY_LIST, PATTERN]
NUMBER_RULES = ["id_card", "bank_account", "phone", "licence_plate", "property_certificate"]
LABEL_WINDOW = 30  # how far before a number its label is looked for

ID_CARD_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
ID_CARD_CHECK_DIGITS = "10X98765432"
CJK_CHAR = re.compile(f"[{CJK}]")
# Full-width letters, digits and signs (as OCR and Chinese typing give them) are matched as
# their ASCII forms: one character for one, so offsets stay those of the original text.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:[ .·][A-Za-z][A-Za-z'\-]*)*")


@dataclass(frozen=True)
class Replacement:
    """One proposed (or reviewer-added) replacement of ``text[start:end]``."""

    start: int  # offset in the original text
    end: int
    original: str
    replacement: str
    rule: str  # code of the rule: person_name, id_card, phone, address, bank_account, … or manual
    source: str  # the rule's citation from the yaml
    confidence: str  # "party_list" | "pattern" | "manual"


@dataclass(frozen=True)
class KnownParty:
    """A party of the case, from its party list."""

    name: str
    kind: str  # "person" | "organisation" | "agency" (agencies are never masked)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    rule: str
    confidence: str
    replacement: str = ""
    person: str = ""  # for person names: the full name, whose mask is decided once all are known

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

    @property
    def priority(self) -> tuple:
        """Longest first, then the party list before patterns, then the rule order."""
        return (
            self.start - self.end,
            CONFIDENCE_ORDER.index(self.confidence),
            RULE_ORDER.index(self.rule),
            self.start,
        )


# --- the rules, loaded and compiled once ---------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


def _char_class(chars: str) -> str:
    return "".join(re.escape(char) for char in chars)


def _not_followed(words: Iterable[str], exceptions: Iterable[str]) -> str:
    """An alternation of ``words``, each not followed by what makes it one of ``exceptions``.

    ``_not_followed(["市"], ["市场"])`` matches the 市 of 明川市 and not that of 市场.
    """
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        rests = [exception[len(word) :] for exception in exceptions if exception.startswith(word)]
        alternatives.append(re.escape(word) + (f"(?!{_alternation(rests)})" if rests else ""))
    return "|".join(alternatives)


def _label_before(labels: Iterable[str]) -> re.Pattern:
    """Matches at the end of a text that ends with one of ``labels`` (and a colon or 为)."""
    return re.compile(f"(?:{_alternation(labels)})(?:号码|号)?(?:为|是)?[：:\\s]*$")


class _Rules:
    """The yaml's rules with their regular expressions compiled."""

    def __init__(self, data: dict):
        rules = data["rules"]
        self.sources = {code: rule["source"] for code, rule in rules.items()}
        self.markers = {code: rule["marker"] for code, rule in rules.items() if "marker" in rule}
        self.provinces = f"[{data['provinces']}]"
        self.stop = _char_class(data["stop_chars"])
        # a character of a name or trade name found by pattern
        self.name_char = f"(?:(?![{self.stop}])[{CJK}])"
        self.keep_after = _label_before(data["keep_after_labels"])
        self._compile_persons(rules["person_name"])
        self._compile_regions(rules["address"])
        self._compile_addresses(rules["address"])
        self._compile_companies(rules["company_name"])
        self._compile_numbers(rules)

    def _compile_persons(self, rule: dict) -> None:
        self.person_placeholder = rule["placeholder"]
        self.duplicate_suffixes = rule["duplicate_suffixes"]
        self.name_separators = rule["name_separators"]
        self.compound_surnames = rule["compound_surnames"]
        self.surnames = "".join(rule["surnames"].split())
        name_char = self.name_char
        after = f"(?=[^{CJK}]|{_alternation(rule['followers'])}|$)"
        han = f"(?:{_alternation(self.compound_surnames)}|[{self.surnames}]){name_char}{{1,2}}{after}"
        latin = r"[A-Z][a-zA-Z'\-]+(?:[ ·.][A-Z][a-zA-Z'\-]+)+(?![A-Za-z])"
        name = f"(?P<name>{han}|{latin})"
        label = f"(?:{_alternation(rule['role_labels'])})(?:[（(][^（）()]{{1,12}}[）)])?[：:\\s]*"
        sex = _alternation(rule["sex_markers"])
        separators = _char_class(self.name_separators)
        self.labelled_name = re.compile(label + name)
        self.next_listed_name = re.compile("、" + name)
        self.introduced_name = re.compile(f"(?<![{CJK}]){name}(?=[，,（(]\\s*(?:{sex}))")
        # Stop characters end the first part only (a label before it); the last part is as
        # short as it can be before what follows a name: 约翰·史密斯出庭, 买买提·阿不都热合曼.
        part = f"[{CJK}]{{1,10}}"
        dotted = f"{name_char}{{1,10}}(?:[{separators}]{part})*[{separators}]{part}?{after}"
        self.dotted_name = re.compile(f"(?P<name>{dotted})")

    def _compile_regions(self, rule: dict) -> None:
        levels = _not_followed(rule["levels"], rule["not_levels"])
        body = f"(?:(?!{_alternation(rule['below_county'])})[{CJK}])"
        self.region = re.compile(f"(?:{body}{{1,8}}?(?:{levels}))*")

    def _compile_addresses(self, rule: dict) -> None:
        self.below_county = re.compile(_alternation(rule["below_county"]))
        self.seat_labels = set(rule["seat_labels"])
        self.personal_context = re.compile(_alternation(rule["personal_context"]))
        labels = _alternation([*rule["home_labels"], *rule["seat_labels"]])
        ends = _char_class(rule["end_chars"])
        self.address = re.compile(f"(?P<label>{labels})[：:\\s]*(?P<address>[^{ends}\\s]{{2,60}})")

    def _compile_companies(self, rule: dict) -> None:
        self.company_placeholder = rule["placeholder"]
        self.company_fallback = rule["fallback"]
        self.weak_forms = set(rule["weak_forms"])
        self.industries = sorted(rule["industries"], key=len, reverse=True)
        forms = _not_followed(rule["forms"], rule["not_forms"])
        self.form_at_end = re.compile(f"(?:{forms})$")
        self.company = re.compile(f"{self.name_char}{{2,30}}?(?:{forms})")

    def _compile_numbers(self, rules: dict) -> None:
        def compiled(code):
            return [re.compile(p.replace("{provinces}", self.provinces)) for p in rules[code]["patterns"]]

        self.number_patterns = {code: compiled(code) for code in NUMBER_RULES}
        bank = rules["bank_account"]
        self.bank_label = _label_before(bank["labels"])
        self.luhn_lengths = range(bank["luhn_lengths"][0], bank["luhn_lengths"][1] + 1)


@functools.cache
def _rules() -> _Rules:
    return _Rules(yaml.safe_load(DATA.read_text(encoding="utf-8")))


# --- checksums -------------------------------------------------------------------------------


def _digits(number: str) -> str:
    return "".join(char for char in number if char.isdigit())


def _valid_date(yyyymmdd: str) -> bool:
    try:
        day = datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return datetime.date(1850, 1, 1) <= day <= datetime.date.today()


def id_card_check_digit(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of an ID number's first 17 digits."""
    return ID_CARD_CHECK_DIGITS[sum(int(d) * w for d, w in zip(first17, ID_CARD_WEIGHTS, strict=True)) % 11]


def valid_id_card(number: str) -> bool:
    """Whether ``number`` is a resident ID number.

    18 characters: 17 digits and a check digit (or X) that matches GB 11643, with a real
    birth date in positions 7–14. 15 digits (the old format): a real birth date 19YYMMDD.
    """
    number = number.strip().upper()
    if re.fullmatch(r"\d{17}[\dX]", number):
        return _valid_date(number[6:14]) and id_card_check_digit(number[:17]) == number[17]
    if re.fullmatch(r"\d{15}", number):
        return _valid_date("19" + number[6:12])
    return False


def valid_luhn(number: str) -> bool:
    """Whether the digits of ``number`` pass the Luhn check (bank card numbers)."""
    digits = [int(d) for d in reversed(_digits(number))]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return bool(digits) and total % 10 == 0


# --- masks -----------------------------------------------------------------------------------


def _surname(name: str) -> str:
    compound = next((s for s in _rules().compound_surnames if name.startswith(s)), None)
    return compound if compound and len(name) > len(compound) else name[:1]


def _is_foreign_or_minority(name: str) -> bool:
    return any(separator in name for separator in _rules().name_separators)


def mask_person_name(name: str) -> str:
    """The masked form of a natural person's name (法释〔2016〕19号 第九条).

    王小明 → 王某, 欧阳娜娜 → 欧阳某; minority and transliterated foreign names keep their
    first character: 阿卜杜拉·买买提 → 阿某; names in Latin letters keep their first letter
    only: John Smith → J.
    """
    name = name.strip()
    if LATIN_NAME.fullmatch(name):
        return name[0].upper()
    if _is_foreign_or_minority(name):
        return name[0] + _rules().person_placeholder
    return _surname(name) + _rules().person_placeholder


def _given_name(name: str) -> str:
    """The given name of a Chinese name, when it can stand alone (two or more characters)."""
    if LATIN_NAME.fullmatch(name) or _is_foreign_or_minority(name):
        return ""
    given = name[len(_surname(name)) :]
    return given if len(given) >= 2 else ""


@dataclass(frozen=True)
class _CompanyName:
    region: str
    trade: str
    industry: str
    form: str


def _parse_company(name: str) -> _CompanyName | None:
    """Region prefix, trade name (字号), industry and form of a company name, if it has a form."""
    rules = _rules()
    form = rules.form_at_end.search(name)
    if not form:
        return None
    rest = name[: form.start()]
    region = rules.region.match(rest).group()
    trade, industry = rest[len(region) :], ""
    while word := next((w for w in rules.industries if trade.endswith(w)), None):
        trade, industry = trade[: -len(word)], word + industry
    return _CompanyName(region, trade, industry, form.group())


def _masked_company(parts: _CompanyName) -> str:
    return parts.region + _rules().company_placeholder + parts.industry + parts.form


def mask_company_name(name: str) -> str:
    """A company name without its trade name (字号).

    明川市恒达房地产开发有限公司 → 明川市某房地产开发有限公司; the region prefix, industry and
    form are kept when they can be told apart (恒达公司 → 某公司). A name without a company
    form becomes the region, if any, and 某单位.
    """
    name = name.strip()
    parts = _parse_company(name)
    if parts is None:
        return _rules().region.match(name).group() + _rules().company_fallback
    return _masked_company(parts)


# --- candidates ------------------------------------------------------------------------------


def _occurrences(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while needle and start >= 0:
        yield start
        start = text.find(needle, start + len(needle))


def _person_candidates(text: str, name: str, confidence: str) -> Iterator[_Candidate]:
    for needle in filter(None, [name, _given_name(name)]):
        for start in _occurrences(text, needle):
            yield _Candidate(start, start + len(needle), "person_name", confidence, person=name)


def _party_candidates(text: str, parties: Sequence[KnownParty]) -> Iterator[_Candidate]:
    for party in parties:
        name = party.name.strip().translate(HALF_WIDTH)
        if party.kind == PERSON:
            yield from _person_candidates(text, name, PARTY_LIST)
        elif party.kind == ORGANISATION:
            masked = mask_company_name(name)
            for start in _occurrences(text, name):
                yield _Candidate(start, start + len(name), "company_name", PARTY_LIST, masked)


def _agency_spans(text: str, parties: Sequence[KnownParty]) -> list[tuple[int, int]]:
    names = [party.name.strip().translate(HALF_WIDTH) for party in parties if party.kind == AGENCY]
    return [(start, start + len(name)) for name in names for start in _occurrences(text, name)]


def _found_names(text: str) -> set[str]:
    """Names of natural persons recognised by pattern alone (two characters or more)."""
    rules = _rules()
    names = set()
    for match in rules.labelled_name.finditer(text):
        names.add(match["name"])
        position = match.end()
        while listed := rules.next_listed_name.match(text, position):
            names.add(listed["name"])
            position = listed.end()
    for pattern in (rules.introduced_name, rules.dotted_name):
        names.update(match["name"] for match in pattern.finditer(text))
    return {name for name in names if len(name) >= 2}


def _pattern_person_candidates(text: str, from_party_list: list[_Candidate]) -> Iterator[_Candidate]:
    """Names found by pattern, where the party list has found none (it knows where a name ends)."""
    known = [(c.start, c.end) for c in from_party_list if c.person]
    for name in sorted(_found_names(text)):
        for candidate in _person_candidates(text, name, PATTERN):
            if not any(candidate.overlaps(start, end) for start, end in known):
                yield candidate


def _preceded_by(label: re.Pattern, text: str, start: int) -> bool:
    return bool(label.search(text[max(0, start - LABEL_WINDOW) : start]))


def _number_accepted(rule: str, number: str, text: str, start: int) -> bool:
    rules = _rules()
    if rule in ("id_card", "bank_account") and _preceded_by(rules.keep_after, text, start):
        return False
    if rule == "id_card":
        return valid_id_card(number)
    if rule == "bank_account":
        checked = len(_digits(number)) in rules.luhn_lengths and valid_luhn(number)
        return checked or _preceded_by(rules.bank_label, text, start)
    return True


def _number_candidates(text: str) -> Iterator[_Candidate]:
    rules = _rules()
    for rule, patterns in rules.number_patterns.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                group = "value" if "value" in pattern.groupindex else 0
                start, end = match.span(group)
                if _number_accepted(rule, match.group(group), text, start):
                    yield _Candidate(start, end, rule, PATTERN, rules.markers[rule])


def _is_home_address(text: str, label: re.Match) -> bool:
    """A home label, or a seat label (住所) in a sentence that describes a natural person."""
    rules = _rules()
    if label["label"] not in rules.seat_labels:
        return True
    sentence_start = max(text.rfind(mark, 0, label.start()) for mark in "。；;\n") + 1
    return bool(rules.personal_context.search(text, sentence_start, label.start()))


def _address_candidates(text: str) -> Iterator[_Candidate]:
    rules = _rules()
    for match in rules.address.finditer(text):
        address = match["address"]
        region = rules.region.match(address).group()
        detail = address[len(region) :]
        at_boundary = match.start() == 0 or not CJK_CHAR.match(text, match.start() - 1)
        if not (detail and rules.below_county.search(detail) and (region or at_boundary)):
            continue
        if _is_home_address(text, match):
            start, end = match.span("address")
            yield _Candidate(start, end, "address", PATTERN, region or rules.markers["address"])


def _company_candidates(text: str) -> Iterator[_Candidate]:
    rules = _rules()
    for match in rules.company.finditer(text):
        parts = _parse_company(match.group())
        if parts and len(parts.trade) >= 2 and (parts.industry or parts.form not in rules.weak_forms):
            yield _Candidate(match.start(), match.end(), "company_name", PATTERN, _masked_company(parts))


# --- selection -------------------------------------------------------------------------------


def _select(candidates: Iterable[_Candidate], protected: list[tuple[int, int]]) -> list[_Candidate]:
    """Non-overlapping candidates outside ``protected``, the best first, then sorted by start."""
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: c.priority):
        spans = [*protected, *((c.start, c.end) for c in chosen)]
        if not any(candidate.overlaps(start, end) for start, end in spans):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _duplicate_suffix(number: int) -> str:
    suffixes = _rules().duplicate_suffixes
    return suffixes[number - 1] if number <= len(suffixes) else str(number)


def _person_masks(chosen: list[_Candidate]) -> dict[str, str]:
    """Each person's mask; different persons whose masks coincide are numbered by first appearance."""
    by_mask: dict[str, list[str]] = {}
    for person in dict.fromkeys(c.person for c in chosen if c.person):
        by_mask.setdefault(mask_person_name(person), []).append(person)
    masks = {}
    for mask, persons in by_mask.items():
        for number, person in enumerate(persons, start=1):
            masks[person] = mask + _duplicate_suffix(number) if len(persons) > 1 else mask
    return masks


def find_replacements(text: str, parties: Sequence[KnownParty] = ()) -> list[Replacement]:
    """The replacements redaction proposes for ``text``: non-overlapping, sorted by start.

    ``parties`` is the case's party list, the first source of names; agencies in it are
    never masked. Patterns find the rest. The same person gets the same mask throughout.
    """
    matched = text.translate(HALF_WIDTH)
    from_party_list = list(_party_candidates(matched, parties))
    candidates = [
        *from_party_list,
        *_pattern_person_candidates(matched, from_party_list),
        *_company_candidates(matched),
        *_address_candidates(matched),
        *_number_candidates(matched),
    ]
    chosen = _select(candidates, _agency_spans(matched, parties))
    masks = _person_masks(chosen)
    sources = _rules().sources
    return [
        Replacement(
            start=c.start,
            end=c.end,
            original=text[c.start : c.end],
            replacement=masks[c.person] if c.person else c.replacement,
            rule=c.rule,
            source=sources[c.rule],
            confidence=c.confidence,
        )
        for c in chosen
    ]


def manual_replacement(text: str, start: int, end: int, replacement: str | None = None) -> Replacement:
    """A replacement the reviewer adds by hand (rule ``manual``); the marker ××× by default."""
    rules = _rules()
    replacement = rules.markers["manual"] if replacement is None else replacement
    return Replacement(start, end, text[start:end], replacement, "manual", rules.sources["manual"], MANUAL)


def apply(text: str, replacements: Sequence[Replacement]) -> str:
    """``text`` with ``replacements`` (the accepted ones, and any added by hand) applied.

    Raises ValueError when two replacements overlap or one no longer matches the text.
    """
    parts, position = [], 0
    for replacement in sorted(replacements, key=lambda r: (r.start, r.end)):
        if replacement.start < position:
            raise ValueError(f"overlapping replacements at {replacement.start}")
        if text[replacement.start : replacement.end] != replacement.original:
            raise ValueError(f"replacement at {replacement.start} does not match the text")
        parts += [text[position : replacement.start], replacement.replacement]
        position = replacement.end
    parts.append(text[position:])
    return "".join(parts)
