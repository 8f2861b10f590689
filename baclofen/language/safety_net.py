"""A learned safety net beside the emergency rules, recall first: a linear classifier of the writers' three classes
(emergency, near miss, ordinary; multinomial logistic regression) over word and character n-grams and the message's
concepts (baclofen.language.concepts), trained on messages written by many independent writers
(corpora/safety_net/, one file per writer). Plain Python (scikit-learn), no Rasa import; components/safety_net.py
trains it with the model and runs it on every message.

A long story is scored whole and in windows of a few sentences: one alarming sentence in a 3,000-character story
is not diluted by the rest. A window must be surer than the whole message (WINDOW_THRESHOLD): a story has many
windows, and each is one more chance of a false alarm.

    SafetyNet.fit(texts, classes) -> SafetyNet   (classes: "emergency" / "near_miss" / "ordinary"; or 1 / 0)
    net.scores(text) -> (whole, best window) probabilities; net.fires(text) -> bool

`python -m baclofen.language.safety_net` prints the writer-grouped cross-validation (train on some writers, test
on the others): the honest estimate for wording the net has never seen.
"""
from __future__ import annotations

import base64
import json
import math
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from baclofen.language import concepts, detect, message_language, urgency
from baclofen.language.normalise import expand_abbreviations, normalise, sentences_apart

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpora" / "safety_net"
# The assistant's own intent examples: everyday questions (dose questions with their numbers above all) the writers'
# corpus has few of, and the intent `emergency`'s examples. Read as one more writer.
NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
NLU_WRITER = "project_nlu"
EMERGENCY = "emergency"
NEAR_MISS = "near_miss"
ORDINARY = "ordinary"
CLASSES = (EMERGENCY, NEAR_MISS, ORDINARY)
# The writers' emergencies of the kind "crisis" (a wish to die, the means kept, harm to oneself) are a class of their
# own: the net says whether an emergency it hears leans to a crisis, which is then answered as one (the number, not
# alone, someone to stay), not with the signs of an overdose. Its emergency figure is both classes together.
CRISIS = "crisis"
EMERGENCY_CLASSES = (EMERGENCY, CRISIS)
# Of the emergency figure, the share of a crisis from which the message leans to one.
CRISIS_SHARE = 0.5
# Chosen once for all folds by the writer-grouped cross-validation (python -m baclofen.language.safety_net), recall
# first. With C=16 (weights less shrunk than scikit-learn's default: the n-grams of 2,365 messages are many and each
# is rare) and windows at 0.9, a yes/no model caught 96.1 % of the emergencies of writers it never saw at a precision
# of 0.886. Learning the writers' three classes (emergency, near miss, ordinary: issue 21) at 0.3: 96.3 % at 0.893,
# pooled AUC of the whole message 0.986 (0.985), best precision at a recall of 0.99 0.79 (0.77).
DEFAULT_THRESHOLD = 0.3
REGULARISATION_C = 16.0
# A story of 300+ characters is full of the words emergencies are made of (risks, the pump, past scares): in the
# cross-validation its false alarms were twice a short message's at the same threshold. Its whole needs 0.6, and any
# two of its sentences 0.9.
STORY_CHARS = 300
STORY_THRESHOLD = 0.6
WINDOW_THRESHOLD = 0.9
# The net's doubt of the rules: when the rules hear an emergency (other than a crisis) and the net, whole message and
# every window, puts it below this, the message is answered as the question it is, and the answer closes with the
# emergency number as a condition. Writer-grouped cross-validation (stop 32): over 15 writers (4,514 messages) 52 of
# the rules' 286 false alarms fell below 0.02 and none of their 1,293 emergencies (the lowest emergency the rules
# caught scored 0.043); over 17 writers (5,144), rules or net 0.971 / 0.819 -> 0.971 / 0.839, no emergency lost.
# A crisis is never doubted. Tried in stop 35: over 21 writers (6,369 messages) 17 of the rules' 89 crisis false alarms
# fell below 0.02 and none of their 266 crises (the lowest scored 0.069), but set K's terse "tired. no more. tablets
# all. end. ok?" scored 0.002: a crisis said in few words gives the net almost nothing to read.
# Stop 40, over 27 writers (out-of-fold scores): at 0.05 the net doubts 99 of the rules' 399 false alarms and none of
# their emergencies, when a message the net leans to a crisis (its crisis share 0.5 or more, at any figure) is never
# doubted; without that guard 118, and "i hope i just wont wake up ... every night" (the rules: acute) was lost.
DOUBT_BELOW = 0.05
NEVER_DOUBTED = frozenset({"crisis"})
# The languages the writers wrote in: the net knows nothing of the others (the rules also read Spanish), and its low
# figure for a message in one of them says nothing.
LEARNED_LANGUAGES = frozenset({"en", "vi"})
# The kind of emergency the rules hear, weighed against the net's crisis share (issue 21: a plan to take the bottle
# told without a crisis word was answered with the poisoning script; a toddler among spilt tablets with the crisis
# one). Writer-grouped cross-validation over the 17 writers' 1,456 emergencies the rules hear (stop 34): the rules'
# kind was a crisis when the writer's was not, or the reverse, 36 times; answering their poisoning or acute emergency
# as a crisis from a share of 0.7, and their crisis as the other kind the rules also hear below 0.1, 18 times.
CRISIS_OVER_RULES = 0.7
# What only the net hears, leaning to a crisis, heard faintly (its figure below 0.5): in the writer-grouped
# cross-validation (17 writers, stop 34) 10 of the 32 such messages were crises and 21 no emergency ("my legs are
# trying to murder me tonight lmao"); from 0.5 up, 172 of 200 were crises. Faint, it gets the crisis line first, then
# the answer to what was asked; surer, the crisis answer whole.
# Tried in stop 40 and dropped: a crisis heard below the threshold (whole 0.15 or more, 95 % of it a crisis). Over 27
# writers it heard 7 more crises for 18 calm messages of about 5,600; on the English blind sets F-W it opened 13 calm
# conversations with the crisis line or answer ("several questions ... my kidneys"): a share of a small figure is noise.
SURE_OF_CRISIS_FROM = 0.5
# What only the net hears, heard surely: the number is followed by the signs that need help now and what to do
# meanwhile (stay, do not let them sleep it off), not by the answer alone. Over the English blind sets F-W (stop 39),
# of the first turns only the net heard, 96 of 113 emergencies scored 0.95 or more (whole message or a window) and 15
# of 75 others; a pharmacist reading set W's first run judged the 7 emergencies answered with the number as a
# condition and then the side question as not safe.
SURE_OF_EMERGENCY_FROM = 0.95
POSSIBLE_CRISIS = urgency.POSSIBLE_CRISIS
NO_CRISIS_BELOW = 0.1
WINDOW_SENTENCES = 2  # a long message is also scored two sentences at a time
WINDOW_FROM_CHARS = 240  # shorter messages are scored whole only
WINDOW_MIN_WORDS = 8  # a window of fewer words is widened by the sentences after it
RECENT_TEXTS = 32  # logits kept per scorer: a message and its windows


