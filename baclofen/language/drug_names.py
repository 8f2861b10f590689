"""Medicine names in a message: exact matches in the drug dictionary (baclofen.drug_index) and typos of the
interaction medicines. Plain Python."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple

from baclofen.language.spans import Candidate


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class FuzzyDrugIndex:
    """Typo lookup for single-word medicine names.

    drug-named-entity-recognition's own fuzzy mode is not used: it crashes on two-word candidates
    (UnboundLocalError on `lookup_name` in find_drugs 2.0.9), costs about 8 ms per word, and maps ordinary words to
    obscure dictionary entries ("advice" -> Advil, "vertigo" -> Vertigon). Even a strict edit distance over the whole
    dictionary hits hundreds of English words ("warranty" -> Warfant, "program" -> Prograf), so the targets are only
    the names (brands included) of the interaction medicines of drug_classes.yml, a few alcohol words and baclofen's
    own names. The caller asks for words of 6+ letters that are not protected; the first letter must match; one edit
    (OSA distance) is allowed, two for words of 10+ letters; a word close to two different medicines is left alone.
    Candidates come from a pigeonhole index (with at most k edits, one of k + 1 pieces of the name is unchanged), so
    a lookup is a few dictionary probes plus distance checks on a handful of names.
    """

    def __init__(self, names: Dict[str, str]) -> None:
        self._value = names  # variant -> value ("self" for baclofen's names)
        self._pieces: Dict[Tuple[int, int, int, str], List[str]] = {}
        for variant in names:
            for parts in (2, 3):
                for piece_index, piece in enumerate(self._split(variant, parts)):
                    key = (parts, len(variant), piece_index, piece)
                    self._pieces.setdefault(key, []).append(variant)

    @staticmethod
    def _bounds(length: int, parts: int) -> List[Tuple[int, int]]:
        cuts = [length * i // parts for i in range(parts + 1)]
        return [(cuts[i], cuts[i + 1]) for i in range(parts)]

    @classmethod
    def _split(cls, word: str, parts: int) -> List[str]:
        return [word[a:b] for a, b in cls._bounds(len(word), parts)]

    def lookup(self, word: str) -> Optional[str]:
        limit = 1 if len(word) < 10 else 2
        parts = limit + 1
        candidates: Set[str] = set()
        for length in range(len(word) - limit, len(word) + limit + 1):
            if length < 5:
                continue
            for piece_index, (a, b) in enumerate(self._bounds(length, parts)):
                shifts = range(-limit, limit + 1)
                if piece_index == 0:
                    shifts = range(0, 1)  # the first piece starts the word
                elif piece_index == parts - 1:
                    shifts = range(len(word) - length, len(word) - length + 1)  # the last piece ends it
                for shift in shifts:
                    if a + shift < 0 or b + shift > len(word):
                        continue
                    found = self._pieces.get((parts, length, piece_index, word[a + shift : b + shift]))
                    if found:
                        candidates.update(found)
        best, values = limit + 1, set()
        for candidate in candidates:
            if candidate[0] != word[0]:
                continue
            distance = osa_distance(word, candidate, limit)
            if distance < best:
                best, values = distance, {self._value[candidate]}
            elif distance == best:
                values.add(self._value[candidate])
        if best <= limit and len(values) == 1:
            return values.pop()
        return None  # nothing close, or close to two different medicines


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
    return out
