"""Written text for the web widget and the REST channel: one line per line of the answer, list items as "- ",
notes as "Note: ", and the source line last. Renders from the structured answer only, in the answer's language
(its words and the renderer's own from baclofen/catalogue/)."""
from __future__ import annotations

from typing import Dict, List

from baclofen import knowledge
from baclofen.answers.model import BLANK, CITATION, ITEM, NOTE, Answer, Citation, Line
from baclofen.wording import ENGLISH, say, words, write

CITATION_PREFIX = "Source: baclofen leaflet,"  # English; tests and the report find a source line by it


def citation(cited: Citation, language: str = ENGLISH) -> str:
    """'Source: baclofen leaflet, section 2 (Dosage).' / '... sections 5.1 (Interactions) and 5.2 (Interactions).'"""
    named = [str(say("render.section", language, number=s, title=knowledge.section_title(s, language)))
             for s in cited.sections]
    if len(named) == 1:
        return str(say("render.citation_one", language, section=named[0]))
    joined = say("lists.pair", language, first=", ".join(named[:-1]), last=named[-1])
    return str(say("render.citation_many", language, sections=joined))


def line(entry: Line, language: str = ENGLISH) -> str:
    if entry.style == BLANK:
        return ""
    if entry.style == CITATION:
        return citation(entry.citation, language)
    text = write(entry.prose, language)
    if entry.style == ITEM:
        return str(say("render.item", language, text=text))
    if entry.style == NOTE:
        return str(say("render.note", language, text=text))
    return text


def body(answer: Answer) -> str:
    """Everything but the source line."""
    return "\n".join(line(entry, answer.language) for entry in answer.lines)


def render(answer: Answer) -> str:
    text = body(answer)
    if answer.citation is not None:
        text += "\n" + citation(answer.citation, answer.language)
    notice = words("render.translation_notice", answer.language)
    return f"{text}\n{notice}" if notice else text


def buttons(answer: Answer) -> List[Dict[str, str]]:
    return [{"title": button.title, "payload": button.payload} for button in answer.buttons]
