"""The structured answer: what every channel renders (baclofen.render.text, .speech, .slack), never re-reading text.

An Answer is a kind (what it answers, which channels may treat specially), lines of typed prose (paragraphs,
list items, notes), the leaflet sections it comes from, the dose figures when it is a dose answer, and the choices
offered as buttons.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional, Tuple

from baclofen.dosing.lookup import DoseAnswer
from baclofen.prose import Phone, Prose

# Line styles: how a line sits in the answer. A CITATION line carries the source of the part above it, when one
# message holds several answers (two medicines); the answer's own citation always comes last.
PARAGRAPH, ITEM, NOTE, BLANK, CITATION = "paragraph", "item", "note", "blank", "citation"

# The label of a dose answer's note that says the figures are for tablets because no route was named: the hotline
# says it its own way ("say pump").
ROUTE_ASSUMED = "tablets or pump"

# The label of a line that only says how to reach the hotline pharmacist: a caller on the hotline is already there
# (0 puts them through), so the hotline does not say it.
HOTLINE_LINE = "the hotline"
# The label of a line written channels show and the hotline leaves out, to keep a question back one short turn (the
# signs that need help now, after the emergency number, when only the safety net heard an emergency).
WRITTEN_ONLY = "written only"
NOT_SPOKEN = frozenset({HOTLINE_LINE, WRITTEN_ONLY})

# Answer kinds that some channel treats specially (the hotline transfers after these; see baclofen.render.speech).
EMERGENCY, HANDOFF, BOT_CHALLENGE, DOSE = "emergency", "handoff", "bot_challenge", "dose"
# The other answers about a dose: a proposed amount checked, every group's figures, the weight asked, a conversion.
DOSE_CHECK, DOSE_OVERVIEW, ASK_WEIGHT, CONVERSION = "dose_check", "dose_overview", "ask_weight", "conversion"


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
class Urgent:
    """What an emergency answer tells to do at once, in parts, so that each channel can say it its own way: a
    written answer in one paragraph with every way to get help; the hotline as one instruction said twice ("hang up
    and call ... now"), without the pharmacist's number to a caller who is already on the pharmacist's line."""

    number: Phone                     # the number to call now
    when: Optional[Prose] = None      # said with the instruction: "if there is a fever, a fit ..."
    or_else: Optional[Prose] = None   # another place for help, said with it: "or go to the nearest emergency department"
    why: Optional[Prose] = None       # the reason, a sentence of its own: "someone may have taken too much baclofen"
    meanwhile: Prose = Prose()        # what to do until help comes (and what to tell them)
    # Written channels only: what the leaflet says about it, and other ways to get help (the hotline pharmacist, a
    # crisis line). A caller hears the instruction and what to do, in one short turn.
    background: Optional[Prose] = None
    also: Optional[Prose] = None


@dataclass(frozen=True)
class Answer:
    kind: str
    lines: Tuple[Line, ...]
    citation: Optional[Citation] = None
    dose: Optional[DoseAnswer] = None
    buttons: Tuple[Button, ...] = ()
    urgent: Optional[Urgent] = None  # emergencies: the instruction in parts (the lines hold it written out)
    language: str = "en"  # the catalogue its words came from (baclofen/wording.py): renderers write parts in it

    @classmethod
    def of(cls, kind: str, *lines: "Line | Prose | str", citation: Optional[Citation] = None,
           dose: Optional[DoseAnswer] = None, buttons: Iterable[Button] = (),
           urgent: Optional[Urgent] = None, language: str = "en") -> "Answer":
        return cls(kind, tuple(line if isinstance(line, Line) else Line(Prose.of(line)) for line in lines),
                   citation, dose, tuple(buttons), urgent, language)


def item(*parts, label: Optional[str] = None) -> Line:
    return Line(Prose.of(*parts), ITEM, label=label)


def note(*parts) -> Line:
    return Line(Prose.of(*parts), NOTE)


def blank() -> Line:
    return Line(Prose(), BLANK)
