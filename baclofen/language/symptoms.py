"""The leaflet's side effects found in a message, in the leaflet's words or in people's own ("my ears are buzzing",
"weeing constantly", "mouth like sandpaper"). Plain Python, no Rasa import.

The words are data: each side effect's name and `also` words (knowledge/baclofen.yml) and its lay words
(lexicon/symptoms_en.yml, beside the matcher's small word lists). A phrase is matched word by word on light word
keys, so that "ringing in both my ears", "ears ringing" and "ear rings" need no phrase each:

  - inflections read alike: "ringing"/"rings"/"ring", "ears"/"ear", "weeing"/"wee";
  - determiners, possessives and forms of "be" are optional: "ringing in the ears" also reads "ringing in my ears";
  - up to MAX_GAP filler words may come between two words of a phrase ("my heart has really been thumping");
  - a mention said not to be there ("no headache", "I don't feel dizzy") is not a side effect of this message;
  - a phrase that means something else ("a cold", "finishing school") cancels any side effect it overlaps.

    SymptomMatcher(terms, lay_data).find(tokens) -> [(start, end, canonical name)]   token offsets, end exclusive
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

LAY_WORDS_FILE = Path(__file__).resolve().with_name("lexicon") / "symptoms_en.yml"
AREA_WORDS_FILE = Path(__file__).resolve().with_name("lexicon") / "body_areas_en.yml"
MAX_GAP = 2  # filler words allowed between two words of a phrase: "ringing in both my ears"
NEGATION_REACH = 4  # words looked back for a negator: "I haven't had any headaches"
_SENTENCE_ENDS = frozenset(".!?;:,()\n")  # a clause ends here: nothing is matched or negated across it
BOUNDARY = "."  # the key of a clause's end: no word keys to it, so no phrase or filler matches it
_MEMO_SIZE = 50_000  # distinct tokens remembered with their keys

Phrase = Tuple[str, ...]
Entry = Tuple[Phrase, Optional[str], FrozenSet[str]]  # a phrase's keys, what it names, and the same keys as a set


@functools.lru_cache(maxsize=20_000)
def word_key(word: str) -> str:
    """One key for the forms of a word people write: "ringing"/"rings" -> "ring", "weeing"/"wee" -> "wee",
    "aches"/"aching"/"ache" -> "ach". A suffix stripper, not a lemmatiser: it only has to agree with itself, since
    phrases are keyed the same way. The possessive "'s" and the contraction "'s" key to "" (always optional)."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith("in'") or (len(word) >= 5 and word.endswith("in")):
        word = word.rstrip("'") + "g"  # the dropped g of speech typed as said: "sweatin", "peein'" (keyed alike)
    stem = _without_suffix(word)
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouy":
        stem = stem[:-1]  # "buzz"/"buzzing" -> "buz", "stopped" -> "stop"
    if len(stem) > 3 and stem.endswith("e") and not stem.endswith("ee"):
        stem = stem[:-1]  # "taste"/"tasting" -> "tast"; "pee" and "wee" stay whole
    return stem