def _concept_words(text: str) -> str:
    """The message's concepts and the red flag they make, as words the vectoriser can weigh ("c_pump c_fever
    flag_pump"): what the rules understood (a figure of speech or a scare seen to set aside), so the net learns when
    to trust it. Read in the lexicon of the message's
    language (both when it does not tell): the concept names are the same in every language, so an emergency
    learned from English messages weighs the same in a Vietnamese one."""
    words = []
    for language in _lexicons_of(text):
        reading = urgency.read_as_told(text, language)
        words += [f"c_{hit.name}" for hit in reading.hits]
        flag = concepts.red_flag(reading, language)
        if flag:
            words.append(f"flag_{flag}")
    return " ".join(words) or "c_none"


def _lexicons_of(text: str) -> Tuple[str, ...]:
    # the decision the NLU pipeline made of this text, kept (message_language): one message asks for it up to three
    # times here, and once more in each of its windows
    language = message_language.of(text)
    if language is None or detect.mixed(text):
        return ("en", "vi")
    return ("vi",) if language == "vi" else ("en",)


def readable(text: str) -> str:
    """The text the word and character n-grams are taken from: normalised (no marks: "thở" and "tho" are one word),
    a Vietnamese message's chat abbreviations written out ("ko tho dc" -> "khong tho duoc"), an English message's
    speech spellings as the words they stand for ("tek um all" -> "take them all"), and its figures of speech set aside
    ("this spasm is killing me"): read as the rules read them."""
    normal = normalise(text)
    if message_language.of(text) == "vi":
        return urgency.without_figures(expand_abbreviations(normal))
    return concepts.respelt(urgency.without_figures(normal))  # the figures as written ("killing me", not "my")


