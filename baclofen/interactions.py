"""Interaction resolution: a name the user typed -> generic drug -> the leaflet's interaction classes (section 5).

Plain Python, no Rasa import. Brand names and misspellings are resolved offline by drug-named-entity-recognition's
dictionary, read through drug_index (the library itself costs about 300 MB per process).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from baclofen import drug_index, knowledge

BACLOFEN = "baclofen"


@dataclass(frozen=True)
class InteractionClass:
    id: str
    label: str
    effect: str
    subsection: str
    member_group: str  # e.g. "benzodiazepines", why this drug is in the class


@dataclass(frozen=True)
class InteractionAnswer:
    asked: str  # what the user typed
    generic: Optional[str]  # resolved generic name, None when not recognised as a medicine
    classes: Tuple[InteractionClass, ...]

    @property
    def is_baclofen(self) -> bool:
        return self.generic == BACLOFEN

    @property
    def listed(self) -> bool:
        return bool(self.classes)


@functools.lru_cache(maxsize=None)
def _membership() -> Dict[str, List[Tuple[str, str]]]:
    """generic name -> [(class id, member group)], built once from knowledge/drug_classes.yml."""
    members: Dict[str, List[Tuple[str, str]]] = {}
    for class_id, groups in knowledge.drug_classes()["classes"].items():
        for group, names in groups.items():
            for name in names:
                members.setdefault(name.lower(), []).append((class_id, group))
    return members


@functools.lru_cache(maxsize=None)
def _classes() -> Dict[str, dict]:
    return {c["id"]: c for c in knowledge.monograph()["interactions"]["classes"]}


@functools.lru_cache(maxsize=4096)
def resolve_generic(name: str) -> Optional[str]:
    """Brand, generic or misspelt name -> lower-case generic name; None if it is not a known medicine."""
    text = name.strip().lower()
    if not text:
        return None
    if text in _membership() or text in knowledge.drug_classes()["alcohol_words"]:
        return "alcohol" if text in knowledge.drug_classes()["alcohol_words"] else text
    found = drug_index.load().find(text.split())  # what find_drugs(..., is_ignore_case=True) finds, in its order
    if not found:
        return None
    name = found[0][0]
    return name.lower() if name is not None else None  # 78 dictionary variants have no name ("atp"): not resolved


def interactions_for(name: str) -> InteractionAnswer:
    """What section 5 says about taking baclofen with `name`. Raises ValueError on empty input."""
    if not name or not name.strip():
        raise ValueError("Which medicine or drink do you mean?")
    generic = resolve_generic(name)
    found = []
    for class_id, group in _membership().get(generic or "", []):
        item = _classes()[class_id]
        found.append(InteractionClass(class_id, item["label"], item["effect"], item["subsection"], group))
    return InteractionAnswer(asked=name.strip(), generic=generic, classes=tuple(found))
