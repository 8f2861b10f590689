"""Written text for the web widget and the REST channel: one line per line of the answer, list items as "- ",
notes as "Note: ", and the source line last. Renders from the structured answer only."""
from __future__ import annotations

from typing import Dict, List

from baclofen import knowledge
from baclofen.answers.model import BLANK, CITATION, ITEM, NOTE, Answer, Citation, Line

CITATION_PREFIX = "Source: baclofen leaflet,"


def citation(cited: Citation) -> str:
    """'Source: baclofen leaflet, section 2 (Dosage).' / '... sections 5.1 (Interactions) and 5.2 (Interactions).'"""
    named = [f"{s} ({knowledge.section_title(s)})" for s in cited.sections]
    if len(named) == 1:
        return f"{CITATION_PREFIX} section {named[0]}."
    return f"{CITATION_PREFIX} sections {', '.join(named[:-1])} and {named[-1]}."


def line(entry: Line) -> str:
    if entry.style == BLANK:
        return ""
    if entry.style == CITATION:
        return citation(entry.citation)
    text = str(entry.prose)
    if entry.style == ITEM:
        return f"- {text}"
    if entry.style == NOTE:
        return f"Note: {text}"
    return text


def body(answer: Answer) -> str:
    """Everything but the source line."""
    return "\n".join(line(entry) for entry in answer.lines)


def render(answer: Answer) -> str:
    text = body(answer)
    if answer.citation is not None:
        text += "\n" + citation(answer.citation)
    return text


def buttons(answer: Answer) -> List[Dict[str, str]]:
    return [{"title": button.title, "payload": button.payload} for button in answer.buttons]
