"""Typed amounts: a number with its unit, and ranges of them. Every figure the assistant states is one of these.

A Quantity keeps its value as a number and its unit as a name from UNITS, so each renderer writes it its own way
(text "1.05 mg", speech "one point zero five milligrams") without reading text back. Values are shown rounded
half-up to the knowledge file's precision; the value itself is never changed.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Dict, Optional, Tuple, Union

KG_PER_LB = 0.45359237  # the international avoirdupois pound
KG_PER_STONE = 14 * KG_PER_LB
MONTHS_PER_YEAR = 12
WEEKS_PER_YEAR = 52


@dataclass(frozen=True, slots=True)
class Unit:
    text: Tuple[str, str]  # written: (after 1, after other numbers)
    spoken: Tuple[str, str]  # said aloud, in full


UNITS: Dict[str, Unit] = {
    "mg": Unit(("mg", "mg"), ("milligram", "milligrams")),
    "micrograms": Unit(("microgram", "micrograms"), ("microgram", "micrograms")),
    "kg": Unit(("kg", "kg"), ("kilogram", "kilograms")),
    "lb": Unit(("lb", "lb"), ("pound", "pounds")),
    "mg per kg a day": Unit(("mg per kg a day", "mg per kg a day"),
                            ("milligram per kilogram per day", "milligrams per kilogram per day")),
    "mg per kg": Unit(("mg per kg", "mg per kg"), ("milligram per kilogram", "milligrams per kilogram")),
    "years": Unit(("year", "years"), ("year", "years")),
    "months": Unit(("month", "months"), ("month", "months")),
    "weeks": Unit(("week", "weeks"), ("week", "weeks")),
    "days": Unit(("day", "days"), ("day", "days")),
    "hours": Unit(("hour", "hours"), ("hour", "hours")),
    "minutes": Unit(("minute", "minutes"), ("minute", "minutes")),
    "doses": Unit(("dose", "doses"), ("dose", "doses")),
    "characters": Unit(("character", "characters"), ("character", "characters")),
}


@functools.lru_cache(maxsize=None)
def _rounding_scale() -> int:
    from baclofen import knowledge  # the precision is a knowledge-file convention

    return 10 ** knowledge.dosing()["rounding_decimals"]


def round_dose(value: float) -> float:
    """Half-up rounding to the knowledge file's precision, so 1.125 mg reads 1.13 mg, not 1.12 mg.

    The 1e-9 absorbs binary representation error (1.005 is stored as 1.00499999...), as decimal rounding would.
    """
    scale = _rounding_scale()
    return math.floor(value * scale + 0.5 + 1e-9) / scale


def format_number(value: float) -> str:
    if not math.isfinite(value) or abs(value) >= 1e12:  # only in a refusal ("a weight of 1e+306 kg"), never a dose
        return format(value, ".4g")
    return format(round_dose(value), "g")


@dataclass(frozen=True, slots=True)
class Number:
    """A bare number in a sentence ("children over 10", "section 3")."""

    value: float

    def __str__(self) -> str:
        return format_number(self.value)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # a key of UNITS: "mg", "micrograms", "kg", "years" ...
    exact: bool = False  # a conversion ("25 micrograms is 0.025 mg"): shown in full, not rounded like a dose figure

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")

    def written(self) -> str:
        return format(self.value, ".6g") if self.exact else format_number(self.value)

    @property
    def is_one(self) -> bool:
        return self.written() == "1"

    def __str__(self) -> str:
        return f"{self.written()} {UNITS[self.unit].text[0 if self.is_one else 1]}"

    @property
    def is_rounded(self) -> bool:
        return abs(round_dose(self.value) - self.value) > 1e-9


@dataclass(frozen=True, slots=True)
class QuantityRange:
    high: Quantity
    low: Optional[Quantity] = None  # None: "up to high"

    def __str__(self) -> str:
        if self.low is None:
            return f"up to {self.high}"
        if self.low.unit == self.high.unit:
            return f"{self.low.written()}-{self.high}"
        return f"{self.low} to {self.high}"


Amount = Union[Quantity, QuantityRange]


def quantity_range(low: Optional[float], high: float, unit: str) -> QuantityRange:
    return QuantityRange(high=Quantity(high, unit), low=None if low is None else Quantity(low, unit))
