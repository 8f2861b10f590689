"""Rule-based entity extraction: one reading of a message into typed, normalised entities. Plain Python, no Rasa
import: the NLU components (components/) call it in the Rasa server, the tests call it directly.

    extract(text) -> [{"entity", "value", "start", "end", "text"}, ...]   character offsets into `text`, sorted by
                     start, never overlapping (the longer match wins), except that the brand of a combination
                     product gives one drug entity per ingredient, on the same characters ("Norco": hydrocodone,
                     acetaminophen).

Values (see the comment above `entities:` in domain.yml):
    age         years, a number (months and weeks converted: "18 months" -> 1.5; weeks to months to 1 decimal first)
    population  "adult" | "elderly" (a person named by group instead of an age)
    weight      kilograms, a number (pounds converted; stones and ounces are not guessed: such weights are left out)
    amount      {"value": number, "unit": "mg" | "micrograms"}
    route       "oral" | "intrathecal";  origin "spinal" | "cerebral";  frequency "common" | "uncommon" | "rare"
    drug        lower-case generic name as drug-named-entity-recognition's dictionary resolves it (through
                baclofen.drug_index), or "alcohol"; never baclofen; a combination product, each ingredient
                (knowledge/combination_brands.yml, and the dictionary's own "a/b" and "a and b" names)
    symptom     canonical side-effect name of knowledge/baclofen.yml
    topic       precaution id of knowledge/baclofen.yml
The parts: rules.py (what is built once), numbers.py (number grammar), measures.py (ages, weights, amounts),
drug_names.py (medicine names and typos), symptoms.py (side effects in the leaflet's words and in people's own, not
negated), spans.py (choosing among overlapping matches).
"""
from __future__ import annotations

import functools
import unicodedata
import re
from typing import Any, Dict, List, Optional, Set, Tuple

from baclofen import vocabulary
from baclofen.language.drug_names import drug_candidates
from baclofen.language import detect
from baclofen.language.measures import measures
from baclofen.language.measures_vi import vietnamese_measures
from baclofen.language.normalise import fold
from baclofen.language.rules import Rules, rules as language_rules, warm_up  # noqa: F401  (warm_up: public API)
from baclofen.language.spans import Candidate, select

# Longer texts are cut before tokenising; offsets stay valid because only the tail is dropped.
MAX_CHARS = 20_000

# The entity types the intent classifier sees, one feature column each (components/entity_featurizer.py), in a
# fixed order. A population ("adult") counts as an age: it was one before ages became numbers.
FEATURE_TYPES: Tuple[str, ...] = ("age", "weight", "amount", "drug", "symptom", "route", "origin", "topic", "frequency")
FEATURE_OF = {"population": "age"}


# Words after a number that make it a count, not part of a product's name ("tylenol 3 times a day"). Only these:
# "Tylenol 3 every 4 hours", "tylenol 3 a day" or "Tylenol 3 tablets" may well be the codeine product, and reading
# a codeine product where there is none only adds a caution.
_COUNT_WORDS = frozenset({"times", "time", "x"})


_DRINK_REACH = 5  # "drink like 5 coffees", "drink 2-3 energy drinks": the drink named within a few words
# A drink named by its kind or what it is made of ("an energy drink", "the hot purple corn drink"): no alcohol.
_NOT_ALCOHOL_BEFORE = frozenset(vocabulary.load()["not_alcohol_before"])
_NOT_A_DRINKER = re.compile(r"\b(?:i|he|she|we|they|i've|he's|she's)\s+(?:don't|do n't|dont|do not|doesn't|does n't|doesnt|"
                            r"does not|never|no longer|have not|haven't|has not|hasn't|hardly ever)(?:\s+(?:drink|drinks|drank|"
                            r"drunk|touch|touched|had|have|take|any|ever|really))*\s*$")
_DRINK_WORDS = frozenset({"drink", "drinks", "drinking", "drank"})  # the verb, which names no drink itself
# A measure read as a drink ("a couple of pints") unless the drink it measures is named ("a pint of milk").
_DRINK_MEASURES = frozenset({"pint", "pints"})
_FOOD_WORDS = frozenset({"eat", "eating", "ate", "food", "meals", "meal"})
# "a drug and alcohol test", "alcohol screening": a test for alcohol names no drink
_TESTS = frozenset({"test", "tests", "testing", "tested", "screen", "screens", "screening", "breathalyser",
                    "breathalyzer", "swab", "swabs"})


