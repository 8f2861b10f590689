"""The language rules' word tables (baclofen/language/vocabulary.yml), read once for every reader: the concept
reader's ages in words, the rule matchers, and the dose layer's units ("kgs", "kilos" -> kg) where a value enters.
Plain Python; a leaf module, so the dose layer can read the units without importing the language layer."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent / "language" / "vocabulary.yml"


@functools.lru_cache(maxsize=None)
def load() -> Dict[str, Any]:
    """The whole vocabulary, parsed once per process (callers must not change it)."""
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
