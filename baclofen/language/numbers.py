"""The number grammar of the language rules: digits, number words ("twenty-one"), "... and a half", signs and
ranges, read over a message's lower-cased tokens. Plain Python; the word tables come from vocabulary.yml."""
from __future__ import annotations

import re
from typing import Dict, Optional, Sequence, Tuple

# A written number: at most 5 integer digits and 3 decimals, so format(x, "g") never switches to exponents.
NUMBER_RE = re.compile(r"^[0-9]{1,5}(?:\.[0-9]{1,3})?$")


class NumberGrammar:
    def __init__(self, number_words: Dict[str, int], tens_words: Dict[str, int]) -> None:
        self.number_words = number_words
        self.tens_words = tens_words

    def parse_number(self, lowers: Sequence[str], i: int, allow_article: bool = False) -> Optional[Tuple[float, int]]:
        """A number written at token i: digits, words ("twenty-one"), "... and a half". Returns (value, end)."""
        n = len(lowers)
        if i >= n:
            return None
        word = lowers[i]
        if word[:1] in ("-", "\u2212", "\u2013") and NUMBER_RE.match(word[1:]):
            value, end = -float(word[1:]), i + 1  # "-3": kept negative so the dose lookup refuses it with a reason
        elif NUMBER_RE.match(word):
            value, end = float(word), i + 1
        elif word[-1:] == "\u00bd" and NUMBER_RE.match(word[:-1]):  # "3½"
            value, end = float(word[:-1]) + 0.5, i + 1
        elif word in self.tens_words:
            value, end = float(self.tens_words[word]), i + 1
            if end + 1 < n and lowers[end] == "-" and 1 <= self.number_words.get(lowers[end + 1], 0) <= 9:
                value, end = value + self.number_words[lowers[end + 1]], end + 2
            elif end < n and 1 <= self.number_words.get(lowers[end], 0) <= 9:
                value, end = value + self.number_words[lowers[end]], end + 1
        elif word in self.number_words:
            value, end = float(self.number_words[word]), i + 1
        elif allow_article and word in ("a", "an"):
            value, end = 1.0, i + 1
        else:
            return None
        half = self.half_at(lowers, end)
        if half:
            value, end = value + 0.5, half
        elif end < n and lowers[end] == "\u00bd":  # "3 ½"
            value, end = value + 0.5, end + 1
        return value, end

    @staticmethod
    def half_at(lowers: Sequence[str], i: int) -> Optional[int]:
        """End of "and a half" / "-and-a-half" / "and 1/2" starting at token i, else None."""
        words = [w for w in lowers[i : i + 7]]
        if words[:2] in (["and", "1/2"], ["and", "\u00bd"]):
            return i + 2
        j, seen = 0, []
        while j < len(words) and len(seen) < 3:
            if words[j] != "-":
                seen.append(words[j])
            j += 1
            if seen and seen != ["and", "a", "half"][: len(seen)]:
                return None
        return i + j if seen == ["and", "a", "half"] else None

    def is_number_word(self, word: str) -> bool:
        return bool(NUMBER_RE.match(word)) or word in self.number_words or word in self.tens_words

    def number_before(self, lowers: Sequence[str], end: int, allow_article: bool) -> Optional[Tuple[float, int]]:
        """The longest number that ends exactly at token `end` (or one hyphen before it): (value, start)."""
        for start in range(max(0, end - 9), end):
            parsed = self.parse_number(lowers, start, allow_article=allow_article)
            if parsed is None:
                continue
            value, number_end = parsed
            if number_end == end or (number_end == end - 1 and lowers[end - 1] == "-"):
                return value, start
        return None

    def sign(self, lowers: Sequence[str], glued: Sequence[bool], start: int) -> Optional[Tuple[int, int]]:
        """(sign, new start) for the number at token `start`; None when it ends a range ("2-3", "2 to 3", "4 or 5").

        A minus glued to the number and not to a word before it is a sign: "-3 years" stays negative, so that the
        dose lookup can refuse it with a reason instead of reading 3 years.
        """
        if start == 0:
            return 1, start
        before = lowers[start - 1]
        if before in ("-", "–", "to", "or") and start >= 2 and self.is_number_word(lowers[start - 2]):
            return None
        if before in ("-", "–", "−") and glued[start - 1] and (start == 1 or not glued[start - 2]):
            return -1, start - 1
        return 1, start
