"""The order of a volume's parts, from ``archive/data/volume_order.yaml``.

:func:`sections` returns the sections in order; :func:`place` tells where a
kind of document goes. The data is checked when it is loaded: every kind of
case document (:func:`archive.models.checklists.document_kind_choices`, plus
``unfiled``) must be placed exactly once, so a new filing type cannot be left
out of volumes unnoticed.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured

DATA = Path(__file__).resolve().parent.parent / "data" / "volume_order.yaml"
UNFILED = "unfiled"
GENERATED_PARTS = ("cover", "index", "registration", "note")
RESPONSIBLE = ("court", "plaintiff", "defendant", "")


@dataclass(frozen=True)
class Section:
    code: str
    label: str
    source: str
    generated: str = ""  # one of GENERATED_PARTS, or "" for a section of documents
    kinds: tuple = ()  # ((kind, responsible), …) in order


@dataclass(frozen=True)
class Place:
    """Where a kind of document goes: its section's position, its own position in the section, its 责任者 rule."""

    section: int
    rank: int
    responsible: str


def all_kinds():
    from archive.models.checklists import document_kind_choices

    return {value for value, _label in document_kind_choices()} | {UNFILED}


def load(path=DATA):
    """The sections of the data file, checked."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["sections"]
    sections, seen, parts = [], {}, set()
    for entry in raw:
        generated = entry.get("generated", "")
        kinds = tuple((item["kind"], item.get("responsible", "")) for item in entry.get("kinds") or ())
        if generated and kinds or not generated and not kinds:
            raise ImproperlyConfigured(f"{path}: section {entry['code']} must be generated or list kinds")
        if generated:
            if generated not in GENERATED_PARTS or generated in parts:
                raise ImproperlyConfigured(f"{path}: section {entry['code']}: unknown or repeated part {generated}")
            parts.add(generated)
        for kind, responsible in kinds:
            if kind in seen:
                raise ImproperlyConfigured(f"{path}: {kind} is in both {seen[kind]} and {entry['code']}")
            if responsible not in RESPONSIBLE:
                raise ImproperlyConfigured(f"{path}: {kind}: responsible must be one of {RESPONSIBLE}")
            seen[kind] = entry["code"]
        sections.append(Section(entry["code"], entry["label"], entry["source"], generated, kinds))
    unknown = set(seen) - all_kinds()
    missing = all_kinds() - set(seen)
    if unknown or missing:
        raise ImproperlyConfigured(f"{path}: unknown kinds {sorted(unknown)}, kinds not placed {sorted(missing)}")
    if parts != set(GENERATED_PARTS):
        raise ImproperlyConfigured(f"{path}: generated parts missing: {sorted(set(GENERATED_PARTS) - parts)}")
    return sections


@lru_cache(maxsize=1)
def sections():
    return tuple(load())


def place(kind):
    """The :class:`Place` of a kind of document."""
    return _places()[kind]


@lru_cache(maxsize=1)
def _places():
    places = {}
    for position, section in enumerate(sections()):
        for rank, (kind, responsible) in enumerate(section.kinds):
            places[kind] = Place(position, rank, responsible)
    return places


def position_of_part(part):
    """The position of a generated part (cover, index, registration, note) among the sections."""
    return next(position for position, section in enumerate(sections()) if section.generated == part)
