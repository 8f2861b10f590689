"""Sends one answer in the form the user's channel needs. Every action sends through deliver().

The answer is structured (baclofen.answers.model); the renderer of the channel writes it: Block Kit for Slack,
speech for the hotline, text with quick-reply buttons for the web widget and REST. No renderer adds or changes a
figure.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from baclofen.answers import compose
from baclofen.answers.model import Answer
from baclofen.render import slack, speech, text

SLACK = "slack"  # channels/slack.py
WEBCHAT = "webchat"  # channels/webchat.py
VOICE = "twilio_voice"  # channels/twilio_voice.py


@functools.lru_cache(maxsize=None)
def webchat_follow_ups() -> List[Dict[str, Any]]:
    """The common questions offered again after each web answer: utter_greet's buttons in domain.yml."""
    domain = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text(encoding="utf-8"))
    return next(variant["buttons"] for variant in domain["responses"]["utter_greet"]
                if "channel" not in variant and variant.get("buttons"))


def deliver(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer) -> None:
    channel = tracker.get_latest_input_channel()
    if (tracker.latest_message or {}).get("possible_emergency"):
        # Heard as a possible emergency by the learned safety net alone (components/question_reader.py): the
        # emergency number first, then the answer to what was asked.
        answer = compose.emergency_first(answer)
    if channel == SLACK:
        # One chat.postMessage with text (notification fallback) + Block Kit; channels/slack.py posts it in the thread.
        dispatcher.utter_message(json_message=slack.render(answer))
        return
    if channel == VOICE:
        # The hotline (channels/twilio_voice.py): speech, no buttons; the channel reads back a dose before saying it,
        # and transfers the call after an emergency answer or a request for a person (the answer's kind says which).
        dispatcher.utter_message(text=speech.render(answer), json_message=speech.voice_meta(answer))
        return
    buttons = text.buttons(answer)
    if channel == WEBCHAT and not buttons:
        # The web widget shows the last answer's buttons as quick replies: offer the common questions again.
        buttons = webchat_follow_ups()
    dispatcher.utter_message(text=text.render(answer), buttons=buttons)
