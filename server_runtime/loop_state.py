"""The active loop in a tracker's current state, copied by a walk over its plain values instead of `asdict`'s.

Rasa 3.6's `DialogueStateTracker.current_state()` (the body of every custom-action call) copies the active loop with
`dataclasses.asdict`, which walks the loop's trigger message (the whole parse data of the message that started the
dose form: the typed question, the intent ranking) calling `isinstance`/`hasattr` on every value and
`copy.deepcopy` on every string and number: 0.9 ms per call, about 0.5 ms per message on one user's turn (cProfile,
2026-12-06).

Here `asdict` in that module is the same copy written for the types parse data holds: a dict, list, str, int,
float, bool or None (of exactly that type) is copied as `asdict` copies it (dicts and lists new, their keys and
values copied the same way; str, numbers, booleans and None are their own deep copy); any other value (a tuple, a
namedtuple, a nested dataclass, a numpy number, a subclass of dict) is handed to dataclasses' own `_asdict_inner`.
The same result, equal and equally unshared (tests/server_runtime).
"""
from __future__ import annotations

import dataclasses
from typing import Any

import rasa.shared.core.trackers as trackers

_SELF_COPIES = (str, int, float, bool, type(None))


def _copy(value: Any) -> Any:
    kind = type(value)
    if kind in _SELF_COPIES:
        return value
    if kind is dict:
        return {_copy(k): _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    return dataclasses._asdict_inner(value, dict)


def asdict(obj: Any, *, dict_factory: Any = dict) -> Any:
    if dict_factory is not dict or not dataclasses._is_dataclass_instance(obj):
        return dataclasses.asdict(obj, dict_factory=dict_factory)
    return {field.name: _copy(getattr(obj, field.name)) for field in dataclasses.fields(obj)}


class _Dataclasses:
    """`dataclasses` for rasa.shared.core.trackers: its own names, `asdict` above."""

    asdict = staticmethod(asdict)

    def __getattr__(self, name: str) -> Any:
        return getattr(dataclasses, name)


DATACLASSES = _Dataclasses()


def apply() -> None:
    from server_runtime import RuntimeReplacementError, uses_name_at_call_time

    for name in ("_asdict_inner", "_is_dataclass_instance"):
        if not hasattr(dataclasses, name):
            raise RuntimeReplacementError(f"loop_state: dataclasses.{name} is gone (another Python)")
    if getattr(trackers, "dataclasses", None) is not dataclasses:
        raise RuntimeReplacementError("loop_state: rasa.shared.core.trackers no longer imports dataclasses")
    uses_name_at_call_time(trackers.DialogueStateTracker.current_state, "dataclasses", "loop_state")
    trackers.dataclasses = DATACLASSES


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if getattr(trackers, "dataclasses", None) is not DATACLASSES:
        raise RuntimeReplacementError("loop_state: the tracker's current state still copies its loop with asdict")
