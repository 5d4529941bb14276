"""The volume (卷宗): generated at archiving, its PDFs read back with pypdf, its order, damaged files."""

import datetime
import io
import re

import pypdf
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from PIL import Image

from archive import workflow
from archive.models import ArchivingSubmission, Part, VolumeState
from archive.volume import binding, order, service, sheets
from casefiles import tree
from casefiles.demo import fonts
from casefiles.models import CaseDocument, Filing, FilingType
from casefiles.models.documents import store_document
from tests import files

pytestmark = pytest.mark.django_db

COURT = "明川市临江区人民法院"
LAND = "临江区自然资源和规划局"


def pdf_of(volume, part):
    with volume.file(part).file.open("rb") as stored:
        return pypdf.PdfReader(io.BytesIO(stored.read()))


def compact(reader):
    """The text of every page, whitespace removed (table cells wrap inside their column)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def real_pages(document):
    """Count a stored file's pages here, independently of the code under test."""
    with document.file.open("rb") as stored:
        data = stored.read()
    if data.startswith(b"%PDF"):
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    return getattr(Image.open(io.BytesIO(data)), "n_frames", 1)


def one(case_file, title):
    return Filing.objects.child_of(case_file).get(title=title)


@pytest.fixture
def rich_case(world, closed_case):
    """A complete case file with documents of most kinds, several files per page, images and an unfiled scan."""
    case_file = closed_case()
    complaint = one(case_file, "起诉状副本")
    store_document(case_file, io.BytesIO(files.text_pdf("起诉状附件")), "附件.pdf", page=complaint, title="起诉状附件")
    tree.add_filing(
        case_file,
        title="举证通知书",
        filing_type="notice_of_evidence",
        document_date=datetime.date(2024, 3, 1),
        files=[("举证通知书.pdf", files.text_pdf("举证通知书"))],
    )
    tree.add_filing(
        case_file,
        title="开庭传票",
        filing_type="summons",
        document_number="（2024）鲁1503行初1号",
        issuing_body=COURT,
        document_date=datetime.date(2024, 5, 10),
        files=[("传票.pdf", files.text_pdf("开庭传票"))],
    )
    tree.add_filing(
        case_file, title="庭审笔录", filing_type="hearing_transcript", files=[("笔录.tif", files.tiff(pages=2))]
    )
    tree.add_filing(
        case_file,
        title="送达回证（判决书）",
        filing_type="proof_of_service",
        document_date=datetime.date(2024, 9, 6),
        files=[("回证2.pdf", files.text_pdf("送达回证（判决书）"))],
    )
    tree.add_filing(
        case_file,
        title="结案报告",
        filing_type="closing_report",
        document_date=datetime.date(2024, 10, 8),
        files=[("结案报告.pdf", files.text_pdf("结案报告"))],
    )
    # The evidence follows the list's items, not the order the files were uploaded in.
    tree.add_evidence_list(
        case_file,
        title="证据目录（二）",
        items=[{"name": "征收公告", "file": 2}, {"name": "现场照片", "source": "区征收办", "file": 1}],
        files=[("目录二.pdf", files.text_pdf("证据目录（二）")), ("照片.png", files.png()), ("公告.jpg", files.jpeg())],
    )
    store_document(case_file, io.BytesIO(files.text_pdf("情况说明")), "情况说明.pdf", title="情况说明")
    return case_file


# (序号 is the position) 文号, 责任者, 题名, 日期 — in the standard order of the volume.
RICH_ORDER = [
    ("", "张某", "起诉状副本", ""),
    ("", "张某", "起诉状副本（起诉状附件）", ""),
    ("", COURT, "应诉通知书", ""),
    ("", COURT, "举证通知书", "20240301"),
    ("", LAND, "答辩状", ""),
    ("", LAND, "证据目录", ""),
    ("", LAND, "证据目录（二）", ""),
    ("", LAND, "征收公告", ""),
    ("", "区征收办", "现场照片", ""),
    ("", LAND, "法定代表人身份证明书", ""),
    ("", LAND, "出庭应诉负责人身份证明", ""),
    ("", LAND, "授权委托书", ""),
    ("（2024）鲁1503行初1号", COURT, "开庭传票", "20240510"),
    ("", COURT, "庭审笔录", ""),
    ("", COURT, "行政判决书", "20240905"),
    ("", COURT, "送达回证（判决书）", "20240906"),
    ("", COURT, "送达回证", ""),
    ("", LAND, "结案报告", "20241008"),
    ("", "", "情况说明", ""),
]


