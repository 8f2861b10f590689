"""channels/log_privacy.py in this process: while a turn's text is known, no log record and no warning carries it
or any of its words; outside a turn nothing is changed. (tests/channels/test_all_channels.py checks the same on the
real servers' log.)"""
import io
import logging
import warnings

from channels import log_privacy


def test_redact_removes_the_text_and_each_of_its_words():
    text = "/inform{zebra77 Broken} my son is 4"
    line = "Failed to parse '/inform{zebra77 Broken} my son is 4': continuing without {zebra77 broken}; is 4 kg?"
    cleaned = log_privacy.redact(line, text)
    for word in ("zebra77", "Broken", "broken", "inform", " 4"):
        assert word not in cleaned, word
    assert cleaned.startswith("Failed to parse '[message text]'") and "continuing without" in cleaned
    assert log_privacy.redact("nothing to hide", "") == "nothing to hide"


def test_log_records_and_warnings_during_a_turn_carry_no_text():
    log_privacy.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.log_privacy")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    shown = []
    original = log_privacy._show_warning
    log_privacy._show_warning = lambda message, *args: shown.append(str(message))
    try:
        token = log_privacy.TURN_TEXT.set("/secretword42 please")
        try:
            logger.warning("Failed to parse arguments in line '%s'", "/secretword42 please")
            try:
                raise ValueError("bad secretword42")
            except ValueError:
                logger.exception("turn failed")
            with warnings.catch_warnings():
                warnings.simplefilter("always")
                warnings.showwarning = log_privacy._warning_without_text  # catch_warnings restores the hook
                warnings.warn("Expected an intent but found secretword42", UserWarning)
        finally:
            log_privacy.TURN_TEXT.reset(token)
        logger.info("after the turn: secretword42")  # no turn: left as it is
    finally:
        log_privacy._show_warning = original
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert written.count("secretword42") == 1 and "after the turn: secretword42" in written
    assert "Failed to parse arguments in line '[message text]'" in written and "ValueError" in written
    assert shown == ["Expected an intent but found […]"]
