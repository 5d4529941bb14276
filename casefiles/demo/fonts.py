"""The CJK fonts the fixture generator renders with (Debian packages).

Each face names a font file and the index of the simplified-Chinese face in
its collection. The run and test commands install the packages.
"""

from dataclasses import dataclass
from pathlib import Path

FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/arphic")]


@dataclass(frozen=True)
class Face:
    key: str
    file: str
    index: int
    package: str
    description: str

    @property
    def path(self):
        for folder in FONT_DIRS:
            candidate = folder / self.file
            if candidate.exists():
                return candidate
        raise FontMissing(self)


class FontMissing(RuntimeError):
    def __init__(self, face):
        super().__init__(
            f"Font {face.file} not found; install the Debian package {face.package} (./anjuan installs it)."
        )


FACES = {
    # Song/Ming style serif: the face of most court documents.
    "serif": Face("serif", "NotoSerifCJK-Regular.ttc", 2, "fonts-noto-cjk", "Noto Serif CJK SC"),
    "sans": Face("sans", "NotoSansCJK-Regular.ttc", 2, "fonts-noto-cjk", "Noto Sans CJK SC"),
    "kai": Face("kai", "ukai.ttc", 0, "fonts-arphic-ukai", "AR PL UKai CN"),
    "ming": Face("ming", "uming.ttc", 0, "fonts-arphic-uming", "AR PL UMing CN"),
}


def face(key):
    return FACES[key]
