"""Scanned pages with known text, for measuring the OCR stage.

Each case is one page of a generated court document scanned under given
conditions: four CJK faces (Song/serif, sans, Kai, Ming), 200 and 300 dpi, a red
seal over the text, whole-page rotations, skew, speckle and JPEG compression,
and a page with several of those at once. The page's laid-out lines are its
ground truth.
"""

from dataclasses import dataclass

from casefiles.demo import corpus, texts
from casefiles.demo.render import ScanOptions, render_scan_pages


@dataclass(frozen=True)
class ScanCase:
    name: str
    document: str  # which court document (a function of casefiles.demo.texts)
    spec_index: int
    options: ScanOptions

    def render(self):
        """(page image, ground-truth text): the issuer's page for sealed scans, else the first."""
        spec = corpus.build_corpus(self.spec_index + 1)[self.spec_index]
        document = getattr(texts, self.document)(spec)
        pages, layout = render_scan_pages(document, self.options)
        index = layout.issuer_line[0] if self.options.seal else 0
        return pages[index], layout.page_texts[index]


DOCUMENTS = [("notice_to_respond", 2), ("judgment", 2), ("complaint", 4), ("statement_of_defence", 5)]
FACES = ["serif", "sans", "kai", "ming"]


def accuracy_cases():
    cases = []
    for index, face in enumerate(FACES):
        for name, dpi, extra, shift in [
            ("clean 300 dpi", 300, {}, 0),
            ("clean 200 dpi", 200, {}, 1),
            ("seal", 300, {"seal": True}, 0),
            ("upside down", 300, {"rotation": 180}, 2),
        ]:
            document, spec = DOCUMENTS[(index + shift) % len(DOCUMENTS)] if not extra.get("seal") else DOCUMENTS[0]
            cases.append(
                ScanCase(f"{name}, {face}", document, spec, ScanOptions(font=face, dpi=dpi, seed=index, **extra))
            )
    more = [
        ("turned right, serif", "judgment", 2, ScanOptions(font="serif", dpi=300, rotation=90)),
        ("turned left, kai", "complaint", 4, ScanOptions(font="kai", dpi=300, rotation=270)),
        ("skewed 2°, serif", "statement_of_defence", 5, ScanOptions(font="serif", dpi=300, skew=2.0)),
        ("skewed -1.5°, ming 200 dpi", "judgment", 2, ScanOptions(font="ming", dpi=200, skew=-1.5)),
        ("speckled, sans", "complaint", 4, ScanOptions(font="sans", dpi=300, noise=0.01, seed=7)),
        ("speckled, serif 200 dpi", "notice_to_respond", 2, ScanOptions(font="serif", dpi=200, noise=0.008, seed=8)),
        ("JPEG 50, serif", "judgment", 2, ScanOptions(font="serif", dpi=300, jpeg_quality=50)),
        ("JPEG 40, kai 200 dpi", "statement_of_defence", 5, ScanOptions(font="kai", dpi=200, jpeg_quality=40)),
        (
            "seal, skew, speckle and JPEG, ming 200 dpi",
            "notice_to_respond",
            2,
            ScanOptions(font="ming", dpi=200, seal=True, skew=1.0, noise=0.005, jpeg_quality=60, seed=9),
        ),
    ]
    cases += [ScanCase(name, document, spec, options) for name, document, spec, options in more]
    return cases
