"""Is something urgent happening now? The kinds of emergency a message can describe, in English, Spanish and
Vietnamese (with or without diacritics). Plain Python, no Rasa import.

    detect(text) -> "poisoning" | "crisis" | "acute" | "withdrawal" | "pump" | None

Read first, on the whole message (before any length, language or dose-form check), so that an emergency gets the
emergency answer whatever else the message says. The words live in urgency.yml beside this file.
"""
from __future__ import annotations

import dataclasses

import functools
import re
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

import yaml

from baclofen.language import concepts
from baclofen.language import detect as language_of
from baclofen.language import message_language
from baclofen.language.normalise import (MAX_CHARS, expand_abbreviations, normalise,  # noqa: F401 (callers)
                                         sentences_apart, set_aside_homographs)

URGENCY_FILE = Path(__file__).resolve().with_name("urgency.yml")
# Checked in this order: a crisis answer differs most from the others; breathing and waking come before what caused
# them.
KINDS = ("crisis", "acute", "poisoning", "withdrawal", "pump")


class PatternSet:
    """Patterns whose matches are all wanted, with one combined pattern that says first whether any matches at all
    (most messages match none, and one search is much cheaper than one per pattern)."""

    def __init__(self, sources: List[str]) -> None:
        self.patterns = [re.compile(source) for source in sources]
        self.any = re.compile("|".join(f"(?:{source})" for source in sources)) if sources else None

    def spans(self, text: str) -> List[Tuple[int, int]]:
        if self.any is None or self.any.search(text) is None:
            return []
        return [match.span() for pattern in self.patterns for match in pattern.finditer(text)]


@functools.lru_cache(maxsize=None)
def _patterns() -> Tuple[Dict[str, PatternSet], Dict[str, PatternSet]]:
    with open(URGENCY_FILE, encoding="utf-8") as handle:
        vocabulary = yaml.safe_load(handle)
    people = vocabulary["people"]

    def compile_all(patterns: List[str]) -> PatternSet:
        return PatternSet([rf"(?<!\w)(?:{p.replace('*people*', people)})" for p in patterns])

    kinds = {kind: compile_all(vocabulary["kinds"][kind]) for kind in KINDS}
    exceptions = {name: compile_all(patterns) for name, patterns in vocabulary["not"].items()}
    return kinds, exceptions


@dataclasses.dataclass(frozen=True)
class _Combination:
    """Concepts that, all said within `within` characters, describe an emergency; `deniable`: those of them that do
    not count where denied just before ("no fever")."""
    concepts: Tuple[Pattern, ...]
    within: int
    deniable: FrozenSet[Pattern]


@functools.lru_cache(maxsize=None)
def _combinations() -> Dict[str, List[_Combination]]:
    """kind -> urgency.yml's combinations of that kind."""
    with open(URGENCY_FILE, encoding="utf-8") as handle:
        vocabulary = yaml.safe_load(handle)
    concepts = {name: re.compile(rf"(?<!\w)(?:{pattern})(?!\w)") for name, pattern in vocabulary["concepts"].items()}
    deniable = frozenset(vocabulary["deniable"])
    return {kind: [_Combination(tuple(concepts[name] for name in rule["all"]), int(rule["within"]),
                                frozenset(concepts[name] for name in rule["all"] if name in deniable))
                   for rule in rules]
            for kind, rules in vocabulary["combinations"].items()}


# A denial right before the sign ("no fever", "not confused", "khong sot", "không bị co giật"); "can't hardly talk,
# slurring" denies the talking, not the slurring.
_DENIED_JUST_BEFORE = re.compile(r"\b(?:no|not|without|khong|chua|chang|hong)\W+(?:any\W+|co\W+|bi\W+|thay\W+)?$")


PHRASE_WITHIN = 60
_SENTENCE_BREAK = re.compile(r"[?!]|\.\s")


