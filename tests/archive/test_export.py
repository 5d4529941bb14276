"""Exporting an archived case file as a BagIt package, checked with bagit's own validator."""

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import bagit
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive import workflow
from archive.export.metadata import NAMESPACE
from archive.models import Part
from casefiles.models import AccessAction, AccessLogEntry, CaseDocument

pytestmark = pytest.mark.django_db

NS = {"a": NAMESPACE}


def export(identifier, dest, *args):
    out = io.StringIO()
    call_command("export_bag", str(identifier), str(dest), *args, stdout=out)
    return out.getvalue()


def test_an_archived_case_file_exports_as_a_valid_bag(world, closed_case, archive_now, tmp_path):
    case_file = closed_case()
    volume = archive_now(case_file)
    code = case_file.archival_code.code
    assert f"已将“{case_file.title}”导出到" in export(code, tmp_path)
    folder = tmp_path / code

    bag = bagit.Bag(str(folder))
    bag.validate()
    assert bag.info["Source-Organization"] == "临江区自然资源和规划局"
    assert bag.info["External-Identifier"] == code
    assert bag.info["Internal-Sender-Identifier"] == f"anjuan-casefile-{case_file.pk}"
    assert "Bagging-Date" in bag.info and "Payload-Oxum" in bag.info

    data = json.loads((folder / "data" / "metadata.json").read_text(encoding="utf-8"))
    assert data["archival_code"]["code"] == code and data["archival_code"]["retention"] == "D30"
    assert data["case_file"]["case_number"] == case_file.case_number
    assert data["archiving"]["archived_by"] == "archivist_land"
    # One item per row of the volume index; every stored file in the bag, as stored.
    assert [item["title"] for item in data["items"]] == [row["title"] for row in volume.rows]
    documents = {document.sha256: document for document in CaseDocument.objects.filter(case_file=case_file)}
    files = [item["file"] for item in data["items"] if item["file"]]
    assert len(files) == len(documents) == 9
    for file in files:
        assert file["status"] == "included" and file["sha256"] == file["recorded_sha256"]
        assert documents[file["sha256"]].file_type == file["file_type"]
        assert file["path"] in bag.payload_entries()
    assert {r["part"] for r in data["volume"]["renditions"]} == set(Part.values)
    for rendition in data["volume"]["renditions"]:
        assert bag.payload_entries()[rendition["path"]]["sha256"] == rendition["sha256"]

    # The XML holds the same facts.
    root = ET.parse(folder / "data" / "metadata.xml").getroot()
    assert root.tag == f"{{{NAMESPACE}}}archivalPackage"
    assert root.find("a:archivalCode", NS).get("code") == code
    assert root.find("a:archivalCode/a:retentionPeriod", NS).get("code") == "D30"
    assert root.find("a:source/a:fondsName", NS).text == "临江区自然资源和规划局"
    items = root.findall("a:items/a:item", NS)
    assert [item.find("a:title", NS).text for item in items] == [item["title"] for item in data["items"]]
    assert [item.find("a:pages", NS).text for item in items] == [item["pages"] for item in data["items"]]
    assert len(root.findall("a:items/a:item/a:file", NS)) == 9


