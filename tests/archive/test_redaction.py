"""Redaction (脱敏) of typical cases: archive/typical/redaction.py and data/redaction.yaml.

Pure functions, no database. ID numbers and bank cards are made in the tests by their own
algorithms (ISO 7064 MOD 11-2, Luhn) written here independently of the module.
"""

import re

import pytest
import yaml

from archive.typical import redaction
from archive.typical.redaction import (
    KnownParty,
    Replacement,
    apply,
    find_replacements,
    manual_replacement,
    mask_company_name,
    mask_person_name,
    valid_id_card,
)
from casefiles.demo import corpus, texts

MARKER = "×××"


def id_number(first17):
    """``first17`` completed with its check character (ISO 7064 MOD 11-2, iterative form)."""
    total = 0
    for digit in first17:
        total = (total + int(digit)) * 2 % 11
    check = (12 - total) % 11
    return first17 + ("X" if check == 10 else str(check))


def wrong_check(number):
    """``number`` with a wrong check character (and one that does not pass Luhn either)."""
    for char in "0123456789X":
        candidate = number[:17] + char
        if char != number[17] and not luhn_ok(candidate.replace("X", "0")):
            return candidate
    raise AssertionError("no wrong check digit found")


def luhn_ok(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def card_number(prefix):
    """``prefix`` completed with its Luhn check digit."""
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


def bad_card_number(prefix):
    return next(prefix + d for d in "0123456789" if not luhn_ok(prefix + d))


VALID_ID = id_number("37150219800101123")  # 明川市 is fictional; the code is 聊城市 东昌府区
VALID_ID_X = next(n for n in (id_number(f"37150219900307{seq:03d}") for seq in range(1000)) if n.endswith("X"))
FULL_WIDTH_ID = VALID_ID.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
CARD_19 = card_number("622202123456789012")
CARD_16 = card_number("621700123456789")
BAD_CARD_19 = bad_card_number("622202123456789012")


def found(text, parties=()):
    return [(r.rule, r.original, r.replacement) for r in find_replacements(text, parties)]


def redacted(text, parties=()):
    return apply(text, find_replacements(text, parties))


# --- masks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("王小明", "王某"),  # three characters
        ("李四", "李某"),  # two characters
        ("欧阳娜娜", "欧阳某"),  # compound surname
        ("司马光", "司马某"),
        ("诸葛亮", "诸葛某"),
        ("上官婉儿", "上官某"),
        ("欧阳", "欧某"),  # two characters: 欧 is the surname
        ("阿卜杜拉·买买提", "阿某"),  # minority name: the first character stays
        ("买买提·阿不都热合曼", "买某"),
        ("约翰·史密斯", "约某"),  # transliterated foreign name
        ("John Smith", "J"),  # foreign name in Latin letters: the first letter only
        ("mary o'neil", "M"),
        (" 赵丽 ", "赵某"),
    ],
)
def test_mask_person_name(name, masked):
    assert mask_person_name(name) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("明川市恒达房地产开发有限公司", "明川市某房地产开发有限公司"),
        ("明川市临江区鑫源建材有限责任公司", "明川市临江区某建材有限责任公司"),
        ("山东省明川市华宇物流股份有限公司", "山东省明川市某物流股份有限公司"),
        ("明川市瑞丰餐饮管理有限公司", "明川市某餐饮管理有限公司"),
        ("明川市恒达市场管理有限公司", "明川市某市场管理有限公司"),  # 市场 is no 市
        ("明川市恒达有限公司", "明川市某有限公司"),  # no industry
        ("恒达公司", "某公司"),
        ("恒达集团有限公司", "某集团有限公司"),
        ("临江区红星机械厂", "临江区某机械厂"),
        ("临江区老王餐饮店", "临江区某餐饮店"),
        ("临江区丰收农民专业合作社", "临江区某农民专业合作社"),
        ("明川市恒达研究会", "明川市某单位"),  # no company form
    ],
)
def test_mask_company_name(name, masked):
    assert mask_company_name(name) == masked


@pytest.mark.parametrize("trade", corpus.TRADE_NAMES)
@pytest.mark.parametrize("industry", corpus.INDUSTRIES)
def test_demo_company_names_lose_their_trade_name(trade, industry):
    assert mask_company_name(f"{corpus.CITY}{trade}{industry}有限公司") == f"{corpus.CITY}某{industry}有限公司"


