"""The monograph as data: loads knowledge/*.yml once and offers typed views of it.

Plain Python (no Rasa import) so the dose lookup, the NLU component and the actions share one source of truth.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

KNOWLEDGE_DIR = Path(os.environ.get("BACLOFEN_KNOWLEDGE_DIR", Path(__file__).resolve().parents[2] / "knowledge"))


@functools.lru_cache(maxsize=None)
def _load(name: str) -> Dict[str, Any]:
    with open(KNOWLEDGE_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def monograph() -> Dict[str, Any]:
    """The whole knowledge file (knowledge/baclofen.yml)."""
    return _load("baclofen.yml")


def drug_classes() -> Dict[str, Any]:
    """Interaction class membership (knowledge/drug_classes.yml)."""
    return _load("drug_classes.yml")


CITATION_PREFIX = "Source: baclofen leaflet,"  # every answer's last line; channel renderers find it by this


def citation(section: int | str) -> str:
    """'Source: baclofen leaflet, section 2 (Dosage).' for a section number or a subsection like '5.1'."""
    main = int(str(section).split(".")[0])
    title = monograph()["sections"][main]
    return f"{CITATION_PREFIX} section {section} ({title})."


def citation_many(sections) -> str:
    """One citation line for several sections, in order: 'Source: baclofen leaflet, sections 2 (Dosage) and 4 (...)'."""
    unique = sorted({str(s) for s in sections}, key=lambda s: [int(p) for p in s.split(".")])
    if len(unique) == 1:
        return citation(unique[0])
    named = [f"{s} ({monograph()['sections'][int(s.split('.')[0])]})" for s in unique]
    return f"{CITATION_PREFIX} sections {', '.join(named[:-1])} and {named[-1]}."


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


def side_effects_by_frequency() -> Dict[str, List[str]]:
    effects = monograph()["side_effects"]
    return {frequency: [e["name"] for e in effects[frequency]] for frequency in ("common", "uncommon", "rare")}


@functools.lru_cache(maxsize=None)
def precautions() -> Dict[str, Dict[str, Any]]:
    return {p["id"]: p for p in monograph()["precautions"]}