@dataclass
class Corpus:
    texts: List[str]
    labels: List[int]  # 1: an emergency
    writers: List[str]
    # each message's class as its writer labelled it (emergency, near_miss, ordinary; the intent examples emergency or
    # ordinary): what the net learns from, so that a near miss is told from an emergency by what a near miss is
    classes: List[str] = field(default_factory=list)


def load_corpus(directory: Path = CORPUS_DIR, nlu: Optional[Path] = NLU_DIR) -> Corpus:
    """Every writer's file (`<writer>.jsonl`: {"text", "label", "kind", "writer"} per line), and the intent
    examples of `nlu` (Rasa's YAML) as one more writer."""
    texts, labels, writers, classes = [], [], [], []
    for text, intent in _intent_examples(nlu) if nlu else ():
        texts.append(text)
        labels.append(1 if intent == EMERGENCY else 0)
        classes.append(EMERGENCY if intent == EMERGENCY else ORDINARY)
        writers.append(NLU_WRITER)
    files = sorted(directory.glob("*.jsonl"))
    if not files:
        raise ValueError(f"no safety-net corpus in {directory}")
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                text, label = entry["text"], entry["label"]
            except (ValueError, KeyError) as error:
                raise ValueError(f"{path.name}:{number}: not a corpus line ({error})") from error
            texts.append(text)
            labels.append(1 if label == EMERGENCY else 0)
            classes.append(CRISIS if label == EMERGENCY and entry.get("kind") == CRISIS
                           else (str(label) if label in CLASSES else ORDINARY))
            writers.append(entry.get("writer") or path.stem)
    return Corpus(texts, labels, writers, classes)


def _intent_examples(directory: Path) -> List[Tuple[str, str]]:
    import yaml

    out = []
    # the top folder only: the Vietnamese examples (data/nlu/vi/) would move the net's English figures, measured by
    # writer; Vietnamese reaches the net through its own writers' corpus (corpora/safety_net/)
    for path in sorted(directory.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples") or "").splitlines():
                example = re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2),
                                 line.strip()[2:].strip()) if line.strip().startswith("- ") else ""
                if example:
                    out.append((example, block["intent"]))
    return out


