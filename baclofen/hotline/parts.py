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
- an emergency is never cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from baclofen.render.speech import ASK, EXTRA, LEAD, SOURCE, WHOLE, Unit

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
    text: str
    label: Optional[str]

    @property
    def words(self) -> int:
        return word_count(self.text)


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
    pending_lead: Optional[Unit] = None
    for unit in units:
        if unit.role == SOURCE and blocks and pending_lead is None:
            blocks[-1].text = _join(blocks[-1].text, unit.text)
            continue
        if unit.role == LEAD:
            pending_lead = unit if pending_lead is None else Unit(_join(pending_lead.text, unit.text), LEAD)
            continue
        if pending_lead is not None:
            blocks.append(_Block(_join(pending_lead.text, unit.text), unit.label or pending_lead.label))
            pending_lead = None
        else:
            blocks.append(_Block(unit.text, unit.label))
    if pending_lead is not None:
        blocks.append(_Block(pending_lead.text, pending_lead.label))
    return blocks


def split(units: Sequence[Unit], budget: int) -> Parts:
    """Groups `units` into parts of at most `budget` words each (the turn's limit less its longest follow-up)."""
    units = list(units)
    if any(unit.role == WHOLE for unit in units):
        return Parts((_join(*(unit.text for unit in units)),), (None,))
    sources = [i for i, unit in enumerate(units) if unit.role == SOURCE]
    # The answer's own source (its last unit) is said once, in the first part with room for it; when one message
    # holds several answers, each source stays after the answer it names.
    own_source = units[-1].text if sources == [len(units) - 1] else ""
    body = units[:-1] if own_source else units
    first_extra = next((i for i, unit in enumerate(body) if unit.role == EXTRA), None)
    if first_extra is not None:
        # An answer that asks: its question first (with what leads it), what it says besides on request.
        opening = [unit.text for unit in body[:first_extra] + [u for u in body if u.role == ASK]]
        later = _blocks([unit for unit in body[first_extra:] if unit.role != ASK])
    else:
        opening, later = [], _blocks([unit for unit in body if unit.role != ASK] +
                                     [unit for unit in body if unit.role == ASK])
    texts: List[str] = [_join(*opening)] if opening else []
    labels: List[Optional[str]] = [None] if opening else []
    current, current_label = "", None
    for block in later:
        if current and word_count(current) + block.words <= budget:
            current = _join(current, block.text)
            continue
        if current:
            texts.append(current)
            labels.append(current_label)
        pieces = _pieces(block.text, budget)
        for piece in pieces[:-1]:
            texts.append(piece)
            labels.append(block.label if piece is pieces[0] else None)
        current, current_label = pieces[-1], (block.label if len(pieces) == 1 else None)
    if current:
        texts.append(current)
        labels.append(current_label)
    if own_source:
        at = next((i for i, text in enumerate(texts) if opening == [] or i > 0
                   if word_count(text) + word_count(own_source) <= budget), None)
        if at is None:
            texts.append(own_source)
            labels.append(None)
        else:
            texts[at] = _join(texts[at], own_source)
    if not texts:
        texts, labels = [""], [None]
    return Parts(tuple(texts), tuple(labels))
