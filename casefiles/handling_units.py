"""Which unit handles a case (应诉承办单位): the regulations' rules as data.

Each :class:`UnitRule` names the case facts it applies to and the unit it
gives, citing its provision; the first rule that matches a case decides. Where
the regulations differ, a rule names the rule profiles (regulations) it belongs
to: 003 第五条（一） gives every case from a reconsideration to the justice
bureau, where 001 第十条（二） and 004 第九条（一） give a co-defendant case to
the agency that took the original act.

:func:`suggest_handling_unit` reads a case file's facts and answers with a
:class:`Suggestion`; a supervisor confirms or overrides it
(:func:`casefiles.models.assignments.assign_handling_unit`).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reconsideration(models.TextChoices):
    """Whether the act went through administrative reconsideration (行政复议) before the suit."""

    NONE = "none", _("Not reconsidered")
    UPHELD = "upheld", _("Reconsidered, act upheld (复议维持)")
    CHANGED = "changed", _("Reconsidered, act changed (复议改变)")


class Unit(models.TextChoices):
    """Who a rule gives the case to."""

    ACTING_DEPARTMENT = "acting_department", _("The department that took the action")
    JUSTICE_BUREAU = "justice_bureau", _("The justice bureau (legal office) of the government")
    DEFENDANT = "defendant", _("The defendant agency itself")
    FIRST_INSTANCE_UNIT = "first_instance_unit", _("The unit that handled the first instance")
    UNDECIDED = "undecided", _("To be decided by the government")


ANY = None


@dataclass(frozen=True)
class UnitRule:
    """Applies when every fact it names matches (``ANY`` matches everything)."""

    code: str
    unit: Unit
    source: str
    explanation: str
    defendant: str | None = ANY  # "government" when the people's government is a defendant, "agency" otherwise
    co_defendants: bool | None = ANY  # more than one defendant
    reconsidered: frozenset = ANY  # Reconsideration values
    causes: frozenset = ANY  # cause names, matched against the cause and its broader cause
    instances: frozenset = ANY
    acting_known: bool | None = ANY  # the department that took the action is recorded
    profiles: frozenset = ANY  # rule profile codes (regulations) the rule belongs to


APPEALS = frozenset({"appeal", "retrial"})
RECONSIDERED = frozenset({Reconsideration.UPHELD, Reconsideration.CHANGED})

# First match wins: the specific before the general.
RULES = [
    UnitRule(
        "appeal_first_instance_unit",
        Unit.FIRST_INSTANCE_UNIT,
        "004 第九条（四）；002 第九条",
        "二审、再审案件由一审应诉承办单位承办。",
        instances=APPEALS,
    ),
    UnitRule(
        "agency_defends_itself",
        Unit.DEFENDANT,
        "001 第十一条、第十二条",
        "以政府工作部门或乡镇人民政府（街道办事处）为被告的案件，由该机关确定内部承办机构，应诉承办单位为被告机关本身。",
        defendant="agency",
    ),
    UnitRule(
        "reconsideration_all_to_bureau",
        Unit.JUSTICE_BUREAU,
        "003 第五条（一）",
        "因行政复议事项引起的区政府为被告的案件，区司法局为应诉承办机关，具体实施部门协调配合。",
        defendant="government",
        reconsidered=RECONSIDERED,
        profiles=frozenset({"tongzhou"}),
    ),
    UnitRule(
        "reconsideration_sole_defendant",
        Unit.JUSTICE_BUREAU,
        "001 第十条（二）；004 第九条（一）；003 第五条（一）",
        "经行政复议的案件，人民政府作为单独被告的，同级司法行政机关为应诉承办单位。",
        defendant="government",
        co_defendants=False,
        reconsidered=RECONSIDERED,
    ),
    UnitRule(
        "reconsideration_cause_to_bureau",
        Unit.JUSTICE_BUREAU,
        "003 第五条（一）；001 第十条（二）",
        "以行政复议决定为诉讼标的、政府作为复议机关被诉的案件，由司法行政机关承办。",
        defendant="government",
        co_defendants=False,
        causes=frozenset({"行政复议"}),
    ),
    UnitRule(
        "reconsideration_co_defendant",
        Unit.ACTING_DEPARTMENT,
        "001 第十条（二）；004 第九条（一）",
        "经行政复议、人民政府作为共同被告的案件，作出原行政行为的行政机关为应诉承办单位（004 第九条（一）："
        "与区司法局分别承办；001 第十条（二）：司法行政机关全程指导、监督）。",
        defendant="government",
        co_defendants=True,
        reconsidered=RECONSIDERED,
        acting_known=True,
    ),
    UnitRule(
        "information_disclosure",
        Unit.ACTING_DEPARTMENT,
        "004 第九条（二）",
        "区政府作为被告的政府信息公开类案件，由信息公开事项的具体承办机关为应诉责任机关。",
        defendant="government",
        causes=frozenset({"政府信息公开"}),
        acting_known=True,
    ),
    UnitRule(
        "performance_duty",
        Unit.ACTING_DEPARTMENT,
        "003 第五条（四）",
        "要求区政府履行法定职责的案件，承担相应职责的职能部门为应诉承办机关。",
        defendant="government",
        causes=frozenset({"不履行职责"}),
        acting_known=True,
    ),
    UnitRule(
        "acting_department",
        Unit.ACTING_DEPARTMENT,
        "001 第十条（一）；003 第五条（二）；004 第九条（二）",
        "未经复议、以人民政府名义作出的行政行为引起的案件，具体实施被诉行政行为的行政机关为应诉承办单位"
        "（谁行为，谁负责，谁主办，谁应诉）。",
        defendant="government",
        acting_known=True,
    ),
    UnitRule(
        "unknown_department_to_bureau",
        Unit.JUSTICE_BUREAU,
        "004 第九条（二）、（三）",
        "无法确定具体实施部门的，区司法局为应诉责任机关。",
        defendant="government",
        acting_known=False,
        profiles=frozenset({"xinzhou"}),
    ),
    UnitRule(
        "unknown_department",
        Unit.UNDECIDED,
        "001 第十条（三）；003 第五条",
        "应诉承办单位不明确：由人民政府办公室根据司法行政机关建议并结合涉诉事项确定（通州区：由区司法局指定）。"
        "请先记录作出行政行为的部门。",
        defendant="government",
        acting_known=False,
    ),
]


@dataclass(frozen=True)
class CaseFacts:
    """What the rules ask of a case."""

    government: object  # the defending people's government (an Agency), or None
    defendant: object  # the first defendant agency, or None
    co_defendants: bool
    reconsidered: str
    causes: frozenset
    instance: str
    acting_department: object
    profile: str


@dataclass(frozen=True)
class Suggestion:
    agency: object  # an Agency, or None when the rules leave it open
    rule: str
    source: str
    explanation: str


def facts_of(case_file):
    from casefiles.models import Agency, Party
    from casefiles.models.case_deadlines import profile_for_case

    defendants = list(case_file.parties.filter(role=Party.Role.DEFENDANT).select_related("agency"))
    agencies = [party.agency for party in defendants if party.agency_id]
    government = next((agency for agency in agencies if agency.kind == Agency.Kind.GOVERNMENT), None)
    cause = case_file.cause
    causes = {cause.name} | ({cause.parent.name} if cause.parent_id else set())
    return CaseFacts(
        government=government,
        defendant=agencies[0] if agencies else None,
        co_defendants=len(defendants) > 1,
        reconsidered=case_file.reconsidered,
        causes=frozenset(causes),
        instance=case_file.instance,
        acting_department=case_file.acting_department,
        profile=profile_for_case(case_file).code,
    )


def matches(rule, facts):
    defendant = "government" if facts.government else ("agency" if facts.defendant else None)
    checks = [
        rule.defendant is ANY or rule.defendant == defendant,
        rule.co_defendants is ANY or rule.co_defendants == facts.co_defendants,
        rule.reconsidered is ANY or facts.reconsidered in rule.reconsidered,
        rule.causes is ANY or bool(rule.causes & facts.causes),
        rule.instances is ANY or facts.instance in rule.instances,
        rule.acting_known is ANY or rule.acting_known == (facts.acting_department is not None),
        rule.profiles is ANY or facts.profile in rule.profiles,
    ]
    return all(checks)


def justice_bureau_of(government):
    """The justice bureau under ``government`` (the same level's 司法行政机关), or None."""
    from casefiles.models import Agency

    if government is None:
        return None
    return Agency.objects.filter(parent=government, kind=Agency.Kind.JUSTICE_BUREAU).order_by("pk").first()


def unit_for(rule, facts, case_file):
    if rule.unit == Unit.ACTING_DEPARTMENT:
        return facts.acting_department
    if rule.unit == Unit.JUSTICE_BUREAU:
        return justice_bureau_of(facts.government)
    if rule.unit == Unit.DEFENDANT:
        return facts.defendant
    if rule.unit == Unit.FIRST_INSTANCE_UNIT:
        return case_file.handling_unit
    return None


def rule_for_facts(facts):
    return next((rule for rule in RULES if matches(rule, facts)), None)


def suggest_handling_unit(case_file):
    """The unit the rules give ``case_file``, with the rule, its source and what it says."""
    facts = facts_of(case_file)
    rule = rule_for_facts(facts)
    if rule is None:  # no defendant agency recorded
        return Suggestion(None, "", "", "案卷未记录被告机关，无法按规则确定应诉承办单位。")
    return Suggestion(unit_for(rule, facts, case_file), rule.code, rule.source, rule.explanation)