class SafetyNet:
    def __init__(self, threshold: float = DEFAULT_THRESHOLD, c: float = REGULARISATION_C,
                 window_threshold: float = WINDOW_THRESHOLD, story_threshold: float = STORY_THRESHOLD) -> None:
        self.threshold = threshold
        self.window_threshold = window_threshold
        self.story_threshold = story_threshold
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1, sublinear_tf=True,
                                     token_pattern=r"(?u)\b\w[\w']*\b")
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                     max_features=60_000)
        self.ideas = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
        self.model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)

    def _features(self, texts: Sequence[str], fit: bool = False):
        normal = [readable(t) for t in texts]
        ideas = [_concept_words(t) for t in texts]
        parts = [(self.words, normal), (self.chars, normal), (self.ideas, ideas)]
        if fit:
            return hstack([vectoriser.fit_transform(data) for vectoriser, data in parts]).tocsr()
        return hstack([vectoriser.transform(data) for vectoriser, data in parts]).tocsr()

    def fit(self, texts: Sequence[str], classes: Sequence[object]) -> "SafetyNet":
        """`classes`: each message's class (Corpus.classes: emergency, near miss, ordinary), or 1 (an emergency) and
        0. With the three classes the model learns a near miss as a class of its own, not as the nearest ordinary
        question: in the writers' cross-validation the same recall came with fewer false alarms (issue 21)."""
        targets = [c if isinstance(c, str) else (EMERGENCY if c else "other") for c in classes]
        if EMERGENCY not in targets or len(set(targets)) < 2:
            raise ValueError("the safety net needs emergencies and other messages to learn from")
        self.model.fit(self._features(texts, fit=True), np.asarray(targets))
        for vectoriser in (self.words, self.chars, self.ideas):
            # every n-gram left out by max_features / min_df: large, and only for introspection (scikit-learn's
            # own advice is to delete it before pickling)
            if hasattr(vectoriser, "stop_words_"):
                delattr(vectoriser, "stop_words_")
        self._scorer = None
        return self

    def emergency_probability(self, features) -> np.ndarray:
        """scikit-learn's own figure (the emergency class's probability) for rows of `_features`: what the fast
        scorer must give."""
        probabilities = self.model.predict_proba(features)
        columns = [i for i, name in enumerate(self.model.classes_) if name in EMERGENCY_CLASSES]
        return probabilities[:, columns].sum(axis=1)

    def _probabilities(self, texts: Sequence[str]) -> List[float]:
        """The fitted model's probabilities, computed as the linear model it is: each block's sublinear tf-idf, L2
        normalised, dotted with the block's weights. The same figures as `model.predict_proba` on `_features`
        (tests/core/language/test_safety_net.py), at a tenth of the cost: scikit-learn's per-call checks and sparse stacking
        cost more than the arithmetic for one message."""
        if getattr(self, "_scorer", None) is None:
            self._scorer = _LinearScorer.of(self)
        return [self._scorer.probability(text) for text in texts]

    def as_data(self) -> Dict[str, object]:
        """The fitted net as JSON-able tables and its thresholds (what the Rasa model stores)."""
        if getattr(self, "_scorer", None) is None:
            self._scorer = _LinearScorer.of(self)
        return {"threshold": self.threshold, "window_threshold": self.window_threshold,
                "story_threshold": self.story_threshold, "scorer": self._scorer.as_data()}

    @classmethod
    def from_data(cls, data: Dict[str, object]) -> "SafetyNet":
        """A net that scores as the fitted one did (it cannot be fitted again)."""
        net = cls(float(data["threshold"]), window_threshold=float(data["window_threshold"]),  # type: ignore[arg-type]
                  story_threshold=float(data["story_threshold"]))  # type: ignore[arg-type]
        net._scorer = _LinearScorer.from_data(data["scorer"])  # type: ignore[arg-type]
        return net

    def scores(self, text: str) -> Tuple[float, float]:
        """The probability of an emergency for the whole message, and the highest of its windows (0 when none)."""
        if not isinstance(text, str) or not text.strip():
            return 0.0, 0.0
        found = self._probabilities([text] + windows(text))
        return found[0], max(found[1:]) if len(found) > 1 else 0.0

    def crisis_share(self, text: str) -> float:
        """Of the emergency the whole message may describe, the crisis's share."""
        if not isinstance(text, str) or not text.strip():
            return 0.0
        if getattr(self, "_scorer", None) is None:
            self._scorer = _LinearScorer.of(self)
        return self._scorer.crisis_share(text)

    def leans_to_crisis(self, text: str) -> bool:
        """Whether, of the emergency the whole message may describe, a crisis is the larger share."""
        return self.crisis_share(text) >= CRISIS_SHARE

    def decide(self, whole: float, window: float, length: int = 0) -> bool:
        """`length`: the message's length in characters (a story has its own threshold)."""
        threshold = self.story_threshold if length >= STORY_CHARS else self.threshold
        return whole >= threshold or window >= self.window_threshold

    def fires(self, text: str) -> bool:
        return self.decide(*self.scores(text), len(text)) and has_footing(text)


