"""The questions of a story that nothing else understood: so that the reply says it found no answer to them in
the leaflet, instead of dropping them. Plain Python.

"And does the leaflet say anything about flying with a pump?" in a long message names no topic, symptom, medicine
or dose the assistant knows: the answer quotes it, says no answer to it was found in the leaflet, and refers to the
pharmacist. It does not claim the leaflet is silent: words of the leaflet's own subjects (doses, stopping, sleep,
machines) keep a question out of this list, and a question that only points back ("is that the tablets?", "should I
worry?") is not one of them.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from baclofen.language import topics
from baclofen.language.normalise import normalise

MAX_UNMATCHED = 2
QUOTE_CHARS = 110  # a long question is quoted by its end, where it names what it asks
MIN_CONTENT_WORDS = 2
_QUESTION = re.compile(r"[^.!?\n]*\?")
_WORD = re.compile(r"[a-z][a-z'-]+")
_PROPOSES = re.compile(r"\b(?:should|shall|can|could|may|must|do|would it be (?:ok|okay|alright|fine|safe) (?:if|to)) "
                       r"(?:i|we|he|she|they)\b|\b(?:would|do) you (?:advise|suggest|recommend)|\bis it (?:ok|okay|alright|"
                       r"fine|safe) (?:to|if)\b|\b(?:i|we)(?:'ll| will) just\b|\bor (?:should|do|can) (?:i|we)\b|"
                       r"\btake (?:two|2|both|a double|double|extra|more)\b")
# Words that say nothing of what is asked: questions' own words, pointers back, baclofen itself.
_EMPTY = frozenset("""
a an the this that these those it its it's is are was were be been being am do does did done doing can could should
would will shall may might must have has had having i i'm i've i'd me my mine we our us you your he him his she her
they them their there here what what's which who whom whose when where why how whether if or and but so also too any
anything something some all about with for of to in on at by from as into than then just really still ever even
ok okay safe normal related connected linked cause causing caused because due worry worried worrying bad fine
baclofen tablet tablets pill pills medicine medication meds drug drugs leaflet say says said mention mentions cover
covers anything know tell thing things side effect effects from problem problems issue issues sorry thanks please
yes no not don't doesn't isn't aren't won't can't get got take taking taken give giving need needs go going
dose doses dosing dosage max maximum most least amount amounts much many start started starting restart stop
stopping stopped cut cutting down up reduce increase build allowed allow double miss missed missing dangerous danger
deal big realistic real true thing story stories nonsense right today tomorrow day days week weeks month months
year years time times once twice one two three four old new same different more less better worse again within
according making make made correct wrong true false
even actually only kind sort connection link between myself himself herself themselves yourself lot little bit dead die dying kill
""".split())
# What a question about the leaflet's own subjects says, whatever else it says: answered by the topic, dose or
# stopping answer, never "the leaflet does not say" (which would be false for "can I just stop today?").
_ANSWERED_ELSEWHERE = re.compile(r"\b(?:dos(?:e|es|ing|age)|stop\w*|restart\w*|withdraw\w*|overdos\w*|mg|"
                                 r"micrograms?|pregnan\w*|breast\w*|driv\w*|alcohol|drink\w*|"
                                 r"side effects?|interact\w*|child\w*|kids?|range|limit|how (?:much|many)|"
                                 r"sleep\w*|drows\w*|tired\w*|machin\w*|forklift|operat\w*|ill|sick|infection|"
                                 r"surgery|age|champagne|wine|beer|spirits|vodka|whiske?y|cocktails?|"
                                 r"(?:warning )?signs?|symptoms?|\d+)\b")


_NUMBER = re.compile(r"\d+")


def unmatched_questions(text: str, entities: Sequence[Dict[str, Any]]) -> Tuple[str, ...]:
    """Up to MAX_UNMATCHED questions of `text` (as written, shortened) in which no topic, entity or dose word is
    found and which still name something of their own."""
    found: List[str] = []
    for match in _QUESTION.finditer(text):
        quoted = not_understood(text, match.start(), match.end(), entities)
        if quoted is not None:
            found.append(quoted)
        if len(found) == MAX_UNMATCHED:
            break
    return tuple(found)


def not_understood(text: str, start: int, end: int, entities: Sequence[Dict[str, Any]],
                   one_of_several: bool = False) -> Optional[str]:
    """The question `text[start:end]` as it is said back when nothing in it is understood and it still names something
    of its own, else None. A question that proposes what to do is not said back (""): its words, read or heard back,
    sound like advice ("...look in on her again in the morning?", "...take two next time?"). `one_of_several`: the
    message asks other questions too, so a number in this one ("now that 6 weeks passed?") is no dose the first
    answer gives: only a topic, a word of the leaflet's subjects or an entity makes it understood."""
    sentence = text[start:end].strip()
    if _understood(sentence, start, end, entities, numbers_count=not one_of_several) or \
            _content_words(sentence) < MIN_CONTENT_WORDS:
        return None
    return "" if _PROPOSES.search(normalise(sentence)) else _shortened(sentence)


def _understood(sentence: str, start: int, end: int, entities: Sequence[Dict[str, Any]],
                numbers_count: bool = True) -> bool:
    normalised = normalise(sentence)
    if topics.all_matches(normalised) or _ANSWERED_ELSEWHERE.search(normalised if numbers_count
                                                                    else _NUMBER.sub(" ", normalised)):
        return True
    # a bare number or "tablets" (a route) names nothing asked about
    return any(start <= entity["start"] < end for entity in entities if entity["entity"] not in ("number", "route"))


def names_its_own(sentence: str) -> bool:
    """Whether a question names something of its own (enough words that say what it asks), known or not."""
    return _content_words(sentence) >= MIN_CONTENT_WORDS


def _content_words(sentence: str) -> int:
    return sum(1 for word in _WORD.findall(normalise(sentence)) if word not in _EMPTY)


def _shortened(sentence: str) -> str:
    sentence = re.sub(r"^\W*(?:and|also|but|so|oh|lastly|finally|plus|then)\b\W*", "", sentence, flags=re.I)
    sentence = re.sub(r"\s+", " ", sentence)
    if len(sentence) <= QUOTE_CHARS:
        return sentence
    cut = sentence[-QUOTE_CHARS:]
    return "..." + cut[cut.find(" ") + 1:] if " " in cut else "..." + cut
