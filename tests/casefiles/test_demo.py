"""The demo seed and the fixture generator behind it."""

import io
import json
import stat

import pypdf
import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from PIL import Image

from archive.demo import evaluation as demo_evaluation
from archive.models import Campaign, Nomination, TypicalCasePage
from casefiles import access
from casefiles.demo import corpus, render, seed, texts
from casefiles.models import Agency, CaseDocument, CaseFile, Hearing, Judgment


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_seed_demo_creates_agencies_users_and_case_files(var_dir):
    output = io.StringIO()
    call_command("seed_demo", cases=4, stdout=output)
    assert set(Agency.objects.values_list("name", flat=True)) == {name for _k, name, *_ in corpus.AGENCIES}
    assert CaseFile.objects.count() == 4
    # Every case file has its filings, evidence list and files; concluded ones their judgment.
    for case_file in CaseFile.objects.all():
        kinds = {child.specific_class.__name__ for child in case_file.get_children()}
        assert {"Filing", "EvidenceList"} <= kinds
        assert case_file.documents.count() >= 4
    assert Judgment.objects.count() == sum(1 for spec in corpus.build_corpus(4) if spec.outcome)
    # Their progress is recorded, so the demo shows deadlines: at least the defence counted from the papers.
    for case_file in CaseFile.objects.all():
        assert {"papers_received", "registered"} <= set(case_file.events.values_list("kind", flat=True))
        assert case_file.deadlines.filter(code="defence_due").exists()
    assert Hearing.objects.count() == sum(1 for spec in corpus.build_corpus(4) if spec.judgment_served)
    assert set(CaseDocument.objects.values_list("file_type", flat=True)) >= {"pdf", "tiff"}
    # A user per role, with the printed passwords working and the logins file private.
    logins = json.loads((var_dir / "demo-logins.json").read_text())
    assert set(logins) == {"admin"} | {username for username, *_ in corpus.USERS}
    assert stat.S_IMODE((var_dir / "demo-logins.json").stat().st_mode) == 0o600
    User = get_user_model()
    for username, entry in logins.items():
        assert User.objects.get(username=username).check_password(entry["password"])
        assert entry["password"] in output.getvalue()
    # The officers see their own unit's case files and not the other's.
    land = access.case_files(User.objects.get(username="officer_land"))
    market = access.case_files(User.objects.get(username="officer_market"))
    assert land.exists() and market.exists() and not set(land) & set(market)
    assert access.case_files(User.objects.get(username="supervisor")).count() == 4
    # An evaluation campaign with its results (the concluded 2023 and 2024 case files), and one under way.
    closed = Campaign.objects.get(name=demo_evaluation.CLOSED)
    assert closed.state == "closed" and closed.files.filter(state="final").count() == 2
    running = Campaign.objects.get(name=demo_evaluation.RUNNING)
    assert running.state == "running" and running.files.count() == 1
    printed = io.StringIO()
    call_command("evaluation_results", stdout=printed)
    assert demo_evaluation.CLOSED in printed.getvalue() and "| 名次 |" in printed.getvalue()
    # The typical-case library: one case published through redaction and review, one nomination in draft.
    published = TypicalCasePage.objects.live().get()
    assert Nomination.objects.count() == 2 and f"Typical case published: {published.url}" in output.getvalue()
    assert not published.redaction.pending().exists() and published.redaction.items.exists()
    assert all(party.name not in published.title for party in published.source_case_file.parties.all() if party.name)
    report = io.StringIO()
    call_command("redaction_report", stdout=report)
    assert published.title in report.getvalue() and "已采纳" in report.getvalue()


@pytest.mark.django_db
def test_seed_demo_runs_again_without_duplicating(var_dir):
    call_command("seed_demo", cases=2, stdout=io.StringIO())
    passwords = json.loads((var_dir / "demo-logins.json").read_text())
    call_command("seed_demo", cases=3, stdout=io.StringIO())
    assert CaseFile.objects.count() == 3
    assert Campaign.objects.filter(name=demo_evaluation.RUNNING).count() <= 1
    assert TypicalCasePage.objects.live().count() <= 1
    assert json.loads((var_dir / "demo-logins.json").read_text()) == passwords


def test_the_corpus_is_varied():
    specs = corpus.build_corpus(30)
    assert len({s.case_number for s in specs}) == 30
    assert len({s.year for s in specs}) >= 5
    assert len({s.cause for s in specs}) >= 8
    assert len({s.outcome[1] for s in specs if s.outcome}) >= 6
    assert {s.instance for s in specs} == {"first", "appeal"}
    assert {s.scan_rotation for s in specs} == {0, 90, 180, 270}
    assert any(s.scan_skew for s in specs) and any(s.scan_noise for s in specs)


def test_generated_files_are_deterministic():
    spec = corpus.build_corpus(4)[3]
    assert seed.render_files(spec) == seed.render_files(spec)


def pdf_text(data):
    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_text_pdfs_carry_their_text_and_scans_do_not():
    spec = corpus.build_corpus(1)[0]
    document = texts.statement_of_defence(spec)
    data = render.render_pdf(document)
    text = pdf_text(data).replace("\r\n", "")
    assert text.startswith("行政答辩状") and spec.case_number in text
    # The pages hold exactly the laid-out lines.
    layout = render.layout(document)
    assert text.replace("\u3000", "") == "".join(layout.page_texts).replace("\n", "").replace("\u3000", "")
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == len(layout.pages)
    pages, _layout = render.render_scan_pages(document, render.ScanOptions(dpi=100))
    assert pdf_text(render.images_to_pdf(pages, 100)).strip() == ""


def test_seals_are_red_and_rotation_turns_the_page():
    spec = corpus.build_corpus(1)[0]
    document = texts.judgment(spec) if spec.outcome else texts.notice_to_respond(spec)
    plain, _ = render.render_scan_pages(document, render.ScanOptions(dpi=72))
    sealed, layout = render.render_scan_pages(document, render.ScanOptions(dpi=72, seal=True))
    turned, _ = render.render_scan_pages(document, render.ScanOptions(dpi=72, rotation=90))

    def red_pixels(image):
        return sum(1 for r, g, b in image.get_flattened_data() if r > 150 and g < 100 and b < 100)

    # The seal sits on the last page, over the issuer, with the date.
    assert layout.issuer_line[0] == len(layout.pages) - 1
    assert red_pixels(plain[-1]) == 0 and red_pixels(sealed[-1]) > 500
    assert turned[0].size == (plain[0].height, plain[0].width)
    assert Image.open(io.BytesIO(render.image_bytes(turned[0], "JPEG"))).format == "JPEG"
