"""Short answers to the dose form's questions, read where they enter (in the Rasa server's NLU), into typed
entities the form's slot mappings pick up only while the form asks for them:

    number  a bare number with at most a few filler words around it ("4", "four", "he's 4", "about two and a half"):
            the answer to "How old is the person?" (years)
    route   a bare word that means a route only as an answer ("mouth", "spine")

They are not given to the intent classifier (they would change what a sentence looks like to it). Plain Python.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List, Optional, Tuple

from baclofen.language.rules import rules as language_rules

SHORT_ANSWER_MAX_CHARS = 80  # longer messages are sentences, not answers


def bare_number(text: str, entities: List[Dict[str, Any]]) -> Optional[Tuple[float, int, int]]:
    """(value, start char, end char) of the one number in a short answer whose other words are fillers."""
    rules = language_rules()
    doc = rules.nlp.make_doc(text)
    taken = {t.i for e in entities for t in doc if e["start"] <= t.idx < e["end"]}
    lowers = [t.lower_ for t in doc]
    glued = [not t.whitespace_ for t in doc]
    number: Optional[Tuple[float, int, int]] = None
    i = 0
    while i < len(doc):
        token = doc[i]
        if i in taken:
            i += 1
            continue
        parsed = rules.numbers.parse_number(lowers, i)
        if parsed:
            signed = rules.numbers.sign(lowers, glued, i)
            if number is not None or signed is None:
                return None  # "4 or 5", "2-3": not one number
            number = (parsed[0] * signed[0], signed[1], parsed[1])
            i = parsed[1]
            continue
        if not (token.is_punct or token.is_space or lowers[i] in rules.age_answer_filler):
            return None  # other words around the number: not a bare answer
        i += 1
    if number is None:
        return None
    value, first, end = number
    last = doc[end - 1]
    return value, doc[first].idx, last.idx + len(last.text)


def bare_route(text: str) -> Optional[str]:
    bare = re.sub(r"[^\w\s/']", " ", unicodedata.normalize("NFKC", text)).lower()
    bare = " ".join(bare.split())
    return language_rules().route_bare.get(bare) if bare else None


def short_answer_entities(text: str, entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The entities a short answer adds to what entities.extract() found in it."""
    if not isinstance(text, str) or not text.strip() or len(text) > SHORT_ANSWER_MAX_CHARS:
        return []
    found = {e["entity"] for e in entities}
    added: List[Dict[str, Any]] = []
    if "age" not in found and "population" not in found:
        number = bare_number(text, entities)
        if number is not None:
            value, start, end = number
            added.append({"entity": "number", "value": value, "start": start, "end": end, "text": text[start:end]})
    if "route" not in found:
        route = bare_route(text)
        if route is not None:
            added.append({"entity": "route", "value": route, "start": 0, "end": len(text), "text": text})
    return added
