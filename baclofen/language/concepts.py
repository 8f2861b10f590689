"""A message read once into concepts: who (a child, a pump), events (took, found, stopped, an alarm), states (fever,
confusion, stiffness, breathing, waking, fits), time (now, the past) and intent (self-harm); and the frame each
sentence puts them in (a list of risks, a what-if, a test, an exam, the past). Plain Python, no Rasa import.

Red flags are combinations of concepts (a pump and a fever; a child, the tablets and a mouth), so a carer who writes
"on the pump, burning up, legs like planks" is read as a pump emergency without any of the words a phrase list would
need. The words live in lexicon/<language>.yml; this module only matches them:

    read(text) -> Reading   (concept hits with their sentence, frames, negations)
    red_flag(reading) -> "crisis" | "acute" | "pump" | "poisoning" | "withdrawal" | None
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from baclofen import vocabulary
from baclofen.language.normalise import expand_abbreviations, nfc, normalise, set_aside_homographs

LEXICON_DIR = Path(__file__).resolve().with_name("lexicon")
ENGLISH_WORDS_FILE = LEXICON_DIR / "english_words.txt.gz"
NEGATION_REACH = 3  # a negator this many words before a concept cancels it ("no fever", "not really confused")
NEAR_CHARS = 45  # "near" in a red flag: the verb and its object, about seven words apart at most
FUZZY_MIN_LETTERS = 6  # shorter words are too often another real word one letter away
MAX_PHRASE_WORDS = 6  # the longest phrase a typo is looked for in
_NEVER_GUESSED = {"everyday", "figure_of_speech"}
PHRASE_TYPO_MIN_CHARS = 8  # a shorter phrase of short words is one letter from too many others ("co gai", "co giat")
# Words one typo away from a concept word that mean something else.
_NOT_TYPOS = frozenset({"before", "better", "letter", "bitter", "bottom", "button", "little", "bottles", "settle",
                        "itself", "myself", "himself", "herself", "either", "rather", "father", "mother", "matter",
                        "latter", "feather", "weather", "whether", "heater", "sister", "ladder", "tablet", "dinner",
                        "winner", "summer", "simmer", "filter", "fitter", "fixing", "living", "loving", "moving",
                        "having", "saving", "giving", "taking", "making", "baking", "caking", "waking", "raking",
                        "poorly", "pretty", "pricey", "choose", "chosen", "clothes", "closed", "closes", "passed",
                        "pasted", "tasted", "tested", "rested", "posted", "hosted", "listed", "lasted", "busted"})
# Words whose stripped form is another word the lexicon knows: "quite" is not "quit".
_WHOLE_WORDS = frozenset({"quite", "bite"})


@functools.lru_cache(maxsize=None)
def _lexicon_file(language: str) -> Dict[str, Any]:
    return yaml.safe_load((LEXICON_DIR / f"{language}.yml").read_text(encoding="utf-8"))


# Spoken and regional spellings read as the word they stand for, in messages and in the lexicon alike (en.yml's
# `spellings`).
_SPELLINGS: Dict[str, str] = {str(k): str(v) for k, v in (_lexicon_file("en").get("spellings") or {}).items()}
_A_MEDICINE = frozenset({"not_theirs", "own_medicine"})
_WORD_WITH_MARKS = re.compile(r"\w+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A spaced dash parts two clauses too; the point of "39.5" parts nothing.
_SENTENCE_END = re.compile(r"[.!?;\n]+(?!\d)|\s[-\u2013\u2014]\s")
# Figures read as concepts. Where each starts (a fever, many tablets, a child's age) is data, in the lexicon's
# `figures`; the patterns only find the figure and its unit: `value` (or `value2`) and `unit` of a temperature,
# `number` of a count (none: "all of them", many whatever the figure), `value`, `years` and `months` of an age.
_FEVER_FIGURE = re.compile(r"\b(?P<value>\d{2,3}(?:[.,]\d)?) ?(?P<unit>c\b|f\b|°|degrees?)|\bt ?(?P<value2>\d{2}(?:[.,]\d)?)\b|"
                           r"\b(?:thermometer|temp|temperature)\W+(?:\w+\W+)?(?P<value3>\d{2,3}(?:[.,]\d)?)\b")
_MANY_FIGURE = re.compile(r"\b(?:all (?:\d+ )?of (?:them|my|his|her|the)|all \d+|(?P<number>\d+) ?(?:of (?:them|my|his|"
                          r"her|the)|tablets|pills|tabs|baclofen))\b(?= |$|[.,!?])")
# Ages written out ("two years old"), from the vocabulary's number words; "twenty two" is no child of two.
_VOCABULARY = vocabulary.load()
_AGE_WORDS: Dict[str, int] = {str(word): int(value) for word, value in _VOCABULARY["number_words"].items() if value}
# "Freya, she's 3.", "he's 2 and into everything": an age said after the pronoun, nothing measured after it
_PRONOUN_AGE = re.compile(r"\b(?:he|she)(?:'s| is) (?:only |just )?(?P<value>\d{1,2}|" + "|".join(_AGE_WORDS) + r")\b"
                          r"(?!\s*(?:[.,]\d|%|kg|kilo|lb|pound|stone|mg|mcg|microgram|ml|cm|m\b|feet|foot|ft|days?|"
                          r"weeks?|months?|hours?|hrs?|mins?|minutes?|times?|tablets?|pills?|doses?|o'?clock|am\b|pm\b|"
                          r"and a half|degrees?|°|stones?|of|out of|/|x\b|minutes?|in\b|on\b|at\b|hundred))")
_CHILD_AGE = re.compile(r"\b" + "".join(rf"(?<!{tens}[ -])" for tens in _VOCABULARY["tens_words"])
                        + r"(?P<value>\d{1,2}(?:[.,]5)?|" + "|".join(_AGE_WORDS) + r")[ -]?"
                        r"(?:(?P<years>yo|y/o|yr[ -]old|yrs[ -]old|year[ -]old|years[ -]old)|"
                        r"(?P<months>month[ -]old|months[ -]old|mo[ -]old|m/o|mth[ -]old))\b|"
                        r"\b\d{1,2}[ -]?(?:month|mth|week)s?\b(?=[ -]old)")
# The sentence asks in general (no one in particular): "can baclofen cause seizures?", "what if the pump runs out?".
_GENERAL_OPENING = re.compile(r"^\W*(?:(?:and|so|but|also|hi|hello|hey|ok|okay|quick question|question)\W+)*"
                              r"(?:can|could|does|do|is|are|will|would|how|what|whats|why|when|which|"
                              r"should|at what)\b")
_SOMEONE_IN_PARTICULAR = re.compile(r"\b(?:my|our|his|her|he|she|he's|she's|hes|shes|i'm|im|i've|ive|i am|i have|"
                                    r"we|we're|they're|him|mine|this patient|the patient|pt)\b")


@dataclass(frozen=True)
class _Figures:
    """A language's patterns for what is said as figures or shapes of sentence rather than words of the lexicon."""
    fever: re.Pattern
    many: re.Pattern
    child_age: re.Pattern
    general: re.Pattern
    someone: re.Pattern
    present: re.Pattern
    first_person: re.Pattern  # "I want", "tôi muốn": a wish said of oneself
    pronoun_age: Optional[re.Pattern] = None  # "Freya, she's 3": an age said after the pronoun alone