# --- ID card numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the example of GB 11643-1999
        "440524188001010014",
        VALID_ID,
        VALID_ID_X,
        VALID_ID_X.lower(),
        *(
            id_number(f"{region}{birth}{seq}")
            for region in ("110101", "371502")
            for birth in ("19500228", "20000229")
            for seq in ("001", "998")
        ),
        "110105491231002",  # 15 digits, born 1949-12-31
        "371502800101123",
    ],
)
def test_valid_id_cards(number):
    assert valid_id_card(number)


@pytest.mark.parametrize(
    "number",
    [
        wrong_check("11010519491231002X"),
        wrong_check(VALID_ID),
        wrong_check(VALID_ID_X),
        id_number("37150219800230123"),  # right check digit, 30 February
        id_number("37150221000101123"),  # born in the future
        "110105491331002",  # 15 digits, month 13
        "110105490230002",  # 15 digits, 30 February
        "37150219800101123",  # 17 digits
        "3715021980010112345",  # 19 digits
        "37150219800101123Y",
        "",
    ],
)
def test_invalid_id_cards(number):
    assert not valid_id_card(number)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"公民身份号码{VALID_ID}，", [("id_card", VALID_ID, MARKER)]),
        (f"身份证号码：{VALID_ID_X}。", [("id_card", VALID_ID_X, MARKER)]),
        (f"{VALID_ID}", [("id_card", VALID_ID, MARKER)]),
        (f"身份证号{FULL_WIDTH_ID}", [("id_card", FULL_WIDTH_ID, MARKER)]),  # as OCR may read it
        ("身份证号码：110105491231002", [("id_card", "110105491231002", MARKER)]),
        (f"身份证号码：{wrong_check(VALID_ID)}", []),  # not an ID card, left alone
        ("身份证号码：110105491331002", []),
        (f"统一社会信用代码{VALID_ID}", []),  # an organisation's code is kept
    ],
)
def test_id_card_numbers_are_removed_only_when_valid(text, expected):
    assert found(text) == expected


# --- phones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("联系电话13812345678。", "13812345678"),
        ("电话：138-1234-5678", "138-1234-5678"),
        ("手机138 1234 5678，", "138 1234 5678"),
        ("手机号码+86 138 1234 5678", "+86 138 1234 5678"),
        ("+8613912345678", "+8613912345678"),
        ("联系方式：19912345678", "19912345678"),
        ("座机0531-88886666", "0531-88886666"),
        ("电话（0531）88886666", "（0531）88886666"),
        ("电话(0635)8888666", "(0635)8888666"),
        ("0531 8888 6666", "0531 8888 6666"),
        ("010-12345678转123", "010-12345678转123"),
        ("电话：8888666", "8888666"),  # a local number after a label
        ("联系电话：１３８１２３４５６７８", "１３８１２３４５６７８"),  # full-width digits
    ],
)
def test_phone_numbers_are_removed(text, number):
    assert found(text) == [("phone", number, MARKER)]


@pytest.mark.parametrize("text", ["12345678901", "1381234567", "编号88886666", "2024-05-20", "20240520"])
def test_what_is_not_a_phone_number(text):
    assert found(text) == []


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address", "kept"),
    [
        ("住明川市临江区幸福路88号3栋2单元501室", "明川市临江区幸福路88号3栋2单元501室", "明川市临江区"),
        (
            "，住址：山东省明川市临江区城关街道幸福社区3号楼",
            "山东省明川市临江区城关街道幸福社区3号楼",
            "山东省明川市临江区",
        ),
        ("家庭住址：明川市临江区建设街12号", "明川市临江区建设街12号", "明川市临江区"),
        ("现住明川市临江区王家村3组", "明川市临江区王家村3组", "明川市临江区"),
        ("户籍地：明川县城关镇光明路1号", "明川县城关镇光明路1号", "明川县"),
        (
            "住新疆维吾尔自治区伊犁哈萨克自治州伊宁市解放路5号",
            "新疆维吾尔自治区伊犁哈萨克自治州伊宁市解放路5号",
            "新疆维吾尔自治区伊犁哈萨克自治州伊宁市",
        ),
        (
            "住内蒙古自治区锡林郭勒盟正蓝旗上都镇12号",
            "内蒙古自治区锡林郭勒盟正蓝旗上都镇12号",
            "内蒙古自治区锡林郭勒盟正蓝旗",
        ),
        ("，住城关街道幸福村3组。", "城关街道幸福村3组", MARKER),  # nothing at county level to keep
        ("女，汉族，住所：明川市临江区人民路5号。", "明川市临江区人民路5号", "明川市临江区"),  # a person's 住所
    ],
)
def test_home_addresses_keep_the_county_level(text, address, kept):
    assert found(text) == [("address", address, kept)]