def _together(combination: _Combination, text: str) -> List[Tuple[int, int]]:
    """Stretches of `text` no longer than the combination's `within` holding a match of every concept; a deniable
    concept denied where it is said is not there ("ran out last night ... no fever, no shaking": no danger sign)."""
    within = combination.within
    found = [[m.span() for m in concept.finditer(text)
              if concept not in combination.deniable
              or not _DENIED_JUST_BEFORE.search(text[max(0, m.start() - 20):m.start()])]
             for concept in combination.concepts]
    if not all(found):
        return []
    stretches = []
    for start, end in found[0]:
        low, high = start, end
        for spans in found[1:]:
            near = [s for s in spans if max(high, s[1]) - min(low, s[0]) <= within]
            if not near:
                break
            best = min(near, key=lambda s: max(high, s[1]) - min(low, s[0]))
            low, high = min(low, best[0]), max(high, best[1])
        else:
            # a combination read as one phrase ("lips swelling") does not reach across two sentences ("is the
            # swelling from it? no face swelling"); the wider ones (a stop, then danger signs) are told across several
            if within > PHRASE_WITHIN or not _SENTENCE_BREAK.search(text[low:high]):
                stretches.append((low, high))
    return stretches


def _spans(patterns: PatternSet, text: str) -> List[Tuple[int, int]]:
    return patterns.spans(text)


# "oh no, he just chewed some" is alarm, not negation
_NEGATOR_BEFORE = re.compile(r"(?:(?<!oh )\b(?:no|not|never|without|denies|nor|nobody|no one|noone|khong|chua|chang)|n't)"
                             r"\W+(?:\w+\W+){0,2}$")


def said_to_be_nothing(text: object) -> bool:
    """Whether an English message says in so many words that nothing is happening now ("all this is long finished",
    "nobody is ill", a dream): what the learned net alone hears is then answered as asked, as the rules answer it. Not
    a pack said to be full or complete: "the box was full on monday ... theres four left" is a child's poisoning."""
    if not isinstance(text, str) or not text.strip():
        return False
    if message_language.of(text) == "vi" or language_of.mixed(text):
        return False  # the disclaimers are English words
    normalised = normalise(text)
    exceptions = _patterns()[1]
    return not _spans(exceptions["now"], normalised) and bool(_spans(exceptions["disclaimed"], normalised))


def read_as_told(text: str, language: str) -> concepts.Reading:
    """The message's concepts in `language`'s lexicon without those said inside what the rules set aside (a figure of
    speech, a scare seen to, a past one resolved): what the learned net weighs as the rules' understanding."""
    reading = concepts.read(text, language)
    normalised = (expand_abbreviations(normalise(set_aside_homographs(text))) if language == "vi"
                  else normalise(text))  # as concepts.read reads it, so that the offsets agree
    spans = list(_set_aside_spans(normalised))
    return _outside(reading, spans) if spans else reading


FIGURE_SET_ASIDE = " _figure_ "


# What the rules set aside before they look for an emergency (_detect): the learned net reads the message without it too.
_SET_ASIDE = ("figure_of_speech", "seen_to", "resolved_past")


@functools.lru_cache(maxsize=4096)  # the net asks for a message and each of its windows twice (n-grams, concepts)
def _set_aside_spans(normalised: str) -> Tuple[Tuple[int, int], ...]:
    exceptions = _patterns()[1]
    return tuple(span for name in _SET_ASIDE for span in _spans(exceptions[name], normalised))


def without_figures(normalised: str) -> str:
    """The normalised text with its figures of speech ("this spasm is killing me", "a fit of the giggles"), a recent
    scare seen to and a past one resolved set aside: the learned net reads the message so, as the rules do
    (baclofen.language.safety_net)."""
    spans = _set_aside_spans(normalised)
    if not spans:
        return normalised
    kept, at = [], 0
    for start, end in sorted(spans):
        if start >= at:
            kept.append(normalised[at:start])
            kept.append(FIGURE_SET_ASIDE)
        at = max(at, end)
    kept.append(normalised[at:])
    return "".join(kept)


def _negated(normalised: str, start: int) -> bool:
    """'no chest pain', "I've never had a fit": a phrase said not to have happened."""
    return bool(_NEGATOR_BEFORE.search(normalised[max(0, start - 40):start]))


