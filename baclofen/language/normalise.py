"""One normal form of a message for every rule that reads it. Plain Python.

A message is normalised once, in three forms that keep their reasons apart:
    nfc(text)       the text as typed, composed (some keyboards send "ô" as "o" + a combining mark): kept for logs;
    fold(text)      the same characters without their marks, case kept, one character for one ("Đã uống" ->
                    "Da uong"), so every offset into it is an offset into the composed text: the entity rules read it;
    normalise(text) lower case, no marks, plain quotes, single spaces: what the phrase and concept rules match.
Vietnamese chat abbreviations ("ko", "dc", "3t") are expanded by expand_abbreviations() on a normalised copy;
their list is abbreviations.yml beside this module.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

MAX_CHARS = 20_000
ABBREVIATIONS_FILE = Path(__file__).resolve().with_name("abbreviations.yml")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text[:MAX_CHARS])


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char == "đ":
        return "d"
    if char == "Đ":
        return "D"
    bare = "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")
    # a lone combining mark (no letter to sit on even after NFC) stays, so that the length never changes
    return bare if len(bare) == 1 else char


def fold(text: str) -> str:
    """The composed text without accents or Vietnamese tone marks, case kept, character for character."""
    composed = nfc(text)
    if composed.isascii():
        return composed
    return "".join(_fold_char(char) for char in composed)


def normalise(text: str) -> str:
    """Lower case, no accents or Vietnamese tone marks ("Con tôi nuốt" -> "con toi nuot"), plain quotes, single
    spaces: how people type without their keyboard's marks, so one pattern serves both."""
    text = text[:MAX_CHARS].replace("đ", "d").replace("Đ", "D")
    if not text.isascii():  # plain ASCII has no marks to take off (most messages, and most calls per message)
        text = unicodedata.normalize("NFD", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.translate(_QUOTES)
    return re.sub(r"\s+", " ", text.lower()).strip()


@functools.lru_cache(maxsize=None)
def abbreviations() -> Tuple[Dict[str, str], Dict[str, str], Dict[str, str]]:
    """(always, only_in_vietnamese, units_after_a_number): abbreviation -> its words, both normalised. The second
    list holds those that are words or chat of English too ("k" is "ok" in English chat, "r" is "are")."""
    data = yaml.safe_load(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    return tuple({normalise(str(k)): normalise(str(v)) for k, v in data[group].items()}  # type: ignore[return-value]
                 for group in ("always", "only_in_vietnamese", "units_after_a_number"))


_WORD = re.compile(r"[a-z0-9]+")
# "3t", "18th": a number glued to the abbreviation of its unit
_NUMBER_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)([a-z]+)$")


def expand_word(word: str, vietnamese: bool) -> str:
    """One normalised word with its abbreviation expanded ("ko" -> "khong", "3t" -> "3 tuoi"), else itself."""
    always, vietnamese_only, units = abbreviations()
    found = always.get(word) or (vietnamese_only.get(word) if vietnamese else None)
    if found:
        return found
    glued = _NUMBER_UNIT.match(word)
    if glued and glued.group(2) in units:
        return f"{glued.group(1)} {units[glued.group(2)]}"
    return word


def expand_abbreviations(normalised: str, vietnamese: bool = True) -> str:
    """A normalised message with its Vietnamese chat abbreviations written out: "con ko uong dc" -> "con khong uong
    duoc". `vietnamese`: whether the message is known to be Vietnamese (then "k", "r", "j"... are expanded too)."""
    return _WORD.sub(lambda m: expand_word(m.group(), vietnamese), normalised)


@functools.lru_cache(maxsize=None)
def _homographs() -> re.Pattern:
    data = yaml.safe_load(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    words = sorted((nfc(str(w)) for w in data.get("homographs") or ()), key=len, reverse=True)
    # whole words only: "tủ vẫn" (the cabinet still) but not inside a longer syllable
    return (re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)
            if words else re.compile(r"(?!)"))


def set_aside_homographs(text: str) -> str:
    """`text` composed, with each everyday word of `homographs` (abbreviations.yml) written with its marks replaced by
    as many letters "q" (no rule reads them), so that "giảm từ từ" is not read as "tự tử" once the marks go. Same
    length as the composed text."""
    composed = nfc(text)
    return _homographs().sub(lambda m: "q" * len(m.group()), composed)


_BETWEEN_SENTENCES = re.compile(r"(?<=[.!?;\n])\s+")


def sentences_apart(text: str) -> List[str]:
    """`text` cut at the spaces after a sentence's end (. ! ? ; or a new line), empty pieces left out: the learned
    net's windows and the emergency rules' last sentences."""
    return [piece for piece in _BETWEEN_SENTENCES.split(text) if piece.strip()]
