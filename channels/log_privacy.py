"""No message text in the logs, whoever writes the log line.

Our channels never log what a user wrote, but Rasa does in places: a message that starts with "/" and does not parse
as an intent ("/inform{oops", "/anything") comes back word for word in a UserWarning, printed whatever the log
level. While a turn runs its text is known: channels/rest.run_turn puts it in TURN_TEXT for the turn's task. Every
log record (logging and structlog alike: Rasa's structlog writes through the standard library) and every warning
created in this process during that turn has the text, and each of its words, replaced before any handler sees it.

Words are matched whole and case-insensitively; words of one or two letters are kept ("a", "of"), numbers are not
(an age or a weight is message text too).
"""
from __future__ import annotations

import contextvars
import logging
import re
import traceback
import warnings
from typing import Any, Callable, Optional

TURN_TEXT: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("baclofen_turn_text", default=None)
WHOLE = "[message text]"
WORD = "[…]"
MIN_WORD_LENGTH = 3

_installed = False
_make_record: Optional[Callable[..., logging.LogRecord]] = None
_show_warning: Optional[Callable[..., None]] = None


def redact(line: str, text: str) -> str:
    """`line` without `text` and without any word of it (numbers included)."""
    if not text or not line:
        return line
    stripped = text.strip()
    for whole in {text, stripped} - {""}:
        line = line.replace(whole, WHOLE)
    words = {word for word in re.findall(r"\w+", text) if len(word) >= MIN_WORD_LENGTH or word.isdigit()}
    if words:
        alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        line = re.sub(rf"(?<!\w)(?:{alternatives})(?!\w)", WORD, line, flags=re.IGNORECASE)
    return line


def _record_without_text(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    text = TURN_TEXT.get()
    if not text:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a malformed record: let logging report it as it always does
        return record
    cleaned = redact(message, text)
    if cleaned != message:
        record.msg, record.args = cleaned, ()
    if record.exc_info and record.exc_info[0] is not None:
        # Formatted now, so the handler uses this text (logging.Formatter keeps a set exc_text) and not its own.
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"), text)
    return record


def _warning_without_text(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
                          line: Optional[str] = None) -> None:
    text = TURN_TEXT.get()
    if text:
        message = redact(str(message), text)
        line = redact(line, text) if line else line
    _show_warning(message, category, filename, lineno, file, line)


def install() -> None:
    """Applies the redaction to this process's log records and warnings (once; later calls do nothing)."""
    global _installed, _make_record, _show_warning
    if _installed:
        return
    _make_record = logging.getLogRecordFactory()
    logging.setLogRecordFactory(_record_without_text)
    _show_warning = warnings.showwarning
    warnings.showwarning = _warning_without_text
    _installed = True
