import pytest

from ocr import language_data


@pytest.fixture(scope="session", autouse=True)
def ocr_language_data():
    """The OCR tests read with the real language data (./anjuan installs it; this makes sure)."""
    language_data.install(log=lambda message: None)
