"""Demo data: agencies, users of every role and a corpus of case files with their documents.

Idempotent: what exists is kept (case files are recognised by court and case
number), so running it again only adds what is missing.
"""

import datetime
import json
import secrets
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from casefiles import outcomes, tree
from casefiles.case_numbers import normalize
from casefiles.demo import corpus, render, texts
from casefiles.handling_units import suggest_handling_unit
from casefiles.models import (
    CaseEventKind,
    CaseFile,
    Cause,
    Court,
    RuleProfile,
    add_member,
    assign_handling_unit,
    ensure_agency,
    record_event,
    record_hearing,
)

SCAN_DPI = 200
FONTS = ["serif", "ming", "kai", "sans"]


def logins_file():
    return settings.VAR_DIR / "demo-logins.json"


def read_logins():
    path = logins_file()
    return json.loads(path.read_text()) if path.exists() else {}


def _write_logins(logins):
    path = logins_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(logins, ensure_ascii=False, indent=2))
    path.chmod(0o600)


# The demo district counts its deadlines by 000, the rules of a district of 济宁 (Shandong, like the fictional
# 明川市): its departments inherit them from the district government.
DEMO_RULE_PROFILE = "jining"


def seed_organisation():
    """Agencies, courts and a user per role; returns (agencies by key, courts by key, logins)."""
    agencies = {}
    for key, name, kind, parent, fonds in corpus.AGENCIES:
        agencies[key] = ensure_agency(name, kind, parent=agencies.get(parent), fonds_code=fonds)
    government = agencies["gov"]
    if government.rule_profile_id is None:
        government.rule_profile = RuleProfile.objects.filter(code=DEMO_RULE_PROFILE).first()
        government.save()
    courts = {}
    for key, name, level, code in corpus.COURTS:
        courts[key], _created = Court.objects.get_or_create(name=name, defaults={"level": level, "code": code})
    User = get_user_model()
    logins = read_logins()
    accounts = [("admin", "系统管理员", None, None)] + corpus.USERS
    for username, full_name, agency_key, role in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username=username,
                password=password,
                # Chinese names are kept whole: Django would print "first last".
                first_name=full_name,
                email=f"{username}@example.gov.cn",
                is_superuser=agency_key is None,
                is_staff=agency_key is None,
            )
            logins[username] = {
                "password": password,
                "name": full_name,
                "role": role or "superuser",
                "agency": agencies[agency_key].name if agency_key else "",
            }
        if agency_key:
            add_member(agencies[agency_key], user, role)
    _write_logins(logins)
    return agencies, courts, logins


def render_files(spec):
    """The files of one case: {kind: [(filename, bytes, title)]}. Runs in worker processes."""
    font = FONTS[spec.index % len(FONTS)]
    scanned = render.ScanOptions(
        font=font,
        dpi=SCAN_DPI,
        rotation=spec.scan_rotation,
        skew=spec.scan_skew,
        noise=spec.scan_noise,
        seed=spec.index,
    )
    sealed = render.ScanOptions(font=font, dpi=SCAN_DPI, seal=True, skew=spec.scan_skew / 2, seed=spec.index + 1)
    files = {}
    pages, _layout = render.render_scan_pages(texts.complaint(spec), scanned)
    files["complaint"] = [("行政起诉状.pdf", render.images_to_pdf(pages, SCAN_DPI), "行政起诉状（扫描件）")]
    pages, _layout = render.render_scan_pages(texts.notice_to_respond(spec), sealed)
    if spec.index % 5 == 0:
        notice = ("应诉通知书.tif", render.images_to_tiff(pages, SCAN_DPI))
    elif spec.index % 2:
        notice = ("应诉通知书.png", render.image_bytes(pages[0], "PNG", SCAN_DPI))
    else:
        notice = ("应诉通知书.jpg", render.image_bytes(pages[0], "JPEG", SCAN_DPI, quality=85))
    files["notice_to_respond"] = [(*notice, "应诉通知书")]
    files["statement_of_defence"] = [
        ("行政答辩状.pdf", render.render_pdf(texts.statement_of_defence(spec)), "行政答辩状")
    ]
    files["evidence"] = [("证据材料.pdf", render.render_pdf(texts.evidence_bundle(spec)), "证据目录及证据材料")]
    if spec.outcome:
        judgment_scan = render.ScanOptions(
            font=font,
            dpi=SCAN_DPI,
            seal=True,
            rotation=spec.scan_rotation if spec.index % 3 else 0,
            skew=spec.scan_skew,
            noise=spec.scan_noise,
            seed=spec.index + 2,
        )
        pages, _layout = render.render_scan_pages(texts.judgment(spec), judgment_scan)
        title = "行政判决书" if spec.outcome[0] == "judgment" else "行政裁定书"
        files["judgment"] = [(f"{title}.pdf", render.images_to_pdf(pages, SCAN_DPI), f"{title}（扫描件）")]
    return files


