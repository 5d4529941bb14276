"""Highlights mark exactly what the index matched."""

from search.highlight import Highlighter
from search.query import parse

TEXT = "明川市临江区人民法院\n行政判决书（2024）鲁1503行初12号\n原告张建国诉被告房屋征\n收决定一案。ＰＤＦ、pdfa。税务"


def marked(query, text=TEXT):
    return Highlighter(parse(query).terms).mark(text)


def marks(query, text=TEXT):
    import re

    return re.findall(r"<mark>(.*?)</mark>", str(marked(query, text)), flags=re.S)


def test_a_two_character_word_inside_a_longer_run():
    assert marks("法院") == ["法院"]


def test_a_phrase_broken_by_a_line_end_is_marked_whole():
    assert marks("房屋征收") == ["房屋征\n收"]


def test_a_case_number_in_another_style():
    assert marks("〔2024〕鲁1503行初12号") == ["2024）鲁1503行初12号"]


def test_latin_words_whole_and_in_any_width():
    assert marks("pdf") == ["ＰＤＦ"]
    assert marks("pd") == []


def test_a_single_character_anywhere():
    assert marks("税") == ["税"]


def test_pieces_are_marked_when_the_whole_phrase_is_not_there():
    # Every pair of 征收决定征收 is in the text, but not in that order.
    assert marks("征收决定征收", "定征。征收决定") == ["定征", "征收决定"]


def test_nothing_is_marked_for_words_not_there():
    assert marks("飞机") == []


def test_html_in_the_text_is_escaped():
    assert str(marked("法院", "<b>法院</b>")) == "&lt;b&gt;<mark>法院</mark>&lt;/b&gt;"


def test_snippets_centre_on_the_matches():
    text = "前" * 300 + "征收决定" + "后" * 300
    (snippet,) = Highlighter(parse("征收").terms).snippets(text)
    assert "<mark>征收</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 120