def _without_suffix(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):  # "need" is no past tense
        return word[:-2]
    if len(word) > 4 and word.endswith(("ses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def _token_key(token: str) -> str:
    """BOUNDARY where a clause ends (punctuation, a line break), "" for spacing (optional), else the word's key."""
    if not token.strip():
        return BOUNDARY if "\n" in token else ""
    if all(ch in _SENTENCE_ENDS for ch in token):
        return BOUNDARY
    return word_key(token)


def _keys(words: Iterable[str]) -> FrozenSet[str]:
    return frozenset(word_key(str(w)) for w in words)


class SymptomMatcher:
    """Finds side-effect phrases in a tokenised message (see the module docstring)."""

    def __init__(self, terms: Mapping[str, str], lay_data: Mapping[str, Any],
                 tokenize: Any = str.split, names: Optional[Iterable[str]] = None) -> None:
        """`terms`: every leaflet name and `also` word -> its canonical name; `lay_data`: lexicon/symptoms_en.yml;
        `tokenize`: text -> words, the same tokenizer the messages go through (so "can't" splits alike); `names`:
        what the lay words may name (default: the terms' canonical names; the parts of the body for
        load_area_data)."""
        self.optional = _keys(lay_data["optional_words"]) | {""}
        self.fillers = _keys(lay_data["filler_words"]) | self.optional
        self.negators = _keys(lay_data["negation"]["negators"])
        self.negation_ends = _keys(lay_data["negation"]["ends"])
        self.subjects = _keys(lay_data["negation"]["question_subjects"])
        self.question_openers = _keys(lay_data["negation"]["question_openers"])
        self._tokenize = tokenize
        self._token_keys: Dict[str, str] = {}  # token as written -> its key (see find)
        self.phrases: Dict[str, List[Entry]] = {}  # first key -> the phrases starting with it
        phrases = _all_phrases(terms, lay_data["lay_words"], names)
        self.written_words = frozenset(w for phrase, _ in phrases for w in tokenize(phrase.lower()) if w.isalpha())
        for phrase, canonical in phrases:
            self._index(self.phrases, self._phrase_keys(phrase, drop_optional=True), canonical)
        self.blockers: Dict[str, List[Entry]] = {}
        for phrase in lay_data["not_symptoms"]:
            self._index(self.blockers, self._phrase_keys(str(phrase), drop_optional=False), None)
        # both in one table, so a word is looked up once (a blocker names nothing: None)
        self._table: Dict[str, List[Entry]] = {key: list(entries) for key, entries in self.phrases.items()}
        for key, entries in self.blockers.items():
            self._table.setdefault(key, []).extend(entries)

    def _phrase_keys(self, phrase: str, drop_optional: bool) -> Phrase:
        keys = tuple(key for key in map(_token_key, self._tokenize(phrase.lower())) if key and key != BOUNDARY)
        kept = tuple(k for k in keys if not (drop_optional and k in self.optional))
        return kept or keys

    @staticmethod
    def _index(table: Dict[str, List[Entry]], keys: Phrase, value: Optional[str]) -> None:
        entries = table.setdefault(keys[0], [])
        if all(entry[:2] != (keys, value) for entry in entries):
            entries.append((keys, value, frozenset(keys)))

    def phrase_owners(self) -> Dict[Phrase, List[str]]:
        """Each phrase's keys -> the side effects it names (one each, or the phrase is ambiguous: a test checks)."""
        owners: Dict[Phrase, List[str]] = {}
        for entries in self.phrases.values():
            for keys, canonical, _ in entries:
                owners.setdefault(keys, []).append(canonical)
        return owners

    def words(self) -> FrozenSet[str]:
        """Every word of the phrases as written: English words, never a medicine's misspelling."""
        return self.written_words

    def find(self, tokens: Sequence[str]) -> List[Tuple[int, int, str]]:
        """(start, end, canonical name) of each side effect said to be there; `tokens` are the message's words and
        punctuation as the tokenizer split them. Overlapping matches are all returned (the caller keeps the
        longest). Runs on every message: plain loops and a word-key memo, no generators."""
        keys = list(map(self._token_keys.get, tokens))
        if None in keys:  # a token not seen before
            keys = [self._remember(t) if key is None else key for t, key in zip(tokens, keys)]
        present = set(keys)  # a phrase with a word not in the message is not tried at all: most of them
        found: List[Tuple[int, int, str]] = []
        blocked: List[Tuple[int, int]] = []
        table = self._table
        for start, key in enumerate(keys):
            entries = table.get(key)
            if entries is None:
                continue
            for phrase, canonical, needed in entries:
                end = needed <= present and self._match_end(phrase, keys, start)
                if not end:
                    continue
                if canonical is None:
                    blocked.append((start, end))
                else:
                    found.append((start, end, canonical))
        if blocked:
            found = [hit for hit in found if not any(hit[0] < end and start < hit[1] for start, end in blocked)]
        return [hit for hit in found if not self._negated(keys, hit[0])]

    def _remember(self, token: str) -> str:
        if len(self._token_keys) >= _MEMO_SIZE:
            self._token_keys.clear()  # a bound on memory; the common words come straight back
        key = self._token_keys[token] = _token_key(token)
        return key

    def _match_end(self, phrase: Phrase, keys: Sequence[str], start: int) -> int:
        """The end of `phrase` matched from `start` (its first word is there), or 0. Optional words between two
        words of the phrase are free ("my pee is a bit red"); at most MAX_GAP other filler words may be there."""
        at, last = start, len(keys)
        optional, fillers = self.optional, self.fillers
        for word in phrase[1:]:
            gap, position = 0, at + 1
            while position < last and keys[position] != word:
                key = keys[position]
                if key not in optional:
                    if key not in fillers or gap == MAX_GAP:  # a clause's end is no filler either
                        return 0
                    gap += 1
                position += 1
            if position == last:
                return 0
            at = position
        return at + 1

    def _negated(self, keys: Sequence[str], start: int) -> bool:
        """'no headache', "I don't feel dizzy", "haven't had any headaches": a negator shortly before, in the same
        clause, that is not a question's ("doesn't it make you drowsy?", "isn't dizziness common?")."""
        for position in range(start - 1, max(-1, start - 1 - NEGATION_REACH), -1):
            key = keys[position]
            if key == BOUNDARY or key in self.negation_ends:
                return False
            if key in self.negators:
                return not self._asks(keys, position)
        return False

    def _asks(self, keys: Sequence[str], negator: int) -> bool:
        """The negator belongs to a question's inverted opening: "doesn't it ...", "does it not ...", "isn't ..."."""
        after = keys[negator + 1] if negator + 1 < len(keys) else None
        if after in self.subjects:
            return True
        opening = negator - 1
        if opening >= 0 and keys[opening] in self.subjects:
            opening -= 1  # "does it not": the opener is before the subject
        return (opening >= 0 and keys[opening] in self.question_openers
                and (opening == 0 or keys[opening - 1] == BOUNDARY))


def _all_phrases(terms: Mapping[str, str], lay_words: Mapping[str, Sequence[str]],
                 names: Optional[Iterable[str]] = None) -> List[Tuple[str, str]]:
    """(phrase, canonical name) for the leaflet's words and the lay words; a lay entry must name one of `names`
    (default: a side effect of the leaflet)."""
    canonical_names = set(terms.values()) if names is None else set(names)
    unknown = sorted(set(lay_words) - canonical_names)
    if unknown:
        raise ValueError(f"lay words name what is not known: {unknown}")
    pairs = [(term, canonical) for term, canonical in terms.items()]
    pairs += [(str(phrase), canonical) for canonical, phrases in lay_words.items() for phrase in phrases]
    return pairs


def load_lay_data(path: Path = LAY_WORDS_FILE) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_area_data(areas: Iterable[str], path: Path = AREA_WORDS_FILE,
                   lay_data: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """The words for the parts of the body (lexicon/body_areas_en.yml) as a matcher's lay data: read with the side
    effects' optional words, fillers and negation; `areas`: knowledge's parts of the body, each needing words."""
    base = dict(lay_data if lay_data is not None else load_lay_data())
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    missing = sorted(set(areas) - set(data["areas"]))
    if missing:
        raise ValueError(f"{path.name}: no words for {missing}")
    return {**base, "lay_words": data["areas"], "not_symptoms": data["not_areas"]}