def _drink_named_after(end: int, non_alcoholic: Dict[int, Any], named_alcohol: Set[int]) -> bool:
    """Whether the first drink named within _DRINK_REACH words after `end` is not alcohol."""
    for position in range(end, end + _DRINK_REACH):
        if position in named_alcohol:
            return False
        if position in non_alcoholic:
            return True
    return False


_POINTS_BACK = frozenset({"it", "that", "this", "them", "those"})
_BACK_REACH = 15  # "she drinks coca tea in the field, can she still drink it?": the drink named before "it"


def _drink_named_before(start: int, non_alcoholic: Dict[int, Any], named_alcohol: Set[int]) -> bool:
    """Whether the drink nearest before `start`, within _BACK_REACH words, is not alcohol."""
    for position in range(start - 1, max(-1, start - _BACK_REACH), -1):
        if position in named_alcohol:
            return False
        if position in non_alcoholic:
            return True
    return False


def _without_drinks_that_are_no_alcohol(out: List[Candidate], lowers: List[str],
                                        non_alcoholic: Dict[int, Any]) -> List[Candidate]:
    """The candidates without an alcohol word that names no alcohol: followed by water, milk... ("drink plenty of
    water", "drink like 5 coffees"), a drink named for another thing ("energy drinks"), said of someone who does not
    drink ("I don't drink alcohol"), drinking as such ("eat or drink"), or "drink it" pointing back to a tea."""
    out = [c for c in out if not (c.value == "alcohol" and _NOT_A_DRINKER.search(" ".join(lowers[max(0, c.start - 4):c.start])))]
    out = [c for c in out if not (c.value == "alcohol" and c.end < len(lowers) and lowers[c.end] in _TESTS)]
    out = [c for c in out if not (c.value == "alcohol" and lowers[c.start] in _DRINK_WORDS and c.start >= 2
                                  and lowers[c.start - 1] in ("or", "and") and lowers[c.start - 2] in _FOOD_WORDS)]
    named_alcohol = {c.start for c in out if c.value == "alcohol" and lowers[c.start] not in _DRINK_WORDS | _DRINK_MEASURES}
    return [c for c in out if not (c.value == "alcohol" and (
        c.end in non_alcoholic or (c.start > 0 and lowers[c.start - 1] in _NOT_ALCOHOL_BEFORE)
        or (lowers[c.start] in _DRINK_WORDS | _DRINK_MEASURES and _drink_named_after(c.end, non_alcoholic, named_alcohol))
        or (lowers[c.start] in _DRINK_WORDS and c.end < len(lowers) and lowers[c.end] in _POINTS_BACK
            and _drink_named_before(c.start, non_alcoholic, named_alcohol))))]


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return text[:MAX_CHARS]


def _matches(rules: Rules, doc: Any) -> List[Tuple[str, str, int, int]]:
    found = []
    for matcher in (rules.lower_matcher, rules.exact_matcher):
        for match_id, start, end in matcher(doc):
            kind, payload = rules.keys[rules.nlp.vocab.strings[match_id]]
            found.append((kind, payload, start, end))
    return found


def _is_shouting(text: str) -> bool:
    upper = sum(1 for c in text if c.isupper())
    lower = sum(1 for c in text if c.islower())
    return upper > lower


def _candidates(rules: Rules, text: str) -> Tuple[Any, List[Candidate]]:
    doc = rules.nlp.make_doc(text)
    lowers = [t.lower_ for t in doc]
    helpers: Dict[str, Dict[int, int]] = {
        "age_old": {},
        "age_cue_end": {},
        "age_subject_end": {},
        "duration_after": {},
        "per_weight": {},
        "non_alcoholic": {},
    }
    units: List[Tuple[str, int, int]] = []
    out: List[Candidate] = []
    shouting = None
    for kind, payload, start, end in _matches(rules, doc):
        if kind == "unit":
            units.append((payload, start, end))
        elif kind == "age_old":
            helpers["age_old"][start] = max(end, helpers["age_old"].get(start, end))
        elif kind == "age_cue":
            if start < helpers["age_cue_end"].get(end, start + 1):
                helpers["age_cue_end"][end] = start  # number start -> cue start (the longest cue)
        elif kind == "age_subject":
            helpers["age_subject_end"][end] = start
        elif kind in ("duration_after", "per_weight", "non_alcoholic"):
            helpers[kind][start] = end
        elif kind == "it":
            if shouting is None:
                shouting = _is_shouting(text)
            neighbours = {lowers[j] for j in (start - 2, start - 1, end, end + 1) if 0 <= j < len(lowers)}
            alone = all(not t.is_alpha or t.i == start for t in doc)
            if alone or (not shouting and neighbours & rules.it_context):
                out.append(Candidate(start, end, "route", payload))
        elif kind == "alcohol":
            out.append(Candidate(start, end, "drug", "alcohol", rank=1))
        elif kind == "drug":
            if not (payload in rules.combinations and lowers[end - 1].isdigit() and end < len(lowers)
                    and lowers[end] in _COUNT_WORDS):  # "tylenol 3 times a day": not Tylenol #3
                out.append(Candidate(start, end, "drug", payload, rank=1))
        else:
            out.append(Candidate(start, end, kind, payload))
    out.extend(Candidate(start, end, "symptom", canonical)
               for start, end, canonical in rules.symptoms.find(lowers))
    out = _without_drinks_that_are_no_alcohol(out, lowers, helpers["non_alcoholic"])
    glued = [not t.whitespace_ for t in doc]  # no space after the token
    out.extend(measures(rules, lowers, glued, helpers, units))
    covered = {i for c in out for i in range(c.start, c.end)}
    out.extend(drug_candidates(rules, doc, covered))
    return doc, out


