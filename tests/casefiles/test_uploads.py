"""File inspection: the type comes from the bytes; bad files get a clear message."""

import io

import pytest
from django.core.exceptions import ValidationError

from casefiles import uploads
from tests import files


def inspect(data, name):
    return uploads.inspect(io.BytesIO(data), name)


@pytest.mark.parametrize(
    "maker, name, file_type, pages",
    [
        (files.text_pdf, "起诉状.pdf", "pdf", 1),
        (files.scan_pdf, "起诉状扫描.PDF", "pdf", 1),
        (files.png, "通知书.png", "png", 1),
        (files.jpeg, "通知书.jpg", "jpeg", 1),
        (files.jpeg, "通知书.jpeg", "jpeg", 1),
        (files.tiff, "通知书.tif", "tiff", 2),
        (files.owner_only_encrypted_pdf, "受限.pdf", "pdf", 1),
    ],
)
def test_accepted_files_are_described(maker, name, file_type, pages):
    result = inspect(maker(), name)
    assert (result.file_type, result.page_count, result.filename) == (file_type, pages, name)
    assert len(result.sha256) == 64


def test_a_file_without_extension_gets_the_right_one():
    assert inspect(files.png(), "扫描件").filename == "扫描件.png"


@pytest.mark.parametrize(
    "data, name, code, words",
    [
        (b"", "空.pdf", "empty", "是空的"),
        (files.docx_like(), "答辩状.docx", "unsupported_type", "不是 PDF、JPEG、PNG 或 TIFF"),
        (files.docx_like(), "答辩状.pdf", "unsupported_type", "不是 PDF、JPEG、PNG 或 TIFF"),
        (files.html_named_pdf(), "判决书.pdf", "unsupported_type", "不是 PDF、JPEG、PNG 或 TIFF"),
        (files.png(), "判决书.pdf", "mislabelled", "实际上是 PNG"),
        (files.text_pdf(), "判决书.jpg", "mislabelled", "实际上是 PDF"),
        (files.corrupt_pdf(), "损坏.pdf", "corrupt", "已损坏"),
        (files.truncated_pdf(), "截断.pdf", "corrupt", "已损坏"),
        (files.truncated_jpeg(), "截断.jpg", "corrupt", "已损坏"),
        (files.encrypted_pdf(), "加密.pdf", "encrypted", "密码"),
        (files.zero_page_pdf(), "空白.pdf", "no_pages", "没有页面"),
        (files.gigapixel_png(), "巨图.png", "too_many_pixels", "像素"),
    ],
)
def test_bad_files_are_refused_with_a_chinese_reason(data, name, code, words):
    with pytest.raises(ValidationError) as error:
        inspect(data, name)
    assert error.value.code == code
    assert words in error.value.messages[0]
    assert name in error.value.messages[0]


def test_files_over_the_size_limit_are_refused(settings):
    settings.ANJUAN_MAX_UPLOAD_MB = 1
    data = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)
    with pytest.raises(ValidationError) as error:
        inspect(data, "大文件.pdf")
    assert error.value.code == "too_large"
    assert "1 MB" in error.value.messages[0]
