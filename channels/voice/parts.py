"""An answer said a few sentences at a time: its spoken units (baclofen.render.speech.units) grouped into parts that
each fit one short turn, with what the next part holds, so that the caller can be offered it ("say more for the
uncommon side effects"). Plain Python, no Rasa import.

How units are grouped (their roles come from the answer's structure, see speech.units):
- whole lines together, in order, as many as fit; a line too long for a part is cut at its sentences, a sentence
  too long at its commas (never inside a number: numbers are words here);
- a line that leads a list stays with the first item after it; the answer's source is said once, briefly, at the
  end of the first part; the source of one of several answers in a message stays after that answer;
- the question of an answer that asks (the dose form's weight question) ends every part, and what that answer says
  besides (the figures the age alone gives) waits until the caller asks for more;
- a unit said as a part of its own (a dose's opening, its further figures, each of its notes) is never joined with
  another, so that "more" gives them one at a time;
- an emergency is never cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from baclofen.render.speech import ASK, EXTRA, LEAD, PART, SOURCE, WHOLE, Unit

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+")


def word_count(text: str) -> int:
    """Words as a listener hears them: numbers are already words ('twenty-eight' is one, 'one one five' three)."""
    return len(text.split())


@dataclass(frozen=True)
class Parts:
    """texts[i] is said as one turn; labels[i] names what texts[i] holds (offered from the part before it)."""

    texts: Tuple[str, ...]
    labels: Tuple[Optional[str], ...]


@dataclass
class _Block:
    """Units said together: a line, with the line that leads it (kept in front of its first piece when the line
    must be cut) and the sources that follow it."""

    text: str
    label: Optional[str]
    lead: str = ""
    alone: bool = False  # a part of its own (a dose's opening, each of its notes): never joined with another

    @property
    def said(self) -> str:
        return _join(self.lead, self.text)

    @property
    def words(self) -> int:
        return word_count(self.said)

    def pieces(self, limit: int) -> List["_Block"]:
        if self.words <= limit:
            return [self]
        cut = _pieces(self.text, max(1, limit - word_count(self.lead)))
        return [_Block(piece, self.label if index == 0 else None, self.lead if index == 0 else "", self.alone)
                for index, piece in enumerate(cut)]


def _join(*texts: str) -> str:
    return " ".join(t for t in texts if t)


def _pieces(text: str, limit: int) -> List[str]:
    """`text` cut into pieces of at most `limit` words: at sentence ends, then at commas, then (a last resort no
    answer of the leaflet needs) between words."""
    if word_count(text) <= limit:
        return [text]
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        pieces = [p for p in pattern.split(text) if p]
        if len(pieces) > 1:
            out: List[str] = []
            for piece in pieces:
                out.extend(_pieces(piece, limit))
            return _pack(out, limit)
    words = text.split()
    return [" ".join(words[i:i + limit]) for i in range(0, len(words), limit)]


def _pack(pieces: Sequence[str], limit: int) -> List[str]:
    out: List[str] = []
    for piece in pieces:
        if out and word_count(out[-1]) + word_count(piece) <= limit:
            out[-1] = _join(out[-1], piece)
        else:
            out.append(piece)
    return out


def _blocks(units: Sequence[Unit]) -> List[_Block]:
    """Leads joined to what they lead, a message's inner sources to what they cite."""
    blocks: List[_Block] = []
    lead = ""
    for unit in units:
        if unit.role == SOURCE and blocks and not lead:
            blocks[-1].text = _join(blocks[-1].text, unit.text)
        elif unit.role == LEAD:
            lead = _join(lead, unit.text)
        else:
            blocks.append(_Block(unit.text, unit.label, lead, alone=unit.role == PART))
            lead = ""
    if lead:
        blocks.append(_Block(lead, None))
    return blocks


def _words(part: List[_Block]) -> int:
    return sum(block.words for block in part)


def split(units: Sequence[Unit], budget: int, last_budget: Optional[int] = None) -> Parts:
    """Groups `units` into parts of at most `budget` words, the last part at most `last_budget` (default: the
    same): the turn's limit less the follow-up that offers more, or the one that ends the answer."""
    last_budget = budget if last_budget is None else last_budget
    units = list(units)
    if any(unit.role == WHOLE for unit in units):
        return Parts((_join(*(unit.text for unit in units)),), (None,))
    sources = [i for i, unit in enumerate(units) if unit.role == SOURCE]
    # The answer's own source (its last unit) is said once, in the first part with room for it; when one message
    # holds several answers, each source stays after the answer it names.
    own_source = units[-1].text if sources == [len(units) - 1] else ""
    body = units[:-1] if own_source else units
    first_extra = next((i for i, unit in enumerate(body) if unit.role == EXTRA), None)
    opening: List[_Block] = []
    if first_extra is not None:
        # An answer that asks: its question first (with what leads it), what it says besides on request.
        opening = [_Block(unit.text, unit.label) for unit in body[:first_extra] + [u for u in body if u.role == ASK]]
        later = _blocks([unit for unit in body[first_extra:] if unit.role != ASK])
    else:
        later = _blocks([unit for unit in body if unit.role != ASK] + [unit for unit in body if unit.role == ASK])

    parts: List[List[_Block]] = [opening] if opening else []
    current: List[_Block] = []
    for block in later:
        if current and _words(current) + block.words <= budget and not (block.alone or current[-1].alone):
            current.append(block)
            continue
        if current:
            parts.append(current)
        pieces = block.pieces(budget)
        parts.extend([piece] for piece in pieces[:-1])
        current = [pieces[-1]]
    if current:
        parts.append(current)
    # The last part is followed by the answer's closing prompt, which may be longer than the offer of more.
    while parts and _words(parts[-1]) > last_budget:
        last = parts.pop()
        if len(last) > 1:
            parts.extend([last[:-1], last[-1:]])
        else:
            parts.extend([piece] for piece in last[0].pieces(last_budget))
            break

    texts = [_join(*(block.said for block in part)) for part in parts]
    labels = [part[0].label if index else None for index, part in enumerate(parts)]
    if own_source:
        first_said = 1 if opening else 0
        room = [last_budget if i == len(texts) - 1 else budget for i in range(len(texts))]
        at = next((i for i in range(first_said, len(texts))
                   if word_count(texts[i]) + word_count(own_source) <= room[i]), None)
        if at is None:
            texts.append(own_source)
            labels.append(None)
        else:
            texts[at] = _join(texts[at], own_source)
    if not texts:
        texts, labels = [""], [None]
    return Parts(tuple(texts), tuple(labels))
