"""Loading the deadline rule profiles of data/rule_profiles.yaml.

The file seeds a new installation. A profile the database lacks (by code) is
created with all its rules; a profile it has is never changed, since
supervisors edit rules in the admin and reloading must not undo that silently.
:func:`differences` says how the database has come to differ from the file, so
a corrected reading or a new rule in the file is seen and applied by a person
(or by a migration written for that change).

Works with the real models and with a migration's historical ones.
"""

from dataclasses import asdict, dataclass, field

import yaml

from casefiles.deadlines import Direction, Rule, check_rules, merge_rules
from casefiles.vocabulary_data import DATA_DIR

DATA_FILE = DATA_DIR / "rule_profiles.yaml"


@dataclass(frozen=True)
class ProfileData:
    code: str
    name: str
    document: str = ""
    base: str = ""
    rules: list = field(default_factory=list)


def _rule(entry):
    values = dict(entry)
    before = values.pop("before", "")
    if before:
        values.update(direction=Direction.BEFORE, relative_to=before)
    else:
        values.setdefault("direction", Direction.AFTER)
    unknown = set(values) - set(Rule.FIELDS)
    if unknown:
        raise ValueError(f"{DATA_FILE.name}: rule {entry.get('code')}: unknown keys {sorted(unknown)}")
    return Rule.from_values(values)


def read_profiles(path=DATA_FILE):
    """The profiles of the data file, base profiles first; ValueError if any rule in force is unusable."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profiles = {}
    for entry in data["profiles"]:
        profile = ProfileData(
            code=entry["code"],
            name=entry["name"],
            document=entry.get("document", ""),
            base=entry.get("base", ""),
            rules=[_rule(rule) for rule in entry.get("rules", [])],
        )
        if profile.base and profile.base not in profiles:
            raise ValueError(f"{path.name}: {profile.code} builds on {profile.base!r}, which is not listed before it")
        problems = check_rules(merge_rules(p.rules for p in _lineage(profile, profiles)))
        if problems:
            listed = "; ".join(f"{problem.code}: {problem.message}" for problem in problems)
            raise ValueError(f"{path.name}: {profile.code}: {listed}")
        profiles[profile.code] = profile
    return list(profiles.values())


def _lineage(profile, profiles):
    """``profile``'s bases from the root down, then ``profile``."""
    chain = [profile]
    while chain[0].base:
        chain.insert(0, profiles[chain[0].base])
    return chain


def load_rule_profiles(RuleProfile, DeadlineRule, path=DATA_FILE):
    """Create the file's profiles that do not exist yet (by code), with their rules; returns their codes."""
    created = []
    for data in read_profiles(path):
        if RuleProfile.objects.filter(code=data.code).exists():
            continue
        base = RuleProfile.objects.get(code=data.base) if data.base else None
        profile = RuleProfile.objects.create(code=data.code, name=data.name, document=data.document, base=base)
        for order, rule in enumerate(data.rules):
            DeadlineRule.objects.create(profile=profile, sort_order=order, **asdict(rule))
        created.append(data.code)
    return created


def differences(RuleProfile, DeadlineRule, path=DATA_FILE):
    """How the profiles in the database differ from the file: {profile code: [descriptions]}, only where they do."""
    result = {}
    for data in read_profiles(path):
        profile = RuleProfile.objects.filter(code=data.code).first()
        if profile is None:
            result[data.code] = ["not in the database"]
            continue
        stored = {
            values["code"]: Rule.from_values(values)
            for values in DeadlineRule.objects.filter(profile=profile).values(*Rule.FIELDS)
        }
        wanted = {rule.code: rule for rule in data.rules}
        found = []
        for code in wanted.keys() - stored.keys():
            found.append(f"{code}: in the file, not in the database")
        for code in stored.keys() - wanted.keys():
            found.append(f"{code}: in the database, not in the file")
        for code in wanted.keys() & stored.keys():
            changed = [name for name in Rule.FIELDS if getattr(wanted[code], name) != getattr(stored[code], name)]
            if changed:
                found.append(f"{code}: {', '.join(changed)} differ")
        base_code = RuleProfile.objects.filter(pk=profile.base_id).values_list("code", flat=True).first() or ""
        if base_code != data.base:
            found.append(f"builds on {base_code or 'nothing'}, the file says {data.base or 'nothing'}")
        if found:
            result[data.code] = sorted(found)
    return result
