"""Every sentence a person reads or hears, by language: the catalogues baclofen/catalogue/<language>.yml.

A catalogue entry is a template: words with `{name}` where a typed part goes (a Quantity, a Phone, other prose), so
numbers never enter a catalogue: they come typed from knowledge/ through the code that fills the template. Both
catalogues have the same ids (tests/core/test_wording.py); English is the default everywhere.

`say("compose.handoff", "vi", hotline=Phone("1900 1234"))` -> Prose; `words(id, language)` -> a plain string (a
button's title, a label); `written(part, language)` writes one typed part (units' names, decimal mark, "up to");
`from_knowledge(sentence, language)` and `knowledge_words(name, language)` give the leaflet's wording of
knowledge/ in the language (knowledge/<language>.yml).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

import yaml

from baclofen import knowledge, prose
from baclofen.prose import Phone, Prose
from baclofen.quantities import UNITS, Number, Quantity, QuantityRange

ENGLISH, VIETNAMESE = "en", "vi"
LANGUAGES = (ENGLISH, VIETNAMESE)
CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
_SLOT = re.compile(r"\{([a-z_0-9]+)\}")


def language_or_default(language: Optional[str]) -> str:
    """A language the catalogues have; anything else (None, a language not translated) is English."""
    return language if language in LANGUAGES else ENGLISH


def _flatten(node: Dict[str, Any], prefix: str = "") -> Dict[str, Any]:
    flat: Dict[str, Any] = {}
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


@functools.lru_cache(maxsize=None)
def catalogue(language: str) -> Dict[str, Any]:
    """Id -> template (or a list of them), the YAML's groups joined with dots: "compose.handoff"."""
    with open(CATALOGUE_DIR / f"{language}.yml", encoding="utf-8") as handle:
        return _flatten(yaml.safe_load(handle))


def entry(key: str, language: str = ENGLISH) -> Any:
    return catalogue(language_or_default(language))[key]


def words(key: str, language: str = ENGLISH) -> str:
    """An entry with no typed part in it."""
    return entry(key, language)


@functools.lru_cache(maxsize=None)
def _pieces(template: str) -> Tuple[Tuple[str, Optional[str]], ...]:
    """'Call {number} now.' -> (('Call ', 'number'), (' now.', None))."""
    pieces: List[Tuple[str, Optional[str]]] = []
    position = 0
    for match in _SLOT.finditer(template):
        pieces.append((template[position:match.start()], match.group(1)))
        position = match.end()
    pieces.append((template[position:], None))
    return tuple(pieces)


def fill(template: str, **parts: Any) -> Prose:
    """The template's words with each `{name}` replaced by parts[name] (words, a typed part or prose)."""
    items: List[Any] = []
    for text, name in _pieces(template):
        items.append(text)
        if name is not None:
            items.append(parts[name])
    return Prose.of(*items)


def say(key: str, language: str = ENGLISH, **parts: Any) -> Prose:
    return fill(entry(key, language), **parts)


# ---------------------------------------------------------------- typed parts, written in a language

def number(value: str, language: str) -> str:
    """'4.2' as the language writes it: Vietnamese marks decimals with a comma (a dot there groups thousands, so
    '1.05 mg' could be read as 105)."""
    return value.replace(".", ",") if language == VIETNAMESE else value


def unit_name(quantity: Quantity, language: str) -> str:
    if language == ENGLISH:
        return UNITS[quantity.unit].text[0 if quantity.is_one else 1]
    return entry(f"units.{quantity.unit}", language)


def _quantity(quantity: Quantity, language: str) -> str:
    if language == ENGLISH:
        return str(quantity)
    return f"{number(quantity.written(), language)} {unit_name(quantity, language)}"


def _range(amount: QuantityRange, language: str) -> str:
    if language == ENGLISH:
        return str(amount)
    high = _quantity(amount.high, language)
    if amount.low is None:
        return str(say("units.up_to", language, amount=high))
    if amount.low.unit == amount.high.unit:
        return f"{number(amount.low.written(), language)}-{high}"
    return str(say("units.from_to", language, low=_quantity(amount.low, language), high=high))


Part = Union[str, Number, Quantity, QuantityRange, Phone]


def written(part: Part, language: str = ENGLISH) -> str:
    """One part of prose as the language writes it; English is each part's own str()."""
    if language == ENGLISH or isinstance(part, (str, Phone)):
        return str(part)
    if isinstance(part, Quantity):
        return _quantity(part, language)
    if isinstance(part, QuantityRange):
        return _range(part, language)
    return number(str(part), language)


def knowledge_words(english: str, language: str = ENGLISH) -> str:
    """A name or phrase of knowledge/ (a side effect, a group of medicines) in the language."""
    return english if language == ENGLISH else knowledge.translation(english, language)


def join(items: Iterable[Any], language: str = ENGLISH) -> Prose:
    """'a, b and c' with the language's words."""
    return prose.join(items, words("lists.separator", language), words("lists.last", language))


def from_knowledge(english: str, language: str = ENGLISH) -> Prose:
    """A sentence of knowledge/ in the language: its numbers parsed from the English (written once), the words from
    knowledge/<language>.yml, where `{1}`, `{2}` ... place the English sentence's numbers in order."""
    parsed = prose.parse(english)
    if language == ENGLISH:
        return parsed
    typed = [part for part in parsed.parts if not isinstance(part, str)]
    return fill(knowledge.translation(english, language), **{str(i): part for i, part in enumerate(typed, 1)})


def write(text: Union[Prose, Part], language: str = ENGLISH) -> str:
    """Prose (or one typed part) as text in the language: str() of it in English."""
    if language == ENGLISH:
        return str(text)
    parts = text.parts if isinstance(text, Prose) else (text,)
    return "".join(written(part, language) for part in parts)
