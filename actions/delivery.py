"""Sends one answer in the form the user's channel needs. Every action sends through deliver().

The text comes from actions.logic.answers (filled from the knowledge file); a channel renderer may reshape it
(speech for the phone line, Block Kit for Slack) but never adds or changes a figure.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.logic.dose_lookup import DoseAnswer


def deliver(dispatcher: CollectingDispatcher, tracker: Tracker, text: str, *, dose: Optional[DoseAnswer] = None,
            buttons: Optional[List[Dict[str, Any]]] = None) -> None:
    """`text` is the channel-neutral answer; `dose` the structured dose answer it was made from, if any."""
    dispatcher.utter_message(text=text, buttons=buttons or [])