def lemma(word: str) -> str:
    """A light suffix stripper: enough that "swallowed", "swallowing" and "swallows" read alike, cheap enough to run
    on every word of every message."""
    word = word.replace("'s", "")
    word = _SPELLINGS.get(word, word)
    if word in _WHOLE_WORDS:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]  # "stopping" -> "stop"
            return stem.rstrip("e") if len(stem) > 3 else stem
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxhz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


_SPELT_WORD = re.compile(r"[a-z]+")


# "me" stands for "my" in the concept reader's phrases ("me mam's tablets"); everywhere else it is the word it is
# ("gave me a fright").
_WORDS_OF_THEIR_OWN = frozenset({"me"})


def respelt(normalised: str) -> str:
    """The normalised text with its spoken and regional spellings written as the words they stand for ("tek um all"
    -> "take them all"), words of their own kept."""
    return _SPELT_WORD.sub(lambda m: _spelt_as(m.group()), normalised)


def _spelt_as(word: str) -> str:
    return word if word in _WORDS_OF_THEIR_OWN else _SPELLINGS.get(word, word)


def _lemmas(phrase: str, language: str = "en") -> Tuple[str, ...]:
    return tuple(_lemma_of(token, language) for token in _TOKEN.findall(normalise(phrase)))


def _lemma_of(word: str, language: str) -> str:
    """Vietnamese words do not inflect: a word is its own lemma (and "ăn" must not lose a letter)."""
    return word if language == "vi" else lemma(word)


@dataclass(frozen=True)
class Rule:
    kind: str
    all: Tuple[str, ...]
    any: Tuple[str, ...]
    none: Tuple[str, ...] = ()
    near: Tuple[str, ...] = ()  # the first concept within NEAR_CHARS of one of the others
    # `all` may be told anywhere before, in the past too ("I ran out eight days ago ... tonight 38.9 and seeing
    # bugs"): what it started is happening now; only a what-if, a list of risks, a test or an exam puts it elsewhere
    earlier: bool = False