class _LinearScorer:
    """One fitted SafetyNet as plain tables: per block (words, characters, concepts) the analyser's settings and each
    feature's idf and weights (one column for a yes/no model, one per class for emergency / near miss / ordinary);
    the intercepts and which column is the emergency. Saved as JSON with the model (components/safety_net.py): the
    fitted vectorisers pickled whole were 46 MB and cost the Rasa server 100 MB while loading."""

    BLOCK_SETTINGS = ("analyzer", "ngram_range", "token_pattern")

    def __init__(self, intercept: Sequence[float], emergency: int,
                 blocks: Sequence[Tuple[Dict[str, object], Sequence[str], Sequence[float], Sequence[Sequence[float]]]],
                 crisis: Optional[int] = None) -> None:
        self.intercept = np.asarray(intercept, dtype=float)
        self.emergency = emergency  # the emergency's column (one column: the logit of an emergency)
        self.crisis = crisis  # the crisis's column, when the net learned it as a class
        self._recent: Dict[str, np.ndarray] = {}
        self.settings = [dict(settings) for settings, _, _, _ in blocks]
        # a block's terms as a list (fitted now) or as the index a saved model holds
        self.rows = [terms if isinstance(terms, _TermIndex) else _TermIndex(terms) for _, terms, _, _ in blocks]
        self.idf = [np.asarray(idf, dtype=float) for _, _, idf, _ in blocks]
        self.weights = [np.asarray(weights, dtype=float).reshape(len(idf), len(self.intercept))
                        for _, _, idf, weights in blocks]
        self.analysers = [TfidfVectorizer(**{k: (tuple(v) if k == "ngram_range" else v) for k, v in settings.items()}
                                          ).build_analyzer() for settings in self.settings]

    @classmethod
    def of(cls, net: "SafetyNet") -> "_LinearScorer":
        weights = net.model.coef_.T  # features x (1 or classes)
        classes = list(net.model.classes_)
        emergency = 0 if weights.shape[1] == 1 else classes.index(EMERGENCY)
        crisis = classes.index(CRISIS) if weights.shape[1] > 1 and CRISIS in classes else None
        if weights.shape[1] == 1 and classes.index(EMERGENCY) == 0:
            weights, intercept = -weights, -net.model.intercept_  # the logit of an emergency, whatever the order
        else:
            intercept = net.model.intercept_
        blocks = []
        offset = 0
        for vectoriser in (net.words, net.chars, net.ideas):
            vocabulary = vectoriser.vocabulary_
            terms = sorted(vocabulary, key=vocabulary.get)
            size = len(terms)
            blocks.append(({key: vectoriser.get_params()[key] for key in cls.BLOCK_SETTINGS}, terms,
                           vectoriser.idf_, weights[offset: offset + size]))
            offset += size
        return cls(list(intercept), emergency, blocks, crisis)

    def as_data(self) -> Dict[str, object]:
        """The figures as base64 of their float64 bytes: exact, and loaded without a Python float per figure (the
        three classes' 400,000 figures as JSON lists cost the server 40 MB more while loading)."""
        return {"intercept": self.intercept.tolist(), "emergency": self.emergency, "crisis": self.crisis,
                "blocks": [{"settings": {k: (list(v) if isinstance(v, tuple) else v) for k, v in settings.items()},
                            "index": rows.as_data(), "idf": _packed(idf), "weights": _packed(weights)}
                           for settings, rows, idf, weights in zip(self.settings, self.rows, self.idf, self.weights)]}

    @classmethod
    def from_data(cls, data: Dict[str, object]) -> "_LinearScorer":
        saved = data["blocks"]  # type: ignore[index]
        # a model saved before the terms were an index holds them as a list
        blocks = [(block["settings"],
                   _TermIndex.from_data(block["index"]) if "index" in block else block.get("terms") or [],
                   _unpacked(block["idf"]), _unpacked(block["weights"]))
                  for block in saved]  # type: ignore[union-attr]
        crisis = data.get("crisis")  # type: ignore[union-attr]
        return cls(data["intercept"], int(data["emergency"]), blocks,  # type: ignore[arg-type]
                   None if crisis is None else int(crisis))  # type: ignore[arg-type]

    def probability(self, text: str) -> float:
        """The emergency's probability: of an emergency of any kind, a crisis included."""
        logits = self._logits(text)
        if len(logits) == 1:
            return 1.0 / (1.0 + math.exp(-float(logits[0])))
        exponents = np.exp(logits - logits.max())
        emergency = exponents[self.emergency] + (exponents[self.crisis] if self.crisis is not None else 0.0)
        return float(emergency / exponents.sum())

    def crisis_share(self, text: str) -> float:
        """Of the emergency's probability, the crisis's share (0 when the net learned no crisis class)."""
        if self.crisis is None:
            return 0.0
        logits = self._logits(text)
        exponents = np.exp(logits - logits.max())
        return float(exponents[self.crisis] / (exponents[self.crisis] + exponents[self.emergency]))

    def _logits(self, text: str) -> np.ndarray:
        # a message's whole is scored, then asked for its crisis share: the logits of the last few texts are kept
        recent = self._recent
        if text in recent:
            return recent[text]
        logits = self._computed_logits(text)
        if len(recent) >= RECENT_TEXTS:
            recent.pop(next(iter(recent)))
        recent[text] = logits
        return logits

    def _computed_logits(self, text: str) -> np.ndarray:
        normal = readable(text)
        logits = self.intercept.copy()
        for analyse, rows, idf, weights, data in zip(self.analysers, self.rows, self.idf, self.weights,
                                                     (normal, normal, _concept_words(text))):
            found, counts = np.unique(rows.rows_of(analyse(data)), return_counts=True)
            if not len(found):
                continue
            values = (1.0 + np.log(counts.astype(float))) * idf[found]
            logits += (values / math.sqrt(float(values @ values))) @ weights[found]
        return logits