def test_changing_or_removing_a_payload_file_fails_validation(world, closed_case, archive_now, tmp_path):
    case_file = closed_case()
    archive_now(case_file)
    export(case_file.pk, tmp_path)  # by id this time
    folder = tmp_path / case_file.archival_code.code
    assert bagit.Bag(str(folder)).is_valid()

    scan = sorted((folder / "data" / "documents").iterdir())[0]
    data = bytearray(scan.read_bytes())
    data[len(data) // 2] ^= 0x01
    scan.write_bytes(bytes(data))
    with pytest.raises(bagit.BagValidationError) as failure:
        bagit.Bag(str(folder)).validate()
    assert any(scan.name in str(detail.path) for detail in failure.value.details)

    scan.write_bytes(bytes(data[: len(data) // 2]))
    assert not bagit.Bag(str(folder)).is_valid()
    (folder / "data" / "volume" / "index.pdf").unlink()
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(folder)).validate(completeness_only=True)


def test_a_case_file_not_archived_is_refused(client, world, closed_case, tmp_path):
    case_file = closed_case()
    with pytest.raises(CommandError, match="只有已归档的案卷才能导出；.*目前为“已结案”"):
        export(case_file.pk, tmp_path)
    submission = workflow.submit(case_file, world.user("officer_land"))
    workflow.start_review(submission, world.user("archivist_land"))
    with pytest.raises(CommandError, match="只有已归档的案卷才能导出"):
        export(case_file.pk, tmp_path)
    with pytest.raises(CommandError, match="没有编号或档号为“J999-2024-D30-0001”的案卷"):
        export("J999-2024-D30-0001", tmp_path)
    assert list(tmp_path.iterdir()) == []

    client.force_login(world.user("archivist_land"))
    response = client.get(reverse("archive_admin:export_bag", args=[case_file.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("archive_admin:case_file", args=[case_file.pk])
    assert "只有已归档的案卷才能导出" in response.content.decode()


def test_the_command_generates_a_missing_volume_and_writes_a_zip(world, closed_case, archive_now, tmp_path):
    case_file = closed_case()
    archive_now(case_file).delete()
    # A stored file lost since: the package is made without it and says so.
    lost = CaseDocument.objects.get(case_file=case_file, title="送达回证")
    lost.file.storage.delete(lost.file.name)
    output = export(case_file.pk, tmp_path, "--zip")
    assert f"正在生成“{case_file.title}”的卷宗" in output
    code = case_file.archival_code.code
    with zipfile.ZipFile(tmp_path / f"{code}.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / code
    bagit.Bag(str(folder)).validate()
    data = json.loads((folder / "data" / "metadata.json").read_text(encoding="utf-8"))
    [item] = [item for item in data["items"] if item["title"] == "送达回证"]
    assert item["file"]["status"] == "missing" and item["file"]["path"] is None
    assert item["remarks"] == "文件缺失，未装入"
    assert data["volume"]["damaged"] == [{"title": "送达回证", "reason": f"存储的文件“{lost.filename}”已缺失。"}]
    assert len(list((folder / "data" / "documents").iterdir())) == 8
    with pytest.raises(CommandError, match="已存在"):
        export(case_file.pk, tmp_path, "--zip")


EXPORTS = {
    "archivist_land": 200,
    "admin": 200,
    "officer_land": 404,  # sees the case file, does not keep the archive
    "head_land": 404,
    "supervisor": 404,
    "officer_market": 404,
    "evaluator": 404,
    "nobody": 404,
}


def test_archivists_download_the_package_as_a_zip(client, world, closed_case, archive_now, tmp_path, subtests):
    case_file = closed_case()
    archive_now(case_file)
    url = reverse("archive_admin:export_bag", args=[case_file.pk])
    code = case_file.archival_code.code
    for name, status in EXPORTS.items():
        with subtests.test(user=name):
            client.force_login(world.user(name))
            response = client.get(url)
            assert response.status_code == status
            if status == 200:
                assert response["Content-Disposition"] == f'attachment; filename="{code}.zip"'
                body = b"".join(response.streaming_content)
                folder = tmp_path / name
                with zipfile.ZipFile(io.BytesIO(body)) as archive:
                    archive.extractall(folder)
                bagit.Bag(str(folder / code)).validate()
            logged = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, user=world.user(name))
            assert list(logged.values_list("case_file_id", flat=True)) == ([case_file.pk] if status == 200 else [])
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(world.user("archivist_land"))
    page = client.get(reverse("archive_admin:case_file", args=[case_file.pk])).content.decode()
    assert url in page and "导出 BagIt 归档包" in page
    client.force_login(world.user("head_land"))
    assert url not in client.get(reverse("archive_admin:case_file", args=[case_file.pk])).content.decode()