@pytest.mark.parametrize(
    "text",
    [
        "，住明川市临江区。",  # already at county level
        "原告：恒达公司，住所地明川市临江区人民路5号。",  # a legal person's seat is kept (第十一条)
        "被告：临江区人民政府，住所地明川市临江区府前街1号。",
        "原告住院治疗期间",
        "原告的住房补偿",
        "强制拆除原告位于滨河路的房屋的行为",
    ],
)
def test_what_is_not_a_home_address(text):
    assert [r for r in found(text) if r[0] == "address"] == []


# --- bank accounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (f"转入{CARD_19}", CARD_19),  # Luhn-valid, no label needed
        (f"尾号为{CARD_16}的银行卡", CARD_16),
        (f"账号：{BAD_CARD_19}", BAD_CARD_19),  # after a label, checked or not
        (f"银行卡号为{' '.join(re.findall('.{1,4}', CARD_19))}", " ".join(re.findall(".{1,4}", CARD_19))),
        ("开户行：中国工商银行明川支行，账号：1602001234567", "1602001234567"),
    ],
)
def test_bank_accounts_are_removed(text, number):
    assert found(text) == [("bank_account", number, MARKER)]


@pytest.mark.parametrize("text", [f"编号{BAD_CARD_19}", "合同编号1602001234567", f"统一社会信用代码{CARD_19[:18]}"])
def test_what_is_not_a_bank_account(text):
    assert [r for r in found(text) if r[0] == "bank_account"] == []


# --- licence plates and property certificates ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("车牌号鲁A12345的", "鲁A12345"),
        ("鲁P·3B456", "鲁P·3B456"),
        ("车牌号为鲁AD12345的新能源车", "鲁AD12345"),
        ("鲁A12345F", "鲁A12345F"),
        ("京B1234学", "京B1234学"),
        ("粤Z1234港", "粤Z1234港"),
    ],
)
def test_licence_plates_are_removed(text, plate):
    assert found(text) == [("licence_plate", plate, MARKER)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("证号鲁(2023)明川市不动产权第0001234号", "鲁(2023)明川市不动产权第0001234号"),
        ("不动产权证书（鲁（2022）临江区不动产权第12号）", "鲁（2022）临江区不动产权第12号"),
        ("鲁（2022）临江区不动产证明第0000034号", "鲁（2022）临江区不动产证明第0000034号"),
        ("房产证：房权证临字第123号", "房权证临字第123号"),
        ("证号：明房权证临江字第00123号", "明房权证临江字第00123号"),
        ("土地证号：临国用（2010）第123号", "临国用（2010）第123号"),
        ("不动产权证号：A123456", "A123456"),
    ],
)
def test_property_certificate_numbers_are_removed(text, number):
    assert found(text) == [("property_certificate", number, MARKER)]


# --- names -----------------------------------------------------------------------------------

WANG = KnownParty("王小明", "person")
LI = KnownParty("李四", "person")
OUYANG = KnownParty("欧阳娜娜", "person")


