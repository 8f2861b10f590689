"""Every setting of the assistant, read from the environment in one place, each with one documented default.

Both servers (and the scripts) read their configuration through `current()`: a setting is parsed once, when the
process first asks for it, into a typed value. `docs/configuration.md` lists the same table for operators; a test
checks that the two agree. Ports, paths and secrets that endpoints.yml and credentials need are read by Rasa from
the same variables (scripts/run.sh exports them).
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Mapping, Optional

REPO_ROOT = Path(__file__).resolve().parents[1]


def _words(text: str) -> FrozenSet[str]:
    return frozenset(part for part in text.replace(",", " ").split() if part)


def _setting(env: str, default: Any, doc: str, parse: Callable[[str], Any] = str, secret: bool = False) -> Any:
    return field(default=default, repr=not secret, metadata={"env": env, "doc": doc, "parse": parse})


@dataclass(frozen=True)
class Settings:
    emergency_number: str = _setting(
        "BACLOFEN_EMERGENCY_NUMBER", "115", "emergency medical number said first in every emergency answer")
    # The default is a placeholder from a range kept for fiction, so that the demo shows where the number goes: a
    # hospital must set its own.
    hotline: str = _setting("BACLOFEN_HOTLINE", "555 0100", "the hotline pharmacist's number; must be set (the default "
                            "is a placeholder for the demo)")
    crisis_line: str = _setting(
        "BACLOFEN_CRISIS_LINE", "", "a suicide or crisis line said in crisis answers after the emergency number "
        "(empty: none is named)")
    max_message_chars: int = _setting(
        "BACLOFEN_MAX_MESSAGE_CHARS", 2000, "longer messages get a polite refusal (emergencies are still "
        "recognised first)", int)
    reply_timeout_seconds: float = _setting(
        "BACLOFEN_REPLY_TIMEOUT_SECONDS", 10.0, "a turn taking longer gets an apology with the hotline and "
        "emergency numbers (every channel; Twilio waits about 15 s)", float)
    max_waiting_messages: int = _setting(
        "BACLOFEN_MAX_WAITING_MESSAGES", 50, "messages of one conversation that may wait, in order, while one is "
        "answered; beyond, a message is refused with a reply saying so", int)
    max_metadata_bytes: int = _setting(
        "BACLOFEN_MAX_METADATA_BYTES", 4096, "client metadata larger than this (as JSON) is dropped, not stored", int)
    request_max_bytes: int = _setting(
        "BACLOFEN_REQUEST_MAX_BYTES", 1048576, "largest request body the Rasa server reads (Sanic's "
        "REQUEST_MAX_SIZE: refused with 413 on its Content-Length, before it is read)", int)
    request_read_seconds: float = _setting(
        "BACLOFEN_REQUEST_READ_SECONDS", 10.0, "time a client has to send its whole request, body included, from "
        "its first byte (Rasa server: Sanic's REQUEST_TIMEOUT, made whole-request by server_runtime)", float)
    store_timeout_seconds: float = _setting(
        "BACLOFEN_STORE_TIMEOUT_SECONDS", 5.0, "longest wait of one tracker- or lock-store call (SQLite busy "
        "timeout; PostgreSQL connect, statement and lock timeouts; Redis socket timeouts); a call still running a "
        "second later is cancelled", float)
    store_slow_seconds: float = _setting(
        "BACLOFEN_STORE_SLOW_SECONDS", 1.0, "a store with a call waiting longer is degraded: new messages get an "
        "apology at once, and the health check says so", float)
    lock_lease_seconds: float = _setting(
        "BACLOFEN_LOCK_LEASE_SECONDS", 2.0, "several servers (Redis lock store): a conversation's lock lives this "
        "long unless its server renews it (every quarter of it, while the message waits or is answered), so a "
        "killed server's conversations go on elsewhere within it (0: Rasa's 60 s, no renewal)", float)
    resend_window_seconds: float = _setting(
        "BACLOFEN_RESEND_WINDOW_SECONDS", 30.0, "a message without a message id whose text its sender already sent "
        "this recently, as the conversation's latest message, is a resend: answered with the stored reply, not "
        "stored again (0: resends are not recognised, message ids included)", float)
    knowledge_dir: Path = _setting(
        "BACLOFEN_KNOWLEDGE_DIR", REPO_ROOT / "knowledge", "folder of the knowledge files", Path)
    drug_index_dir: Path = _setting(
        "BACLOFEN_DRUG_INDEX_DIR", REPO_ROOT / "var" / "drug_index",
        "where the compact drug-name index is built and read", Path)
    runtime_off: FrozenSet[str] = _setting(
        "BACLOFEN_RUNTIME_OFF", frozenset(), "replacements of Rasa internals to leave off (names from "
        "server_runtime, comma-separated, or `all` for stock Rasa)", _words)
    slack_api_base_url: str = _setting(
        "SLACK_API_BASE_URL", "https://slack.com/api/", "Slack Web API address the Slack replies go to")
    slack_redis_url: str = _setting(
        "BACLOFEN_SLACK_REDIS_URL", "", "Redis shared by several Rasa servers for Slack's answered events "
        "(empty: this process only)")
    actions_secret: str = _setting(
        "BACLOFEN_ACTIONS_SECRET", "", "shared secret the Rasa server sends to the action server (run.sh makes a "
        "random one per start)", secret=True)
    jwt_secret: str = _setting(
        "BACLOFEN_JWT_SECRET", "", "signs the JWTs the HTTP API requires (HS256; run.sh makes a random one per start; "
        "never on the command line)", secret=True)
    voice_turn_words: int = _setting(
        "BACLOFEN_VOICE_TURN_WORDS", 60, "the hotline's longest spoken turn in words (about 20 s); longer answers "
        "are given in parts (\"say more\"), except an emergency and a dose the caller asked to hear", int)
    voice_min_confidence: float = _setting(
        "BACLOFEN_VOICE_MIN_CONFIDENCE", 0.3, "speech Twilio recognised with less confidence counts as not "
        "understood on the hotline (an emergency in it is still answered; 0: off)", float)
    voice_key_timeout_seconds: int = _setting(
        "BACLOFEN_VOICE_KEY_TIMEOUT_SECONDS", 10, "seconds the hotline waits for the next key while an age or a "
        "weight is keyed in", int)
    voice_languages: str = _setting(
        "BACLOFEN_VOICE_LANGUAGES", "en", "the hotline's languages, in the order of their keys (`en vi`): with two, "
        "a call whose number is not in BACLOFEN_VOICE_CALLED_NUMBERS starts with a bilingual choice; the first is "
        "the default")
    voice_called_numbers: str = _setting(
        "BACLOFEN_VOICE_CALLED_NUMBERS", "", "the hotline's numbers with their language, `+842873001234=vi "
        "+15550199=en` (the number called, Twilio's `To`): a call to one of them is in that language, not asked")
    jwt_max_lifetime_seconds: float = _setting(
        "BACLOFEN_JWT_MAX_LIFETIME_SECONDS", 3600.0, "an HTTP API token must carry `exp`, at most this far ahead",
        float)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> "Settings":
        values: Dict[str, Any] = {}
        for spec in fields(cls):
            raw = environ.get(spec.metadata["env"])
            if raw is None or raw == "":
                continue
            try:
                values[spec.name] = spec.metadata["parse"](raw)
            except ValueError:
                raise ValueError(f"{spec.metadata['env']}={raw!r} is not a valid {spec.type}") from None
        return cls(**values)


@functools.lru_cache(maxsize=None)
def current() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return Settings.from_environ(os.environ)


def reload() -> Settings:
    """Reads the environment again (tests change it; servers never need to)."""
    current.cache_clear()
    return current()


def documented() -> Dict[str, Optional[str]]:
    """Environment variable -> its documentation line, for docs and their test."""
    return {spec.metadata["env"]: spec.metadata["doc"] for spec in fields(Settings)}
