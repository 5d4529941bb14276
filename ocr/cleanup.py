"""Tidying recognised Chinese text.

Tesseract reads Chinese punctuation as its ASCII look-alikes (，→, ：→: （→()
and the numeral 〇 in dates as a Latin O, and it puts spaces between Chinese
characters and around numbers. In Chinese text those are the full-width forms
and no spaces, so they are restored wherever Chinese surrounds them; Latin
words keep their spaces.
"""

import re

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # 〇 is not in the unified block
CHINESE_PUNCTUATION = "，。、；：？！（）《》〈〉“”‘’【】〔〕…—"
CHINESE = HAN + CHINESE_PUNCTUATION
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
NUMERALS = "〇一二三四五六七八九十"

RULES = [
    # 〇 read as O, Q, C, D or 0 between Chinese numerals (dates: 二〇二四年).
    (re.compile(rf"(?<=[{NUMERALS}])[ \t]*[OoQCD0][ \t]*(?=[{NUMERALS}年])"), "〇"),
    # A short parenthesised run next to Chinese: (2024)鲁1503…, 第(一)项.
    (re.compile(rf"\(([^()（）\n]{{1,12}})\)[ \t]*(?=[{CHINESE}])"), r"（\1）"),
    (re.compile(rf"(?<=[{CHINESE}])[ \t]*\(([^()（）\n]{{1,12}})\)"), r"（\1）"),
    # Punctuation after or before a Chinese character.
    (re.compile(rf"(?<=[{HAN}])[ \t]*([,:;!?)])"), lambda m: FULL_WIDTH[m.group(1)]),
    (re.compile(rf"([,:;!?(])[ \t]*(?=[{HAN}])"), lambda m: FULL_WIDTH[m.group(1)]),
    # Half-converted pairs.
    (re.compile(r"\(([^()（）\n]{1,12})）"), r"（\1）"),
    (re.compile(r"（([^()（）\n]{1,12})\)"), r"（\1）"),
    # No spaces inside Chinese, nor between Chinese and numbers.
    (re.compile(rf"(?<=[{CHINESE}])[ \t\u3000]+(?=[{CHINESE}0-9])"), ""),
    (re.compile(rf"(?<=[0-9])[ \t\u3000]+(?=[{CHINESE}])"), ""),
]


def tidy(text):
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")
