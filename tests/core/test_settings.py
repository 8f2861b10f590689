"""baclofen/settings.py: every setting read in one place, typed, with one documented default."""
from dataclasses import fields
from pathlib import Path

import pytest

from baclofen import settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_every_setting_is_documented_once_with_its_default():
    table = DOCS.read_text()
    for spec in fields(settings.Settings):
        rows = [line for line in table.splitlines() if line.startswith(f"| `{spec.metadata['env']}` |")]
        assert len(rows) == 1, spec.metadata["env"]
        assert spec.metadata["doc"] in rows[0]


def test_values_are_typed_where_they_are_read(configure):
    current = configure(BACLOFEN_REPLY_TIMEOUT_SECONDS="7.5", BACLOFEN_MAX_MESSAGE_CHARS="300",
                        BACLOFEN_RUNTIME_OFF="graph_runner, event_types", BACLOFEN_JWT_MAX_LIFETIME_SECONDS="600")
    assert current.reply_timeout_seconds == 7.5 and current.max_message_chars == 300
    assert current.runtime_off == {"graph_runner", "event_types"}
    assert current.jwt_max_lifetime_seconds == 600.0


def test_secrets_stay_out_of_the_printed_settings(configure):
    current = configure(BACLOFEN_JWT_SECRET="jwt-secret-value", BACLOFEN_ACTIONS_SECRET="actions-secret-value")
    assert current.jwt_secret == "jwt-secret-value"
    assert "secret-value" not in repr(current)


def test_defaults_when_unset_or_empty(configure, monkeypatch):
    for spec in fields(settings.Settings):
        monkeypatch.delenv(spec.metadata["env"], raising=False)
    current = configure(BACLOFEN_HOTLINE="")
    assert current.emergency_number == "115" and current.hotline == "555 0100"
    assert current.reply_timeout_seconds == 10.0 and current.runtime_off == frozenset()


def test_a_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("BACLOFEN_MAX_MESSAGE_CHARS", "lots")
    with pytest.raises(ValueError, match="BACLOFEN_MAX_MESSAGE_CHARS='lots'"):
        settings.reload()
