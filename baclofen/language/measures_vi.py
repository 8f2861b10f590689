"""Ages and weights written in Vietnamese, read into the same typed values as the English ones (measures.py): an
age in years, a weight in kilograms. Plain Python.

Read on the folded message (baclofen.language.normalise.fold: no marks, one character for one), lower-cased, so
offsets are those of the message and "3 tuổi" reads as "3 tuoi" typed without marks:

    "3 tuổi" 3.0 years; "tuổi rưỡi" 1.5; "2 tuổi rưỡi" 2.5; "2 tuổi 3 tháng" 2.25; "18 tháng" 1.5 (an age unless
    said as a time: "3 tháng nay", "uống được 3 tháng"); "6 tuần tuổi" (weeks only with "tuổi": "3 tuần" is a time);
    "3t" 3.0; "16 cân" / "16 ký" / "16 kí" / "nặng 16" 16.0 kg ("16 can" without marks only in a Vietnamese message:
    "my son is 16 can he..." is English).
Number words where simple: một, hai, ba, bốn/tư, năm/lăm, sáu, bảy, tám, chín, mười, "hai mươi (mốt)", rưỡi.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from baclofen.dosing.person import age_in_years

_UNITS = {"mot": 1, "mốt": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7,
          "tam": 8, "chin": 9}
_UNIT_WORDS = "mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin"
# "2", "2.5", "2,5", "muoi", "muoi hai", "hai muoi", "hai muoi mot", "mot"...
NUMBER = (rf"(?:\d{{1,3}}(?:[.,]\d{{1,2}})?|(?:(?:{_UNIT_WORDS}) )?muoi(?: (?:{_UNIT_WORDS}))?|(?:{_UNIT_WORDS}))")
_N = rf"(?P<n>{NUMBER})"
_YEARS = re.compile(rf"(?<![\w.,]){_N} ?tuoi(?P<half> ruoi)?(?: (?:va )?(?P<m>{NUMBER}) thang)?(?!\w)")
_HALF_YEAR = re.compile(r"(?<![\w.,] )(?<!\w)tuoi ruoi(?!\w)")
_MONTHS_OLD = re.compile(rf"(?<![\w.,]){_N} ?(?P<unit>thang|tuan) tuoi(?!\w)")
_MONTHS = re.compile(rf"(?<![\w.,]){_N} ?thang(?!\w)(?! tuoi)")
_GLUED_YEARS = re.compile(r"(?<![\w.,])(?P<n>\d{1,2})t(?![\w.,])")
_WEIGHT = re.compile(rf"(?<![\w.,]){_N} ?(?P<unit>can|ky|ki|kilo|kilogam|kg)(?!\w)")
_WEIGHS = re.compile(rf"(?<!\w)(?:nang|can nang(?: la)?|can nang khoang|nang khoang|nang tam|nang gan)"
                     rf" {_N}(?! ?(?:mg|mcg|micro|tuoi|thang|nam|vien|lan|%|cm|m\b|kg|ky|ki|kilo|can|lb))(?![\w.,])")
# A number of months said as a time, not an age: "3 tháng nay", "được 3 tháng rồi", "trong 3 tháng".
_TIME_BEFORE = re.compile(r"(?:\b(?:trong|suot|sau|tu|hon|moi|cach|qua|lai|them|ca|da|het|uong|dung|xai|bau|thai)|"
                          r"(?:uong|dung|xai|bi|da) duoc|duoc (?:gan|hon|khoang))\s*$")
_TIME_AFTER = re.compile(r"^\s*(?:nay|roi|truoc|qua|sau|lien|nua|tro lai|gan day|lai day|con|thi|moi|ma)\b")
_CHILD_BEFORE = re.compile(r"\b(?:be|con|chau|em be|tre|nhoc|thang be|con be|be nha (?:em|toi|minh))"
                           r"(?: (?:nha )?(?:toi|em|minh|tui))?(?: (?:moi|duoc|da|gan|khoang|tam|chung|hon))?\s*$")


def number_value(words: str) -> Optional[float]:
    """The value of a number as NUMBER matches it: "2,5" 2.5, "hai muoi mot" 21, "muoi lam" 15."""
    words = words.strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", words):
        return float(words.replace(",", "."))
    parts = words.split()
    if "muoi" not in parts:
        return float(_UNITS[parts[0]]) if len(parts) == 1 and parts[0] in _UNITS else None
    at = parts.index("muoi")
    tens = _UNITS.get(parts[at - 1], 0) if at else 1
    ones = _UNITS.get(parts[at + 1], 0) if at + 1 < len(parts) else 0
    return float(tens * 10 + ones)


def _entity(kind: str, value: float, start: int, end: int) -> Dict[str, Any]:
    return {"entity": kind, "value": value, "start": start, "end": end}


def ages(low: str) -> List[Dict[str, Any]]:
    """The ages of a folded, lower-cased message."""
    found = []
    for match in _YEARS.finditer(low):
        years = number_value(match.group("n"))
        if years is None:
            continue
        years += 0.5 if match.group("half") else 0.0
        if match.group("m"):  # "2 tuổi 3 tháng", rounded as the English "2 years and 3 months" is
            years = round(years + (number_value(match.group("m")) or 0.0) / 12, 2)
        found.append(_entity("age", years, match.start(), match.end()))
    for match in _HALF_YEAR.finditer(low):
        if not re.search(rf"(?:{NUMBER}) ?$", low[:match.start()]):
            found.append(_entity("age", 1.5, match.start(), match.end()))
    for match in _MONTHS_OLD.finditer(low):
        value = number_value(match.group("n"))
        if value is not None:
            months = value if match.group("unit") == "thang" else round(value * 12 / 52, 1)
            found.append(_entity("age", age_in_years(months, "months"), match.start(), match.end()))
    for match in _MONTHS.finditer(low):
        value = number_value(match.group("n"))
        if value is not None and _months_are_an_age(low, match.start(), match.end()):
            found.append(_entity("age", age_in_years(value, "months"), match.start(), match.end()))
    for match in _GLUED_YEARS.finditer(low):
        found.append(_entity("age", float(match.group("n")), match.start(), match.end()))
    return found


def _months_are_an_age(low: str, start: int, end: int) -> bool:
    """"bé 18 tháng" is an age; "3 tháng nay", "uống được 3 tháng", "trong 3 tháng" a time."""
    before = low[max(0, start - 30):start]
    if _CHILD_BEFORE.search(before):
        return True
    return not (_TIME_BEFORE.search(before) or _TIME_AFTER.search(low[end:end + 15]))


def weights(low: str, composed: str, vietnamese: bool) -> List[Dict[str, Any]]:
    """The weights in kilograms; "can" without its mark ("cân") only in a message known to be Vietnamese."""
    found = []
    for match in _WEIGHT.finditer(low):
        unit_at = match.start("unit")
        if match.group("unit") == "can" and not (vietnamese or composed[unit_at:unit_at + 3].lower() == "cân"):
            continue
        value = number_value(match.group("n"))
        if value is not None:
            found.append(_entity("weight", value, match.start(), match.end()))
    for match in _WEIGHS.finditer(low):
        value = number_value(match.group("n"))
        if value is not None and 0 < value <= 200:
            found.append(_entity("weight", value, match.start(), match.end()))
    return found


def vietnamese_measures(composed: str, folded: str, vietnamese: bool) -> List[Dict[str, Any]]:
    """Ages and weights of a message: `composed` its NFC text, `folded` the same without marks (same length)."""
    low = folded.lower()
    if not re.search(r"tuoi|thang|tuan|can|ky|ki\b|kilo|nang|\dt\b", low):
        return []  # most English messages: nothing to read
    return ages(low) + weights(low, composed, vietnamese)
