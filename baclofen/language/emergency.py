"""Emergency backstop: a rule that finds emergencies the intent classifier may miss. Plain Python, no Rasa import.

The patterns live in vocabulary.yml (emergency_patterns).
"""
from __future__ import annotations

import functools
import re

import yaml

from baclofen.language.rules import VOCABULARY_FILE


@functools.lru_cache(maxsize=None)
def _pattern() -> re.Pattern:
    with open(VOCABULARY_FILE, encoding="utf-8") as handle:
        patterns = yaml.safe_load(handle)["emergency_patterns"]
    return re.compile("|".join(rf"\b(?:{p})" for p in patterns), re.IGNORECASE)


def is_emergency(text: str) -> bool:
    return isinstance(text, str) and _pattern().search(text[:20_000]) is not None
