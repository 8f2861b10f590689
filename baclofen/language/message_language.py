"""The language of one message for the rules that read it: what the message says (baclofen.language.detect), else
the channel's hint (a widget switch, the hotline caller's choice: `metadata.language`), else nothing. Plain Python.

    of(text, hint) -> "en" | "vi" | "es" | None     the message's language, None when nothing tells
    for_slot(text, hint) -> "en" | "vi" | None       what the `language` slot takes this turn (None: it keeps its value)
"""
from __future__ import annotations

import functools
from typing import Any, Optional

from baclofen.language import detect
from baclofen.language.normalise import abbreviations, normalise

ANSWERED = ("en", "vi")  # the languages the assistant answers in: the `language` slot's values (domain.yml)


@functools.lru_cache(maxsize=1024)
def _decided(text: str) -> Optional[str]:
    return detect.decide(text)


def hint_of(metadata: Any) -> Optional[str]:
    """`metadata.language` when it names a language the assistant answers in ("vi", "vi-VN", "en-GB"), else None."""
    if not isinstance(metadata, dict) or not isinstance(metadata.get("language"), str):
        return None
    code = metadata["language"].strip().lower()[:2]
    return code if code in ANSWERED else None


def of(text: object, hint: Optional[str] = None) -> Optional[str]:
    """What the message itself says wins over the hint: a caller who chose Vietnamese and then writes English is
    answered in English; the hint decides only what the message leaves open ("ok", "15 kg")."""
    decided = _decided(text) if isinstance(text, str) else None
    return decided or (hint if hint in ANSWERED else None)


def for_slot(text: object, hint: Optional[str] = None) -> Optional[str]:
    found = of(text, hint)
    return found if found in ANSWERED else None


def is_vietnamese(text: object, hint: Optional[str] = None) -> bool:
    return of(text, hint) == "vi"


def looks_vietnamese(text: str) -> bool:
    """For a message that does not tell its language ("co ai khong", "thôi"): written with marks, or with a word only
    Vietnamese uses. English short answers ("ok", "4", "help") do not."""
    words = normalise(text).split()
    return not text.isascii() or any(w in detect.VIETNAMESE_WORDS or w in abbreviations()[0] for w in words)


def warm_up() -> None:
    detect.warm_up()
