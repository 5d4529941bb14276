import pytest
from django.core.exceptions import ValidationError

from casefiles import case_numbers

# Every way people write the same case number.
SAME = [
    "（2024）鲁1503行初123号",
    "(2024)鲁1503行初123号",
    "〔2024〕鲁1503行初123号",
    "[2024]鲁1503行初123号",
    "【2024】鲁1503行初123号",
    "［２０２４］鲁１５０３行初１２３号",
    "（２０２４）鲁1503行初0123号",
    " （2024） 鲁1503 行初 123 号 ",
    "﹝2024﹞鲁1503行初123号",
]


@pytest.mark.parametrize("written", SAME)
def test_bracket_and_width_variants_compare_equal(written):
    assert case_numbers.parse(written).key == "(2024)鲁1503行初123号"
    assert case_numbers.canonical(written) == "（2024）鲁1503行初123号"


@pytest.mark.parametrize(
    "written, year, court, kind, instance",
    [
        ("（2024）鲁1503行初123号", 2024, "鲁1503", "行初", "first"),
        ("（2023）鲁15行终7号", 2023, "鲁15", "行终", "appeal"),
        ("（2022）鲁行再3号", 2022, "鲁", "行再", "retrial"),
        ("（2021）最高法行申1234号", 2021, "最高法", "行申", "retrial"),
        ("（2020）京0101行赔初5号", 2020, "京0101", "行赔初", "first"),
        ("（2024）鲁1503行审12号", 2024, "鲁1503", "行审", None),
    ],
)
def test_parts_are_parsed(written, year, court, kind, instance):
    number = case_numbers.parse(written)
    assert (number.year, number.court_code, number.kind, number.instance) == (year, court, kind, instance)


@pytest.mark.parametrize(
    "written",
    [
        "",
        "   ",
        "2024鲁1503行初123号",
        "（24）鲁1503行初123号",
        "（2024）鲁1503行初号",
        "（2024）行初123号",
        "（2024）鲁1503行初123",
        "abc",
        "（2024）鲁1503行初123号；DROP TABLE",
        "（2024）1503行初12号",
    ],
)
def test_malformed_case_numbers_are_refused_in_chinese(written):
    with pytest.raises(ValidationError) as error:
        case_numbers.parse(written)
    message = error.value.messages[0]
    assert "案号" in message
