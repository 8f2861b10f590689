"""Candidate entity spans and the choice among overlapping ones. Plain Python."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Set

# Which entity wins when two matches cover exactly the same characters (lower number wins).
PRIORITY: Dict[str, int] = {
    "self": 0,  # baclofen and its brands: a blocker, never emitted
    "age": 1,
    "population": 1,  # "adult", "elderly": what was an age value before ages became numbers
    "weight": 2,
    "amount": 3,
    "drug": 4,
    "symptom": 5,
    "route": 6,
    "origin": 7,
    "topic": 8,
    "frequency": 9,
}


@dataclass(frozen=True)
class Candidate:
    start: int  # token index
    end: int  # token index, exclusive
    entity: str
    value: Any
    rank: int = 0  # tie-break inside one entity type (lower wins)


def select(doc: Any, candidates: List[Candidate]) -> List[Candidate]:
    """Greedy: longest (in characters) first, then entity priority; drop anything overlapping a chosen span."""

    def char_len(c: Candidate) -> int:
        return doc[c.end - 1].idx + len(doc[c.end - 1].text) - doc[c.start].idx

    ordered = sorted(candidates, key=lambda c: (-char_len(c), PRIORITY[c.entity], c.rank, c.start))
    taken: Set[int] = set()
    chosen: List[Candidate] = []
    for c in ordered:
        span = set(range(c.start, c.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
