"""Which topic of the catalogue (knowledge/topics.yml) a message asks about, from the words people use for each
(topics.yml beside this file). Plain Python, no Rasa import."""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import List, Optional, Pattern, Tuple

import yaml

from baclofen import knowledge

WORDS_FILE = Path(__file__).resolve().with_name("topics.yml")


@functools.lru_cache(maxsize=None)
def _patterns() -> Tuple[Tuple[str, Pattern], ...]:
    with open(WORDS_FILE, encoding="utf-8") as handle:
        vocabulary = yaml.safe_load(handle)
    it = vocabulary["it"]
    known = {topic["id"] for topic in knowledge.topics()}
    compiled = []
    for topic_id, patterns in vocabulary["topics"].items():
        if topic_id not in known:
            raise ValueError(f"{WORDS_FILE.name}: {topic_id!r} is not a topic of knowledge/topics.yml")
        for pattern in patterns:
            compiled.append((topic_id, re.compile(rf"(?<!\w)(?:{pattern.replace('*it*', it)})")))
    return tuple(compiled)


@functools.lru_cache(maxsize=None)
def _listed_conditions() -> Pattern:
    with open(WORDS_FILE, encoding="utf-8") as handle:
        return re.compile(yaml.safe_load(handle)["listed_conditions"])


def names_listed_use(normalised: str) -> bool:
    """Whether the message names a condition the leaflet lists baclofen for."""
    return bool(_listed_conditions().search(normalised))


def last_said(normalised: str) -> List[Tuple[int, str]]:
    """(where each topic's words are last said, topic), for every topic the text names."""
    found = {}
    for topic_id, pattern in _patterns():
        for m in pattern.finditer(normalised):
            found[topic_id] = max(found.get(topic_id, -1), m.start())
    return [(position, topic_id) for topic_id, position in found.items()]


def match(normalised: str) -> Optional[str]:
    """The first topic (in the order of topics.yml) whose words the normalised message uses, or None."""
    for topic_id, pattern in _patterns():
        if pattern.search(normalised):
            return topic_id
    return None


def all_matches(normalised: str) -> List[str]:
    """Every topic (in the order of topics.yml) whose words the normalised text uses."""
    return list(_all_matches(normalised))


# A message's sentences are asked for their topics by each step of question.read (the asked parts, the told topics,
# the parts that point back): each text is matched once.
@functools.lru_cache(maxsize=4096)
def _all_matches(normalised: str) -> Tuple[str, ...]:
    return tuple(dict.fromkeys(topic_id for topic_id, pattern in _patterns() if pattern.search(normalised)))


# Where a question's own clause opens: at the start, or after a comma or a joining word ("makes me drowsy, can i
# still drive the rig?").
_ASKING_CLAUSE = re.compile(r"(?:^|[,;:]\s*|\b(?:and|but|so|or)\s+)\W*(?:can|could|should|shall|may|might|will|would|is|"
                            r"are|do|does|did|what|how|when|why|which|where|who)\b")


def asked_clause_first(normalised: str) -> List[str]:
    """The topics whose words the text uses, those of the question's own clause first (each part in the order of
    topics.yml): in "it makes me drowsy, can I still drive?" the driving, the drowsiness only told."""
    clauses = list(_ASKING_CLAUSE.finditer(normalised))
    asked_from = clauses[-1].start() if clauses else 0
    found = {}
    for topic_id, pattern in _patterns():
        match = pattern.search(normalised)
        if match is not None and topic_id not in found:
            found[topic_id] = match.start() < asked_from
    return sorted(found, key=found.get)