def judgment_fields(spec):
    """The Judgment page's fields for a spec with an outcome."""
    kind, result, operative, _weight = spec.outcome
    return {
        "title": "行政判决书" if kind == "judgment" else "行政裁定书",
        "kind": kind,
        "instance": spec.instance,
        "document_number": spec.case_number,
        "date_served": spec.judgment_served,
        "date_effective": spec.judgment_effective,
        "result": result,
        "result_detail": operative.format(plaintiff=spec.plaintiff.name, act=spec.act),
    }


def seed_case_file(spec, files, agencies, courts, users):
    library = tree.ensure_library(agencies[spec.library])
    officer = users.get(spec.officer)
    parties = []
    for party in spec.parties:
        if party.kind == "agency":
            parties.append({"role": party.role, "kind": "agency", "agency": agencies[party.agency]})
        else:
            parties.append({"role": party.role, "kind": party.kind, "name": party.name})
    with transaction.atomic():
        case_file = tree.create_case_file(
            library,
            parties=parties,
            user=officer,
            title=spec.title,
            case_number=spec.case_number,
            court=courts[spec.court],
            instance=spec.instance,
            cause=Cause.objects.get(name=spec.cause),
            handling_unit=agencies[spec.handling_unit],
            officer=officer,
            date_received=spec.date_received,
            status=spec.status,
        )
        filings = [
            ("行政起诉状", "complaint", "", spec.plaintiff.name, spec.date_filed, spec.date_received),
            (
                "应诉通知书",
                "notice_to_respond",
                spec.case_number,
                corpus.court_name(spec.court),
                spec.date_received,
                spec.date_received,
            ),
            (
                "行政答辩状",
                "statement_of_defence",
                "",
                corpus.agency_name(spec.defendants[0]),
                spec.date_received,
                None,
            ),
        ]
        for title, filing_type, number, issuer, dated, received in filings:
            tree.add_filing(
                case_file,
                title=title,
                filing_type=filing_type,
                document_number=number,
                issuing_body=issuer,
                document_date=dated,
                date_received=received,
                files=files[filing_type],
                user=officer,
            )
        tree.add_evidence_list(
            case_file,
            title="证据目录",
            submitted_date=spec.date_received,
            items=[{**item, "file": 0} for item in texts.evidence_items(spec)],
            files=files["evidence"],
            user=officer,
        )
        if spec.outcome:
            tree.add_judgment(
                case_file,
                **judgment_fields(spec),
                files=files["judgment"],
                user=officer,
            )
        record_demo_events(case_file, spec, officer, supervisor=users.get("supervisor"))
    return case_file


# Heads of the demo agencies who appear in court, by handling unit key: the one who usually appears
# (name, title, principal head or not), and the principal head.
DEMO_HEADS = {
    "land": (("刘振华", "副局长", False), ("王建国", "局长")),
    "market": (("孙立新", "局长", True), ("孙立新", "局长")),
    "gov": (("何宏伟", "副区长", False), ("张海燕", "区长")),
}