def _overlaps(span: Tuple[int, int], others: List[Tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


GENERAL_QUESTION_MAX_CHARS = 300


def detect(text: object, language: Optional[str] = None) -> Optional[str]:
    """The kind of emergency the message describes as happening now, or None. `language`: the message's, when the
    caller knows it (None: read from the message; a message that does not tell is read in English and Vietnamese)."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _detected(text, language)


@functools.lru_cache(maxsize=4096)  # read by the NLU pipeline, the question reader and the context policy in one turn
def _detected(text: str, language: Optional[str]) -> Optional[str]:
    readings = _readings(text, language)
    return _crisis_behind(_detect(text, readings), readings)


_FAILING = frozenset({"seizure", "breathing_bad", "unrousable"})


def _told_now(text: object, names: frozenset, language: Optional[str]) -> bool:
    """Whether one of the concepts `names` is said of now in the message."""
    if not isinstance(text, str) or not text.strip():
        return False
    return any(hit.name in names and reading.is_now(hit.position)
               for _, reading in _readings(text, language) for hit in reading.hits)


def acute_told(text: object, language: Optional[str] = None) -> bool:
    """Whether a message already heard as an emergency also tells a body failing now (a fit, breathing, cannot be
    woken), whatever brought it on: a stop's emergency with a fit is answered as the fit, the stop as its cause."""
    return _told_now(text, _FAILING, language)


def fit_told(text: object, language: Optional[str] = None) -> bool:
    """Whether a message already heard as an emergency tells a fit now."""
    return _told_now(text, frozenset({"seizure"}), language)


def _detect_only(text: object, kinds: Tuple[str, ...], language: Optional[str]) -> Optional[str]:
    if not isinstance(text, str) or not text.strip():
        return None
    return _detect(text, _readings(text, language), kinds)


def tells(text: object, kind: str, language: Optional[str] = None) -> bool:
    """Whether the message also describes an emergency of `kind` (a missed refill's fever is a stop, and a pump's)."""
    return _detect_only(text, (kind,), language) is not None


def detect_other_than_crisis(text: object, language: Optional[str] = None) -> Optional[str]:
    """The kind of emergency the message also describes besides a crisis (a child among spilt tablets, a pump
    patient burning hot), or None: asked when the learned net all but rules a crisis out."""
    return _detect_only(text, tuple(kind for kind in KINDS if kind != "crisis"), language)


def _readings(text: str, language: Optional[str]) -> List[Tuple[str, concepts.Reading]]:
    """The message read into concepts in each lexicon it may be written in, the likelier first."""
    if language is None:
        language = message_language.of(text)  # the pipeline's decision, kept: not worked out again
    languages = ["vi"] if language == "vi" else (["en", "vi"] if language is None else ["en"])
    if len(languages) == 1 and (language_of.mixed(text) or (
            language == "en" and language_of.vietnamese_without_marks_within(text))):
        languages.append("en" if language == "vi" else "vi")
    readings = [(code, concepts.read(text, code)) for code in languages]
    if language is None:  # the lexicon that understood more of the message reads it, or both when they tie
        readings.sort(key=lambda reading: -len(reading[1].hits))
        readings = [r for r in readings if len(r[1].hits) == len(readings[0][1].hits)]
    return readings


def _detect(text: str, readings: List[Tuple[str, concepts.Reading]], wanted: Tuple[str, ...] = KINDS) -> Optional[str]:
    normalised = normalise(text)
    if readings[0][0] == "vi":  # read as concepts.read reads it, so that the offsets agree
        normalised = expand_abbreviations(normalise(set_aside_homographs(text)))
    kinds, exceptions = _patterns()
    figures = (_spans(exceptions["figure_of_speech"], normalised) + _other_pumps(exceptions["other_pump"], normalised)
               + _said_as_figures(readings[0][1]) + _spans(exceptions["seen_to"], normalised))
    happening_now = bool(_spans(exceptions["now"], normalised))
    # A general question is short; in a long story, "what if" elsewhere does not make what happened general.
    general = (not happening_now and len(normalised) <= GENERAL_QUESTION_MAX_CHARS
               and bool(_spans(exceptions["general_question"], normalised)))
    disclaimed = not happening_now and bool(_spans(exceptions["disclaimed"], normalised))
    # asked in general or said to be no emergency: answered as the question it is, unless it tells a crisis
    as_asked = general or disclaimed
    resolved_spans = [] if happening_now else _spans(exceptions["resolved_past"], normalised)
    # In a short message a resolved past event speaks for the whole message; in a long story only for its part.
    resolved = bool(resolved_spans) and len(normalised) <= GENERAL_QUESTION_MAX_CHARS
    if not resolved:
        figures = figures + resolved_spans
    # the pack checked and every tablet there ("counted all 10, his mouth is clean"): no poisoning, whatever the child
    # did with the pack; any other danger the message tells still counts
    if _spans(exceptions["all_there"], normalised) and not _spans(exceptions["some_missing"], normalised):
        wanted = tuple(kind for kind in wanted if kind != "poisoning")
    reading = readings[0][1]
    if _only_other_pumps(exceptions["other_pump"], normalised):
        # "my pump alarm went off - it's my insulin pump, not a baclofen one": no pump of this medicine is named
        wanted = tuple(kind for kind in wanted if kind != "pump")
        readings = [(code, _without(reading, "pump")) for code, reading in readings]
    if resolved:
        return None  # long past and resolved, in a short message: answered as asked, whatever it names
    told = _outside_all(readings, figures)  # a concept inside a figure of speech or a topic says nothing of now
    for source, kind in _priority(wanted):
        if source == "said":  # read only when its turn comes: most messages are decided by the first kinds
            found = kind if _said(kind, kinds[kind], normalised, figures, reading) else None
        else:
            found = next((flag for flag in (concepts.red_flag(r, code, (kind,) if kind else wanted)
                                            for code, r in told) if flag), None)
        if found in wanted and not (as_asked and found != "crisis"):
            return found  # asked in general or said to be no emergency: answered as asked, unless a crisis
    return None


# Which reading decides when a message tells more than one kind: a kind said in so many words first (urgency.yml's
# phrases and combinations, in the order asked: KINDS, or CAUSES for what brought on a fit), except that a crisis the
# concepts hear comes before any but a crisis or a failing body said ("the wife left with the kids, I've got my
# baclofen and the rifle": tablets kept or taken with a plan told are a crisis; a fit stays the acute answer, its
# words first); then the concepts' red flags, in the order of their rules.
_SAID_BEFORE_A_TOLD_CRISIS = ("crisis", "acute")


def _priority(wanted: Tuple[str, ...]) -> List[Tuple[str, Optional[str]]]:
    first = [("said", kind) for kind in wanted if kind in _SAID_BEFORE_A_TOLD_CRISIS]
    rest = [("said", kind) for kind in wanted if kind not in _SAID_BEFORE_A_TOLD_CRISIS]
    return first + [("told", "crisis")] + rest + [("told", None)]


def _said(kind: str, phrases: PatternSet, normalised: str, figures: List[Tuple[int, int]],
          reading: concepts.Reading) -> bool:
    """Whether urgency.yml's phrases or combinations of `kind` are said of now, outside a figure of speech."""
    spans = _spans(phrases, normalised)
    for combination in _combinations().get(kind, []):
        spans += _together(combination, normalised)
    # a phrase inside a sentence framed as a list of risks, a what-if, a test, an exam or the past is not now
    return any(not _overlaps(span, figures) and not _negated(normalised, span[0])
               # a crisis asked "in general" is still one, unless in a list of risks or an exam; other
               # phrases are read where they end, at what happened ("dose for a 4 yo? he just ate five": now;
               # "the pump battery will run out in 2029": a replacement planned)
               and ((not reading.is_framed(span[0], ("risk_list", "exam"))
                     or reading.sentence_at(span[0]) in reading.first_person) if kind == "crisis"
                    else reading.is_now(max(span[0], span[1] - 1)))
               for span in spans)


_SENTENCE_END = re.compile(r"[.!?\n]")
_BACLOFEN_PUMP = re.compile(r"\b(?:baclofen|intrathecal|itb|spinal|spine)\b")


# A pump of this medicine, named as one: "the baclofen pump", "an intrathecal pump", "his ITB pump".
_NAMED_BACLOFEN_PUMP = re.compile(r"\b(?:baclofen|intrathecal|itb|spinal|spine) pumps?\b|\bpumps? (?:of|with|for|that gives|"
                                  r"giving) (?:the |his |her |my )?(?:baclofen|intrathecal)\b")
_NOT_BEFORE = re.compile(r"\b(?:not|no|isn'?t|wasn'?t|never)\W+(?:\w+\W+){0,2}$")


def _said_as_figures(reading: concepts.Reading) -> List[Tuple[int, int]]:
    """Where the lexicon reads another meaning of an alarm word ("mệt muốn chết": dead tired; "giật mình": startled),
    in the offsets of the normalised message the phrases are read in. Only the first reading's: the phrases are read
    in its normalisation, and another language's reading counts its offsets in another (the Vietnamese one expands
    abbreviations)."""
    return [(hit.position, hit.end) for hit in reading.hits if hit.name == "figure_of_speech" and hit.end > 0]


def _outside_all(readings: List[Tuple[str, concepts.Reading]], figures: List[Tuple[int, int]]
                 ) -> List[Tuple[str, concepts.Reading]]:
    return [(code, _outside(reading, figures)) for code, reading in readings] if figures else readings


def _only_other_pumps(patterns: PatternSet, normalised: str) -> bool:
    """Another pump named (insulin, breast, a drip), and no pump of baclofen named but to deny it."""
    if not _spans(patterns, normalised):
        return False
    return not any(not _NOT_BEFORE.search(normalised[max(0, m.start() - 30):m.start()])
                   for m in _NAMED_BACLOFEN_PUMP.finditer(normalised))


def _without(reading: concepts.Reading, name: str) -> concepts.Reading:
    return dataclasses.replace(reading, hits=tuple(h for h in reading.hits if h.name != name))


def _other_pumps(patterns: PatternSet, normalised: str) -> List[Tuple[int, int]]:
    """Another pump named, to the end of its sentence: "my insulin pump alarmed for low reservoir" is no baclofen
    pump's alarm; "his insulin pump is fine but the baclofen pump is beeping" still names one."""
    spans = []
    for start, end in _spans(patterns, normalised):
        stop = _SENTENCE_END.search(normalised, end)
        stop = stop.start() if stop else len(normalised)
        named = _BACLOFEN_PUMP.search(normalised, end, stop)
        spans.append((start, named.start() if named else stop))
    return spans


def _outside(reading: concepts.Reading, figures: List[Tuple[int, int]]) -> concepts.Reading:
    """The reading without the concepts said inside `figures` (its markers of time and frame kept)."""
    return dataclasses.replace(reading, hits=tuple(
        h for h in reading.hits if h.name in concepts.MARKERS or not _overlaps((h.position, h.position + 1), figures)))


_SAID_CRISIS = frozenset({"self_harm", "life_over"})  # a crisis in so many words


def _crisis_behind(kind: Optional[str], readings: List[Tuple[str, concepts.Reading]]) -> Optional[str]:
    """Tablets taken or a body failing, said with the wish to die or to make everything stop: the crisis answer
    (the emergency number first, and not alone, and a crisis line), not only the poisoning one."""
    if kind in ("poisoning", "acute") and any(r.concepts() & _SAID_CRISIS for _, r in readings):
        return "crisis"
    return kind


# What a message leans towards when the learned safety net hears an emergency the rules do not: a wish to be gone,
# the means kept ready or a harm done to oneself, said of now. Such a message gets the crisis answer whole (the
# emergency number, not alone, someone to stay with), never an answer about the medicines it names.
_CRISIS_LEANINGS = frozenset({"self_harm", "gone_wish", "means_kept", "harm_act", "life_over"})


def leaning(text: object, language: Optional[str] = None) -> Optional[str]:
    """"crisis" when the message holds a crisis concept said of now (or in the writer's own voice), else None.
    Only asked once the net has fired: on its own, a concept is not an emergency."""
    if not isinstance(text, str) or not text.strip():
        return None
    for _, reading in _readings(text, language):
        for hit in reading.hits:
            if hit.name in _CRISIS_LEANINGS and (hit.sentence in reading.first_person or reading.is_now(hit.position)):
                return "crisis"
    return None


# What only the learned net hears is answered by what it leans to (components/question_reader.py,
# answers/emergencies.heard_by_net_alone): a crisis heard faintly, or a stop.
POSSIBLE_CRISIS = "possible_crisis"
STOPPED = "stopped"
# A medicine stopped or run out, or a pump, told beside a sign a stop can bring: what the net alone hears is then
# answered with the leaflet's warning about stopping, not the signs of too much.
_STOP_TOLD = frozenset({"stopped", "pump"})


def leans_to_stopping(text: object, language: Optional[str] = None) -> bool:
    """Whether the message tells a stop (tablets stopped or run out, a pump) and one of the signs it can bring, in
    any order and tense: asked only once the net has fired."""
    if not isinstance(text, str) or not text.strip():
        return False
    for _, reading in _readings(text, language):
        # a pump still to come (a test next week), a risk listed, a what-if: no stop of anyone's
        told = {hit.name for hit in reading.hits if not reading.is_framed(hit.position, concepts.ELSEWHERE)}
        if told & _STOP_TOLD and told & _PUMP_SIGNS:
            return True
    return False


# What may have brought on an acute emergency (breathing, waking, a fit): said after the acute answer's instruction.
CAUSES = ("withdrawal", "pump", "poisoning")  # a stop is named in words; "had" also reads "took"


def cause(text: object, language: Optional[str] = None) -> Optional[str]:
    """Of an acute emergency, what the message also says brought it on ("stopped all at once four days ago ... she
    just had a fit": withdrawal), or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    # the cause told nearest the danger, which a message tells last: in a story of a stopped medicine that ends "the
    # toddler got into my bag, two spaces empty in the strip, she's gone floppy", the tablets eaten
    end = _last_sentences(text, CAUSE_NEAR_SENTENCES)
    if end != text:
        readings = _readings(end, language)
        near = next((kind for kind in CAUSES_NEAR if _detect(end, readings, (kind,))), None)
        if near:
            return near
    return _detect(text, _readings(text, language), CAUSES)


CAUSE_NEAR_SENTENCES = 2
# Beside the danger, tablets eaten are told as such; "had" read as "took" is a risk only across a whole story.
CAUSES_NEAR = ("poisoning", "withdrawal", "pump")
def _last_sentences(text: str, count: int) -> str:
    return " ".join(sentences_apart(text.strip())[-count:])


def is_emergency(text: object) -> bool:
    return detect(text) is not None


# "I already did", "too late, I've done it": what was asked as a what-if has happened.
_REALISED = re.compile(r"\b(?:already (?:did|done|have|took|taken|swallowed|ate)|i (?:just )?did(?: it)?\b(?! not)|"
                       r"i'?ve (?:already )?done it|did it already|it'?s too late|too late now|i have already)")
_HYPOTHESIS = re.compile(r"\b(?:what (?:if|happens if|would happen if|about if)|suppose|supposing|in case|if)\b")


_PUMP_SIGNS = frozenset({"fever", "confusion", "rigidity", "stiffness", "seizure", "itching"})


def pump_signs_told(text: object, language: Optional[str] = None) -> bool:
    """Whether the message tells one of the signs a pump's stop can bring (a fever, confusion, stiffness, a fit,
    itching), not only an alarm or a missed refill."""
    if not isinstance(text, str) or not text.strip():
        return False
    return any(reading.concepts() & _PUMP_SIGNS for _, reading in _readings(text, language))


def detect_in_context(previous: object, latest: object) -> Optional[str]:
    """An emergency that only the last two messages together describe: a what-if then "I already did"; a pump
    named in one message and the fever in the next. None when the latest message is one on its own (it is answered
    as one) or the previous one was (it was answered then)."""
    if not isinstance(previous, str) or not isinstance(latest, str) or not previous.strip() or not latest.strip():
        return None
    if detect(latest):
        return None
    earlier = detect(previous)
    if earlier == "pump":
        # the pump's answer was a condition ("call now if there is a fever, a fit, confusion or much worse
        # stiffness"): a sign of it told next is the emergency it named
        return "pump" if pump_signs_told(latest) and detect(f"{previous.rstrip(' .!?')}. {latest}") == "pump" else None
    if earlier:
        return None
    if _REALISED.search(normalise(latest)):
        kind = detect(_HYPOTHESIS.sub(" ", normalise(previous)))
        if kind:
            return kind
    return detect(f"{previous.rstrip(' .!?')}. {latest}")