@pytest.mark.parametrize(
    ("text", "parties", "expected"),
    [
        # the party list: every occurrence of the full name …
        ("王小明诉称，王小明的房屋被拆除。", [WANG], [("person_name", "王小明", "王某")] * 2),
        # … and of the given name alone when it has two characters or more
        ("王小明称，小明的父亲也在场。", [WANG], [("person_name", "王小明", "王某"), ("person_name", "小明", "王某")]),
        (
            "欧阳娜娜说，娜娜去了。",
            [OUYANG],
            [("person_name", "欧阳娜娜", "欧阳某"), ("person_name", "娜娜", "欧阳某")],
        ),
        # a one-character given name is never matched alone
        ("李四说四个人都在。", [LI], [("person_name", "李四", "李某")]),
        ("阿卜杜拉·买买提说", [KnownParty("阿卜杜拉·买买提", "person")], [("person_name", "阿卜杜拉·买买提", "阿某")]),
        ("John Smith signed; Smith left.", [KnownParty("John Smith", "person")], [("person_name", "John Smith", "J")]),
        # a party's name is masked whatever its surname
        ("佘太君到庭", [KnownParty("佘太君", "person")], [("person_name", "佘太君", "佘某")]),
        # organisations of the party list
        (
            "原告明川市恒达房地产开发有限公司不服",
            [KnownParty("明川市恒达房地产开发有限公司", "organisation")],
            [("company_name", "明川市恒达房地产开发有限公司", "明川市某房地产开发有限公司")],
        ),
    ],
)
def test_names_from_the_party_list(text, parties, expected):
    replacements = find_replacements(text, parties)
    assert [(r.rule, r.original, r.replacement) for r in replacements] == expected
    assert {r.confidence for r in replacements} == {"party_list"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("原告王小明不服被告作出的决定", [("王小明", "王某")]),
        ("原告：李四，男，1980年出生", [("李四", "李某")]),
        ("准许原告王芳撤回起诉。", [("王芳", "王某")]),
        ("驳回原告王芳的诉讼请求。", [("王芳", "王某")]),
        ("原告王芳与被告", [("王芳", "王某")]),
        ("原告王芳和被告", [("王芳", "王某")]),
        ("上诉人（原审原告）王小明不服", [("王小明", "王某")]),
        ("委托诉讼代理人欧阳娜娜，律师", [("欧阳娜娜", "欧阳某")]),
        ("法定代表人：张建国，局长。", [("张建国", "张某")]),  # the name goes, the public title stays
        ("原告王小明、李四、张三诉被告", [("王小明", "王某"), ("李四", "李某"), ("张三", "张某")]),
        ("原告 王小明 不服", [("王小明", "王某")]),
        ("经审理查明，王建国，男，1960年出生", [("王建国", "王某")]),
        ("赵丽（女，1990年出生）", [("赵丽", "赵某")]),
        ("证人约翰·史密斯出庭作证", [("约翰·史密斯", "约某")]),
        ("第三人阿卜杜拉·买买提不服", [("阿卜杜拉·买买提", "阿某")]),
        ("第三人买买提·阿不都热合曼，男", [("买买提·阿不都热合曼", "买某")]),
        ("委托代理人：John Smith，美国公民", [("John Smith", "J")]),
        # a name found once is masked wherever it occurs
        ("原告张三诉称……张三认为，张三丰不在。", [("张三", "张某"), ("张三", "张某"), ("张三", "张某")]),
    ],
)
def test_names_found_by_pattern(text, expected):
    replacements = find_replacements(text)
    assert [(r.original, r.replacement) for r in replacements] == expected
    assert {(r.rule, r.confidence) for r in replacements} == {("person_name", "pattern")}


@pytest.mark.parametrize("surname", corpus.SURNAMES)
def test_the_pattern_knows_the_demo_surnames(surname):
    assert found(f"原告{surname}建国不服") == [("person_name", f"{surname}建国", f"{surname}某")]


@pytest.mark.parametrize(
    "text",
    [
        "原告王，男",  # a one-character "name" is never matched by pattern
        "原告王某不服",  # already masked
        "被告王某某",
        "原告认为",
        "原告向本院提起诉讼",
        "被告向原告送达",
        "原告方面认为",
        "被告程序违法",
        "被告江北区人民政府",
        "被告于2024年作出",
        "审判长李立新 审判员王芳 书记员张三",  # court staff keep their names
        "法定代表人身份证明书",
        "第三人明川市恒达房地产开发有限公司",
    ],
)
def test_what_is_not_a_person_name(text):
    assert [r for r in found(text) if r[0] == "person_name"] == []


def test_persons_with_the_same_surname_are_numbered_by_first_appearance():
    text = "原告王小明与第三人王芳因房屋买卖发生纠纷。王芳称，王小明未付款；小明否认。王建国，男，系证人。"
    replacements = find_replacements(text, [WANG])
    masks = {r.original: r.replacement for r in replacements}
    assert masks == {"王小明": "王某1", "小明": "王某1", "王芳": "王某2", "王建国": "王某3"}
    assert (
        apply(text, replacements)
        == "原告王某1与第三人王某2因房屋买卖发生纠纷。王某2称，王某1未付款；王某1否认。王某3，男，系证人。"
    )


def test_the_numbering_is_deterministic_and_only_for_shared_masks():
    text = "原告王小明、李四与第三人王芳"
    assert [r.replacement for r in find_replacements(text)] == ["王某1", "李某", "王某2"]
    assert find_replacements(text) == find_replacements(text)


