"""Numbers and units said in Vietnamese, for the hotline's Vietnamese calls (baclofen/render/speech.py asks here when
the answer's language is "vi"). Plain Python, no Rasa import.

Like the English path, every number is said from the digits it is written with, so nothing is re-rounded: the whole
part by num2words (`num2words(105, lang="vi")` -> "một trăm lẻ năm"), each decimal digit on its own after "phẩy"
(the Vietnamese decimal comma): "1.05" -> "một phẩy không năm". num2words is not given the float: it would drop the
zero ("một phẩy năm"). Units in full, as a Vietnamese pharmacist says them: "miligam", "microgam", "kilôgam".
"""
from __future__ import annotations

import re
from typing import Dict

from num2words import num2words

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
DECIMAL_POINT = "phẩy"
MINUS = "âm"
PLUS = "cộng"

# baclofen.quantities.UNITS keys -> the unit said in full. Vietnamese nouns have no plural: one word for any number.
UNIT_WORDS: Dict[str, str] = {
    "mg": "miligam",
    "micrograms": "microgam",
    "kg": "kilôgam",
    "lb": "pao",
    "mg per kg a day": "miligam trên kilôgam mỗi ngày",
    "mg per kg": "miligam trên kilôgam",
    "years": "năm",
    "months": "tháng",
    "weeks": "tuần",
    "days": "ngày",
    "hours": "giờ",
    "minutes": "phút",
    "doses": "liều",
    "characters": "ký tự",
}
RANGE_TO = "đến"   # "mười phẩy năm đến hai mươi tám miligam"
UP_TO = "tối đa"   # "tối đa hai mươi miligam"


def integer_words(number: int) -> str:
    """0 -> 'không', 15 -> 'mười lăm', 21 -> 'hai mươi mốt', 105 -> 'một trăm lẻ năm'."""
    if number < 0:
        return f"{MINUS} {integer_words(-number)}"
    return num2words(number, lang="vi")


def number_words(written: str) -> str:
    """A number as written -> said: '4.2' -> 'bốn phẩy hai', '1.05' -> 'một phẩy không năm'. Every written digit."""
    written = written.replace(",", "")
    negative = written.startswith("-")
    whole, _, decimals = written.lstrip("-").partition(".")
    words = integer_words(int(whole or "0"))
    if decimals:
        words += f" {DECIMAL_POINT} " + " ".join(DIGITS[int(d)] for d in decimals)
    return (f"{MINUS} " if negative else "") + words


def digits_words(written: str) -> str:
    """A phone number digit by digit, groups apart: '115' -> 'một một năm'."""
    groups = [g for g in re.split(r"[\s\-./]+", written.strip()) if g]
    spoken = []
    for group in groups:
        prefix = f"{PLUS} " if group.startswith("+") else ""
        spoken.append(prefix + " ".join(DIGITS[int(d)] for d in group if d.isdigit()))
    return ", ".join(spoken)


def unit_words(unit: str) -> str:
    return UNIT_WORDS[unit]
