"""Event type lookup by name, from a table instead of a walk over every Event subclass.

Rasa 3.6 finds the class of each stored event (`Event.resolve_by_type`) by listing all subclasses of Event,
recursively, for every event it deserialises: with every conversation re-read from the tracker store on each turn,
measured under load that walk was about 6% of the server's CPU. The table keeps Rasa's answer (the first subclass
in its listing order with that name) and is rebuilt when a name is missing, so an event class imported later is
still found.
"""
from __future__ import annotations

from typing import Dict, Optional, Text, Type

import rasa.shared.utils.common
from rasa.shared.core.events import Event

_original = Event.resolve_by_type
_by_name: Dict[Text, Type[Event]] = {}


def _rebuild() -> None:
    _by_name.clear()
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        _by_name.setdefault(cls.type_name, cls)


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    found = _by_name.get(type_name)
    if found is None:
        _rebuild()
        found = _by_name.get(type_name)
    if found is not None:
        return found
    return _original(type_name, default)  # Rasa's own handling of unknown names ("topic", default, ValueError)


def apply() -> None:
    from server_runtime import uses_name_at_call_time

    uses_name_at_call_time(Event.from_parameters, "resolve_by_type", "event_types")
    Event.resolve_by_type = staticmethod(resolve_by_type)


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if Event.resolve_by_type is not resolve_by_type:
        raise RuntimeReplacementError("event_types: Event.resolve_by_type is still Rasa's walk over subclasses")