def test_the_duplicate_suffixes_come_from_the_yaml(monkeypatch):
    monkeypatch.setattr(redaction._rules(), "duplicate_suffixes", ["甲", "乙"])
    text = "原告王小明、王芳、王建国"
    assert [r.replacement for r in find_replacements(text)] == ["王某甲", "王某乙", "王某3"]


# --- company names by pattern ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "masked"),
    [
        ("原告明川市恒达房地产开发有限公司诉被告", "明川市恒达房地产开发有限公司", "明川市某房地产开发有限公司"),
        ("第三人明川市恒达房地产开发有限公司", "明川市恒达房地产开发有限公司", "明川市某房地产开发有限公司"),
        ("（以下简称恒达公司）", "恒达公司", "某公司"),
        ("被告对临江区老王餐饮店作出处罚", "临江区老王餐饮店", "临江区某餐饮店"),
        ("原告：明川市红星机械厂，住所地", "明川市红星机械厂", "明川市某机械厂"),
        ("与临江区丰收农民专业合作社签订", "临江区丰收农民专业合作社", "临江区某农民专业合作社"),
    ],
)
def test_company_names_found_by_pattern(text, name, masked):
    assert found(text) == [("company_name", name, masked)]


@pytest.mark.parametrize(
    "text",
    [
        "该公司",
        "涉案公司",
        "上述公司",
        "保险公司",
        "物业公司",
        "被告对原告经营的饭店进行检查",
        "拆除了厂房",
        "两家公司",
    ],
)
def test_what_is_not_a_company_name(text):
    assert found(text) == []


def test_agencies_of_the_party_list_are_never_masked():
    agency = KnownParty("明川市城市建设投资集团有限公司", "agency")
    text = "被告明川市城市建设投资集团有限公司作出的决定；第三人明川市恒达房地产开发有限公司"
    assert found(text, [agency]) == [("company_name", "明川市恒达房地产开发有限公司", "明川市某房地产开发有限公司")]


# --- what must not break -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "（2024）鲁0102行初123号",
        "（2023）鲁15行终45号",
        "(2024)鲁1503行初7号",
        "依照《中华人民共和国行政诉讼法》第六十九条、第七十条第（一）项之规定",
        "《中华人民共和国行政处罚法》第三十三条第一款",
        "二〇二四年五月二十日",
        "2024年5月20日",
        "2024-05-20",
        "罚款人民币50000元",
        "赔偿损失人民币12,000,000.00元",
        "共计1234567890123元",
        "临江区自然资源和规划局",
        "临江区城关街道办事处",
        "明川市临江区人民法院",
        "山东省高级人民法院",
        "公民身份号码：",
        "临政发〔2020〕23号",
        "《政府信息公开申请答复书》（临自然资公开〔2023〕5号）",
        "本院认为，被告作出的行政处罚决定事实清楚，证据确凿。",
        "山东明理律师事务所律师",
        "中国工商银行明川支行",
    ],
)
def test_what_redaction_leaves_alone(text):
    assert find_replacements(text) == []


# --- the whole text ----------------------------------------------------------------------------

JUDGMENT = f"""原告王小明，男，1980年1月1日出生，汉族，住明川市临江区幸福路88号3栋2单元501室，公民身份号码{VALID_ID}，联系电话138-1234-5678。
委托诉讼代理人欧阳娜娜，山东明理律师事务所律师。
被告明川市临江区自然资源和规划局，住所地明川市临江区府前街1号。法定代表人张建国，局长。
第三人明川市恒达房地产开发有限公司，住所地明川市临江区人民路1号。法定代表人王芳，该公司经理。
第三人阿卜杜拉·买买提，男，维吾尔族，住明川市临江区光明路3号。证人John Smith到庭作证。
原告王小明不服被告颁发给第三人的不动产权证书（鲁（2023）临江区不动产权第0001234号），于2024年3月5日向本院提起行政诉讼，本院于同日受理，案号（2024）鲁1503行初123号。
经审理查明，小明向恒达公司支付购房款人民币120000元，转入账号{CARD_19}，开户行中国工商银行明川支行。
原告所有的车牌号为鲁A12345的车辆及鲁AD12345新能源车停放于该处。原告另持有房权证临字第123号房产证，其座机0531-88886666。
依照《中华人民共和国行政诉讼法》第六十九条之规定，判决如下：驳回原告王小明的诉讼请求。
审判长　李立新"""

