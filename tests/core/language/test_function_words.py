"""baclofen/language/function_words.py: spaCy's English function words, read without importing spaCy (the action
server reads questions back and must not load spaCy)."""
import subprocess
import sys
from pathlib import Path

from baclofen.language import function_words

ROOT = Path(__file__).resolve().parents[3]


def test_the_list_is_spacys():
    from spacy.lang.en.stop_words import STOP_WORDS

    assert function_words.english() == frozenset(STOP_WORDS)
    assert {"still", "with", "and"} <= function_words.english() and "baclofen" not in function_words.english()


def test_reading_it_does_not_import_spacy():
    code = ("import sys; from baclofen.language import function_words; function_words.english(); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
