"""The structured answer: what every channel renders (baclofen.render.text, .speech, .slack), never re-reading text.

An Answer is a kind (what it answers, which channels may treat specially), lines of typed prose (paragraphs,
list items, notes), the leaflet sections it comes from, the dose figures when it is a dose answer, and the choices
offered as buttons.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Tuple

from baclofen.dosing.lookup import DoseAnswer
from baclofen.prose import Prose

# Line styles: how a line sits in the answer. A CITATION line carries the source of the part above it, when one
# message holds several answers (two medicines); the answer's own citation always comes last.
PARAGRAPH, ITEM, NOTE, BLANK, CITATION = "paragraph", "item", "note", "blank", "citation"

# Answer kinds that some channel treats specially (the hotline transfers after these; see baclofen.render.speech).
EMERGENCY, HANDOFF, BOT_CHALLENGE, DOSE = "emergency", "handoff", "bot_challenge", "dose"


@dataclass(frozen=True)
class Citation:
    """The leaflet sections an answer comes from, in order: ("2",) or ("5.1", "5.2")."""

    sections: Tuple[str, ...]

    @classmethod
    def of(cls, sections: Iterable) -> "Citation":
        unique = sorted({str(s) for s in sections}, key=lambda s: [int(p) for p in s.split(".")])
        return cls(tuple(unique))


@dataclass(frozen=True)
class Line:
    prose: Prose
    style: str = PARAGRAPH
    citation: Optional["Citation"] = None  # CITATION lines only
    # A short name for what the line holds ("the uncommon side effects"), for a medium that gives an answer in parts
    # and offers the next one by name (the hotline: "say more for the uncommon side effects"). Written renderers
    # ignore it.
    label: Optional[str] = None


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Answer:
    kind: str
    lines: Tuple[Line, ...]
    citation: Optional[Citation] = None
    dose: Optional[DoseAnswer] = None
    buttons: Tuple[Button, ...] = ()

    @classmethod
    def of(cls, kind: str, *lines: "Line | Prose | str", citation: Optional[Citation] = None,
           dose: Optional[DoseAnswer] = None, buttons: Iterable[Button] = ()) -> "Answer":
        return cls(kind, tuple(line if isinstance(line, Line) else Line(Prose.of(line)) for line in lines),
                   citation, dose, tuple(buttons))


def item(*parts, label: Optional[str] = None) -> Line:
    return Line(Prose.of(*parts), ITEM, label=label)


def note(*parts) -> Line:
    return Line(Prose.of(*parts), NOTE)


def blank() -> Line:
    return Line(Prose(), BLANK)