def record_demo_events(case_file, spec, officer, supervisor=None):
    """The steps of the case up to where the spec leaves it, so the demo shows its deadlines and statistics.

    Varied by the spec's index, as real units vary: some steps come late, some
    heads stay away or keep silent, some losses bring a recommendation.
    """
    day = datetime.timedelta(days=1)
    record_event(case_file, CaseEventKind.PAPERS_RECEIVED, spec.date_received, by=officer)
    record_event(case_file, CaseEventKind.REGISTERED, spec.date_received + day, by=officer)
    if supervisor is not None:
        # The justice bureau confirms the unit the rules suggest, or names the spec's with a reason;
        # every fifth case a few days late (000 第八条: 2 days).
        assign_handling_unit(
            case_file,
            case_file.handling_unit,
            by=supervisor,
            suggestion=suggest_handling_unit(case_file),
            reason="按部门职责由该单位承办。",
            date=spec.date_received + (4 if spec.index % 5 == 4 else 1) * day,
        )
    if spec.status != "in_progress" or spec.index % 2:
        record_event(case_file, CaseEventKind.DEFENCE_FILED, spec.date_received + 10 * day, by=officer)
    if spec.judgment_served:
        (name, title, principal), principal_head = DEMO_HEADS.get(spec.handling_unit, DEMO_HEADS["gov"])
        if spec.index % 5 == 1:  # 001 第二十二条: the principal head appears in some cases
            (name, title), principal = principal_head, True
        agent = officer.first_name if officer else "法制科工作人员"
        if spec.index % 7 == 3:
            appearance = {"head_appeared": False, "absence_explanation": "负责人因公出差，已向法院书面说明。"}
        else:
            appearance = {
                "head_appeared": True,
                "head_name": name,
                "head_title": title,
                "head_is_principal": principal,
                "head_spoke": spec.index % 7 != 1,
            }
        record_hearing(
            case_file,
            spec.judgment_served - 30 * day,
            by=officer,
            agents=[{"name": agent, "kind": "staff"}],
            **appearance,
        )
        if spec.instance == "first":
            # 000 第二十条: the appeal opinion within 3 days; every fourth case takes a week.
            decided = spec.judgment_served + (8 if spec.index % 4 == 3 else 2) * day
            record_event(case_file, CaseEventKind.APPEAL_DECIDED, decided, by=officer)
    lost = bool(spec.outcome) and outcomes.is_loss(spec.outcome[1])
    if lost and spec.judgment_effective:
        record_event(case_file, CaseEventKind.PERFORMED, spec.judgment_effective + 25 * day, by=officer)
    if spec.judgment_effective and (lost or spec.index % 5 == 2):
        # A judicial recommendation after the decision, answered within 000 第二十一条's 30 days or not.
        received = spec.judgment_effective + 20 * day
        record_event(case_file, CaseEventKind.RECOMMENDATION_RECEIVED, received, by=officer)
        answered = received + (40 if spec.index % 4 == 1 else 21) * day
        record_event(case_file, CaseEventKind.RECOMMENDATION_ANSWERED, answered, by=officer)
    if spec.status == "closed" and spec.judgment_effective:
        record_event(case_file, CaseEventKind.CLOSED, spec.judgment_effective + 5 * day, by=officer)


def seed(count=30, workers=2, progress=None):
    """Create the demo; returns (number of case files created, logins)."""
    agencies, courts, logins = seed_organisation()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in corpus.USERS])}
    existing = set(CaseFile.objects.values_list("court__name", "case_number_key"))
    todo = [
        spec
        for spec in corpus.build_corpus(count)
        if (corpus.court_name(spec.court), normalize(spec.case_number)) not in existing
    ]
    created = 0
    if todo:
        # Rendering scans is the slow part: spread it over processes.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for spec, files in zip(todo, pool.map(render_files, todo), strict=True):
                seed_case_file(spec, files, agencies, courts, users)
                created += 1
                if progress:
                    progress(created, len(todo), spec)
    return created, logins
