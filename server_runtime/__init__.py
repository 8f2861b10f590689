"""Every replacement of a Rasa internal in this project, behind one switch: `apply()`.

scripts/rasa_server.py calls apply() before Rasa is imported. It
1. checks that the installed Rasa is the version these replacements were written and tested for (RASA_VERSION),
   and refuses to start otherwise: an upgrade must re-run tests/server_runtime/ and raise the number here;
2. applies each replacement not switched off in BACLOFEN_RUNTIME_OFF (baclofen.settings; `all` = stock Rasa);
3. confirms that each one took effect, reading the Rasa code it relies on (the name a module looks up at call
   time, the method a caller uses), and fails loudly when it did not.

Nothing here changes what the assistant answers; only where the work happens and how often (measured in
docs/speed.md), and, for the HTTP API, which tokens it accepts (api_tokens: every bad token a 401 with one log line,
never a 500; tokens must expire soon). tests/server_runtime/test_stock_equivalence.py runs the same conversations
through stock Rasa and this runtime and compares replies, events and stored rows. Importing this package imports no
Rasa.

Public extension points are used wherever Rasa has one, and are not here: the tracker store (stores/guarded.py,
a TrackerStore on the public interface) and the intent classifier (components/intent_classifier.py, a full
component).
"""
from __future__ import annotations

import importlib
import importlib.metadata
import logging
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet

RASA_VERSION = "3.6.21"
ALL = "all"

logger = logging.getLogger(__name__)


class RuntimeReplacementError(RuntimeError):
    """A replacement cannot be applied to this Rasa, or did not take effect."""


@dataclass(frozen=True)
class Replacement:
    name: str
    what: str
    module: str  # in server_runtime/; imported only when applied (all but tensorflow_absent import Rasa)
    apply: str  # its function that patches Rasa, raising RuntimeReplacementError if the target has changed
    confirm: str  # its function that raises RuntimeReplacementError unless the patch is in force

    def run(self) -> None:
        module = importlib.import_module(f"server_runtime.{self.module}")
        getattr(module, self.apply)()
        getattr(module, self.confirm)()


# In order: TensorFlow must be hidden before anything imports Rasa.
REPLACEMENTS = (
    Replacement("tensorflow_absent", "serve without loading TensorFlow (the model uses no TensorFlow component)",
                "tensorflow_absent", "install", "confirm"),
    Replacement("graph_runner", "run the model graph in a fixed order instead of through dask",
                "graph_runner", "apply", "confirm"),
    Replacement("action_session", "one kept-alive HTTP session for custom-action calls",
                "action_calls", "apply_session", "confirm_session"),
    Replacement("action_validation", "action-server response schema checked once, not on every call",
                "action_calls", "apply_validation", "confirm_validation"),
    Replacement("event_types", "stored events matched to their class from a table",
                "event_types", "apply", "confirm"),
    Replacement("count_vectors", "count-vector features counted from the fitted vocabulary, not through transform",
                "count_vectors", "apply", "confirm"),
    Replacement("domain_empty", "the domain compared with the empty domain's data made once, not on every message",
                "domain_empty", "apply", "confirm"),
    Replacement("tracker_states", "a tracker's past states from one replay of its events, extended while it only grows",
                "tracker_states", "apply", "confirm"),
    Replacement("rule_keys", "the rules applicable to a conversation found from rules read once, ending the walk early",
                "rule_keys", "apply", "confirm"),
    Replacement("log_copies", "deep copies for debug log lines made only when debug lines are written",
                "log_copies", "apply", "confirm"),
    Replacement("loop_state", "the active loop in a tracker's current state copied by a walk over plain values",
                "loop_state", "apply", "confirm"),
    Replacement("slot_copies", "a new tracker's slots copied as copy.copy copies them, without its protocol walk",
                "slot_copies", "apply", "confirm"),
    Replacement("api_tokens", "HTTP API tokens: a 401 and one log line for every bad one, `exp` required and near",
                "api_tokens", "apply", "confirm"),
    Replacement("request_deadline", "a whole request, body included, within the read time (Sanic: per packet, head only)",
                "request_deadline", "apply", "confirm"),
    Replacement("action_errors", "one log line with its cause per failed custom action, not chained tracebacks",
                "action_errors", "apply", "confirm"),
)
NAMES = tuple(replacement.name for replacement in REPLACEMENTS)


def installed_rasa_version() -> str:
    return importlib.metadata.version("rasa")


def apply(off: FrozenSet[str] = frozenset()) -> Dict[str, bool]:
    """Applies every replacement not in `off`; returns name -> applied. Raises RuntimeReplacementError."""
    unknown = set(off) - set(NAMES) - {ALL}
    if unknown:
        raise RuntimeReplacementError(f"BACLOFEN_RUNTIME_OFF names unknown replacements {sorted(unknown)}; "
                                      f"known: {', '.join(NAMES)} (or {ALL})")
    wanted = [] if ALL in off else [name for name in NAMES if name not in off]
    if not wanted:
        logger.info("server_runtime: every replacement off; stock Rasa %s.", installed_rasa_version())
        return {name: False for name in NAMES}
    found = installed_rasa_version()
    if found != RASA_VERSION:
        raise RuntimeReplacementError(
            f"server_runtime was written for Rasa {RASA_VERSION}, this is Rasa {found}: re-run "
            f"tests/server_runtime/ against it and update RASA_VERSION, or start stock Rasa with "
            f"BACLOFEN_RUNTIME_OFF=all")
    applied = {}
    for replacement in REPLACEMENTS:
        if replacement.name in wanted:
            replacement.run()
            logger.debug("server_runtime: %s (%s).", replacement.name, replacement.what)
        applied[replacement.name] = replacement.name in wanted
    return applied


def finish(applied: Dict[str, bool]) -> None:
    """After the server has imported what it needs: from now on any use of TensorFlow fails loudly."""
    if applied.get("tensorflow_absent"):
        from server_runtime import tensorflow_absent

        tensorflow_absent.arm()


def uses_name_at_call_time(function: Callable, name: str, what: str) -> None:
    """Confirms that `function` looks `name` up when it runs (so rebinding that name takes effect)."""
    code = getattr(function, "__code__", None)
    if code is None or name not in code.co_names:
        raise RuntimeReplacementError(f"{what}: {getattr(function, '__qualname__', function)} no longer looks up "
                                      f"{name!r}; this replacement would not take effect")