def test_archiving_generates_the_volume_in_order_with_continuous_page_numbers(world, rich_case, archive_now):
    volume = archive_now(rich_case)
    assert volume.state == VolumeState.READY, volume.failure
    code = rich_case.archival_code.code
    assert code == "J023-2024-D30-0001"

    # Every stored file has one page but the transcript, a two-page TIFF: counted here from the files themselves.
    counts = sorted(real_pages(document) for document in CaseDocument.objects.filter(case_file=rich_case))
    assert counts == [1] * (len(RICH_ORDER) - 1) + [2]
    pages_of = {title: 2 if title == "庭审笔录" else 1 for _n, _r, title, _d in RICH_ORDER}
    registered = timezone.localtime(rich_case.first_published_at).date().strftime("%Y%m%d")
    expected = [("1", "", LAND, "行政应诉案件登记表", registered, "1", "系统生成")]
    page = 2
    for number, (document_number, responsible, title, date) in enumerate(RICH_ORDER, 2):
        last = page + pages_of[title] - 1
        pages = str(page) if last == page else f"{page}-{last}"
        expected.append((str(number), document_number, responsible, title, date, pages, ""))
        page = last + 1
    total = page - 1
    assert (volume.item_count, volume.page_count) == (len(expected), total)

    index = compact(pdf_of(volume, Part.INDEX))
    assert index.startswith(f"卷内目录档号：{code}序号文号责任者题名日期页号备注")
    position = 0
    for row in expected:
        found = index.find("".join(row), position)
        assert found >= position, f"row {row} not found after position {position}"
        position = found + len("".join(row))

    cover = compact(pdf_of(volume, Part.COVER))
    for label, value in [
        ("全宗名称", LAND),
        ("类目名称", "行政应诉"),
        ("案卷题名", rich_case.title),
        ("案号", rich_case.case_number),
        ("起止日期", "2024年3月1日至2024年10月8日"),
        ("保管期限", "30年（D30）"),
        ("件数", str(len(expected))),
        ("页数", str(total)),
        ("档号", code),
    ]:
        assert label + value in cover, label

    note = compact(pdf_of(volume, Part.NOTE))
    assert f"本卷共有文件材料{len(expected)}件，共{total}页" in note
    assert "缺少的材料：无" in note and "损坏或无法读取的材料：无" in note
    assert "立卷人officer_land" in note and "检查人archivist_land" in note

    # The combined volume: cover, index, the numbered pages, note; each numbered page carries its number.
    combined = pdf_of(volume, Part.VOLUME)
    cover_pages, index_pages = volume.file(Part.COVER).page_count, volume.file(Part.INDEX).page_count
    note_pages = volume.file(Part.NOTE).page_count
    assert (cover_pages, note_pages) == (1, 1)
    front = cover_pages + index_pages
    assert len(combined.pages) == front + total + note_pages == volume.file(Part.VOLUME).page_count
    texts = [page.extract_text() for page in combined.pages]
    assert compact_text(texts[0]).startswith(f"档号：{code}")
    assert compact_text(texts[1]).startswith("卷内目录")
    assert compact_text(texts[-1]).startswith("卷内备考表")
    assert compact_text(texts[front]).startswith("行政应诉案件登记表")
    for number, text in enumerate(texts[front:-1], 1):
        assert text.split()[-1] == str(number)
    # The transcript's scanned pages (no text of their own) carry only their numbers, at the top right.
    transcript = int(next(row[5] for row in expected if row[3] == "庭审笔录").split("-")[0])
    for number in (transcript, transcript + 1):
        page = combined.pages[front + number - 1]
        assert page.extract_text().split() == [str(number)]
        x, y = number_position(page)
        assert x > float(page.cropbox.width) * 0.8 and y > float(page.cropbox.height) * 0.9