ORIGINALS = [
    "王小明", "小明", "幸福路88号", "501室", VALID_ID, "138-1234-5678", "欧阳娜娜", "张建国", "恒达", "王芳",
    "阿卜杜拉", "买买提", "光明路3号", "John", "Smith", "0001234号", CARD_19, "鲁A12345", "鲁AD12345", "临字第123号",
    "88886666",
]  # fmt: skip
KEPT = [
    "（2024）鲁1503行初123号", "《中华人民共和国行政诉讼法》第六十九条", "明川市临江区自然资源和规划局", "2024年3月5日",
    "人民币120000元", "山东明理律师事务所", "中国工商银行明川支行", "住明川市临江区，", "公民身份号码×××", "局长", "审判长　李立新",
    "第三人明川市某房地产开发有限公司", "法定代表人王某2", "阿某", "证人J到庭",
]  # fmt: skip
PARTIES = [WANG, KnownParty("临江区自然资源和规划局", "agency")]


def test_a_judgment_keeps_none_of_the_originals():
    text = redacted(JUDGMENT, PARTIES)
    assert [original for original in ORIGINALS if original in text] == []
    assert [kept for kept in KEPT if kept not in text] == []


def test_a_judgment_without_its_party_list_keeps_none_of_the_originals():
    text = redacted(JUDGMENT)
    assert [original for original in ORIGINALS if original in text] == []


def test_every_replacement_is_in_place_sorted_and_cited():
    rules = yaml.safe_load(redaction.DATA.read_text(encoding="utf-8"))["rules"]
    replacements = find_replacements(JUDGMENT, PARTIES)
    assert {r.rule for r in replacements} == set(redaction.RULE_ORDER)
    for before, after in zip(replacements, replacements[1:], strict=False):
        assert before.end <= after.start
    for r in replacements:
        assert JUDGMENT[r.start : r.end] == r.original
        assert r.source == rules[r.rule]["source"]
        assert r.confidence in ("party_list", "pattern")


@pytest.mark.parametrize("spec", corpus.build_corpus(), ids=lambda spec: spec.case_number)
def test_the_demo_documents_keep_no_party_name(spec):
    documents = [texts.complaint(spec), texts.statement_of_defence(spec)]
    if spec.outcome:
        documents.append(texts.judgment(spec))
    names = [party.name for party in spec.parties if party.kind != "agency"]
    for document in documents:
        text = redacted("\n".join([*document.paragraphs, document.issuer]))
        assert [name for name in names if name in text] == []


# --- apply -----------------------------------------------------------------------------------------


def test_apply_writes_only_the_accepted_replacements():
    text = "原告王小明，联系电话13812345678。"
    name, phone = find_replacements(text)
    assert apply(text, [phone]) == "原告王小明，联系电话×××。"
    assert apply(text, [name]) == "原告王某，联系电话13812345678。"
    assert apply(text, []) == text


def test_a_reviewer_adds_his_own_replacements():
    text = "原告王小明的邻居小芳作证。"
    added = manual_replacement(text, 8, 10, "小某")
    assert (added.original, added.rule, added.confidence) == ("小芳", "manual", "manual")
    assert apply(text, [*find_replacements(text), added]) == "原告王某的邻居小某作证。"
    assert apply(text, [manual_replacement(text, 8, 10)]) == "原告王小明的邻居×××作证。"


def test_apply_refuses_overlapping_or_stale_replacements():
    text = "原告王小明不服"
    name = find_replacements(text)[0]
    with pytest.raises(ValueError, match="overlapping"):
        apply(text, [name, Replacement(3, 6, "小明不", "×", "manual", "", "manual")])
    with pytest.raises(ValueError, match="does not match"):
        apply("原告李小明不服", [name])


# --- the rules as data ------------------------------------------------------------------------------


def test_every_rule_cites_its_source():
    rules = yaml.safe_load(redaction.DATA.read_text(encoding="utf-8"))["rules"]
    assert set(redaction.RULE_ORDER) <= set(rules)
    for code, rule in rules.items():
        assert "法释〔2016〕19号" in rule["source"], code


def test_demo_given_names_hold_no_stop_character():
    stop = yaml.safe_load(redaction.DATA.read_text(encoding="utf-8"))["stop_chars"]
    assert set(corpus.GIVEN) & set(stop) == set()