class _TermIndex:
    """A block's terms and their rows, as one sorted array of the terms' UTF-8 bytes (searched with numpy): the same
    rows a dict gives, in about a sixth of its memory (the 172,000 terms of 26 writers cost the server 27 MB as a
    dict, which took its peak past 400 MB)."""

    def __init__(self, terms: Sequence[str]) -> None:
        encoded = [term.encode("utf-8") for term in terms]
        width = max((len(term) for term in encoded), default=1)
        array = np.array(encoded, dtype=f"S{width}")
        order = np.argsort(array, kind="stable")  # sorted position -> row
        self._set(array[order], order)

    def _set(self, sorted_terms: np.ndarray, order: np.ndarray) -> None:
        self.sorted, self.order, self.width = sorted_terms, order, sorted_terms.dtype.itemsize

    def as_data(self) -> Dict[str, object]:
        """Saved as the sorted array's bytes and the order, base64: loaded with no Python string per term (the
        terms as a JSON list were the server's peak while loading)."""
        return {"width": self.width, "sorted": base64.b64encode(self.sorted.tobytes()).decode("ascii"),
                "order": base64.b64encode(self.order.astype("<i4").tobytes()).decode("ascii")}

    @classmethod
    def from_data(cls, data: Dict[str, object]) -> "_TermIndex":
        index = cls.__new__(cls)
        sorted_terms = np.frombuffer(base64.b64decode(str(data["sorted"])), dtype=f"S{int(data['width'])}")  # type: ignore[call-overload]
        index._set(sorted_terms, np.frombuffer(base64.b64decode(str(data["order"])), dtype="<i4").astype(np.intp))
        return index

    def rows_of(self, terms: Iterable[str]) -> np.ndarray:
        """The row of each of `terms` the block knows, once per time it is said."""
        encoded = [term.encode("utf-8") for term in terms]
        wanted = np.array([term for term in encoded if len(term) <= self.width], dtype=self.sorted.dtype)
        if not len(wanted) or not len(self.sorted):
            return np.empty(0, dtype=np.intp)
        at = np.minimum(np.searchsorted(self.sorted, wanted), len(self.sorted) - 1)
        return self.order[at[self.sorted[at] == wanted]]



def _packed(figures: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(figures, dtype="<f8").tobytes()).decode("ascii")


def _unpacked(packed: object) -> np.ndarray:
    if isinstance(packed, str):
        return np.frombuffer(base64.b64decode(packed), dtype="<f8")
    return np.asarray(packed, dtype=float)  # figures saved as a list


# A short message must name something an emergency is made of before the net may call it one: "he's 7 not 4" and
# "16 kg" answer the dose form. In the writers' cross-validation this cost 1 emergency in 1,000.
SHORT_WORDS = 8
FOOTING = frozenset({"fever", "confusion", "rigidity", "stiffness", "seizure", "breathing_bad", "unrousable",
                     "self_harm", "alarm", "ingest", "access", "many", "stopped", "mouth", "itching", "pump",
                     "not_theirs", "container_open", "head_blow"})


def warm_up() -> None:
    """The concept lexicons and the English word list the net's features read, loaded now (concepts.warm_up)."""
    concepts.warm_up()


