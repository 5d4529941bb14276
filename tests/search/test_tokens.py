"""How text becomes tokens, and queries become terms: the rules every backend shares."""

import pytest

from search import tokens
from search.query import MAX_QUERY_CHARS, MAX_TERM_CHARS, MAX_TERMS, parse


def test_chinese_runs_become_overlapping_pairs_and_their_last_character():
    assert tokens.index_tokens("法院诉讼") == ["法院", "院诉", "诉讼", "讼"]
    assert tokens.index_tokens("税") == ["税"]


def test_latin_words_and_numbers_are_words_in_lower_case():
    assert tokens.index_tokens("PDF文件 Version 2.0") == ["pdf", "文件", "件", "version", "2", "0"]


def test_full_width_letters_digits_and_brackets_fold_to_half_width():
    assert tokens.index_tokens("（２０２４）ＡＢＣ") == tokens.index_tokens("(2024)abc") == ["2024", "abc"]


def test_line_ends_inside_chinese_text_are_layout_not_word_breaks():
    assert tokens.index_tokens("房屋征\n收决定") == tokens.index_tokens("房屋征收决定")
    assert tokens.index_tokens("征收 决定") == tokens.index_tokens("征收决定")


def test_punctuation_ends_a_run():
    assert tokens.index_tokens("法院，征收") == ["法院", "院", "征收", "收"]


def test_pages_and_fields_are_kept_apart_by_a_boundary():
    assert tokens.index_texts(["法院", "征收"]) == f"法院 院 {tokens.BOUNDARY} 征收 收"


def test_fold_with_offsets_maps_every_folded_character_back():
    text = "ＡＢ（法院）…ⅱ"
    folded, offsets = tokens.fold_with_offsets(text)
    assert folded == tokens.fold(text) == "ab(法院)...ii"
    assert len(offsets) == len(folded) + 1
    assert text[offsets[folded.index("法")]] == "法"
    assert offsets[-1] == len(text)


@pytest.mark.parametrize(
    "word, expected, prefix",
    [
        ("法院", ["法院"], False),
        ("房屋征收", ["房屋", "屋征", "征收"], False),
        # A run that ends inside the word ends in the text too.
        ("行初123", ["行初", "初", "123"], False),
        # A word ending in one Chinese character: any token starting with it.
        ("税", ["税"], True),
        ("a股", ["a", "股"], True),
        ("鲁1503", ["鲁", "1503"], False),
    ],
)
def test_query_words_follow_the_index_tokens(word, expected, prefix):
    assert tokens.query_tokens(tokens.fold(word)) == (expected, prefix)


def test_words_are_anded_and_quotes_keep_a_phrase():
    query = parse('征收 "房屋 补偿" 决定')
    assert [term.text for term in query.clauses[0].terms] == ["征收", "房屋补偿", "决定"]
    assert query.clauses[0].terms[1].tokens == ("房屋", "屋补", "补偿")


def test_or_not_and_minus():
    query = parse("征收 OR 拆迁 -违法 NOT 赔偿")
    assert len(query.clauses) == 2
    assert [t.text for t in query.clauses[0].terms] == ["征收"]
    assert [t.text for t in query.clauses[1].terms] == ["拆迁"]
    assert [t.text for t in query.clauses[1].excluded] == ["违法", "赔偿"]
    # Lower-case "or" is a word.
    assert len(parse("a or b").clauses) == 1


@pytest.mark.parametrize(
    "written",
    [
        "（2024）鲁1503行初12号",
        "〔2024〕鲁1503行初12号",
        "[2024]鲁1503行初12号",
        "2024鲁1503行初12号",
        "（２０２４）鲁１５０３行初１２号",
    ],
)
def test_case_numbers_in_any_style_are_recognised(written):
    query = parse(f"查 {written} 判决")
    assert query.case_numbers == ("(2024)鲁1503行初12号",)
    first, number, last = query.terms
    assert (first.text, last.text) == ("查", "判决")
    assert number.tokens == ("2024", "鲁", "1503", "行初", "初", "12", "号")


@pytest.mark.parametrize(
    "text",
    ['" * : ( ) NEAR AND OR -', "'; DROP TABLE casefiles_casefile; --", '"""', "((((", "-", "NOT", "*征收*", "\x00"],
)
def test_operators_quotes_and_sql_are_plain_text(text):
    query = parse(text)
    for term in query.terms + query.excluded_terms:
        assert all(token.isalnum() for token in term.tokens)


def test_an_empty_query_is_empty():
    assert parse("").is_empty and parse("   ").is_empty and parse("（）【】").is_empty


def test_a_very_long_query_is_cut_with_a_notice():
    query = parse("征" * 10_000)
    assert query.terms[0].runs == ("征" * MAX_TERM_CHARS,)
    assert len(query.notices) == 2
    many = parse(" ".join(f"词{i}" for i in range(100)))
    assert len(many.terms) == MAX_TERMS
    assert len(many.text) <= MAX_QUERY_CHARS


@pytest.mark.parametrize(
    "text",
    [
        "依据（2023）鲁1503行初77号判决",
        "依据〔２０２３〕鲁1503行初77号判决",
        "依据[2023]鲁1503行\n初77号判决",
        "2023鲁1503行初77号",
    ],
)
def test_a_case_number_in_text_is_also_one_token_of_its_own(text):
    indexed = tokens.index_tokens(text)
    assert indexed[-2:] == [tokens.BOUNDARY, "zzcase2023鲁1503行初77号"]
    assert "1503" in indexed and "行初" in indexed  # its pieces are tokens too


def test_a_case_number_in_a_query_is_matched_by_its_own_token():
    (term,) = parse("〔2023〕鲁1503行初77号").clauses[0].terms
    assert term.number == "zzcase2023鲁1503行初77号"
    assert term.runs == ("2023", "鲁", "1503", "行初", "77", "号")  # highlighted as written
    (plain,) = parse("行初77号").clauses[0].terms
    assert plain.number == ""


def test_a_line_end_between_digits_parts_them():
    assert tokens.case_number_tokens("(2023)鲁1503行初7\n7号") == []
