"""One normal form of a message for every rule that reads it. Plain Python."""
from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 20_000


def normalise(text: str) -> str:
    """Lower case, no accents or Vietnamese tone marks ("Con tôi nuốt" -> "con toi nuot"), plain quotes, single
    spaces: how people type without their keyboard's marks, so one pattern serves both."""
    text = text[:MAX_CHARS].replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text.lower()).strip()