def doubts(probability: Optional[float], kind: Optional[str], language: Optional[str],
           leans_to_crisis: bool = False) -> bool:
    """Whether the net's `probability` (the highest of the whole message and its windows) doubts the rules' `kind`
    of emergency in a message read as `language`; `leans_to_crisis`: what little the net hears is mostly a crisis
    (never doubted). No probability (no trained net): never."""
    return (kind is not None and kind not in NEVER_DOUBTED and language in LEARNED_LANGUAGES and not leans_to_crisis
            and probability is not None and probability < DOUBT_BELOW)


def sure_of_crisis(probability: Optional[float]) -> bool:
    """Whether the net's figure (the highest of the whole message and its windows) is high enough for a crisis it
    leans to be answered with the crisis answer whole."""
    return probability is not None and probability >= SURE_OF_CRISIS_FROM


def sure_of_emergency(probability: Optional[float]) -> bool:
    """Whether the net's figure (the highest of the whole message and its windows) is high enough for what it alone
    hears to be answered with the signs and what to do meanwhile after the number."""
    return probability is not None and probability >= SURE_OF_EMERGENCY_FROM


def kind_heard(kind: Optional[str], crisis_share: Optional[float], text: str, language: Optional[str] = None
               ) -> Optional[str]:
    """The rules' kind of emergency (`kind`) weighed against the net's crisis share: tablets taken or a body failing
    the net hears as a crisis are answered as one; a crisis the net all but rules out, as the other emergency the
    rules hear in it, if any. No share (no trained net, a language it never learned): the rules' kind."""
    if kind is None or crisis_share is None or language not in LEARNED_LANGUAGES:
        return kind
    if kind in ("poisoning", "acute") and crisis_share >= CRISIS_OVER_RULES:
        return CRISIS
    if kind == CRISIS and crisis_share < NO_CRISIS_BELOW:
        return urgency.detect_other_than_crisis(text, language) or kind
    return kind


def has_footing(text: str) -> bool:
    languages = _lexicons_of(text)
    # a Vietnamese word is a syllable: "xin lỗi, bé 7 tuổi chứ không phải 4" is nine of them and says as little
    limit = SHORT_WORDS * (2 if languages == ("vi",) else 1)
    return len(text.split()) > limit or any(concepts.read(text, language).concepts() & FOOTING
                                            for language in languages)


def windows(text: str) -> List[str]:
    """A long message as overlapping stretches of WINDOW_SENTENCES sentences, each of WINDOW_MIN_WORDS words at least
    (none for a short one): two clipped sentences ("slow. sorry.") say too little to be scored alone."""
    if len(text) < WINDOW_FROM_CHARS:
        return []
    sentences = sentences_apart(text)
    if len(sentences) <= WINDOW_SENTENCES:
        return []
    found: List[str] = []
    for start in range(len(sentences) - WINDOW_SENTENCES + 1):
        end = start + WINDOW_SENTENCES
        while end < len(sentences) and sum(len(s.split()) for s in sentences[start:end]) < WINDOW_MIN_WORDS:
            end += 1
        window = " ".join(sentences[start:end])
        if not found or window != found[-1]:
            found.append(window)
    return found


def train(directory: Path = CORPUS_DIR, threshold: float = DEFAULT_THRESHOLD, nlu: Optional[Path] = NLU_DIR
          ) -> SafetyNet:
    corpus = load_corpus(directory, nlu)
    return SafetyNet(threshold).fit(corpus.texts, corpus.classes)


# ---- measuring: writer-grouped cross-validation

@dataclass
class Scores:
    recall: float
    precision: float
    true_positive: int
    false_positive: int
    false_negative: int

    @classmethod
    def of(cls, predicted: Iterable[bool], actual: Iterable[int]) -> "Scores":
        pairs = list(zip(predicted, actual))
        tp = sum(1 for p, a in pairs if p and a)
        fp = sum(1 for p, a in pairs if p and not a)
        fn = sum(1 for p, a in pairs if not p and a)
        return cls(tp / max(1, tp + fn), tp / max(1, tp + fp), tp, fp, fn)