def extract(text: str, language: Optional[str] = None) -> List[Dict[str, Any]]:
    """All entities of `text`, normalised, with character offsets into `text` composed (NFC: the Rasa pipeline's
    tokenizer composes the message first; see the module docstring). `language`: the message's, when the caller
    knows it ("vi" lets "16 can", typed without marks, be a weight); None: read from the message.

    Each message is read by both NLU components (the extractor and the entity-type featurizer): the rules run once
    per text and each caller gets its own copies."""
    cleaned = _clean(text)
    vietnamese = language == "vi" or (language is None and detect.decide(cleaned) == "vi")
    return [{**entity, "value": dict(entity["value"]) if isinstance(entity["value"], dict) else entity["value"]}
            for entity in _extract_once(cleaned, vietnamese)]


@functools.lru_cache(maxsize=256)  # a few recent messages suffice; keys are at most MAX_CHARS long
def _extract_once(text: str, vietnamese: bool) -> Tuple[Dict[str, Any], ...]:
    """The rules read the message without its marks ("uống" as "uong", "Đ" as "D"), character for character, so
    one phrase serves both ways of typing it; each entity's text is the message's own."""
    composed = unicodedata.normalize("NFC", text)
    folded = fold(composed)
    found = _extract(folded)
    for entity in found:
        entity["text"] = composed[entity["start"]:entity["end"]]
    return tuple(_with_vietnamese_measures(found, composed, folded, vietnamese))


def _with_vietnamese_measures(found: List[Dict[str, Any]], composed: str, folded: str,
                              vietnamese: bool) -> List[Dict[str, Any]]:
    """The ages and weights said in Vietnamese ("3 tuổi", "16 cân") that no entity found already covers, the
    longest first ("2 tuổi 3 tháng" before its "3 tháng")."""
    taken = [(e["start"], e["end"]) for e in found]
    added = []
    for entity in sorted(vietnamese_measures(composed, folded, vietnamese), key=lambda e: e["start"] - e["end"]):
        if any(entity["start"] < end and start < entity["end"] for start, end in taken):
            continue
        taken.append((entity["start"], entity["end"]))
        added.append({**entity, "text": composed[entity["start"]:entity["end"]]})
    return sorted(found + added, key=lambda e: e["start"])


def _extract(text: str) -> List[Dict[str, Any]]:
    """`text` is already cleaned (extract() cleans before the cache, so equal texts share an entry)."""
    if not text.strip():
        return []
    rules = language_rules()
    doc, candidates = _candidates(rules, text)
    entities = []
    for c in select(doc, candidates):
        if c.entity == "self":
            continue
        start = doc[c.start].idx
        end = doc[c.end - 1].idx + len(doc[c.end - 1].text)
        for value in rules.ingredients(c.value) if c.entity == "drug" else (c.value,):  # Norco: two medicines
            entities.append({"entity": c.entity, "value": value, "start": start, "end": end, "text": text[start:end]})
    return entities


def body_areas(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, part of the body) for each part a message tells of and does not deny, character offsets into
    `text` (English words: lexicon/body_areas_en.yml)."""
    cleaned = unicodedata.normalize("NFC", _clean(text))
    if not cleaned.strip():
        return []
    rules = language_rules()
    doc = rules.nlp.make_doc(fold(cleaned))
    out = []
    for start, end, area in rules.body_areas.find([t.lower_ for t in doc]):
        out.append((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), area))
    return out
