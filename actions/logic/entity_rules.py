"""Rule-based entity extraction for the baclofen assistant.

Plain Python (no Rasa import): the NLU component (components/entity_extractor.py), the form validators and the
tests share it. One blank English spaCy pipeline (tokenizer only, no model) plus PhraseMatchers is built once,
lazily, on first use. Words live in vocabulary.yml beside this file; symptoms, precautions and interaction medicines
come from knowledge/ through actions.logic.knowledge.

Public API
    extract(text)      -> [{"entity", "value", "start", "end", "text"}, ...]  character offsets into `text`,
                          sorted by start, never overlapping (the longer match wins).
    parse_age(text)    -> "3 years" | "18 months" | "adult" | "elderly" | None   (a bare "4"/"four" is 4 years)
    parse_weight(text) -> "14 kg" | "35 lb" | None                              (a unit is required)
    parse_route(text)  -> "oral" | "intrathecal" | None

Normalised values (see the comment above `entities:` in domain.yml):
    age        "<n> years" | "<n> months" | "adult" | "elderly"; weeks become months (weeks * 12 / 52, 1 decimal).
               The unit is always plural ("1 years") so that consumers can split value and unit without exceptions.
    weight     "<n> kg" | "<n> lb"  (stones and ounces are not converted: such weights are left out)
    amount     "<n> mg" | "<n> micrograms"
    route      "oral" | "intrathecal";  origin "spinal" | "cerebral";  frequency "common" | "uncommon" | "rare"
    drug       lower-case generic name as drug-named-entity-recognition's dictionary resolves it (through drug_index),
               or "alcohol"; never baclofen
    symptom    canonical side-effect name of knowledge/baclofen.yml
    topic      precaution id of knowledge/baclofen.yml
Numbers are written with format(x, "g").
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import yaml

from . import drug_index, knowledge

VOCABULARY_FILE = Path(__file__).resolve().with_name("vocabulary.yml")

# Longer texts are cut before tokenising; offsets stay valid because only the tail is dropped.
MAX_CHARS = 20_000
# A written number: at most 5 integer digits and 3 decimals, so format(x, "g") never switches to exponents.
_NUMBER_RE = re.compile(r"^[0-9]{1,5}(?:\.[0-9]{1,3})?$")

# Which entity wins when two matches cover exactly the same characters (lower number wins).
_PRIORITY = {
    "self": 0,  # baclofen and its brands: a blocker, never emitted
    "age": 1,
    "weight": 2,
    "amount": 3,
    "drug": 4,
    "symptom": 5,
    "route": 6,
    "origin": 7,
    "topic": 8,
    "frequency": 9,
}

# The entity types extract() can emit, in a fixed order (the intent featurizer gives each one a column).
ENTITY_TYPES: Tuple[str, ...] = tuple(name for name in _PRIORITY if name != "self")


@dataclass(frozen=True)
class _Candidate:
    start: int  # token index
    end: int  # token index, exclusive
    entity: str
    value: str
    rank: int = 0  # tie-break inside one entity type (lower wins)


def _fmt(number: float) -> str:
    return format(number, "g")


def _osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class _FuzzyDrugIndex:
    """Typo lookup for single-word medicine names.

    drug-named-entity-recognition's own fuzzy mode is not used: it crashes on two-word candidates
    (UnboundLocalError on `lookup_name` in find_drugs 2.0.9), costs about 8 ms per word, and maps ordinary words to
    obscure dictionary entries ("advice" -> Advil, "vertigo" -> Vertigon). Even a strict edit distance over the whole
    dictionary hits hundreds of English words ("warranty" -> Warfant, "program" -> Prograf), so the targets are only
    the names (brands included) of the interaction medicines of drug_classes.yml, a few alcohol words and baclofen's
    own names. The caller asks for words of 6+ letters that are not protected; the first letter must match; one edit
    (OSA distance) is allowed, two for words of 10+ letters; a word close to two different medicines is left alone.
    Candidates come from a pigeonhole index (with at most k edits, one of k + 1 pieces of the name is unchanged), so
    a lookup is a few dictionary probes plus distance checks on a handful of names.
    """

    def __init__(self, names: Dict[str, str]) -> None:
        self._value = names  # variant -> value ("self" for baclofen's names)
        self._pieces: Dict[Tuple[int, int, int, str], List[str]] = {}
        for variant in names:
            for parts in (2, 3):
                for piece_index, piece in enumerate(self._split(variant, parts)):
                    key = (parts, len(variant), piece_index, piece)
                    self._pieces.setdefault(key, []).append(variant)

    @staticmethod
    def _bounds(length: int, parts: int) -> List[Tuple[int, int]]:
        cuts = [length * i // parts for i in range(parts + 1)]
        return [(cuts[i], cuts[i + 1]) for i in range(parts)]

    @classmethod
    def _split(cls, word: str, parts: int) -> List[str]:
        return [word[a:b] for a, b in cls._bounds(len(word), parts)]

    def lookup(self, word: str) -> Optional[str]:
        limit = 1 if len(word) < 10 else 2
        parts = limit + 1
        candidates: Set[str] = set()
        for length in range(len(word) - limit, len(word) + limit + 1):
            if length < 5:
                continue
            for piece_index, (a, b) in enumerate(self._bounds(length, parts)):
                shifts = range(-limit, limit + 1)
                if piece_index == 0:
                    shifts = range(0, 1)  # the first piece starts the word
                elif piece_index == parts - 1:
                    shifts = range(len(word) - length, len(word) - length + 1)  # the last piece ends it
                for shift in shifts:
                    if a + shift < 0 or b + shift > len(word):
                        continue
                    found = self._pieces.get((parts, length, piece_index, word[a + shift : b + shift]))
                    if found:
                        candidates.update(found)
        best, values = limit + 1, set()
        for candidate in candidates:
            if candidate[0] != word[0]:
                continue
            distance = _osa_distance(word, candidate, limit)
            if distance < best:
                best, values = distance, {self._value[candidate]}
            elif distance == best:
                values.add(self._value[candidate])
        if best <= limit and len(values) == 1:
            return values.pop()
        return None  # nothing close, or close to two different medicines


class _Rules:
    """Everything built once: tokenizer, matchers, word tables and the drug dictionary views."""

    def __init__(self) -> None:
        import spacy
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.matcher import PhraseMatcher
        from spacy.util import compile_infix_regex

        with open(VOCABULARY_FILE, encoding="utf-8") as handle:
            vocab: Dict[str, Any] = yaml.safe_load(handle)
        self.vocab = vocab

        nlp = spacy.blank("en")
        # "3yo", "14kg", "25mcg", "18mo": split a number from the letters glued to it.
        infixes = list(nlp.Defaults.infixes) + [r"(?<=[0-9])(?=[^\W\d_])"]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        self.nlp = nlp
        # Exact lookups in drug-named-entity-recognition's dictionary, without the library itself: importing it costs
        # about 300 MB per process (see drug_index).
        self.drugs = drug_index.load()

        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        # match key -> (kind, payload); kind is an entity name or a helper role ("unit", "age_cue", ...)
        self.keys: Dict[str, Tuple[str, str]] = {}
        protected: Set[str] = set(STOP_WORDS)
        self.stop_words = set(STOP_WORDS)

        def add(kind: str, payload: str, phrases: Iterable[str], exact: bool = False) -> None:
            key = f"{kind}|{payload}"
            self.keys[key] = (kind, payload)
            docs = []
            for phrase in phrases:
                doc = nlp.make_doc(str(phrase) if exact else str(phrase).lower())
                protected.update(t.lower_ for t in doc)
                docs.append(doc)
            (self.exact_matcher if exact else self.lower_matcher).add(key, docs)

        for entity in ("age", "route", "origin", "frequency", "topic"):
            for value, phrases in vocab[entity].items():
                add(entity, value, phrases)
        for value, phrases in vocab["origin_case_sensitive"].items():
            add("origin", value, phrases, exact=True)
        add("it", "intrathecal", ["IT"], exact=True)

        for term, (canonical, _frequency) in knowledge.side_effect_index().items():
            add("symptom", canonical, [term])

        classes = knowledge.drug_classes()
        alcohol_members: Set[str] = set(classes["classes"]["alcohol"]["alcohol"])
        add("alcohol", "alcohol", list(classes["alcohol_words"]) + sorted(alcohol_members))
        class_members: Set[str] = set()
        for groups in classes["classes"].values():
            for members in groups.values():
                class_members.update(m.lower() for m in members)
        class_members -= {m.lower() for m in alcohol_members}
        for member in sorted(class_members):
            add("drug", member, [member])
        for alias, value in vocab["drug_aliases"].items():
            add("drug", value, [alias])
        add("self", "baclofen", vocab["self_names"])
        add("self", "blocked", vocab["not_entities"])

        for unit, phrases in vocab["units"].items():
            add("unit", unit, phrases)
        add("age_cue", "", vocab["age_cues"])
        add("age_old", "", vocab["age_old_words"])
        add("age_subject", "", vocab["age_subject_cues"])
        add("duration_after", "", vocab["duration_after"])
        add("per_weight", "", vocab["per_weight"])
        add("non_alcoholic", "", vocab["non_alcoholic_drinks"])

        self.number_words: Dict[str, int] = {str(k): int(v) for k, v in vocab["number_words"].items()}
        self.tens_words: Dict[str, int] = {str(k): int(v) for k, v in vocab["tens_words"].items()}
        self.age_number_followers: Set[str] = {str(w).lower() for w in vocab["age_number_followers"]}
        self.duration_before: Set[str] = {str(w).lower() for w in vocab["duration_before"]}
        self.weight_unsupported: Set[str] = {str(w).lower() for w in vocab["weight_unsupported_units"]}
        self.it_context: Set[str] = {str(w).lower() for w in vocab["it_context"]}
        self.age_answer_filler: Set[str] = {str(w).lower() for w in vocab["age_answer_filler"]}
        self.drug_false_positives: Set[str] = {str(w).lower() for w in vocab["drug_false_positives"]}
        self.drug_aliases: Dict[str, str] = {str(k).lower(): str(v) for k, v in vocab["drug_aliases"].items()}
        self.self_names: Set[str] = {str(w).lower() for w in vocab["self_names"]}
        self.route_bare: Dict[str, str] = {
            str(phrase).lower(): value for value, phrases in vocab["route_bare_answers"].items() for phrase in phrases
        }

        protected.update(str(w).lower() for w in vocab.get("fuzzy_protected") or [])
        protected.update(self.number_words)
        protected.update(self.tens_words)
        protected.update(self.drugs.stopwords)  # drug_named_entity_recognition.util.stopwords
        self.fuzzy_protected = protected

        # Typo index: the interaction medicines of drug_classes.yml under every name the dictionary knows
        # (brands included), distinctive alcohol words and baclofen's own names.
        fuzzy_names: Dict[str, str] = {}
        for variant, name in self.drugs.variant_names():
            if len(variant) >= 5 and variant.isalpha() and variant.isascii():
                value = self._drug_value(name)
                if value in class_members or value == "self":
                    fuzzy_names[variant] = value
        for member in class_members:
            if member.isalpha() and len(member) >= 5:
                fuzzy_names[member] = member
        for word in vocab["alcohol_typo_targets"]:
            fuzzy_names[str(word).lower()] = "alcohol"
        for name in self.self_names:
            if name.isalpha() and len(name) >= 5:
                fuzzy_names[name] = "self"
        self.fuzzy = _FuzzyDrugIndex(fuzzy_names)

    # ------------------------------------------------------------------ helpers

    def _drug_value(self, name: str) -> str:
        value = name.lower()
        if value == "baclofen":
            return "self"
        return self.drug_aliases.get(value, value)

    def parse_number(self, lowers: Sequence[str], i: int, allow_article: bool = False) -> Optional[Tuple[float, int]]:
        """A number written at token i: digits, words ("twenty-one"), "... and a half". Returns (value, end)."""
        n = len(lowers)
        if i >= n:
            return None
        word = lowers[i]
        if word[:1] in ("-", "\u2212", "\u2013") and _NUMBER_RE.match(word[1:]):
            value, end = -float(word[1:]), i + 1  # "-3": kept negative so the dose lookup refuses it with a reason
        elif _NUMBER_RE.match(word):
            value, end = float(word), i + 1
        elif word in self.tens_words:
            value, end = float(self.tens_words[word]), i + 1
            if end + 1 < n and lowers[end] == "-" and 1 <= self.number_words.get(lowers[end + 1], 0) <= 9:
                value, end = value + self.number_words[lowers[end + 1]], end + 2
            elif end < n and 1 <= self.number_words.get(lowers[end], 0) <= 9:
                value, end = value + self.number_words[lowers[end]], end + 1
        elif word in self.number_words:
            value, end = float(self.number_words[word]), i + 1
        elif allow_article and word in ("a", "an"):
            value, end = 1.0, i + 1
        else:
            return None
        half = self._half_at(lowers, end)
        if half:
            value, end = value + 0.5, half
        return value, end

    @staticmethod
    def _half_at(lowers: Sequence[str], i: int) -> Optional[int]:
        """End of "and a half" / "-and-a-half" starting at token i, else None."""
        words = [w for w in lowers[i : i + 7]]
        j, seen = 0, []
        while j < len(words) and len(seen) < 3:
            if words[j] != "-":
                seen.append(words[j])
            j += 1
            if seen and seen != ["and", "a", "half"][: len(seen)]:
                return None
        return i + j if seen == ["and", "a", "half"] else None

    def is_number_word(self, word: str) -> bool:
        return bool(_NUMBER_RE.match(word)) or word in self.number_words or word in self.tens_words

    def number_before(self, lowers: Sequence[str], end: int, allow_article: bool) -> Optional[Tuple[float, int]]:
        """The longest number that ends exactly at token `end` (or one hyphen before it): (value, start)."""
        for start in range(max(0, end - 9), end):
            parsed = self.parse_number(lowers, start, allow_article=allow_article)
            if parsed is None:
                continue
            value, number_end = parsed
            if number_end == end or (number_end == end - 1 and lowers[end - 1] == "-"):
                return value, start
        return None


def _sign(rules: _Rules, lowers: Sequence[str], glued: Sequence[bool], start: int) -> Optional[Tuple[int, int]]:
    """(sign, new start) for the number at token `start`; None when it ends a range ("2-3", "2 to 3", "4 or 5").

    A minus glued to the number and not to a word before it is a sign: "-3 years" stays negative, so that the dose
    lookup can refuse it with a reason instead of reading 3 years.
    """
    if start == 0:
        return 1, start
    before = lowers[start - 1]
    if before in ("-", "–", "to", "or") and start >= 2 and rules.is_number_word(lowers[start - 2]):
        return None
    if before in ("-", "–", "−") and glued[start - 1] and (start == 1 or not glued[start - 2]):
        return -1, start - 1
    return 1, start


_RULES: Optional[_Rules] = None
_LOCK = threading.Lock()


def _rules() -> _Rules:
    global _RULES
    if _RULES is None:
        with _LOCK:
            if _RULES is None:
                _RULES = _Rules()
    return _RULES


def warm_up() -> None:
    """Build the pipeline now: about 0.5 s, plus the first imports of spaCy and of the drug dictionary (~1.6 s)."""
    _rules()


# ---------------------------------------------------------------------- extraction


def _clean(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return text[:MAX_CHARS]


def _matches(rules: _Rules, doc: Any) -> List[Tuple[str, str, int, int]]:
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


def _quantities(rules: _Rules, lowers: List[str], glued: List[bool], helpers: Dict[str, Dict[int, int]],
                units: List[Tuple[str, int, int]]) -> List[_Candidate]:
    """Ages, weights and amounts: a number followed by a unit, plus "aged 6" style ages."""
    out: List[_Candidate] = []
    n = len(lowers)
    unit_ends: Dict[int, Tuple[str, int]] = {}
    for unit, start, end in units:
        if start not in unit_ends or unit_ends[start][1] < end:
            unit_ends[start] = (unit, end)
    used_numbers: Set[int] = set()

    for unit, u_start, u_end in sorted(units, key=lambda x: (x[1], -x[2])):
        allow_article = unit in ("years", "months", "weeks")
        found = rules.number_before(lowers, u_start, allow_article)
        if found is None:
            continue
        value, n_start = found
        if n_start in used_numbers:
            continue
        signed = _sign(rules, lowers, glued, n_start)
        if signed is None:
            continue  # "2-3 years", "4 or 5 kg": a range is not one value
        value, span_start, span_end = value * signed[0], signed[1], u_end

        if unit in ("kg", "lb"):
            window = lowers[max(0, n_start - 3) : min(n, u_end + 3)]
            if any(w in rules.weight_unsupported for w in window):
                continue  # "9 stone 4 lb", "7 lb 8 oz": not guessed
            out.append(_Candidate(span_start, span_end, "weight", f"{_fmt(value)} {unit}"))
            used_numbers.add(n_start)
            continue

        if unit in ("mg", "micrograms"):
            if u_end in helpers["per_weight"]:
                continue  # "0.3 mg/kg": a dose per body weight, neither amount nor weight
            out.append(_Candidate(span_start, span_end, "amount", f"{_fmt(value)} {unit}"))
            used_numbers.add(n_start)
            continue

        # ages
        years = months = None
        if unit == "years":
            years = value
            half = rules._half_at(lowers, span_end)  # "a year and a half"
            if half:
                years, span_end = years + 0.5, half
            else:  # "2 years and 6 months", "2 years, 6 months"
                j = span_end
                while j < n and lowers[j] in (",", "and"):
                    j += 1
                parsed = rules.parse_number(lowers, j)
                if parsed and parsed[1] in unit_ends and unit_ends[parsed[1]][0] == "months" and j > span_end:
                    years = round(years + parsed[0] / 12, 2)
                    span_end = unit_ends[parsed[1]][1]
        elif unit == "months":
            months = value
        else:  # weeks -> months
            months = round(value * 12 / 52, 1)

        certain = False
        j = span_end + 1 if span_end < n and lowers[span_end] == "-" else span_end
        if j in helpers["age_old"]:
            span_end, certain = helpers["age_old"][j], True
        if lowers[u_start] in ("yo", "y/o", "y.o", "y.o.", "yoa") or lowers[u_start:u_end] == ["y", "/", "o"]:
            certain = True
        if lowers[u_start:u_end] == ["m", "/", "o"]:
            certain = True
        if n_start in helpers["age_cue_end"]:
            span_start, certain = helpers["age_cue_end"][n_start], True
        if not certain:
            before = lowers[n_start - 1] if n_start > 0 else ""
            if before in rules.duration_before or span_end in helpers["duration_after"]:
                continue  # "for 3 years", "3 years ago": a duration
        if years is not None:
            age = f"{_fmt(years)} years"
        else:
            age = f"{_fmt(months)} months"
        out.append(_Candidate(span_start, span_end, "age", age))
        used_numbers.add(n_start)

    # "aged 6", "a toddler of 2": a cue, then a number with no unit
    for cue_end, cue_start in helpers["age_cue_end"].items():
        parsed = rules.parse_number(lowers, cue_end)
        if parsed is None or cue_end in used_numbers:
            continue
        value, end = parsed
        if end in unit_ends:
            continue  # "aged 6 kg"? a unit follows: handled above or not an age
        out.append(_Candidate(cue_start, end, "age", f"{_fmt(value)} years"))
        used_numbers.add(cue_end)

    # "my son is 4", "I'm 70": only when the number stands alone
    for number_start in helpers["age_subject_end"]:
        parsed = rules.parse_number(lowers, number_start)
        if parsed is None or number_start in used_numbers:
            continue
        value, end = parsed
        after = lowers[end] if end < n else ""
        if after and after not in rules.age_number_followers and any(ch.isalnum() for ch in after):
            continue
        signed = _sign(rules, lowers, glued, number_start)
        if signed is None:
            continue
        out.append(_Candidate(signed[1], end, "age", f"{_fmt(value * signed[0])} years"))
    return out


def _drug_candidates(rules: _Rules, doc: Any, covered: Set[int]) -> List[_Candidate]:
    out: List[_Candidate] = []
    tokens = [t.text for t in doc]
    found_tokens: Set[int] = set()  # known to the dictionary: kept or rejected, never typo-matched
    for name, is_medicine, start, end in rules.drugs.find(tokens):  # what find_drugs(tokens, is_ignore_case=True) finds
        found_tokens.update(range(start, end))
        surface = " ".join(tokens[start:end]).lower()
        if surface in rules.drug_false_positives:
            continue
        if end - start == 1 and (len(surface) < 4 or surface in rules.stop_words):
            continue
        if not name:
            continue
        if not is_medicine:
            continue  # a MeSH class or substance ("sedatives", "buffers"), not a medicine
        value = rules._drug_value(name)
        out.append(_Candidate(start, end, "self" if value == "self" else "drug", value, rank=0))

    # typos of single-word medicine names
    for token in doc:
        i = token.i
        if i in covered or i in found_tokens or not token.is_alpha or len(token.text) < 6:
            continue
        word = token.lower_
        if word in rules.fuzzy_protected or not word.isascii():
            continue
        value = rules.fuzzy.lookup(word)
        if value:
            out.append(_Candidate(i, i + 1, "self" if value == "self" else "drug", value, rank=2))
    return out


def _candidates(rules: _Rules, text: str) -> Tuple[Any, List[_Candidate]]:
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
    out: List[_Candidate] = []
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
                out.append(_Candidate(start, end, "route", payload))
        elif kind == "alcohol":
            out.append(_Candidate(start, end, "drug", "alcohol", rank=1))
        elif kind == "drug":
            out.append(_Candidate(start, end, "drug", payload, rank=1))
        else:
            out.append(_Candidate(start, end, kind, payload))
    # alcohol words followed by water/milk/... are not alcohol ("drink plenty of water")
    out = [c for c in out if not (c.value == "alcohol" and c.end in helpers["non_alcoholic"])]
    glued = [not t.whitespace_ for t in doc]  # no space after the token
    out.extend(_quantities(rules, lowers, glued, helpers, units))
    covered = {i for c in out for i in range(c.start, c.end)}
    out.extend(_drug_candidates(rules, doc, covered))
    return doc, out


def _select(doc: Any, candidates: List[_Candidate]) -> List[_Candidate]:
    """Greedy: longest (in characters) first, then entity priority; drop anything overlapping a chosen span."""

    def char_len(c: _Candidate) -> int:
        return doc[c.end - 1].idx + len(doc[c.end - 1].text) - doc[c.start].idx

    ordered = sorted(candidates, key=lambda c: (-char_len(c), _PRIORITY[c.entity], c.rank, c.start))
    taken: Set[int] = set()
    chosen: List[_Candidate] = []
    for c in ordered:
        span = set(range(c.start, c.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def extract(text: str) -> List[Dict[str, Any]]:
    """All entities of `text`, normalised, with character offsets into `text` (see the module docstring).

    Each message is read by both NLU components (the extractor and the entity-type featurizer): the rules run once
    per text and each caller gets its own copies."""
    return [dict(entity) for entity in _extract_once(_clean(text))]


@functools.lru_cache(maxsize=256)  # a few recent messages suffice; keys are at most MAX_CHARS long
def _extract_once(text: str) -> Tuple[Dict[str, Any], ...]:
    return tuple(_extract(text))


def _extract(text: str) -> List[Dict[str, Any]]:
    """`text` is already cleaned (extract() cleans before the cache, so equal texts share an entry)."""
    if not text.strip():
        return []
    rules = _rules()
    doc, candidates = _candidates(rules, text)
    entities = []
    for c in _select(doc, candidates):
        if c.entity == "self":
            continue
        start = doc[c.start].idx
        end = doc[c.end - 1].idx + len(doc[c.end - 1].text)
        entities.append({"entity": c.entity, "value": c.value, "start": start, "end": end, "text": text[start:end]})
    return entities


def _first(entities: List[Dict[str, Any]], entity: str) -> Optional[str]:
    values = [e["value"] for e in entities if e["entity"] == entity]
    return values[0] if values else None


def parse_age(text: str) -> Optional[str]:
    """The age in a short answer; a bare number ("4", "four", "he's 4") means years."""
    text = _clean(text)
    if not text.strip():
        return None
    entities = extract(text)
    age = _first(entities, "age")
    if age:
        return age
    rules = _rules()
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
        parsed = rules.parse_number(lowers, i)
        if parsed:
            signed = _sign(rules, lowers, glued, i)
            if number is not None or signed is None:
                return None  # "4 or 5", "2-3": not one age
            number = (parsed[0] * signed[0], i, parsed[1])
            i = parsed[1]
            continue
        if not (token.is_punct or token.is_space or lowers[i] in rules.age_answer_filler):
            return None  # other words around the number: not a bare age answer
        i += 1
    if number is None:
        return None
    return f"{_fmt(number[0])} years"


def parse_weight(text: str) -> Optional[str]:
    """The weight in a short answer; it needs a unit ("16 kg", "35 lb"), a bare number returns None."""
    return _first(extract(text), "weight")


def parse_route(text: str) -> Optional[str]:
    """"oral" or "intrathecal" from an answer; None when absent or when both are named."""
    values = {e["value"] for e in extract(text) if e["entity"] == "route"}
    if len(values) == 1:
        return values.pop()
    if values:
        return None
    bare = re.sub(r"[^\w\s/']", " ", unicodedata.normalize("NFKC", _clean(text))).lower()
    bare = " ".join(bare.split())
    return _rules().route_bare.get(bare) if bare else None
