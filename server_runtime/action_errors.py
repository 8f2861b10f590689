"""One log line per failed custom action, with its cause, instead of Rasa's error line and chained tracebacks.

While the action server is down, Rasa 3.6 logs for every turn "Failed to run custom action ... Couldn't connect"
(rasa.core.actions.action) and then "Encountered an exception while running action ... Bot will continue" with the
whole chain of tracebacks (RasaException from ClientConnectorError from ConnectionRefusedError: about 60 lines), the
same every turn. Here a filter on those two loggers:
- inside a channel's turn (stores/turns.py CURRENT_TURN) keeps the cause on the turn and drops both records: the
  channel's one line for the turn says it (channels/rest.run_turn: "A turn produced no reply (<cause>) ...");
- elsewhere (Rasa's HTTP API) turns the second record into one line with the cause, without the traceback, and
  drops the first.
Nothing else is filtered. Off with BACLOFEN_RUNTIME_OFF=action_errors.
"""
from __future__ import annotations

import logging
from typing import Any, Optional

from stores.turns import CURRENT_TURN

ACTION_LOGGER, PROCESSOR_LOGGER = "rasa.core.actions.action", "rasa.core.processor"
ACTION_LINE = "Failed to run custom action"  # rasa/core/actions/action.py, RemoteAction.run
PROCESSOR_LINE = "Encountered an exception while running action"  # rasa/core/processor.py, _run_action


def cause(exc_info: Any) -> str:
    """'RasaException: Failed to execute custom action ... (ConnectionRefusedError)': the error, and the first
    error of its chain when another."""
    error: Optional[BaseException] = exc_info[1] if isinstance(exc_info, tuple) and len(exc_info) > 1 else None
    if error is None:
        return "unknown cause"
    root, seen = error, {id(error)}
    while (root.__cause__ or root.__context__) is not None and id(root.__cause__ or root.__context__) not in seen:
        root = root.__cause__ or root.__context__
        seen.add(id(root))
    said = f"{type(error).__name__}: {str(error).strip()}"
    return said if root is error else f"{said} ({type(root).__name__})"


class OneLinePerFailedAction(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.msg if isinstance(record.msg, str) else ""
        if record.name == ACTION_LOGGER:
            return not text.startswith(ACTION_LINE)  # the processor's record that follows says it
        if record.name != PROCESSOR_LOGGER or not text.startswith(PROCESSOR_LINE):
            return True
        why = cause(record.exc_info)
        turn = CURRENT_TURN.get()
        if turn is not None:
            turn.failure = why
            return False
        record.msg, record.args = "%s: %s; the bot continued without the action's events.", (
            text.split(".")[0], why)
        record.exc_info, record.exc_text = None, None
        return True


FILTER = OneLinePerFailedAction()


def apply() -> None:
    import inspect

    import rasa.core.actions.action
    import rasa.core.processor

    from server_runtime import RuntimeReplacementError

    for module, line in ((rasa.core.actions.action, ACTION_LINE), (rasa.core.processor, PROCESSOR_LINE)):
        if line not in inspect.getsource(module) or module.logger.name != module.__name__:
            raise RuntimeReplacementError(f"action_errors: {module.__name__} no longer logs {line!r} on its "
                                          "module logger; this replacement would not take effect")
    for name in (ACTION_LOGGER, PROCESSOR_LOGGER):
        logging.getLogger(name).addFilter(FILTER)


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    for name in (ACTION_LOGGER, PROCESSOR_LOGGER):
        if FILTER not in logging.getLogger(name).filters:
            raise RuntimeReplacementError(f"action_errors: the filter is not on the logger {name}")
