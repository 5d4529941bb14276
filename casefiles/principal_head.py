"""Cases the agency's principal head (主要负责人/正职负责人) must appear in: the criteria as data.

Registration records which of these a case meets (``CaseFile.principal_head_criteria``,
a list of codes); a case that meets one is flagged for the principal head. The
three regulations list overlapping grounds; one criterion stands for the
grounds that say the same, citing each. The labels quote the regulations.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    source: str


CRITERIA = [
    Criterion("group_suit", "超过10人的集团诉讼，且涉案赔偿金额超过1000万元", "001 第二十二条（一）"),
    Criterion("several_organisations", "两个或两个以上单位或企业同时起诉", "001 第二十二条（二）"),
    Criterion(
        "enforcement_impact",
        "对行政机关下步执法可能产生重大影响，或社会影响较大、案情复杂",
        "001 第二十二条（三）；002 第十三条（七）",
    ),
    Criterion(
        "public_interest",
        "涉及重大公共利益、社会关注度高或者可能引发群体性事件",
        "001 第二十二条（四）（五）（六）；002 第十三条（四）",
    ),
    Criterion(
        "expropriation_or_disaster",
        "因房屋征收、集体土地征收、重大安全责任事故、环境资源保护等引发，社会关注度高、社会影响重大或群体性诉讼",
        "004 第十三条（一）",
    ),
    Criterion("natural_resources", "对确认自然资源所有权或者使用权的决定不服，社会影响重大", "004 第十三条（二）"),
    Criterion("foreign_related", "重大涉外案件", "004 第十三条（三）"),
    Criterion(
        "procuratorate_suit",
        "检察机关提起行政公益诉讼或抗诉；最高人民法院提审",
        "001 第二十二条（七）；002 第十三条（五）；004 第十三条（五）",
    ),
    Criterion(
        "court_requires",
        "人民法院书面通知或建议主要负责人出庭",
        "001 第二十二条（九）；002 第十三条（三）；004 第十三条（四）",
    ),
    Criterion(
        "superior_requires",
        "司法行政机关、本级政府或上级主管部门要求主要负责人出庭",
        "001 第二十二条（八）；004 第十三条（四）",
    ),
    Criterion("lost_first_instance", "一审判决政府败诉、二审开庭审理", "002 第十三条（一）"),
    Criterion(
        "absent_in_first_instance",
        "主要负责或分管负责人一审未出庭，认为二审有必要出庭",
        "002 第十三条（二）",
    ),
    Criterion("large_compensation", "行政赔偿数额较大", "002 第十三条（六）"),
    Criterion("petition_backlog", "信访积案当事人寻求司法途径化解行政争议，社会影响重大", "004 第十三条（六）"),
    Criterion(
        "resolves_dispute",
        "主要负责人出庭更有利于化解争议",
        "002 第十三条（八）；001 第二十二条（八）",
    ),
    Criterion("other", "其他法律法规规定或需要主要负责人出庭的情形", "001 第二十二条（十）；004 第十三条（七）"),
]

BY_CODE = {criterion.code: criterion for criterion in CRITERIA}


def choices():
    return [(criterion.code, f"{criterion.label}（{criterion.source}）") for criterion in CRITERIA]


def met(codes):
    """The criteria among ``codes`` (unknown codes are left out), in the order of CRITERIA."""
    codes = set(codes or ())
    return [criterion for criterion in CRITERIA if criterion.code in codes]
