"""Micro-benchmark of the entity extractor: microseconds per message over ~200 everyday sentences (symptoms in lay
words, doses, medicines, plain questions). The extractor runs on every message, so changes to it are measured here.
CPU time (process_time), not wall time: the machine is shared, and other processes' load should not count.

    .venv/bin/python bench/entities_micro.py [rounds]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baclofen.language import entities  # noqa: E402

_OPENINGS = ("", "hi, ", "quick question: ", "since starting baclofen ", "my son is 12 and ")
_BODIES = (
    "I have ringing in both my ears", "my ears are buzzing all day", "my sugars have been all over the place",
    "I'm weeing constantly", "up three times a night to pee", "struggling to pass water", "my pee looked pinkish",
    "food tastes like metal", "I feel cold all the time", "my mouth is like sandpaper", "my arms feel weaker",
    "my heart is thumping", "his eyes are flicking side to side", "everything looks blurry", "I'm sweating buckets",
    "I feel weirdly high", "feeling really low and flat", "my legs are like jelly", "wobbly on my feet",
    "I can't sleep at night", "feeling dopey", "a bit woozy", "I'm bunged up", "headachey all week",
    "is drowsiness common", "no headache but dizzy", "what is the dose for a 10 year old weighing 30kg",
    "can I take it with amitriptyline and a glass of wine", "25mcg IT test dose for a 12-year-old",
    "is it safe when breastfeeding", "I take 10 mg three times a day", "can I drink alcohol with it",
    "what happens if I miss a dose", "how long does it take to work", "can I drive on baclofen",
    "my sugar intake is high", "I need to ring the pharmacy", "can I have a cold drink with it",
    "she is finishing school this year", "the tablets are weak",
)
SENTENCES = [opening + body for opening in _OPENINGS for body in _BODIES]


def main(rounds: int = 20) -> None:
    entities.warm_up()
    for text in SENTENCES:  # first reads fill the caches a server has warm too (word keys, typo lookups)
        entities._extract(text)
    best = float("inf")
    for _ in range(rounds):
        began = time.process_time()
        for text in SENTENCES:
            entities._extract(text)  # the uncached reading: extract() keeps the last 256 messages
        best = min(best, (time.process_time() - began) / len(SENTENCES))
    print(f"{len(SENTENCES)} messages, best of {rounds} rounds: {best * 1e6:.1f} us of CPU per message")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
