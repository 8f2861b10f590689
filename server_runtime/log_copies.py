"""Deep copies made only for a debug log line, made only when debug lines are written.

Rasa 3.6 hands its debug log lines deep copies of what they show (`structlogger.debug("...",
current_states=copy.deepcopy(current_states))`): the policies' states, a prediction's events, the parse data's text
and entities, the slots. Python evaluates the copy before the call, also when the structlog logger is configured
above debug and drops the line unread (`make_filtering_bound_logger`: its `debug` is a no-op): about 0.4 ms of
copying per message on one user's turn (cProfile, 2026-12-06).

In the modules where every `copy.deepcopy` is such a log argument (checked when applied: `copy` appears in their
code only as `copy.deepcopy(...)` inside `structlogger.debug(...)`), the name `copy` is rebound to a stand-in whose
`deepcopy` returns its argument unchanged while debug lines are dropped, and is `copy.deepcopy` itself as soon as
they are written (asked on every call: `rasa --debug`, LOG_LEVEL=DEBUG). Nothing else in those modules uses it,
and a dropped line's argument is never read.
"""
from __future__ import annotations

import ast
import copy as _copy
import importlib
import inspect
from typing import Any

import structlog
from structlog._native import _nop

MODULES = ("rasa.core.processor", "rasa.core.policies.rule_policy", "rasa.core.policies.memoization")


def debug_lines_dropped() -> bool:
    """True while structlog drops debug lines unread (Rasa's filtering logger above DEBUG)."""
    wrapper = structlog.get_config().get("wrapper_class")
    return getattr(wrapper, "debug", None) is _nop


class _LogCopy:
    """`copy` for log arguments: deepcopy only when the line will be written."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        if debug_lines_dropped():
            return value
        return _copy.deepcopy(value, memo)


LOG_COPY = _LogCopy()


def _copy_uses_only_in_debug_lines(module: Any) -> None:
    """Raises unless every use of the name `copy` in the module is `copy.deepcopy(...)` as an argument of a
    `structlogger.debug(...)` call."""
    from server_runtime import RuntimeReplacementError

    tree = ast.parse(inspect.getsource(module))
    allowed = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "debug"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "structlogger"):
            for argument in list(node.args) + [keyword.value for keyword in node.keywords]:
                if (isinstance(argument, ast.Call) and isinstance(argument.func, ast.Attribute)
                        and argument.func.attr == "deepcopy" and isinstance(argument.func.value, ast.Name)
                        and argument.func.value.id == "copy"):
                    allowed.add(id(argument.func.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "copy" and id(node) not in allowed:
            if isinstance(node.ctx, ast.Load):
                raise RuntimeReplacementError(
                    f"log_copies: {module.__name__} uses `copy` outside a debug log line (line {node.lineno}); "
                    f"this replacement would change what it computes")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(alias.name == "copy" and alias.asname is None for alias in node.names):
            break
    else:
        raise RuntimeReplacementError(f"log_copies: {module.__name__} no longer imports copy")


def apply() -> None:
    for name in MODULES:
        module = importlib.import_module(name)
        _copy_uses_only_in_debug_lines(module)
        module.copy = LOG_COPY


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    for name in MODULES:
        if getattr(importlib.import_module(name), "copy", None) is not LOG_COPY:
            raise RuntimeReplacementError(f"log_copies: {name} still deep-copies every debug line's arguments")
