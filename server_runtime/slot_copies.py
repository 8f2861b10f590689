"""A new tracker's slots copied by what `copy.copy` does for them, without its generic protocol walk.

Rasa 3.6's `DialogueStateTracker.__init__` copies every slot with `copy.copy`: for a plain object that is
`__reduce_ex__(4)`, copyreg's `__newobj__`, then a new instance whose `__dict__` is updated with the slot's. A
tracker is made for every message (the store's replay), every action (`tracker.copy()` before running it) and every
replay of its history, each copying every slot of the domain: about 4 % of the Rasa server's event loop on one
user's turn (cProfile, 2026-12-06).

Here, in rasa.shared.core.trackers only (the one use of `copy` there), `copy.copy` of an object whose class is
checked, once per class, to take exactly that generic path (no `__copy__`, `__reduce__`, `__reduce_ex__`,
`__getstate__`, `__setstate__` or `__slots__` of its own or inherited from anything but `object`, no copyreg entry,
an instance `__dict__`) is that path's result made directly: `cls.__new__(cls)` and its `__dict__` updated with the
original's (a shallow copy, as before). Anything else is handed to `copy.copy`. The same copies (tests/server_runtime).
"""
from __future__ import annotations

import copy as _copy
import copyreg
from typing import Any, Dict

import rasa.shared.core.trackers as trackers

_plain: Dict[type, bool] = {}  # class -> whether copy.copy takes the generic path for it


def _takes_generic_path(cls: type) -> bool:
    """Whether copy.copy(x) for an x of this class is object.__reduce_ex__(4)'s path with its state the instance's
    __dict__: no dispatch entry or __copy__, object's own __reduce_ex__ and __reduce__, no __getstate__,
    __setstate__ or __getnewargs(_ex)__, no slots holding values, an instance __dict__."""
    found = _plain.get(cls)
    if found is None:
        found = (cls not in _copy._copy_dispatch and not issubclass(cls, type) and cls not in copyreg.dispatch_table
                 and not hasattr(cls, "__copy__")
                 and getattr(cls, "__reduce_ex__", None) is object.__reduce_ex__
                 and getattr(cls, "__reduce__", None) is object.__reduce__
                 and not any(hasattr(cls, name) for name in ("__getstate__", "__setstate__", "__getnewargs__",
                                                             "__getnewargs_ex__"))
                 and copyreg._slotnames(cls) == []
                 and "__dict__" in dir(cls))
        _plain[cls] = found
    return found


def shallow_copy(value: Any) -> Any:
    cls = type(value)
    if not _takes_generic_path(cls):
        return _copy.copy(value)
    new = cls.__new__(cls)
    state = value.__dict__
    if state:
        new.__dict__.update(state)
    return new


class _TrackerCopy:
    """`copy` for rasa.shared.core.trackers: `copy.copy` above, every other name the module's own."""

    copy = staticmethod(shallow_copy)

    def __getattr__(self, name: str) -> Any:
        return getattr(_copy, name)


TRACKER_COPY = _TrackerCopy()


def apply() -> None:
    from server_runtime import RuntimeReplacementError

    if getattr(trackers, "copy", None) is not _copy:
        raise RuntimeReplacementError("slot_copies: rasa.shared.core.trackers no longer imports copy")
    init = trackers.DialogueStateTracker.__init__.__code__
    if not any("copy" in code.co_names for code in [init] + [c for c in init.co_consts if hasattr(c, "co_names")]):
        raise RuntimeReplacementError("slot_copies: DialogueStateTracker.__init__ no longer copies slots with copy")
    trackers.copy = TRACKER_COPY


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if getattr(trackers, "copy", None) is not TRACKER_COPY:
        raise RuntimeReplacementError("slot_copies: a new tracker still copies its slots through copy.copy")
