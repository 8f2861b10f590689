"""The conversation's language, as the answers need it: the slot `language` (en or vi, set from what the person
writes), English when it is unset or holds a language the catalogues do not have (baclofen/wording.py)."""
from __future__ import annotations

from rasa_sdk import Tracker

from baclofen.wording import language_or_default

SLOT = "language"  # domain.yml


def language_of(tracker: Tracker) -> str:
    return language_or_default(tracker.get_slot(SLOT))
