"""Shared harness for action tests (one file per action in tests/actions/): a Rasa SDK tracker from plain values,
and a runner that collects what the action sent and the events it returned."""
from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN: Dict[str, Any] = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text())


def tracker(text: str = "", intent: str = "", entities: Iterable[Tuple[str, Any]] = (),
            slots: Optional[Dict[str, Any]] = None, new_slots: Optional[Dict[str, Any]] = None,
            active_loop: Optional[str] = None, channel: Optional[str] = None) -> Tracker:
    """`slots` were set earlier in the conversation; `new_slots` were set by the latest user message
    (the ones a form validates); `channel` is the input channel the message came in on. Values are typed as the
    NLU gives them: ages in years and weights in kg as numbers."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "entities": [{"entity": name, "value": value} for name, value in entities]}
    values = {name: None for name in DOMAIN["slots"]}
    values["requested_slot"] = None
    values.update(slots or {})
    values.update(new_slots or {})
    events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": channel}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (new_slots or {}).items()]
    return Tracker("harness", values, latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


def run(action: Action, tracker_: Tracker) -> Tuple[List[str], List[Dict[str, Any]]]:
    """Runs the action; returns (texts sent, events returned)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker_, DOMAIN)
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return [m.get("text") for m in dispatcher.messages if m.get("text")], result


def text(action: Action, tracker_: Tracker) -> str:
    """The one text the action sent."""
    texts, _ = run(action, tracker_)
    assert len(texts) == 1, texts
    return texts[0]


def messages(action: Action, tracker_: Tracker) -> List[Dict[str, Any]]:
    """Runs the action; returns the whole messages it sent (text, buttons, custom payload)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker_, DOMAIN)
    if inspect.isawaitable(result):
        asyncio.run(result)
    return dispatcher.messages


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