def compact_text(text):
    return re.sub(r"\s+", "", text)


def number_position(page):
    """Where on ``page`` its text is drawn (user space), for a page whose only text is its number."""
    spots = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            spots.append(pypdf.mult(tm, cm)[4:6])

    page.extract_text(visitor_text=visit)
    assert len(spots) == 1
    return spots[0]


def test_a_rotated_page_is_numbered_at_the_top_right_as_it_is_read():
    reader = pypdf.PdfReader(io.BytesIO(files.scan_pdf()))
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[0])
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    rotated = out.getvalue()
    body = binding.Binding([rotated])
    [(width, height)] = body.sizes
    assert width > height  # a portrait page turned a quarter is read in landscape
    forms = sheets.Forms()
    forms.add("numbers", sheets.page_numbers, [(width, height, 7)])
    bound = body.bind([], [], [], forms.render()["numbers"])
    page = pypdf.PdfReader(io.BytesIO(bound)).pages[0]
    assert page.rotation == 0
    x, y = number_position(page)
    assert x > float(page.cropbox.width) * 0.8 and y > float(page.cropbox.height) * 0.9


def reopen(world, case_file):
    workflow.reopen(ArchivingSubmission.objects.get(case_file=case_file), world.user("archivist_land"), "补充材料")


def test_damaged_locked_and_missing_files_are_listed_not_bound(world, closed_case, archive_now, client):
    case_file = closed_case()
    archive_now(case_file)
    # The four-property check seals only readable files: reopened for a correction, files are damaged after
    # they were stored (the upload checks would have refused them), and the volume is generated again.
    reopen(world, case_file)
    defence = one(case_file, "答辩状")
    for name, data in [("损坏.pdf", files.corrupt_pdf()), ("加密.pdf", files.encrypted_pdf())]:
        document = files.store_unchecked(case_file, name, data, "pdf")
        CaseDocument.objects.filter(pk=document.pk).update(page=defence)
    truncated = files.store_unchecked(case_file, "照片.jpg", files.truncated_jpeg(), "jpeg")
    lost = CaseDocument.objects.get(case_file=case_file, page=one(case_file, "授权委托书"))
    lost.file.storage.delete(lost.file.name)

    volume = service.generate(case_file, world.user("archivist_land"))
    assert volume.state == VolumeState.READY, volume.failure
    damaged = {problem["title"]: problem["reason"] for problem in volume.damaged}
    assert damaged == {
        "答辩状（损坏.pdf）": "文件“损坏.pdf”已损坏，无法读取。",
        "答辩状（加密.pdf）": "PDF 文件“加密.pdf”设有密码，无法读取。",
        "授权委托书": f"存储的文件“{lost.filename}”已缺失。",
        "照片.jpg": "文件“照片.jpg”已损坏，无法读取。",
    }
    damaged_ids = set(CaseDocument.objects.filter(title__in=["损坏.pdf", "加密.pdf"]).values_list("pk", flat=True))
    assert {problem["document"] for problem in volume.damaged} == damaged_ids | {lost.pk, truncated.pk}

    index = compact(pdf_of(volume, Part.INDEX))
    # Listed in the index without pages, with the reason in the remarks; the numbering goes on without them.
    assert "答辩状（损坏.pdf）文件损坏，未装入" in index
    assert "答辩状（加密.pdf）文件加密，未装入" in index
    assert "授权委托书文件缺失，未装入" in index
    readable = CaseDocument.objects.filter(case_file=case_file).exclude(pk__in=[p["document"] for p in volume.damaged])
    assert volume.page_count == 1 + sum(real_pages(document) for document in readable)
    combined = pdf_of(volume, Part.VOLUME)
    assert len(combined.pages) == 2 + volume.page_count + 1
    for number, page in enumerate(list(combined.pages)[2:-1], 1):
        assert page.extract_text().split()[-1] == str(number)

    note = compact(pdf_of(volume, Part.NOTE))
    assert "损坏或无法读取的材料：" in note
    for title, reason in damaged.items():
        assert compact_text(f"{title}：{reason}") in note

    client.force_login(world.user("archivist_land"))
    page = client.get(f"/admin/archive/case-files/{case_file.pk}/").content.decode()
    assert "以下文件无法读取，已在卷内备考表中列为损坏，未装入卷宗" in page
    assert "文件“损坏.pdf”已损坏，无法读取。" in page


