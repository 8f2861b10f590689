"""English function words ("and", "still", "with"): spaCy's list, the one source for the entity rules and the
question reader. Read from spaCy's own file without importing spaCy: the action server reads questions back and
must not load spaCy (its memory) for a word list. Plain Python, no Rasa import."""
from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import FrozenSet


@functools.lru_cache(maxsize=None)
def english() -> FrozenSet[str]:
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spaCy is not installed: its English function words are read from it")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_spacy_english_stop_words", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)  # type: ignore[union-attr]
    return frozenset(module.STOP_WORDS)
