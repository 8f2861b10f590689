"""Sends one answer in the form the user's channel needs. Every action sends through deliver().

The text comes from actions.logic.answers (filled from the knowledge file); a channel renderer may reshape it
(speech for the phone line, Block Kit for Slack) but never adds or changes a figure.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.logic.dose_lookup import DoseAnswer
from actions.logic import slack_format
from actions.logic import speech

WEBCHAT = "webchat"  # channels/webchat.py
VOICE = "twilio_voice"  # channels/twilio_voice.py


@functools.lru_cache(maxsize=None)
def webchat_follow_ups() -> List[Dict[str, Any]]:
    """The common questions offered again after each web answer: utter_greet's buttons in domain.yml."""
    domain = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text(encoding="utf-8"))
    return next(variant["buttons"] for variant in domain["responses"]["utter_greet"]
                if "channel" not in variant and variant.get("buttons"))


def deliver(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, *, dose: Optional[DoseAnswer] = None,
            buttons: Optional[List[Dict[str, Any]]] = None, kind: Optional[str] = None) -> None:
    """`text` is the channel-neutral answer; `dose` the structured dose answer it was made from, if any; `kind`
    marks an answer a channel treats specially (speech.ANSWER_KINDS: after "emergency" and "handoff" the hotline
    transfers the call; "bot_challenge" tells a caller how to reach a person)."""
    if tracker.get_latest_input_channel() == "slack":
        # One chat.postMessage with text (notification fallback) + Block Kit; channels/slack.py posts it in the thread.
        dispatcher.utter_message(json_message=slack_format.message(text, dose=dose, buttons=buttons or []))
        return
    if tracker.get_latest_input_channel() == VOICE:
        # The hotline (channels/twilio_voice.py): speech, no buttons; the channel reads back a dose before saying it,
        # and transfers the call after an emergency answer or a request for a person.
        dispatcher.utter_message(text=speech.say_answer(text, dose, kind), json_message=speech.voice_meta(kind, dose))
        return
    if tracker.get_latest_input_channel() == WEBCHAT and not buttons:
        # The web widget shows the last answer's buttons as quick replies: offer the common questions again.
        buttons = webchat_follow_ups()
    dispatcher.utter_message(text=text, buttons=buttons or [])
