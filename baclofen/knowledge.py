"""The monograph as data: loads knowledge/*.yml once and offers typed views of it.

Plain Python (no Rasa import) so the dose lookup, the language rules and the answers share one source of truth.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List, Tuple

import yaml

from baclofen import settings


@functools.lru_cache(maxsize=None)
def _load(name: str) -> Dict[str, Any]:
    with open(settings.current().knowledge_dir / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def monograph() -> Dict[str, Any]:
    """The whole knowledge file (knowledge/baclofen.yml)."""
    return _load("baclofen.yml")


def drug_classes() -> Dict[str, Any]:
    """Interaction class membership (knowledge/drug_classes.yml)."""
    return _load("drug_classes.yml")


def combination_brands() -> Dict[str, Any]:
    """Brands of combination products and their ingredients (knowledge/combination_brands.yml)."""
    return _load("combination_brands.yml")


def section_title(section: int | str, language: str = "en") -> str:
    """'Dosage' for 2, 'Interactions' for '5.1' (in Vietnamese, the original article's own section names)."""
    number = int(str(section).split(".")[0])
    return monograph()["sections"][number] if language == "en" else _load(f"{language}.yml")["sections"][number]


def translation(english: str, language: str) -> str:
    """The wording of knowledge/<language>.yml for an English wording of these files (a name, a sentence); its
    numbers are written `{1}`, `{2}` ... and come from the English sentence (baclofen.wording.from_knowledge)."""
    found = _load(f"{language}.yml")["words"].get(english.strip())
    if found is None:
        raise KeyError(f"knowledge/{language}.yml has no wording for {english.strip()!r}")
    return found


@functools.lru_cache(maxsize=None)
def dosing() -> Dict[str, Any]:
    return monograph()["dosing"]


@functools.lru_cache(maxsize=None)
def side_effect_index() -> Dict[str, Tuple[str, str]]:
    """Every lower-cased name or everyday word for a side effect -> (canonical name, frequency class)."""
    index: Dict[str, Tuple[str, str]] = {}
    effects = monograph()["side_effects"]
    for frequency in ("common", "uncommon", "rare"):
        for effect in effects[frequency]:
            for term in [effect["name"], *effect.get("also", [])]:
                index.setdefault(term.lower(), (effect["name"], frequency))
    return index


def side_effect_areas() -> Dict[str, List[str]]:
    """Each part of the body -> the side effects felt there (knowledge/baclofen.yml side_effects.areas)."""
    return {str(area): [str(name) for name in names] for area, names in monograph()["side_effects"]["areas"].items()}


def side_effects_by_frequency() -> Dict[str, List[str]]:
    effects = monograph()["side_effects"]
    return {frequency: [e["name"] for e in effects[frequency]] for frequency in ("common", "uncommon", "rare")}


@functools.lru_cache(maxsize=None)
def precautions() -> Dict[str, Dict[str, Any]]:
    return {p["id"]: p for p in monograph()["precautions"]}


@functools.lru_cache(maxsize=None)
def topics() -> Tuple[Dict[str, Any], ...]:
    """The catalogue of topics people ask about (knowledge/topics.yml), in file order."""
    return tuple(_load("topics.yml")["topics"])


@functools.lru_cache(maxsize=None)
def topic(topic_id: str) -> Dict[str, Any]:
    found = {entry["id"]: entry for entry in topics()}
    if topic_id not in found:
        raise KeyError(f"no topic {topic_id!r} in knowledge/topics.yml")
    return found[topic_id]


def topic_is_about_side_effects(topic_id: str) -> bool:
    """A topic answered with side effects: its own list, a symptom, or the whole list."""
    entry = topic(topic_id)
    return bool(entry.get("side_effects") or entry.get("symptom")) or entry.get("compose") == "side_effects"


def topic_facts() -> Dict[str, Dict[str, Any]]:
    return _load("topics.yml")["facts"]


def value_at(path: str) -> Any:
    """A value of knowledge/baclofen.yml by its dotted path ("dosing.adult.oral.initial_mg_per_day")."""
    node: Any = monograph()
    for key in path.split("."):
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node
