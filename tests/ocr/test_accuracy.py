"""Character error rate of the OCR stage on generated scans with known text.

Whitespace is ignored; nothing else is. Targets: mean ≤ 2%, every page ≤ 5%.
"""

import json
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from casefiles.demo.scans import accuracy_cases
from ocr.preprocess import prepare
from ocr.tesseract import recognise

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def character_error_rate(truth, read):
    truth, read = re.sub(r"\s+", "", truth), re.sub(r"\s+", "", read)
    return Levenshtein.distance(truth, read) / max(1, len(truth))


def measure(case):
    image, truth = case.render()
    prepared = prepare(image)
    recognition = recognise(prepared.image, prepared.dpi)
    return {
        "case": case.name,
        "rotation": recognition.rotation,
        "expected_rotation": (360 - case.options.rotation) % 360,
        "cer": character_error_rate(truth, recognition.text),
        "confidence": recognition.confidence,
    }


def test_character_error_rate(request):
    cases = accuracy_cases()
    assert len(cases) >= 25
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(measure, cases))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    reporter.write_line("")
    reporter.write_line("OCR character error rate (whitespace ignored):")
    for result in results:
        reporter.write_line(f"  {result['cer'] * 100:5.2f}%  rotation {result['rotation']:>3}  {result['case']}")
    mean = sum(result["cer"] for result in results) / len(results)
    worst = max(results, key=lambda result: result["cer"])
    reporter.write_line(f"  mean {mean * 100:.2f}%, worst {worst['cer'] * 100:.2f}% ({worst['case']})")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ocr-accuracy.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    assert all(result["rotation"] == result["expected_rotation"] for result in results), [
        (r["case"], r["rotation"]) for r in results if r["rotation"] != r["expected_rotation"]
    ]
    assert mean <= 0.02, f"mean CER {mean:.2%}"
    assert worst["cer"] <= 0.05, f"{worst['case']}: CER {worst['cer']:.2%}"
