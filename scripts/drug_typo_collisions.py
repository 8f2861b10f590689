"""English words that the typo index of medicine names would read as a medicine.

    python scripts/drug_typo_collisions.py WORDLIST [WORDLIST ...]     (e.g. /usr/share/dict/american-english)

Reads each list's lower-case alphabetic words of 6+ letters, runs each through the entity extractor alone, and
prints those read as a medicine by a typo match (not an exact dictionary match, nor a phrase of the rules), with the
medicine. Words that mean something else belong in baclofen/language/drug_typos.yml."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baclofen.language import entities  # noqa: E402
from baclofen.language.rules import rules  # noqa: E402


def main(paths) -> int:
    words = set()
    for path in paths:
        with open(path, encoding="utf-8", errors="ignore") as handle:
            for line in handle:
                word = line.strip()
                if word.isalpha() and word.isascii() and len(word) >= 6 and word[0].islower():
                    words.add(word.lower())
    index = rules()
    found = 0
    for word in sorted(words):
        if index.drugs.entries(word) or word in index.fuzzy_protected:
            continue  # an exact dictionary match, or protected: not the typo index's doing
        values = [e["value"] for e in entities.extract(word) if e["entity"] == "drug"]
        if values and index.fuzzy.lookup(word):
            found += 1
            print(f"{word}\t{values[0]}")
    print(f"{found} of {len(words)} words", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]) if sys.argv[1:] else print(__doc__) or 2)