def test_missing_materials_are_listed_in_the_note(world, closed_case, archive_now):
    case_file = closed_case()
    archive_now(case_file)
    # Reopened after archiving, a page is added without its file, and the volume is generated again.
    reopen(world, case_file)
    tree.add_filing(case_file, title="司法建议书", filing_type="judicial_recommendation")
    volume = service.generate(case_file, world.user("archivist_land"))
    assert volume.missing == [{"title": "司法建议书", "reason": "已登记，但未上传文件。"}]
    note = compact(pdf_of(volume, Part.NOTE))
    assert "缺少的材料：1.司法建议书：已登记，但未上传文件。" in note


def test_generating_again_replaces_the_files(world, closed_case, archive_now):
    case_file = closed_case()
    volume = archive_now(case_file)
    old = {stored.part: stored.file.name for stored in volume.files.all()}
    storage = volume.files.first().file.storage
    again = service.generate(case_file, world.user("archivist_land"))
    assert again.pk == volume.pk and again.is_ready
    new = {stored.part: stored.file.name for stored in again.files.all()}
    assert set(new) == set(Part.values) and not set(new.values()) & set(old.values())
    assert all(storage.exists(name) for name in new.values())
    # The old files go once the new ones are committed (the test transaction never commits).


def test_a_case_file_that_is_not_archived_has_no_volume(world, closed_case):
    volume = service.generate(closed_case(), world.user("archivist_land"))
    assert volume.state == VolumeState.FAILED
    assert volume.failure == "只有已归档的案卷才有卷宗；此案卷尚无档号。"
    assert not volume.files.exists()


def test_a_failure_leaves_a_reason_for_the_archivist(world, closed_case, archive_now, monkeypatch, tmp_path):
    case_file = closed_case()
    archive_now(case_file)
    # The CJK fonts are not installed (they are looked for in an empty folder).
    monkeypatch.setattr(fonts, "FONT_DIRS", [tmp_path])
    volume = service.generate(case_file, world.user("archivist_land"))
    assert volume.state == VolumeState.FAILED
    assert volume.failure.startswith("卷宗生成失败（Font uming.ttc not found")
    assert volume.failure.endswith("请告知系统管理员，处理后重新生成。")
    assert set(volume.files.values_list("part", flat=True)) == set(Part.values)  # the previous files stay


# --- The order, as data -------------------------------------------------------------


def test_every_kind_of_document_has_its_place_once():
    sections = order.load()
    placed = [kind for section in sections for kind, _responsible in section.kinds]
    assert len(placed) == len(set(placed))
    assert {f"filing:{value}" for value in FilingType.values} | {"evidence_list", "judgment", "unfiled"} == set(placed)
    codes = [section.code for section in sections]
    assert codes[:3] == ["cover", "index", "registration"] and codes[-1] == "note"
    assert all(section.source for section in sections)


def test_order_data_that_leaves_a_kind_out_is_refused(tmp_path):
    line = '      - {kind: "filing:risk_report", responsible: defendant}\n'
    text = order.DATA.read_text(encoding="utf-8").replace(line, "")
    (tmp_path / "order.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="filing:risk_report"):
        order.load(tmp_path / "order.yaml")
