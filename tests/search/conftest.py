"""The search tests' corpus: the demo's case files, their documents as real PDFs, really extracted.

The documents are rendered once per session (text-layer PDFs, in worker
processes). The case files are built once for the tests of ``corpus/``
(see its conftest) and once more for Elasticsearch's own module, each time
inside a transaction that is rolled back at the end.
"""

import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pytest

from casefiles.demo import corpus, render, seed, texts
from casefiles.models import CaseDocument
from ocr import runs
from search import indexing, tokens
from tests.conftest import World

CORPUS_SIZE = 30
FONT = "ming"  # a TrueType face: subsetting it for the PDF is fast


def render_text_files(spec):
    """The documents of one case as text-layer PDFs, in the shape seed.seed_case_file takes."""
    files = {
        "complaint": [("行政起诉状.pdf", render.render_pdf(texts.complaint(spec), FONT), "行政起诉状")],
        "notice_to_respond": [("应诉通知书.pdf", render.render_pdf(texts.notice_to_respond(spec), FONT), "应诉通知书")],
        "statement_of_defence": [
            ("行政答辩状.pdf", render.render_pdf(texts.statement_of_defence(spec), FONT), "行政答辩状")
        ],
        "evidence": [("证据目录.pdf", render.render_pdf(texts.evidence_bundle(spec), FONT), "证据目录及证据材料")],
    }
    if spec.outcome:
        title = "行政判决书" if spec.outcome[0] == "judgment" else "行政裁定书"
        files["judgment"] = [(f"{title}.pdf", render.render_pdf(texts.judgment(spec), FONT), title)]
    return files


@pytest.fixture(scope="session")
def corpus_specs():
    return corpus.build_corpus(CORPUS_SIZE)


@pytest.fixture(scope="session")
def corpus_files(corpus_specs):
    with ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(render_text_files, corpus_specs))


@dataclass
class Corpus:
    world: World
    specs: list
    case_files: list  # in spec order

    def case_file_of(self, spec):
        return self.case_files[spec.index]

    def ids_with(self, word):
        """Ids of the case files holding ``word`` in a page's text or their details, by brute force."""
        return {case_file.pk for case_file in self.case_files if word_in(word, self.texts[case_file.pk])}

    @property
    def texts(self):
        if not hasattr(self, "_texts"):
            from search import documents

            self._texts = {
                case_file.pk: [text.text for text in documents.build(case_file.pk).texts]
                for case_file in self.case_files
            }
        return self._texts


_LAYOUT = re.compile(rf"(?<=[{tokens.HAN}])\s+(?=[{tokens.HAN}])")


def plain(text):
    """Text as a reader sees it: folded, without the line ends inside Chinese runs."""
    return _LAYOUT.sub("", tokens.fold(text))


def word_in(word, texts):
    """Does any of ``texts`` hold ``word`` as the index means it (Latin words whole, Chinese anywhere)?"""
    folded = tokens.fold(word)
    if re.fullmatch(r"[0-9a-z]+", folded):
        pattern = re.compile(rf"(?<![0-9a-z]){re.escape(folded)}(?![0-9a-z])")
        return any(pattern.search(plain(text)) for text in texts)
    return any(folded in plain(text) for text in texts)


def build_corpus(specs, files):
    world = World()
    agencies = {"gov": world.gov, "justice": world.justice, "land": world.land, "market": world.market}
    agencies["street"] = world.street
    courts = {"basic": world.court, "intermediate": world.court2}
    case_files = [
        seed.seed_case_file(spec, spec_files, agencies, courts, world.users)
        for spec, spec_files in zip(specs, files, strict=True)
    ]
    for document in CaseDocument.objects.all():
        runs.start(document.pk)  # the immediate task backend extracts the text layer now
    for case_file in case_files:
        indexing.index_case_file(case_file.pk)
    return Corpus(world=world, specs=specs, case_files=case_files)
