"""Everything the language rules build once per process: a blank English spaCy tokenizer (no model to download),
PhraseMatchers over the vocabulary (vocabulary.yml beside this file) and the knowledge file's words (symptoms,
precautions, interaction medicines), the number grammar and the drug-name views. Built lazily on first use.
Plain Python, no Rasa import."""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Dict, Iterable, Optional, Set, Tuple

import yaml

from baclofen import drug_index, knowledge, vocabulary
from baclofen.language import function_words
from baclofen.language.drug_names import FuzzyDrugIndex
from baclofen.language.numbers import NumberGrammar
from baclofen.language.symptoms import SymptomMatcher, load_area_data, load_lay_data

DRUG_TYPOS_FILE = Path(__file__).resolve().with_name("drug_typos.yml")  # English words never typo-matched


class Rules:
    """Everything built once: tokenizer, matchers, word tables and the drug dictionary views."""

    def __init__(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.util import compile_infix_regex

        vocab: Dict[str, Any] = vocabulary.load()
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
        # every word of a phrase the matchers know is never typo-matched to a medicine: _add collects them here
        self.fuzzy_protected: Set[str] = set(function_words.english())
        self.stop_words = set(function_words.english())
        self._ingredients: Dict[str, Tuple[str, ...]] = {}

        self._add_entity_phrases(vocab)
        class_members, combination_names = self._add_drug_phrases(vocab)
        self._add_helper_phrases(vocab)
        self._read_word_tables(vocab)
        self._protect_words(vocab)
        self.fuzzy = FuzzyDrugIndex(self._fuzzy_names(vocab, class_members, combination_names))

    def _add(self, kind: str, payload: str, phrases: Iterable[str], exact: bool = False) -> None:
        """One match key: `phrases` found as (kind, payload), by case-insensitive or (exact) case-sensitive match."""
        key = f"{kind}|{payload}"
        self.keys[key] = (kind, payload)
        docs = []
        for phrase in phrases:
            doc = self.nlp.make_doc(str(phrase) if exact else str(phrase).lower())
            self.fuzzy_protected.update(t.lower_ for t in doc)
            docs.append(doc)
        (self.exact_matcher if exact else self.lower_matcher).add(key, docs)

    def _add_entity_phrases(self, vocab: Dict[str, Any]) -> None:
        """The vocabulary's entities (population, route, origin, frequency, topic) and the leaflet's symptoms, in its
        words and in people's (lexicon/symptoms_en.yml)."""
        for entity in ("population", "route", "origin", "frequency", "topic"):
            for value, phrases in vocab[entity].items():
                self._add(entity, value, phrases)
        for value, phrases in vocab["origin_case_sensitive"].items():
            self._add("origin", value, phrases, exact=True)
        self._add("it", "intrathecal", ["IT"], exact=True)
        # Symptoms have their own matcher: lay words, optional words and negation need more than a phrase list.
        leaflet_terms = {term: canonical for term, (canonical, _) in knowledge.side_effect_index().items()}
        self.symptoms = SymptomMatcher(leaflet_terms, load_lay_data(),
                                       tokenize=lambda text: [t.text for t in self.nlp.make_doc(text)])
        self.fuzzy_protected.update(self.symptoms.words())
        # the parts of the body a change is told of, in any words ("my eyes do a strange flicking")
        areas = list(knowledge.side_effect_areas())
        self.body_areas = SymptomMatcher({}, load_area_data(areas), names=areas,
                                         tokenize=lambda text: [t.text for t in self.nlp.make_doc(text)])
        self.fuzzy_protected.update(self.body_areas.words())

    def _add_drug_phrases(self, vocab: Dict[str, Any]) -> Tuple[Set[str], Dict[str, str]]:
        """Alcohol, the interaction classes' medicines, aliases, combination brands and baclofen's own names.
        Returns (the classes' medicines, single-word brand -> its group's first name): the typo index's targets."""
        classes = knowledge.drug_classes()
        alcohol_members: Set[str] = set(classes["classes"]["alcohol"]["alcohol"])
        self._add("alcohol", "alcohol", list(classes["alcohol_words"]) + sorted(alcohol_members))
        class_members: Set[str] = set()
        for groups in classes["classes"].values():
            for members in groups.values():
                class_members.update(m.lower() for m in members)
        class_members -= {m.lower() for m in alcohol_members}
        for member in sorted(class_members):
            self._add("drug", member, [member])
        for alias, value in vocab["drug_aliases"].items():
            self._add("drug", value, [alias])
        # Brands of combination products: one name, every ingredient (Rules.ingredients).
        self.combinations: Dict[str, Tuple[str, ...]] = {}
        combination_names: Dict[str, str] = {}
        for group in knowledge.combination_brands()["brands"]:
            names = [str(n).lower() for n in group["names"]]
            self.combinations[names[0]] = tuple(str(i).lower() for i in group["ingredients"])
            self._add("drug", names[0], names)
            combination_names.update((name, names[0]) for name in names if name.isalpha())
        self._add("self", "baclofen", vocab["self_names"])
        self._add("self", "blocked", vocab["not_entities"])
        return class_members, combination_names

    def _add_helper_phrases(self, vocab: Dict[str, Any]) -> None:
        """Words that are no entity themselves but place one: units, age cues, durations, "per kg"."""
        for unit, phrases in vocab["units"].items():
            self._add("unit", unit, phrases)
        self._add("age_cue", "", vocab["age_cues"])
        self._add("age_old", "", vocab["age_old_words"])
        self._add("age_subject", "", vocab["age_subject_cues"])
        self._add("duration_after", "", vocab["duration_after"])
        self._add("per_weight", "", vocab["per_weight"])
        self._add("non_alcoholic", "", vocab["non_alcoholic_drinks"])

    def _read_word_tables(self, vocab: Dict[str, Any]) -> None:
        """The number grammar and the word lists the readers look words up in."""
        self.numbers = NumberGrammar({str(k): int(v) for k, v in vocab["number_words"].items()},
                                     {str(k): int(v) for k, v in vocab["tens_words"].items()})
        self.age_number_followers: Set[str] = {str(w).lower() for w in vocab["age_number_followers"]}
        self.age_approx_words: Set[str] = {str(w).lower() for w in vocab["age_approx_words"]}
        self.leading_age_suffixes: Set[str] = {str(w).lower() for w in vocab["leading_age_suffixes"]}
        self.duration_before: Set[str] = {str(w).lower() for w in vocab["duration_before"]}
        self.age_owners: Set[str] = {str(w).lower() for w in vocab["age_owners"]}
        self.weight_unsupported: Set[str] = {str(w).lower() for w in vocab["weight_unsupported_units"]}
        self.weight_of_the_body: Set[str] = {str(w).lower() for w in vocab["weight_of_the_body"]}
        self.weight_change_before: Set[str] = {str(w).lower() for w in vocab["weight_change_before"]}
        self.it_context: Set[str] = {str(w).lower() for w in vocab["it_context"]}
        self.age_answer_filler: Set[str] = {str(w).lower() for w in vocab["age_answer_filler"]}
        self.drug_false_positives: Set[str] = {str(w).lower() for w in vocab["drug_false_positives"]}
        self.drug_aliases: Dict[str, str] = {str(k).lower(): str(v) for k, v in vocab["drug_aliases"].items()}
        self.self_names: Set[str] = {str(w).lower() for w in vocab["self_names"]}
        self.route_bare: Dict[str, str] = {
            str(phrase).lower(): value for value, phrases in vocab["route_bare_answers"].items() for phrase in phrases
        }

    def _protect_words(self, vocab: Dict[str, Any]) -> None:
        """Words never typo-matched to a medicine, beside those of the matchers' phrases."""
        protected = self.fuzzy_protected
        protected.update(str(w).lower() for w in vocab.get("fuzzy_protected") or [])
        with open(DRUG_TYPOS_FILE, encoding="utf-8") as handle:
            protected.update(str(w).lower() for w in (yaml.safe_load(handle) or {}).get("protected") or [])
        protected.update(self.numbers.number_words)
        protected.update(self.numbers.tens_words)
        protected.update(self.drugs.stopwords)  # drug_named_entity_recognition.util.stopwords

    def _fuzzy_names(self, vocab: Dict[str, Any], class_members: Set[str],
                     combination_names: Dict[str, str]) -> Dict[str, str]:
        """The typo index's names -> values."""
        # The interaction medicines of drug_classes.yml under every name the dictionary knows (brands included),
        # distinctive alcohol words and baclofen's own names.
        fuzzy_names: Dict[str, str] = {}
        for variant, name in self.drugs.variant_names():
            if len(variant) >= 5 and variant.isalpha() and variant.isascii():
                value = self.drug_value(name)
                if value in class_members or value == "self":
                    fuzzy_names[variant] = value
        for member in class_members:
            if member.isalpha() and len(member) >= 5:
                fuzzy_names[member] = member
        # ...and the generic names of every other medicine of the dictionary ("setraline" -> sertraline), brands
        # left out: they are what collides with English ("warranty" -> Warfant).
        for variant, name in self.drugs.medicine_names():
            if len(variant) >= 6 and variant.isalpha() and variant.isascii():
                fuzzy_names.setdefault(variant, self.drug_value(name))
        for name, value in combination_names.items():
            if len(name) >= 6:
                fuzzy_names[name] = value
        for word in vocab["alcohol_typo_targets"]:
            fuzzy_names[str(word).lower()] = "alcohol"
        for name in self.self_names:
            if name.isalpha() and len(name) >= 5:
                fuzzy_names[name] = "self"
        return fuzzy_names

    def drug_value(self, name: str) -> str:
        value = name.lower()
        if value == "baclofen":
            return "self"
        return self.drug_aliases.get(value, value)

    def ingredients(self, value: str) -> Tuple[str, ...]:
        """The medicines a drug value stands for: a brand of knowledge/combination_brands.yml -> its ingredients; a
        dictionary name of a combination ("amitriptyline/perphenazine", "levodopa and carbidopa") -> each part,
        when every part is a medicine the dictionary knows; anything else -> itself. Cached."""
        found = self._ingredients.get(value)
        if found is None:
            found = self.combinations.get(value) or self._split(value)
            self._ingredients[value] = found
        return found

    def _split(self, value: str) -> Tuple[str, ...]:
        parts = _COMBINED.split(value)
        if len(parts) < 2:
            return (value,)
        values = []
        for part in parts:
            entries = self.drugs.entries(part)
            if not entries or not entries[0][0] or not entries[0][1]:
                return (value,)  # "cancer/testis antigen 1": not a combination of medicines
            values.append(self.drug_value(entries[0][0]))
        return tuple(v for v in dict.fromkeys(values) if v != "self") or (value,)


_COMBINED = re.compile(r"\s*/\s*|\s+and\s+")


_RULES: Optional[Rules] = None
_LOCK = threading.Lock()


def rules() -> Rules:
    global _RULES
    if _RULES is None:
        with _LOCK:
            if _RULES is None:
                _RULES = Rules()
    return _RULES


def warm_up() -> None:
    """Build the pipeline now: about 0.5 s, plus the first imports of spaCy and of the drug dictionary (~1.6 s)."""
    rules()
