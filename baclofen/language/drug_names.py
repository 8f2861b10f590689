"""Medicine names in a message: exact matches in the drug dictionary (baclofen.drug_index) and typos of the
interaction medicines. Plain Python."""
from __future__ import annotations

import functools
import re
from typing import Any, Dict, List, Optional, Set, Tuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from baclofen.language.concepts import FUZZY_MIN_LETTERS as ENGLISH_WORD_MIN, is_english_word
from baclofen.language.spans import Candidate


class FuzzyDrugIndex:
    """Typo lookup for single-word medicine names, with rapidfuzz (OSA distance: Levenshtein plus the swap of two
    neighbouring letters).

    drug-named-entity-recognition's own fuzzy mode is not used: it crashes on two-word candidates
    (UnboundLocalError on `lookup_name` in find_drugs 2.0.9), costs about 8 ms per word, and maps ordinary words to
    obscure dictionary entries ("advice" -> Advil, "vertigo" -> Vertigon). Even a strict edit distance over every
    name of the dictionary hits hundreds of English words ("warranty" -> Warfant, "program" -> Prograf), so the
    targets are chosen by the caller (rules.py): every name (brands included) of the interaction medicines, the
    generic names of the dictionary's other medicines, the brands of knowledge/combination_brands.yml, a few alcohol
    words and baclofen's own names. The caller asks for words of 6+ letters that are not protected; the first letter
    must match; one edit is allowed, two for words of 10+ letters; a word as close to two different medicines is
    left alone. Lookups are cached: the same words come back in every conversation.
    """

    def __init__(self, names: Dict[str, str], cache_size: int = 8192) -> None:
        self._value = dict(names)  # variant -> value ("self" for baclofen's names)
        # Only names that can be close are compared: the same first letter, a length at most 2 apart (the most
        # edits allowed). (first letter, length) -> those names.
        self._near: Dict[Tuple[str, int], List[str]] = {}
        for variant in sorted(self._value):
            for length in range(len(variant) - 2, len(variant) + 3):
                self._near.setdefault((variant[:1], length), []).append(variant)
        self._sounded: Dict[Tuple[str, int], Dict[str, str]] = {}
        self.lookup = functools.lru_cache(maxsize=cache_size)(self._lookup)

    def __len__(self) -> int:
        return len(self._value)

    def _lookup(self, word: str) -> Optional[str]:
        """The value of the one medicine `word` is a typo of, or None (nothing close, or close to two)."""
        key = (word[:1], len(word))
        choices = self._near.get(key)
        if not choices:
            return None
        limit = 1 if len(word) < 10 else 2
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not found:
            # spelt as it sounds ("amitryptilene", "sertralyne"): the same letters where the spelling only
            # varies (y/i, ph/f, doubled letters), then the same edits allowed
            sounded = self._sounded.get(key)
            if sounded is None:  # each group's names said as they sound, once
                sounded = self._sounded[key] = {sounds_like(name): name for name in choices}
            found = [(sounded[key], distance, index) for key, distance, index in process.extract(
                sounds_like(word), list(sounded), scorer=OSA.distance, score_cutoff=limit, limit=None)]
        if not found:
            return None
        best = min(distance for _, distance, _ in found)
        values = {self._value[name] for name, distance, _ in found if distance == best}
        return values.pop() if len(values) == 1 else None


_DOUBLED = re.compile(r"(\w)\1+")


def sounds_like(word: str) -> str:
    """A medicine's name with the letters that spelling by ear varies on made one: y as i, ph as f, ae as e,
    doubled letters single."""
    return _DOUBLED.sub(r"\1", word.lower().replace("ph", "f").replace("y", "i").replace("ae", "e"))


def drug_candidates(rules: Any, doc: Any, covered: Set[int]) -> List[Candidate]:
    out: List[Candidate] = []
    tokens = [t.text for t in doc]
    found_tokens: Set[int] = set()  # known to the dictionary: kept or rejected, never typo-matched
    for name, is_medicine, start, end in rules.drugs.find(tokens):  # what find_drugs(tokens, is_ignore_case=True) finds
        found_tokens.update(range(start, end))
        surface = " ".join(tokens[start:end]).lower()
        if surface in rules.drug_false_positives:
            continue
        if end - start == 1 and (len(surface) < 4 or surface in rules.stop_words):
            continue
        if not name:
            continue
        if not is_medicine:
            continue  # a MeSH class or substance ("sedatives", "buffers"), not a medicine
        value = rules.drug_value(name)
        out.append(Candidate(start, end, "self" if value == "self" else "drug", value, rank=0))

    # typos of single-word medicine names
    for token in doc:
        i = token.i
        if i in covered or i in found_tokens or not token.is_alpha or len(token.text) < 6:
            continue
        word = token.lower_
        if word in rules.fuzzy_protected or not word.isascii():
            continue
        value = rules.fuzzy.lookup(word)
        if value:
            out.append(Candidate(i, i + 1, "self" if value == "self" else "drug", value, rank=2))

    # a name dictated and typed in two pieces ("lith ium", "pro pranolol"): the two words joined, when neither is a
    # common word or a real English word ("rice porridge" is no "rimeporide") and the join is a medicine's name or a
    # typo of one
    for left, right in zip(doc, doc[1:]):
        if ({left.i, right.i} & (covered | found_tokens) or not (left.is_alpha and right.is_alpha)
                or left.lower_ in rules.stop_words or right.lower_ in rules.stop_words
                or any(len(word) >= ENGLISH_WORD_MIN and is_english_word(word) for word in (left.lower_, right.lower_))
                or not (left.text.isascii() and right.text.isascii())):
            continue
        joined = left.lower_ + right.lower_
        if len(joined) < 6 or min(len(left.text), len(right.text)) < 2:
            continue
        value = rules.fuzzy.lookup(joined)
        if value:
            out.append(Candidate(left.i, right.i + 1, "self" if value == "self" else "drug", value, rank=3))
    return out
