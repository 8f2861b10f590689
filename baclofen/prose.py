"""Prose: a sentence as typed parts (words, numbers, amounts, phone numbers), so that every medium renders the
figures in it its own way and none has to find them again in text.

`Prose.of("every ", Quantity(3, "days"), " until ...")` keeps the 3 days as a Quantity; `str(prose)` is the written
form. A test checks that no word part of any answer carries a digit: every number travels typed.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Tuple, Union

from baclofen.quantities import UNITS, Number, Quantity, QuantityRange


@dataclass(frozen=True, slots=True)
class Phone:
    """A configured telephone number or how to reach someone ("115", "1900 1234")."""

    number: str

    def __str__(self) -> str:
        return self.number


Part = Union[str, Number, Quantity, QuantityRange, Phone]


@dataclass(frozen=True, slots=True)
class Prose:
    parts: Tuple[Part, ...] = ()

    @classmethod
    def of(cls, *items: Union[Part, "Prose", None]) -> "Prose":
        """Joins words, typed parts and other prose; neighbouring words merge, empty ones and None drop out."""
        parts: list = []
        for item in items:  # exact type checks: this runs for every sentence of every answer
            for part in (item.parts if type(item) is Prose else (item,)):
                if type(part) is str:
                    if not part:
                        continue
                    if parts and type(parts[-1]) is str:
                        parts[-1] += part
                        continue
                elif part is None:
                    continue
                parts.append(part)
        return cls(tuple(parts))

    def __str__(self) -> str:
        return "".join(str(part) for part in self.parts)

    def __add__(self, other: Union[Part, "Prose"]) -> "Prose":
        return Prose.of(self, other)

    def __radd__(self, other: Union[Part, "Prose"]) -> "Prose":
        return Prose.of(other, self)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def endswith(self, suffix: str) -> bool:
        return bool(self.parts) and isinstance(self.parts[-1], str) and self.parts[-1].endswith(suffix)

    def capitalised(self) -> "Prose":
        if self.parts and isinstance(self.parts[0], str):
            return Prose((self.parts[0][:1].upper() + self.parts[0][1:],) + self.parts[1:])
        return self

    def as_sentence(self) -> "Prose":
        """Capital first, full stop last (unless it already ends a sentence)."""
        text = self.capitalised()
        return text if text.endswith(".") else text + "."


def join(items: Iterable[Union[Part, Prose]], separator: str = ", ", last: str = " and ") -> Prose:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return Prose.of(*items)
    pieces: list = []
    for index, item in enumerate(items):
        if index:
            pieces.append(last if index == len(items) - 1 else separator)
        pieces.append(item)
    return Prose.of(*pieces)


_UNIT_WORDS = {word: name for name, unit in UNITS.items() for word in unit.text}
_NUMBER_UNIT = re.compile(r"(\d+(?:\.\d+)?)(?:\s+(" + "|".join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True))
                          + r")\b)?")


@functools.lru_cache(maxsize=None)
def parse(text: str) -> Prose:
    """Prose from a sentence of the knowledge file, where it enters (parsed once per sentence): "under 12 years"
    keeps 12 years as a Quantity, "section 3" keeps 3 as a Number."""
    parts: list = []
    position = 0
    for match in _NUMBER_UNIT.finditer(text):
        parts.append(text[position:match.start()])
        value = float(match.group(1))
        parts.append(Quantity(value, _UNIT_WORDS[match.group(2)]) if match.group(2) else Number(value))
        position = match.end()
    parts.append(text[position:])
    return Prose.of(*parts)
