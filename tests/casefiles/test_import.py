"""import_cases: a backlog of case-file folders, imported once, with every bad folder reported."""

import io

import pytest
import yaml
from django.core.management import call_command

from casefiles.models import CaseDocument, CaseFile, EvidenceList, Filing, Judgment
from tests import files


def write_case(folder, **changes):
    folder.mkdir(parents=True)
    (folder / "起诉状.pdf").write_bytes(files.scan_pdf())
    (folder / "答辩状.pdf").write_bytes(files.text_pdf("答辩状" + folder.name))
    (folder / "证据.pdf").write_bytes(files.text_pdf("证据" + folder.name))
    (folder / "判决书.png").write_bytes(files.png())
    metadata = {
        "title": f"张某诉临江区人民政府房屋征收决定案（{folder.name}）",
        "case_number": f"〔2023〕鲁1503行初{folder.name[-1]}号",
        "court": "明川市临江区人民法院",
        "instance": "first",
        "cause": "征收或者征用房屋",
        "handling_unit": "临江区自然资源和规划局",
        "officer": "officer_land",
        "date_received": "2023-03-01",
        "status": "closed",
        "parties": [
            {"role": "plaintiff", "kind": "person", "name": "张某"},
            {"role": "defendant", "kind": "agency", "agency": "临江区人民政府"},
        ],
        "filings": [
            {
                "type": "complaint",
                "title": "行政起诉状",
                "date": "2023-02-20",
                "issued_by": "张某",
                "files": ["起诉状.pdf"],
            },
            {"type": "statement_of_defence", "title": "行政答辩状", "date": "2023-03-10", "files": ["答辩状.pdf"]},
        ],
        "evidence": {
            "title": "证据目录",
            "date": "2023-03-10",
            "files": ["证据.pdf"],
            "items": [
                {
                    "name": "房屋征收决定",
                    "source": "临江区人民政府",
                    "purpose": "证明征收决定的内容",
                    "pages": "1-2",
                    "file": "证据.pdf",
                }
            ],
        },
        "judgments": [
            {
                "kind": "judgment",
                "title": "行政判决书",
                "served": "2023-06-01",
                "effective": "2023-06-17",
                "result": "claims_dismissed",
                "files": ["判决书.png"],
            }
        ],
    }
    metadata.update(changes)
    (folder / "case.yaml").write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def backlog(tmp_path, world):
    root = tmp_path / "backlog"
    write_case(root / "2023" / "case1")
    write_case(root / "2023" / "case2", library="临江区自然资源和规划局")
    write_case(root / "bad" / "case3", court="不存在的法院")
    broken = write_case(root / "bad" / "case4")
    (broken / "答辩状.pdf").write_bytes(files.encrypted_pdf())
    unreadable = root / "bad" / "case5"
    unreadable.mkdir(parents=True)
    (unreadable / "case.yaml").write_text("title: [unclosed", encoding="utf-8")
    return root


def run_import(root):
    output = io.StringIO()
    call_command("import_cases", str(root), stdout=output)
    return output.getvalue()


def test_import_creates_the_tree_and_reports_bad_folders(backlog, world):
    out = run_import(backlog)
    assert "2 of 5 folders imported: 2 new case files, 8 files added" in out
    assert "case3: 没有名为“不存在的法院”的法院。" in out
    assert "case4: PDF 文件“答辩状.pdf”设有打开密码" in out
    assert "case5: 无法读取 case.yaml" in out
    # Nothing of a bad folder was stored.
    assert CaseFile.objects.count() == 2 and not CaseFile.objects.filter(case_number__endswith="行初4号").exists()
    case_file = CaseFile.objects.get(case_number="（2023）鲁1503行初1号")
    assert case_file.get_parent().specific.agency == world.gov
    assert case_file.officer == world.user("officer_land")
    assert {type(page.specific).__name__ for page in case_file.get_children()} == {"Filing", "EvidenceList", "Judgment"}
    complaint = Filing.objects.child_of(case_file).get(filing_type="complaint")
    assert complaint.case_documents.get().title == "起诉状"
    evidence = EvidenceList.objects.child_of(case_file).get()
    assert evidence.items.get().document.title == "证据"
    assert Judgment.objects.child_of(case_file).get().result == "claims_dismissed"
    assert CaseFile.objects.get(case_number="（2023）鲁1503行初2号").get_parent().specific.agency == world.land


def test_import_again_adds_only_what_is_missing(backlog, world):
    run_import(backlog)
    before = (CaseFile.objects.count(), CaseDocument.objects.count(), Filing.objects.count())
    out = run_import(backlog)
    assert "2 of 5 folders imported: 0 new case files, 0 files added" in out
    assert (CaseFile.objects.count(), CaseDocument.objects.count(), Filing.objects.count()) == before
    # A file added to a folder since is picked up.
    (backlog / "2023" / "case1" / "送达回证.png").write_bytes(files.solid_png((60, 40)))
    metadata = yaml.safe_load((backlog / "2023" / "case1" / "case.yaml").read_text(encoding="utf-8"))
    metadata["filings"].append({"type": "proof_of_service", "title": "送达回证", "files": ["送达回证.png"]})
    (backlog / "2023" / "case1" / "case.yaml").write_text(yaml.safe_dump(metadata, allow_unicode=True))
    assert "0 new case files, 1 files added" in run_import(backlog)


def test_import_enqueues_text_extraction(backlog, world, settings, django_capture_on_commit_callbacks):
    settings.OCR_ON_UPLOAD = True
    with django_capture_on_commit_callbacks(execute=True):
        run_import(backlog / "2023" / "case1")
    documents = CaseDocument.objects.all()
    assert documents.count() == 4
    assert set(documents.values_list("extraction_status", flat=True)) == {"done"}