@dataclass(frozen=True)
class Lexicon:
    # first lemma -> [(the phrase's lemmas, concept or frame name)], longest first
    phrases: Dict[str, List[Tuple[Tuple[str, ...], str]]]
    words: Tuple[str, ...]  # single-word lemmas, for typo matching
    frames: FrozenSet[str]
    # concept phrases of several words, by (word count, first word) -> joined by spaces -> (lemmas, name): typo
    # matching of a language whose words are too short to guess one at a time (Vietnamese syllables)
    joined: Dict[Tuple[int, str], Dict[str, Tuple[Tuple[str, ...], str]]]
    negators: FrozenSet[Tuple[str, ...]]
    rules: Tuple[Rule, ...]
    figures: Dict[str, Any]  # where a figure starts to say a concept (lexicon/figures.yml)
    # one-syllable words read only as written with their marks (folded form -> marked form): unmarked, "co" is far
    # more often "có" (has) than "cổ" (neck), "cua" "của" (of) than "cứa" (to cut)
    only_with_marks: Dict[str, str] = dataclasses.field(default_factory=dict)


@functools.lru_cache(maxsize=None)
def _figure_limits() -> Dict[str, Any]:
    """Where a figure starts to say a concept, one file for every language (lexicon/figures.yml)."""
    return yaml.safe_load((LEXICON_DIR / "figures.yml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def lexicon(language: str = "en") -> Lexicon:
    data = _lexicon_file(language)
    phrases: Dict[str, List[Tuple[Tuple[str, ...], str]]] = {}
    joined: Dict[Tuple[int, str], Dict[str, Tuple[Tuple[str, ...], str]]] = {}
    words = set()
    for group in ("concepts", "frames"):
        for name, entries in data[group].items():
            for entry in entries:
                lemmas = _lemmas(str(entry), language)
                if not lemmas:
                    continue
                phrases.setdefault(lemmas[0], []).append((lemmas, name))
                if len(lemmas) > 1 and group == "concepts" and name not in _NEVER_GUESSED:
                    joined.setdefault((len(lemmas), lemmas[0]), {}).setdefault(" ".join(lemmas), (lemmas, name))
                if len(lemmas) == 1 and len(lemmas[0]) >= FUZZY_MIN_LETTERS - 1:
                    words.add(lemmas[0])
    for entries in phrases.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    rules = tuple(Rule(r["kind"], tuple(r.get("all", ())), tuple(r.get("any", ())), tuple(r.get("none", ())),
                       tuple(r.get("near", ())), bool(r.get("earlier"))) for r in data["red_flags"])
    marked = {normalise(str(word)): nfc(str(word)).lower() for word in data.get("only_with_marks") or ()}
    return Lexicon(phrases, tuple(sorted(words)), frozenset(data["frames"]), joined,
                   frozenset(_lemmas(n, language) for n in data["negators"]), rules, _figure_limits(), marked)


@functools.lru_cache(maxsize=None)
def _english_words() -> FrozenSet[str]:
    """Real English words of six letters or more (SCOWL, lexicon/english_words.NOTICE), as lemmas: a real word is no
    typo of a concept word ("strange" is not "strangle", "connection" not "collection")."""
    with gzip.open(ENGLISH_WORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(lemma(word) for word in handle.read().split())


def is_english_word(word: str) -> bool:
    """A real English word (of six letters or more), as the typo reader knows them."""
    return lemma(word) in _english_words()


def warm_up() -> None:
    """Load the lexicons and the English word list now, not on the first message that holds a typo (about 0.3 s)."""
    for language in ("en", "vi"):
        lexicon(language)
    _english_words()


@functools.lru_cache(maxsize=50_000)
def _typo_of(word: str, language: str) -> Optional[str]:
    """The one concept word `word` is a typo of ("feverish" for "feaverish"), or None."""
    if len(word) < FUZZY_MIN_LETTERS or word in _NOT_TYPOS or not word.isalpha():
        return None
    if language == "en" and word in _english_words():
        return None
    limit = 1 if len(word) < 9 else 2
    found = process.extract(word, lexicon(language).words, scorer=Levenshtein.distance, score_cutoff=limit, limit=2)
    if not found or found[0][1] == 0:
        return None
    if len(found) > 1 and found[1][1] == found[0][1]:
        return None  # as close to two words: left alone
    return found[0][0]


@dataclass(frozen=True)
class Hit:
    name: str  # a concept or a frame
    sentence: int
    position: int  # character offset in the normalised message
    end: int = -1  # where the words matched end (a word of the lexicon); -1: a figure or a frame carried, no extent


@dataclass(frozen=True)
class Reading:
    hits: Tuple[Hit, ...]
    sentences: Tuple[Tuple[int, int], ...]  # each sentence's (start, end) in the normalised message
    general: FrozenSet[int]  # sentences that ask in general, about no one in particular
    present: FrozenSet[int] = frozenset()  # sentences said in the present ("can't stop", "is", "won't")
    # sentences where the writer speaks of themselves ("I'm in nursing school and I want to die"): a wish to die
    # there is theirs, whatever exam or list of risks the sentence also names
    first_person: FrozenSet[int] = frozenset()
    present_words: Tuple[int, ...] = ()  # where each word said in the present starts ("is", "can't", "now")
    clause_breaks: Tuple[int, ...] = ()  # where a comma, colon, bracket or " but " parts two clauses

    def concepts(self) -> FrozenSet[str]:
        return frozenset(hit.name for hit in self.hits)

    def sentence_at(self, offset: int) -> int:
        for index, (start, end) in enumerate(self.sentences):
            if offset < end:
                return index
        return len(self.sentences) - 1

    def is_now(self, offset: int) -> bool:
        """Whether something said at `offset` of the normalised message is said of now (see _is_now)."""
        if not self.sentences:
            return True
        return _is_now(Hit("", self.sentence_at(offset), offset), self._by_sentence(), self)

    def is_framed(self, offset: int, frames: Sequence[str] = ("risk_list", "exam", "past")) -> bool:
        """Whether one of `frames` comes before `offset` in its sentence with no `now` word between (the past:
        anywhere in it): a list of risks, an exam, the past; not a question asked in general."""
        if not self.sentences:
            return False
        index = self.sentence_at(offset)
        sentence = [h for h in self.hits if h.sentence == index]
        before = [h for h in sentence if h.position <= offset and (h.name == "now" or h.name in frames)]
        if before:
            return max(before, key=lambda h: h.position).name != "now"
        return ("past" in frames and any(h.name == "past" for h in sentence)
                and index not in self.present)

    def _by_sentence(self) -> Dict[int, List[Hit]]:
        by_sentence: Dict[int, List[Hit]] = {}
        for hit in self.hits:
            by_sentence.setdefault(hit.sentence, []).append(hit)
        return by_sentence


def read(text: str, language: str = "en") -> Reading:
    if language == "vi" and isinstance(text, str):
        # "từ từ" (slowly) is not "tự tử"; "ko tho dc" -> "khong tho duoc"
        return _read(expand_abbreviations(normalise(set_aside_homographs(text))), language, _marked_words(text))
    normalised = normalise(text) if isinstance(text, str) else ""
    return _read(normalised, language)


def _marked_words(text: str) -> FrozenSet[str]:
    """The folded forms of the lexicon's `only_with_marks` words that `text` writes with their marks."""
    words = set(_WORD_WITH_MARKS.findall(nfc(text).lower()))
    return frozenset(folded for folded, marked in lexicon("vi").only_with_marks.items() if marked in words)


@functools.lru_cache(maxsize=4096)
def _read(normalised: str, language: str, marked: FrozenSet[str] = frozenset()) -> Reading:
    lex = lexicon(language)
    hits: List[Hit] = []
    general = set()
    spans: List[Tuple[int, int]] = []
    start = 0
    for end_mark in list(_SENTENCE_END.finditer(normalised)) + [None]:
        end = end_mark.end() if end_mark else len(normalised)
        if normalised[start:end].strip():
            spans.append((start, end))
        start = end
    for index, (start, end) in enumerate(spans):
        sentence = normalised[start:end]
        patterns = _FIGURES[language]
        if patterns.general.search(sentence) and not patterns.someone.search(sentence):
            general.add(index)
        found = list(_TOKEN.finditer(sentence))
        tokens = [_lemma_of(t.group(), language) for t in found]
        # a negator reaches no further back than its clause: in "like before the pump went in, a slight fever" the
        # "not yet" of the first clause does not deny the fever
        breaks = [m.start() for m in _COMMA.finditer(sentence)]
        clause_of = [sum(1 for b in breaks if b < t.start()) for t in found]
        clause_first = {}
        for index_in_sentence, clause in enumerate(clause_of):
            clause_first.setdefault(clause, index_in_sentence)
        hits += _figures(patterns, lex.figures, sentence, index, start)
        i = 0
        while i < len(tokens):
            matched = _match_at(lex, tokens, i, language)
            if matched is None:
                i += 1
                continue
            length, name = matched
            if length == 1 and tokens[i] in lex.only_with_marks and tokens[i] not in marked:
                # "co" written without the marks of "cổ": "có" more likely; but a phrase typed with a typo may start
                # there ("thang ku": "thằng cu")
                typo = _phrase_typo_at(tuple(tokens[i: i + MAX_PHRASE_WORDS]), language)
                if typo is None:
                    i += 1
                    continue
                length, name = typo
            if name == "past" and tokens[i] in _USED and set(tokens[max(0, i - SIMILE_REACH): i]) & _SIMILE:
                i += length
                continue  # "locking straight like they used to": a comparison, not the time of anything
            if name in lex.frames or not _negated(lex, tokens, i, clause_first[clause_of[i]]):
                hits.append(Hit(name, index, start + found[i].start(), start + found[i + length - 1].end()))
            i += length
    present_words = _FIGURES[language].present
    present = frozenset(i for i, (start, end) in enumerate(spans) if present_words.search(normalised[start:end]))
    present_at = tuple(m.start() for m in present_words.finditer(normalised))
    breaks = tuple(m.start() for m in _CLAUSE_BREAK.finditer(normalised))
    first_person = frozenset(i for i, (start, end) in enumerate(spans)
                             if _FIGURES[language].first_person.search(normalised[start:end]))
    # whose medicine it is says that it is a medicine ("left my baclofen in the donga")
    hits += [Hit("medicine", hit.sentence, hit.position) for hit in hits if hit.name in _A_MEDICINE]
    return Reading(tuple(hits + _carried_frames(normalised, spans, hits, present_words)), tuple(spans),
                   frozenset(general), present, first_person, present_at, breaks)


def _figures(patterns: "_Figures", limits: Dict[str, Any], sentence: str, index: int, start: int) -> List[Hit]:
    """Concepts said as figures: a temperature of a fever, a count of many tablets, a child's age (`limits`: where
    each starts); a year gone by is the past ("a roof collapse in 2009")."""
    temperatures = list(patterns.fever.finditer(sentence))
    hits = [Hit("fever", index, start + m.start()) for m in temperatures if _is_fever(m, limits["fever_from"])][:1]
    # too cold only as a reading ("thermometer says 34.1", "T 34"): "34 degrees" alone is as often the weather
    hits += [Hit("body_cold", index, start + m.start()) for m in temperatures
             if (m.groupdict().get("value3") or m.groupdict().get("value2"))
             and _is_too_cold(m, limits["cold_from"], limits["cold_below"])][:1]
    hits += [Hit("past", index, start + m.start()) for m in _YEAR.finditer(sentence)
             if int(m.group()) < _this_year()][:1]
    hits += [Hit("many_figure", index, start + m.start()) for m in patterns.many.finditer(sentence)
             if m.group("number") is None or _number(m.group("number")) >= limits["many_from"]]
    hits += [Hit("child", index, start + m.start()) for m in patterns.child_age.finditer(sentence)
             if m.group("years") is None or _number(m.group("value")) < limits["child_below_years"]][:1]
    if patterns.pronoun_age is not None and not any(hit.name == "child" for hit in hits):
        hits += [Hit("child", index, start + m.start()) for m in patterns.pronoun_age.finditer(sentence)
                 if _number(m.group("value")) < limits["child_below_years"]][:1]
    if _BREATH.search(sentence):  # "breathing very slow, maybe 6 for one minute", "RR 4"
        hits += [Hit("breathing_bad", index, start + m.start()) for m in _PER_MINUTE.finditer(sentence)
                 if _number(m.group("number") or m.group("rate")) < limits["slow_breaths_below"]][:1]
    return hits


_BREATH = re.compile(r"\bbreath|\bresp(?:iration|iratory)? rate\b|\brr\b|\btho\b|\bhit tho\b|\bnhip tho\b")
_PER_MINUTE = re.compile(r"\b(?P<number>\d{1,2}) ?(?:breaths? |times |lan |hoi |nhip )?(?:a|per|for one|for 1|in a|in one|"
                         r"each|every|/|mot|trong mot|trong 1) ?(?:minute|min|phut)\b|\b(?:rr|resp rate) (?:of |is |was )?"
                         r"(?P<rate>\d{1,2})\b")


_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b(?! ?(?:mg|micrograms?|mcg|tablets|pills|ml|kg|g)\b)")


def _this_year() -> int:
    return datetime.date.today().year


def _number(text: str) -> float:
    """A figure as written: digits ("2", "1,5") or, for an age, a word ("two years old")."""
    return float(_AGE_WORDS.get(text) or text.replace(",", "."))


def _is_fever(found: "re.Match[str]", limits: Dict[str, Any]) -> bool:
    """A body temperature from `limits` up."""
    value, celsius = _temperature(found)
    return (limits["celsius"] <= value <= 45) if celsius else (limits["fahrenheit"] <= value <= 110)


def _is_too_cold(found: "re.Match[str]", lowest: Dict[str, Any], below: Dict[str, Any]) -> bool:
    """A body temperature from `lowest` (below it, a figure is no body's) to below `below`."""
    value, celsius = _temperature(found)
    unit = "celsius" if celsius else "fahrenheit"
    return lowest[unit] <= value < below[unit]


def _temperature(found: "re.Match[str]") -> Tuple[float, bool]:
    """The figure of a temperature and whether it is in Celsius ("39 degrees" is, "102 degrees" is Fahrenheit)."""
    groups = found.groupdict()
    value = _number(groups.get("value") or groups.get("value2") or groups.get("value3"))
    unit = (groups.get("unit") or "c")[0]
    return value, unit != "f" and value <= 45


# A sentence said in the present ("he is", "she's", "can't", "now"): a frame of the sentence before does not reach it.
_PRESENT = re.compile(r"\b(?:is|are|am|i'm|im|he's|she's|they're|we're|it's|has been|have been|keeps?|won'?t|can'?t|"
                      r"cannot|doesn'?t|isn'?t|aren'?t|now|today|tonight|currently|still)\b")
_COMMA = re.compile(r"[,;:]")
_SIMILE = frozenset({"like", "as"})
_USED = frozenset({lemma("used"), "used"})
SIMILE_REACH = 5  # "like her husband says they used to"
_CLAUSE_BREAK = re.compile(r"[,:;()]|\s(?:but|and then|although|though|whereas)\s")
_CARRIED = ("past", "hypothetical", "risk_list", "exam", "test")
# A sentence that opens with its own time tells of that time, whatever the sentence before framed: "three tablets every
# day. Yesterday she finished the medicine" (no habit), "Last year he had a fit. Then this morning ..." (no past).
_OWN_TIME = re.compile(r"^\W*(?:(?:and|but|so)\W+)?(?:yesterday|today|tonight|this (?:morning|afternoon|evening)|"
                       r"last night|suddenly|just now|right now)\b")

_FIGURES = {
    "en": _Figures(_FEVER_FIGURE, _MANY_FIGURE, _CHILD_AGE, _GENERAL_OPENING, _SOMEONE_IN_PARTICULAR, _PRESENT,
                   re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|ill|i'd|me|myself)\b"), _PRONOUN_AGE),
    "vi": _Figures(
        # "sốt 39 độ", "39,5 độ", "nhiệt độ 40"
        re.compile(r"\b(?P<value>\d{2,3}(?:[.,]\d)?) ?(?P<unit>do\b|°|c\b|f\b)|\bnhiet do (?P<value2>\d{2,3}(?:[.,]\d)?)\b"),
        # "20 viên", "cả lọ", "hết vỉ"
        re.compile(r"\b(?P<number>\d+) ?(?:vien|vi|lan lieu)\b|\b(?:ca|het) (?:lo|vi|hop|chai)\b"),
        # "bé 3 tuổi", "18 tháng tuổi"; "tuổi rưỡi" (a year and a half)
        re.compile(r"\b(?P<value>\d{1,2}(?:[.,]5)?) ?(?:(?P<years>tuoi)|(?P<months>thang tuoi|tuan tuoi))\b|\btuoi ruoi\b"),
        # "baclofen có gây co giật không?": asked in general, about no one in particular
        re.compile(r"^\W*(?:(?:cho (?:toi|em|minh) hoi|xin hoi|hoi)\W+)?(?:thuoc|baclofen|uong thuoc|dung thuoc|"
                   r"uong baclofen|dung baclofen|nguoi dung|nguoi uong|benh nhan)\b.{0,60}\b(?:co|lieu co)\b.{0,60}"
                   r"\b(?:khong|chua)\s*\??\s*$"),
        re.compile(r"\b(?:toi|em|minh|con|be|chau|me|bo|ba|ong|chong|vo|anh|chi)\b"),
        re.compile(r"\b(?:dang|gio|bay gio|hien gio|hien tai|van|van con|luc nay|ban nay|gio day|con dang)\b"),
        re.compile(r"\b(?:toi|em|minh|tao|to)\b")),
}


def _carried_frames(normalised: str, spans: Sequence[Tuple[int, int]], hits: Sequence[Hit],
                    present_words: re.Pattern = _PRESENT) -> List[Hit]:
    """A story's frame runs on into the sentences after it ("Last year his pump ran dry. He got a fever and was
    confused."), until a sentence speaks in the present or of now: each such sentence gets the frame at its start."""
    carried: List[Hit] = []
    frame = None
    for index, (start, end) in enumerate(spans):
        own = [h for h in hits if h.sentence == index]
        if (any(h.name == "now" for h in own) or present_words.search(normalised[start:end])
                or _OWN_TIME.match(normalised[start:end])):
            frame = None
            continue
        framed = [h.name for h in own if h.name in _CARRIED]
        if framed:
            frame = framed[-1]
        elif frame is not None:
            carried.append(Hit(frame, index, start))
    return carried


def _match_at(lex: Lexicon, tokens: Sequence[str], i: int, language: str) -> Optional[Tuple[int, str]]:
    for first in (tokens[i], None if language == "vi" else _typo_of(tokens[i], language)):
        if first is None:
            continue
        for lemmas, name in lex.phrases.get(first, ()):
            if tuple(tokens[i + 1: i + len(lemmas)]) == lemmas[1:]:
                return len(lemmas), name
    if language == "vi":
        return _phrase_typo_at(tuple(tokens[i: i + MAX_PHRASE_WORDS]), language)
    return None


@functools.lru_cache(maxsize=50_000)
def _phrase_typo_at(ahead: Tuple[str, ...], language: str) -> Optional[Tuple[int, str]]:
    """A concept's phrase of several words typed with one typo after its first word ("kho thoo", "co giatt"),
    longest first: (its length in words, its concept). The candidate must be PHRASE_TYPO_MIN_CHARS long and as close
    to one phrase only; frames are never guessed ("muon duoc" is not "mon duoc", an exam)."""
    lex = lexicon(language)
    for size in range(len(ahead), 1, -1):
        phrases = lex.joined.get((size, ahead[0]))
        candidate = " ".join(ahead[:size])
        if not phrases or len(candidate) < PHRASE_TYPO_MIN_CHARS:
            continue
        found = process.extract(candidate, list(phrases), scorer=Levenshtein.distance, score_cutoff=1, limit=2)
        if found and found[0][1] == 1 and (len(found) == 1 or found[1][1] > 1):
            mistyped = [word for word, meant in zip(ahead, phrases[found[0][0]][0]) if word != meant]
            if not set(mistyped) & _known_words(language):  # "khong cho" is a phrase of its own, not "khong tho"
                return size, phrases[found[0][0]][1]
    return None


@functools.lru_cache(maxsize=None)
def _known_words(language: str) -> FrozenSet[str]:
    """Words of the language as they are: a typo that makes one of them is no typo ("cho" is not "tho")."""
    from baclofen.language import detect

    lex = lexicon(language)
    words = {word for entries in lex.phrases.values() for lemmas, _ in entries for word in lemmas}
    return frozenset(words | set(detect.VIETNAMESE_WORDS))


# Words that open a new clause without a comma: a negator before one does not reach past it ("không nhớ đã uống chưa
# nên uống liền mấy lần": "chưa" asks "yet?", then "so he took it several times"; "no fever but very confused").
_CLAUSE_WORDS = frozenset({"but", "then", "nen", "thi", "nhung", "ma"})


def _negated(lex: Lexicon, tokens: Sequence[str], i: int, clause_start: int = 0) -> bool:
    before = tokens[max(clause_start, i - NEGATION_REACH): i]
    opens = [j for j, token in enumerate(before) if token in _CLAUSE_WORDS]
    if opens:
        before = before[opens[-1] + 1:]
    return any(tuple(before[j: j + size]) in lex.negators for size in _lengths(lex.negators) for j in range(len(before)))


@functools.lru_cache(maxsize=None)
def _lengths(phrases: FrozenSet[Tuple[str, ...]]) -> Tuple[int, ...]:
    return tuple(sorted({len(phrase) for phrase in phrases}))


def red_flag(reading: Reading, language: str = "en", kinds: Optional[Sequence[str]] = None) -> Optional[str]:
    """The kind of emergency the concepts describe as happening now: each rule within one sentence and the next,
    in a sentence whose frame (risks, what-if, test, exam, past; a general question) does not put it elsewhere."""
    if not reading.hits:
        return None
    lex = lexicon(language)
    by_sentence = reading._by_sentence()
    who = _who(reading)
    # whether each concept is said of now does not depend on the rule: decided once, not once per rule and window
    now = {id(h) for h in reading.hits if _is_now(h, by_sentence, reading)}
    windows = []
    for index in range(len(reading.sentences)):
        window = [h for s in (index, index + 1) for h in by_sentence.get(s, ()) if id(h) in now]
        windows.append((window, {h.name for h in window} | who))
    for rule in lex.rules:
        if kinds is not None and rule.kind not in kinds:
            continue
        if rule.earlier:
            if _told_earlier(rule, reading, now):
                return rule.kind
            continue
        for window, names in windows:
            if (all(name in names for name in rule.all) and (not rule.any or names & set(rule.any))
                    and not names & set(rule.none) and _near(rule.near, window)):
                return rule.kind
    return None


ELSEWHERE = ("risk_list", "hypothetical", "test", "exam")  # frames that put a concept outside now
# Who the patient is holds for the whole message: "she's had the pump five years" (said in the past) and, three
# sentences on, "burning up and stiff" is a pump patient's fever now. Not a child: "son" and "daughter" name a
# relation as often as an age ("the caller is his daughter").
IDENTITY = ("pump",)


def _who(reading: Reading) -> FrozenSet[str]:
    """The IDENTITY concepts said of someone in particular anywhere in the message, not in a what-if, a list of
    risks, a test or an exam."""
    return frozenset(h.name for h in reading.hits if h.name in IDENTITY and h.sentence not in reading.general
                     and not reading.is_framed(h.position, ELSEWHERE))


def _told_earlier(rule: Rule, reading: Reading, now_hits: Set[int]) -> bool:
    """Each of `rule.all` said somewhere (the past allowed), then one of `rule.any` said of now at or after it, or in
    the sentence just before it: the cause told right after the signs ("Now he sees things and burns hot. He
    stopped his tablets four days ago.")."""
    firsts = []
    for name in rule.all:
        told = [h for h in reading.hits if h.name == name and not reading.is_framed(h.position, ELSEWHERE)]
        if not told:
            return False
        firsts.append(min(told, key=lambda h: h.position))
    last = max(firsts, key=lambda h: h.position)
    now = {h.name for h in reading.hits if (h.position >= last.position or h.sentence == last.sentence - 1)
           and id(h) in now_hits}
    return bool(now & set(rule.any)) and not now & set(rule.none)


def _near(names: Sequence[str], window: Sequence[Hit]) -> bool:
    if not names:
        return True
    firsts = [h.position for h in window if h.name == names[0]]
    others = [h.position for h in window if h.name in names[1:]]
    return any(abs(a - b) <= NEAR_CHARS for a in firsts for b in others)


def _is_now(hit: Hit, by_sentence: Dict[int, List[Hit]], reading: Reading) -> bool:
    """Whether a concept is said of now. The nearest marker before it in its sentence decides: a `now` word keeps it
    now; a frame (a list of risks, a what-if, a test, an exam, the past) puts it there. With no marker before it, a
    mention of the past anywhere in the sentence ("he swallowed two, years ago") or a sentence asking in general
    about no one in particular puts it elsewhere."""
    sentence = by_sentence.get(hit.sentence, ())
    frames = _FRAMES
    if hit.name in SELF_DIRECTED:  # a plan for tomorrow is a crisis now ("tomorrow at dawn I go up and don't come down")
        frames = tuple(f for f in _FRAMES if f != "test")
    if hit.name in SELF_DIRECTED and hit.sentence in reading.first_person:
        frames = tuple(f for f in frames if f not in ("exam", "risk_list"))  # "in nursing school and I want to die"
    before = [h for h in sentence if h.position <= hit.position and h is not hit
              and (h.name == "now" or h.name in frames)]
    # "had a seizure a few years ago" after "this morning" earlier in the sentence: the past said right after the
    # event is nearer to it than the now said before; and it is the event's own time when no other concept and no
    # word of the present comes between ("had a seizure in her stable last week ... she's grand now"; but in "can't
    # stop shaking, ran out last week" the past is the running out's, in "the pump is empty, refill was 10 days
    # ago" the refill's)
    just_after = [h for h in sentence if h.name == "past" and 0 < h.position - hit.position <= NEAR_CHARS
                  and (hit.sentence not in reading.present or _own_time(hit, h, sentence, reading))]
    if just_after and (not before or min(h.position for h in just_after) - hit.position
                       < hit.position - max(h.position for h in before)):
        return False
    if before:
        return max(before, key=lambda h: h.position).name == "now"
    if any(h.name == "past" for h in sentence) and hit.sentence not in reading.present:
        return False  # "he swallowed two, years ago"; but "can't stop jerking, ran out last week" is now
    return hit.sentence not in reading.general or any(h.name == "now" for h in sentence)


def _own_time(hit: Hit, past: Hit, sentence: Sequence[Hit], reading: Reading) -> bool:
    """Whether the past said at `past`, after `hit`, is the time of `hit`'s event: in the same clause, with no other
    concept and no word of the present between them."""
    between = range(hit.position + 1, past.position)
    return (not any(o.position in between for o in sentence if o.name not in MARKERS)
            and not any(p in between for p in reading.present_words + reading.clause_breaks))


_FRAMES = ("risk_list", "hypothetical", "test", "exam", "past")
MARKERS = frozenset(_FRAMES + ("now",))
SELF_DIRECTED = frozenset({"self_harm", "harm_act", "gone_wish", "wanting", "means_kept", "take_every"})  # the crisis concepts  # what places the concepts in time and frame; not concepts themselves


def describe(text: str, language: str = "en") -> List[Tuple[str, int]]:
    """The concepts and frames found, as (name, sentence): for tests and for reading a miss."""
    return [(hit.name, hit.sentence) for hit in read(text, language).hits]
