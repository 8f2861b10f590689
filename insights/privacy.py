"""Masking what identifies a person in the message texts the report may show (only with --show-text).

A run of digits that looks like a phone number or a record number (five or more digits, possibly grouped by
spaces, dots, dashes, slashes or brackets, possibly after a +) is replaced whole. Doses, ages and weights ("14 kg",
"2.5 years", "1000 micrograms") have fewer digits and stay readable.
"""
from __future__ import annotations

import re

MASK = "[number]"
MIN_DIGITS = 5

# Digits, and the separators people put inside one number (one or two between groups, never at the end).
_RUN = re.compile(r"\+?\(?\d(?:\d|[ .\-/()]{1,2}(?=[\d(]))*\d|\d")


def mask_numbers(text: str) -> str:
    def replace(match: re.Match) -> str:
        run = match.group(0)
        return MASK if sum(ch.isdigit() for ch in run) >= MIN_DIGITS else run
    return _RUN.sub(replace, text)