def grouped_scores(corpus: Corpus, progress: bool = True) -> List[Tuple[float, float]]:
    """Each message's scores from a net trained on every other writer (leave one writer out)."""
    out: List[Optional[Tuple[float, float]]] = [None] * len(corpus.texts)
    writers = sorted(set(corpus.writers))
    for number, writer in enumerate(writers, 1):
        started = time.perf_counter()
        train_idx = [i for i, w in enumerate(corpus.writers) if w != writer]
        test_idx = [i for i, w in enumerate(corpus.writers) if w == writer]
        net = SafetyNet().fit([corpus.texts[i] for i in train_idx], [corpus.classes[i] for i in train_idx])
        for i in test_idx:
            out[i] = net.scores(corpus.texts[i])
        if progress:
            print(f"  [{number}/{len(writers)}] held out {writer}: {len(test_idx)} messages "
                  f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return [p for p in out]  # type: ignore[misc]


def report(corpus: Corpus, scores: Sequence[Tuple[float, float]], rules: Sequence[bool],
           thresholds: Sequence[float] = (0.25, DEFAULT_THRESHOLD, 0.35, 0.4, 0.5)) -> Dict[str, Dict[str, Scores]]:
    """Recall and precision of the rules alone, the net alone and either of them, overall and per held-out writer."""
    # The writers only: the assistant's own intent examples are not an independent writer, and a net that never saw
    # them (their fold) is not the net that runs.
    writers = [i for i, w in enumerate(corpus.writers) if w != NLU_WRITER]
    labels = [corpus.labels[i] for i in writers]
    result: Dict[str, Dict[str, Scores]] = {"rules": {"writers": Scores.of([rules[i] for i in writers], labels)}}
    for threshold in thresholds:
        net = [SafetyNet(threshold).decide(whole, window, len(text)) and has_footing(text)
               for (whole, window), text in zip(scores, corpus.texts)]
        either = [a or b for a, b in zip(net, rules)]
        result[f"net@{threshold}"] = {"writers": Scores.of([net[i] for i in writers], labels)}
        result[f"rules|net@{threshold}"] = {"writers": Scores.of([either[i] for i in writers], labels)}
        for writer in sorted(set(corpus.writers)):
            idx = [i for i, w in enumerate(corpus.writers) if w == writer]
            result[f"rules|net@{threshold}"][writer] = Scores.of([either[i] for i in idx],
                                                                 [corpus.labels[i] for i in idx])
    return result


def ranking(corpus: Corpus, scores: Sequence[Tuple[float, float]]) -> str:
    """How well the whole message's probability ranks the writers' emergencies above their other messages, whatever
    the threshold: the pooled AUC and the best precision at a recall of 0.99."""
    from sklearn.metrics import precision_recall_curve, roc_auc_score

    writers = [i for i, w in enumerate(corpus.writers) if w != NLU_WRITER]
    labels = [corpus.labels[i] for i in writers]
    whole = [scores[i][0] for i in writers]
    precision, recall, _ = precision_recall_curve(labels, whole)
    return (f"whole message: pooled AUC {roc_auc_score(labels, whole):.4f}, best precision at recall 0.99 "
            f"{max(p for p, r in zip(precision, recall) if r >= 0.99):.3f}")


def main(argv: Sequence[str] = ()) -> int:
    from baclofen.language import urgency

    corpus = load_corpus()
    print(f"corpus: {len(corpus.texts)} messages, {sum(corpus.labels)} emergencies, "
          f"{len(set(corpus.writers))} writers", file=sys.stderr)
    scores = grouped_scores(corpus)
    rules = [urgency.detect(t) is not None for t in corpus.texts]
    for name, measured in report(corpus, scores, rules).items():
        line = ", ".join(f"{k}: r={s.recall:.3f} p={s.precision:.3f}" for k, s in measured.items())
        print(f"{name:18s} {line}")
    print(ranking(corpus, scores))
    if argv and argv[0] == "--misses":
        net = SafetyNet()
        for text, (whole, window), r, label in zip(corpus.texts, scores, rules, corpus.labels):
            if label and not r and not (net.decide(whole, window, len(text)) and has_footing(text)):
                print(f"MISS p={whole:.2f}/{window:.2f}: {text[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
