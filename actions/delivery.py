"""Sends one answer in the form the user's channel needs. Every action sends through deliver().

The answer is structured (baclofen.answers.model); the renderer of the channel's row in baclofen/channel_table.py
writes it: Block Kit for Slack, speech for the hotline, text with quick-reply buttons for the web widget and REST.
No renderer adds or changes a figure.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import language
from baclofen import channel_table
from baclofen.answers import emergencies
from baclofen.answers.model import Answer
from baclofen.language.question import Question
from baclofen.wording import ENGLISH


@functools.lru_cache(maxsize=None)
def webchat_follow_ups(conversation_language: str = ENGLISH) -> List[Dict[str, Any]]:
    """The common questions offered again after each web answer: utter_greet's buttons in domain.yml, from its
    variation for the language (a condition on the slot `language`; none for English)."""
    domain = yaml.safe_load((Path(__file__).resolve().parents[1] / "domain.yml").read_text(encoding="utf-8"))
    return next(variant["buttons"] for variant in domain["responses"]["utter_greet"]
                if "channel" not in variant and variant.get("buttons") and _variant_language(variant) == conversation_language)


def _variant_language(variant: Dict[str, Any]) -> str:
    return next((condition["value"] for condition in variant.get("condition") or ()
                 if condition.get("name") == language.SLOT), ENGLISH)


FORM = "dose_form"  # domain.yml


def deliver(dispatcher: CollectingDispatcher, tracker: Tracker, answer: Answer, asking: Optional[str] = None) -> None:
    """`asking`: the slot this answer asks for, when it is the dose form's question."""
    channel = channel_table.of(tracker.get_latest_input_channel())
    latest = tracker.latest_message or {}
    if latest.get("possible_emergency"):
        # Heard as a possible emergency by the learned safety net alone (components/question_reader.py): the
        # emergency number first, then the answer to what was asked; a message leaning to a crisis, the crisis answer.
        read = latest.get("question")
        guessed = bool(read) and not Question.from_dict(read).names_something_known
        answer = emergencies.heard_by_net_alone(answer, latest.get("possible_emergency_kind"), guessed,
                                                sure=bool(latest.get("possible_emergency_sure")))
    elif latest.get("doubted_emergency"):
        # The rules heard an emergency the net all but ruled out (components/question_reader.py): the answer to
        # what was asked, and the emergency number still said, last, as a condition.
        answer = emergencies.doubted(answer)
    message = channel.render(answer)  # the channel's row (baclofen/channel_table.py) names its renderer
    if channel.follow_ups and not message.get("buttons"):
        # The web widget shows the last answer's buttons as quick replies: offer the common questions again.
        message["buttons"] = webchat_follow_ups(answer.language)
    voice = (message.get("json_message") or {}).get("voice")
    if voice is not None and not voice.get("transfer"):  # after a transfer the hotline asks nothing more
        # The hotline listens for what the dose form asks (keys for an age or a weight): sent with the reply, so
        # that the channel needs no look into the conversation.
        voice["asking"] = asking or (tracker.get_slot("requested_slot") if tracker.active_loop_name == FORM else None)
    dispatcher.utter_message(**message)
