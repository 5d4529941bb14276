"""The metadata of an exported case file: ``metadata.json``, and the same facts as ``metadata.xml``.

The JSON (``"schema": "anjuan-archival-package/1"``) is the reference; the XML
carries the same values for archive systems that import XML. Neither is a
conforming instance of a published schema. The XML is Anjuan's own, in the
namespace ``urn:anjuan:archival-package:1``; its element groups follow the
metadata groups of DA/T 46-2009 (文书类电子文件元数据方案) so that a receiving
system can map them, and its nesting (one description of the whole, then one
per item) is that of EAD's archival description:

``<archivalPackage schema="anjuan-archival-package/1" exported="…">``
  ``<archivalCode code="…">`` 档号: ``fondsCode`` 全宗号, ``year`` 年度,
  ``retentionPeriod code="D30"`` 保管期限, ``itemNumber`` 件号;
  ``<source>`` 来源: ``fondsName`` 全宗名称 (the agency whose archive holds it),
  ``handlingUnit`` 立卷单位;
  ``<description>`` 内容描述: ``title`` 题名, ``caseNumber`` 案号, ``court``,
  ``instance`` 审级, ``cause`` 案由, ``dateReceived``, ``parties/party role=…``;
  ``<archiving>`` the workflow: ``submittedBy``/``submittedAt`` 立卷人/时间,
  ``archivedBy``/``archivedAt`` 检查人/归档时间, ``event`` per step;
  ``<volume>`` 卷宗: ``generatedAt``, ``items`` 件数, ``pages`` 页数,
  ``missing``/``damaged`` (``problem title=…``), ``rendition part=… path=… sha256=…``;
  ``<items>`` one ``<item sequence="…">`` per document (卷内文件): ``title`` 题名,
  ``documentNumber`` 文号, ``creator`` 责任者, ``date`` 日期 (YYYYMMDD), ``pages`` 页号
  (in the volume), ``remarks`` 备注, ``file path=… sha256=… recordedSha256=…
  fileType=… pageCount=… status=included|missing`` 计算机文件.

Empty values are empty elements; dates and times are ISO 8601.
"""

import xml.etree.ElementTree as ET

NAMESPACE = "urn:anjuan:archival-package:1"
SCHEMA = "anjuan-archival-package/1"


def _text(parent, tag, value, **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items() if v is not None})
    element.text = "" if value is None else str(value)
    return element


def to_xml(data):
    """The XML of the metadata dict :func:`archive.export.package.describe` makes; bytes, UTF-8."""
    root = ET.Element("archivalPackage", {"xmlns": NAMESPACE, "schema": data["schema"], "exported": data["exported"]})
    code = data["archival_code"]
    element = ET.SubElement(root, "archivalCode", {"code": code["code"]})
    _text(element, "fondsCode", code["fonds_code"])
    _text(element, "year", code["year"])
    _text(element, "retentionPeriod", code["retention_label"], code=code["retention"])
    _text(element, "itemNumber", code["item_number"])

    source = ET.SubElement(root, "source")
    _text(source, "fondsName", data["fonds_name"])
    _text(source, "handlingUnit", data["case_file"]["handling_unit"])

    case_file = data["case_file"]
    description = ET.SubElement(root, "description", {"id": str(case_file["id"])})
    for tag, key in [
        ("title", "title"),
        ("caseNumber", "case_number"),
        ("court", "court"),
        ("instance", "instance"),
        ("cause", "cause"),
        ("dateReceived", "date_received"),
    ]:
        _text(description, tag, case_file[key])
    parties = ET.SubElement(description, "parties")
    for party in case_file["parties"]:
        _text(parties, "party", party["name"], role=party["role"])

    archiving = data["archiving"]
    element = ET.SubElement(root, "archiving")
    for tag, key in [
        ("submittedBy", "submitted_by"),
        ("submittedAt", "submitted_at"),
        ("archivedBy", "archived_by"),
        ("archivedAt", "archived_at"),
    ]:
        _text(element, tag, archiving[key])
    for event in archiving["events"]:
        _text(element, "event", event["reason"], action=event["action"], at=event["at"], by=event["by"])

    volume = data["volume"]
    element = ET.SubElement(root, "volume")
    _text(element, "generatedAt", volume["generated_at"])
    _text(element, "items", volume["items"])
    _text(element, "pages", volume["pages"])
    for tag in ("missing", "damaged"):
        group = ET.SubElement(element, tag)
        for problem in volume[tag]:
            _text(group, "problem", problem["reason"], title=problem["title"])
    for rendition in volume["renditions"]:
        ET.SubElement(
            element,
            "rendition",
            {key: str(rendition[key]) for key in ("part", "label", "path", "sha256", "pages")},
        )

    items = ET.SubElement(root, "items")
    for item in data["items"]:
        element = ET.SubElement(items, "item", {"sequence": str(item["sequence"])})
        for tag, key in [
            ("title", "title"),
            ("documentNumber", "document_number"),
            ("creator", "responsible"),
            ("date", "date"),
            ("pages", "pages"),
            ("remarks", "remarks"),
        ]:
            _text(element, tag, item[key])
        file = item["file"]
        if file is not None:
            ET.SubElement(
                element,
                "file",
                {
                    "path": file["path"] or "",
                    "sha256": file["sha256"] or "",
                    "recordedSha256": file["recorded_sha256"],
                    "fileType": file["file_type"],
                    "pageCount": "" if file["page_count"] is None else str(file["page_count"]),
                    "status": file["status"],
                },
            )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
