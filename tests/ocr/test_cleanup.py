import pytest

from ocr.cleanup import tidy


@pytest.mark.parametrize(
    "read, tidied",
    [
        ("(2023) 鲁 1503 行初 13 号", "（2023）鲁1503行初13号"),
        ("临江区市场监督管理局 :", "临江区市场监督管理局："),
        ("原告 , 男 , 1968 年", "原告，男，1968年"),
        ("依照 《 中华人民共和国行政诉讼法 》 第六十七条", "依照《中华人民共和国行政诉讼法》第六十七条"),
        ("于二 O 二三年三月", "于二〇二三年三月"),
        ("二〇二Q年", "二〇二〇年"),
        ("请于二 〇 二三年三月二十六日前", "请于二〇二三年三月二十六日前"),
        ("证据1 : 现场照片 (共3张)", "证据1：现场照片（共3张）"),
        # Latin text keeps its spaces and punctuation.
        ("Case No. 12, see PDF file (draft)", "Case No. 12, see PDF file (draft)"),
        ("上传 PDF 文件", "上传 PDF 文件"),
        ("第一行  \n\n第二行 ", "第一行\n\n第二行"),
    ],
)
def test_tidy(read, tidied):
    assert tidy(read) == tidied
