"""The texts of a case's court documents, written from its spec.

Each function returns a :class:`~casefiles.demo.render.CourtDocument`; the
structure follows the documents' usual form (001 第十五条 for the defence,
001 第十六条 for the evidence list).
"""

import datetime

from casefiles.demo.corpus import CITY, DISTRICT, agency_name, chinese_date, court_name
from casefiles.demo.render import CourtDocument


def _party_line(party, label):
    if party.kind == "agency":
        return f"{label}：{agency_name(party.agency)}，住所地{CITY}{DISTRICT}府前街1号。"
    if party.kind == "organisation":
        return f"{label}：{party.name}，住所地{party.address}。"
    return f"{label}：{party.name}，{party.detail}，住{party.address}。"


def _defendant_names(spec):
    return "、".join(agency_name(key) for key in spec.defendants)


def complaint(spec):
    paragraphs = [_party_line(spec.plaintiff, "原告")]
    paragraphs += [_party_line(p, "被告") for p in spec.parties if p.role == "defendant"]
    paragraphs += [_party_line(p, "第三人") for p in spec.parties if p.role == "third_party"]
    paragraphs += [
        f"诉讼请求：一、{spec.claim}；二、本案诉讼费用由被告承担。",
        f"事实与理由：{spec.facts}原告认为，被告的行为缺乏事实和法律依据，严重侵害了原告的合法权益。"
        "为维护原告的合法权益，根据《中华人民共和国行政诉讼法》的有关规定，特向贵院提起诉讼，请依法判如所请。",
        f"此致\u3000{court_name(spec.court)}",
    ]
    return CourtDocument(
        title="行政起诉状",
        paragraphs=paragraphs,
        issuer=f"起诉人：{spec.plaintiff.name}",
        date=chinese_date(spec.date_filed),
    )


def notice_to_respond(spec):
    deadline = spec.date_received + datetime.timedelta(days=15)
    return CourtDocument(
        title="应诉通知书",
        subtitle=spec.case_number,
        paragraphs=[
            f"{_defendant_names(spec)}：",
            f"本院已受理原告{spec.plaintiff.name}诉你单位{spec.cause}一案。现将起诉状副本发送给你单位。"
            "依照《中华人民共和国行政诉讼法》第六十七条的规定，你单位应当在收到起诉状副本之日起十五日内，"
            "向本院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状。",
            f"被诉行政机关负责人应当依法出庭应诉。请于{chinese_date(deadline)}前将答辩状、证据目录、"
            "法定代表人身份证明书和授权委托书提交本院。",
        ],
        issuer=court_name(spec.court),
        date=chinese_date(spec.date_received - datetime.timedelta(days=2)),
    )


def statement_of_defence(spec):
    defendant = agency_name(spec.defendants[0])
    return CourtDocument(
        title="行政答辩状",
        subtitle=spec.case_number,
        paragraphs=[
            f"答辩人：{defendant}，住所地{CITY}{DISTRICT}府前街1号。",
            "法定代表人：周国栋，职务：局长。",
            f"答辩人就原告{spec.plaintiff.name}诉答辩人{spec.cause}一案，提出答辩意见如下：",
            f"一、答辩人作出的被诉行政行为认定事实清楚，证据确凿。{spec.facts.split('。')[0]}。",
            "二、被诉行政行为适用法律、法规正确，程序合法，答辩人已依法履行告知、听证等程序。",
            "三、原告的诉讼请求缺乏事实和法律依据，请求人民法院依法驳回原告的诉讼请求。",
            f"此致\u3000{court_name(spec.court)}",
        ],
        issuer=defendant,
        date=chinese_date(spec.date_received + datetime.timedelta(days=10)),
    )


def evidence_items(spec):
    """The evidence items of the defendant's evidence list (001 第十六条)."""
    return [
        {
            "category": "程序类",
            "name": spec.act.strip("《》") if spec.act.startswith("《") else "被诉行政行为的书面文件",
            "source": agency_name(spec.defendants[0]),
            "purpose": "证明被诉行政行为的内容及作出时间。",
            "pages": "1-2",
        },
        {
            "category": "事实类",
            "name": "现场检查笔录及照片",
            "source": agency_name(spec.handling_unit),
            "purpose": "证明被告查明的事实。",
            "pages": "3-6",
        },
        {
            "category": "程序类",
            "name": "送达回证",
            "source": agency_name(spec.defendants[0]),
            "purpose": "证明被诉行政行为已依法送达原告。",
            "pages": "7",
        },
    ]


def evidence_bundle(spec):
    items = evidence_items(spec)
    paragraphs = [f"提交人：{agency_name(spec.defendants[0])}"]
    for number, item in enumerate(items, start=1):
        paragraphs.append(
            f"证据{number}：{item['name']}。来源：{item['source']}。证明目的：{item['purpose']}页码：{item['pages']}。"
        )
    return CourtDocument(
        title="证据目录",
        subtitle=spec.case_number,
        paragraphs=paragraphs,
        issuer=agency_name(spec.defendants[0]),
        date=chinese_date(spec.date_received + datetime.timedelta(days=10)),
    )


def judgment(spec):
    kind, _result, operative, _weight = spec.outcome
    title = {"judgment": "行政判决书", "ruling": "行政裁定书"}[kind]
    text = operative.format(plaintiff=spec.plaintiff.name, act=spec.act)
    paragraphs = [_party_line(spec.plaintiff, "原告" if spec.instance == "first" else "上诉人（原审原告）")]
    paragraphs += [
        _party_line(p, "被告" if spec.instance == "first" else "被上诉人（原审被告）")
        for p in spec.parties
        if p.role == "defendant"
    ]
    paragraphs += [
        f"原告{spec.plaintiff.name}不服被告{spec.act}，于{chinese_date(spec.date_filed)}向本院提起行政诉讼。"
        "本院受理后，依法组成合议庭，公开开庭审理了本案。被告的行政机关负责人出庭应诉。",
        f"经审理查明：{spec.facts}",
        "本院认为，根据《中华人民共和国行政诉讼法》的有关规定，结合本案查明的事实，"
        + (
            "被诉行政行为认定事实清楚，适用法律正确，程序合法。"
            if "dismissed" in _result
            else "被诉行政行为存在违法情形，应予纠正。"
        ),
        f"{'判决' if kind == 'judgment' else '裁定'}如下：{text}",
        "如不服本判决，可以在判决书送达之日起十五日内向本院递交上诉状，上诉于山东省明川市中级人民法院。"
        if spec.instance == "first" and kind == "judgment"
        else "本裁判为终审裁判。"
        if spec.instance == "appeal"
        else "如不服本裁定，可以在裁定书送达之日起十日内提起上诉。",
    ]
    return CourtDocument(
        title=title,
        subtitle=spec.case_number,
        paragraphs=paragraphs,
        issuer=court_name(spec.court),
        date=chinese_date(spec.judgment_served - datetime.timedelta(days=5)),
    )
