"""A deterministic corpus of administrative cases for the demo and the tests.

Everything is fictional (明川市临江区 does not exist) and derived from a seeded
random generator, so every run produces the same cases, names and numbers.
"""

import datetime
import random
from dataclasses import dataclass, field

DISTRICT = "临江区"
CITY = "明川市"

AGENCIES = [
    # (key, name, kind, parent key, fonds code)
    ("gov", f"{DISTRICT}人民政府", "government", None, "J001"),
    ("justice", f"{DISTRICT}司法局", "justice_bureau", "gov", "J012"),
    ("land", f"{DISTRICT}自然资源和规划局", "department", "gov", "J023"),
    ("market", f"{DISTRICT}市场监督管理局", "department", "gov", "J031"),
    ("street", f"{DISTRICT}城关街道办事处", "subdistrict", "gov", "J045"),
]

COURTS = [
    # (key, name, level, code)
    ("basic", f"{CITY}{DISTRICT}人民法院", "basic", "鲁1503"),
    ("intermediate", f"{CITY}中级人民法院", "intermediate", "鲁15"),
    ("high", "山东省高级人民法院", "high", "鲁"),
]

# A user per role, as the issue asks: supervisor, officers of two units,
# archivist, evaluator.
USERS = [
    # (username, full name, agency key, role)
    ("supervisor", "周建华", "justice", "supervisor"),
    ("officer_land", "李明", "land", "officer"),
    ("officer_market", "王芳", "market", "officer"),
    ("archivist", "赵丽", "gov", "archivist"),
    ("evaluator", "陈思远", "justice", "evaluator"),
    # Evaluators of two more agencies, so that every case file can be evaluated across agencies (交叉评查).
    ("evaluator_street", "郑晓梅", "street", "evaluator"),
    ("evaluator_land", "孙立新", "land", "evaluator"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
GIVEN = "建国秀英桂兰志强海燕文明俊杰晓红丽娟永刚德华玉梅春生国庆淑珍振华金凤立新宏伟"
TRADE_NAMES = ["恒信", "鑫源", "华宇", "宏达", "瑞丰", "东方", "新程", "金桥"]
INDUSTRIES = ["建材", "商贸", "食品", "房地产开发", "物流", "餐饮管理"]
STREETS = ["滨河路", "人民路", "建设街", "光明路", "解放路", "振兴街"]

# Kinds of dispute: cause, defendant, handling unit, the contested act and the claim.
SCENARIOS = [
    {
        "cause": "征收或者征用房屋",
        "defendant": "gov",
        "handling": "land",
        "act": "《关于{district}{street}片区房屋征收的决定》（临政发〔{year}〕{n}号）",
        "claim": "撤销被告作出的{act}",
        "facts": "被告为实施{street}片区旧城改造项目作出房屋征收决定，原告的房屋位于征收范围内。原告认为征收决定未经充分论证、补偿方案未依法公布征求意见，遂诉至本院。",
    },
    {
        "cause": "政府信息公开",
        "defendant": "land",
        "handling": "land",
        "act": "《政府信息公开申请答复书》（临自然资公开〔{year}〕{n}号）",
        "claim": "撤销被告作出的{act}，责令被告重新答复",
        "facts": "原告向被告申请公开{street}地块土地征收的批准文件及补偿安置方案，被告答复称部分信息不存在。原告不服，提起诉讼。",
    },
    {
        "cause": "罚款",
        "defendant": "market",
        "handling": "market",
        "act": "《行政处罚决定书》（临市监罚〔{year}〕{n}号）",
        "claim": "撤销被告作出的{act}",
        "facts": "被告以原告销售不符合食品安全标准的食品为由，作出没收违法所得并处罚款人民币五万元的行政处罚决定。原告认为处罚事实不清、程序违法。",
    },
    {
        "cause": "强制拆除房屋或者设施",
        "defendant": "street",
        "handling": "street",
        "act": "强制拆除原告位于{street}的房屋的行为",
        "claim": "确认被告{act}违法，并判令被告赔偿损失",
        "facts": "被告以原告房屋系违法建设为由，组织人员对该房屋实施了强制拆除。原告认为被告未作出书面决定、未履行催告程序，强制拆除行为违法。",
    },
    {
        "cause": "不动产登记",
        "defendant": "land",
        "handling": "land",
        "act": "颁发给第三人的不动产权证书（鲁（{year}）临江区不动产权第{n}号）",
        "claim": "撤销被告{act}",
        "facts": "原告认为被告在办理案涉房屋转移登记时未尽审慎审查义务，登记所依据的买卖合同系伪造，请求撤销该登记。",
    },
    {
        "cause": "不履行职责",
        "defendant": "market",
        "handling": "market",
        "act": "对原告投诉举报事项未予查处的行为",
        "claim": "确认被告{act}违法，责令被告履行查处职责",
        "facts": "原告向被告投诉举报某商户销售过期食品，被告在法定期限内未作出处理决定，亦未告知原告处理结果。",
    },
    {
        "cause": "行政复议",
        "defendant": "gov",
        "co_defendant": "market",
        "handling": "market",
        "act": "《行政复议决定书》（临政复决字〔{year}〕{n}号）",
        "claim": "撤销被告作出的{act}及原行政处罚决定",
        "facts": "原告不服被告临江区市场监督管理局作出的行政处罚决定，向被告临江区人民政府申请行政复议，复议机关决定维持原处罚决定。",
    },
    {
        "cause": "房屋征收补偿",
        "defendant": "gov",
        "handling": "land",
        "act": "《房屋征收补偿决定书》（临政补决〔{year}〕{n}号）",
        "claim": "撤销被告作出的{act}",
        "facts": "因原告与房屋征收部门在签约期限内未达成补偿协议，被告依法作出房屋征收补偿决定。原告认为评估价格明显偏低。",
    },
    {
        "cause": "行政许可",
        "defendant": "market",
        "handling": "market",
        "act": "《不予行政许可决定书》（临市监许不〔{year}〕{n}号）",
        "claim": "撤销被告作出的{act}，责令被告准予许可",
        "facts": "原告申请食品经营许可，被告经现场核查认为经营场所不符合要求，作出不予许可决定。",
    },
]

# Outcomes: (judgment kind, result code, operative part, how often in the corpus).
OUTCOMES = [
    ("judgment", "claims_dismissed", "驳回原告{plaintiff}的诉讼请求。", 9),
    ("judgment", "revoked", "撤销被告作出的{act}。", 2),
    ("judgment", "revoked_redo", "撤销被告作出的{act}，责令被告于本判决生效之日起六十日内重新作出处理。", 2),
    ("judgment", "confirmed_illegal", "确认被告{act}违法。", 2),
    ("judgment", "ordered_to_perform", "责令被告于本判决生效之日起三十日内履行法定职责。", 1),
    ("ruling", "suit_dismissed", "驳回原告{plaintiff}的起诉。", 2),
    ("ruling", "withdrawn", "准许原告{plaintiff}撤回起诉。", 2),
    ("judgment", "compensation", "被告于本判决生效之日起三十日内赔偿原告损失人民币十二万元。", 1),
]

CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_date(day):
    """2024-05-20 → 二〇二四年五月二十日, as official documents write dates."""

    def number(n):
        if n < 10:
            return CHINESE_DIGITS[n]
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[units] if units else "")

    year = "".join(CHINESE_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{number(day.month)}月{number(day.day)}日"


@dataclass
class Party:
    role: str
    kind: str
    name: str = ""
    agency: str = ""  # agency key, for administrative agencies
    address: str = ""
    detail: str = ""  # sex, birth date …


@dataclass
class CaseSpec:
    index: int
    year: int
    case_number: str
    instance: str
    court: str  # court key
    cause: str
    scenario: dict
    act: str
    claim: str
    facts: str
    library: str  # agency key
    defendants: list[str]
    handling_unit: str
    parties: list[Party]
    date_received: datetime.date
    date_filed: datetime.date  # when the complaint was filed with the court
    officer: str | None
    status: str
    outcome: tuple | None
    judgment_served: datetime.date | None
    judgment_effective: datetime.date | None
    scan_rotation: int = 0
    scan_skew: float = 0.0
    scan_noise: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def plaintiff(self):
        return next(p for p in self.parties if p.role == "plaintiff")

    @property
    def title(self):
        defendant = "、".join(agency_name(key) for key in self.defendants)
        cause = self.cause if "征收" not in self.cause else "房屋征收"
        return f"{self.plaintiff.name}诉{defendant}{cause}案"


def agency_name(key):
    return next(name for k, name, *_ in AGENCIES if k == key)


def court_name(key):
    return next(name for k, name, *_ in COURTS if k == key)


def _person(rng):
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    sex = rng.choice(["男", "女"])
    born = datetime.date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
    return Party(
        role="plaintiff",
        kind="person",
        name=name,
        address=f"{CITY}{DISTRICT}{rng.choice(STREETS)}{rng.randint(1, 200)}号",
        detail=f"{sex}，{born.year}年{born.month}月{born.day}日出生，汉族",
    )


def _company(rng):
    return Party(
        role="plaintiff",
        kind="organisation",
        name=f"{CITY}{rng.choice(TRADE_NAMES)}{rng.choice(INDUSTRIES)}有限公司",
        address=f"{CITY}{DISTRICT}{rng.choice(STREETS)}{rng.randint(1, 200)}号",
    )


def build_corpus(count=30, seed=20260101):
    """``count`` case specs over several years, causes and results."""
    rng = random.Random(seed)
    outcomes = [o for o in OUTCOMES for _ in range(o[3])]
    rng.shuffle(outcomes)
    sequence = {}
    specs = []
    for index in range(count):
        year = 2021 + index % 6  # 2021 … 2026
        scenario = SCENARIOS[index % len(SCENARIOS)]
        appeal = index % 10 == 7
        court = "intermediate" if appeal else "basic"
        kind_code = "行终" if appeal else "行初"
        key = (year, court)
        sequence[key] = sequence.get(key, 0) + rng.randint(3, 40)
        code = next(c for k, _n, _l, c in COURTS if k == court)
        case_number = f"（{year}）{code}{kind_code}{sequence[key]}号"
        street = rng.choice(STREETS)
        act = scenario["act"].format(district=DISTRICT, street=street, year=year - 1, n=rng.randint(1, 60))
        plaintiff = _company(rng) if scenario["cause"] in ("罚款", "行政许可") or rng.random() < 0.2 else _person(rng)
        defendants = [scenario["defendant"]] + ([scenario["co_defendant"]] if "co_defendant" in scenario else [])
        parties = [plaintiff] + [Party(role="defendant", kind="agency", agency=key_) for key_ in defendants]
        if scenario["cause"] == "不动产登记":
            third = _person(rng)
            third.role = "third_party"
            parties.append(third)
        received = datetime.date(year, rng.randint(1, 10), rng.randint(1, 28))
        filed = received - datetime.timedelta(days=rng.randint(5, 20))
        concluded = year <= 2025
        outcome = outcomes[index % len(outcomes)] if concluded else None
        if appeal and outcome:
            outcome = ("judgment", "appeal_dismissed", "驳回上诉，维持原判。", 0)
        served = received + datetime.timedelta(days=rng.randint(60, 150)) if outcome else None
        effective = served + datetime.timedelta(days=16) if served else None
        status = "closed" if concluded and year <= 2024 else ("judged" if concluded else "in_progress")
        specs.append(
            CaseSpec(
                index=index,
                year=year,
                case_number=case_number,
                instance="appeal" if appeal else "first",
                court=court,
                cause=scenario["cause"],
                scenario=scenario,
                act=act,
                claim=scenario["claim"].format(act=act),
                facts=scenario["facts"].format(street=street),
                library=scenario["defendant"],
                defendants=defendants,
                handling_unit=scenario["handling"],
                parties=parties,
                date_received=received,
                date_filed=filed,
                officer={"land": "officer_land", "market": "officer_market"}.get(scenario["handling"]),
                status=status,
                outcome=outcome,
                judgment_served=served,
                judgment_effective=effective,
                scan_rotation=[0, 0, 0, 90, 0, 180, 0, 270][index % 8],
                scan_skew=[0.0, 1.2, -0.8, 0.0, 2.0, 0.0, -1.5, 0.6][index % 8],
                scan_noise=[0.0, 0.004, 0.0, 0.008, 0.0, 0.006, 0.002, 0.0][index % 8],
            )
        )
    return specs
