"""Every channel the assistant speaks on, one row each: its name (Rasa's input channel, also the prefix of its
conversation ids), how an answer is rendered for it, the limits that bind it, and what the report calls it.

Read by the action server (actions/delivery.py: the renderer), the Rasa server's channels (channels/: the name and
the conversation ids; channels/voice/: the hotline's limits) and the report (insights/: the display name, the
colour). Adding a channel is one row here and one adapter in channels/ (docs/architecture.md, "Add a channel").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from baclofen import settings
from baclofen.answers.model import Answer
from baclofen.render import slack, speech, text

Message = Dict[str, Any]  # the arguments of the dispatcher's utter_message


def written(answer: Answer) -> Message:
    """Text with its buttons (quick replies where the channel shows them)."""
    return {"text": text.render(answer), "buttons": text.buttons(answer)}


def block_kit(answer: Answer) -> Message:
    """One chat.postMessage with text (notification fallback) + Block Kit; channels/slack.py posts it in the
    thread."""
    return {"json_message": slack.render(answer)}


def spoken(answer: Answer) -> Message:
    """Speech, no buttons, with the answer's spoken units and kind: the hotline reads back a dose before saying it,
    and transfers the call after a request for a person (never after an emergency answer)."""
    return {"text": speech.render(answer), "json_message": speech.voice_meta(answer)}


@dataclass(frozen=True)
class Channel:
    name: str  # Rasa's input channel name (the adapter's name(); domain.yml's `channel:` response variants)
    display: str  # the insights report's name for it
    colour: str  # the report's colour for it
    render: Callable[[Answer], Message]
    # an answer without buttons offers the common questions again (the web widget shows the last buttons)
    follow_ups: bool = False
    # limit -> the setting (baclofen/settings.py) that holds it
    limit_settings: Mapping[str, str] = field(default_factory=dict)

    @property
    def id_prefix(self) -> str:
        """Every conversation id of this channel starts with it, so no channel can reach another's conversations."""
        return f"{self.name}:"

    def conversation_id(self, sender: str) -> str:
        return self.id_prefix + sender

    def limit(self, name: str) -> Any:
        return getattr(settings.current(), self.limit_settings[name])

    def limits(self) -> Dict[str, Any]:
        return {name: self.limit(name) for name in self.limit_settings}


REST = Channel("rest", "REST", "#4d9a6a", written)
WEBCHAT = Channel("webchat", "web", "#2f6db5", written, follow_ups=True)
SLACK = Channel("slack", "Slack", "#6a3d9a", block_kit)
VOICE = Channel("twilio_voice", "voice", "#d9822b", spoken, limit_settings={
    "turn_words": "voice_turn_words",  # the longest spoken turn
    "min_confidence": "voice_min_confidence",  # speech heard with less counts as not understood
    "key_timeout_seconds": "voice_key_timeout_seconds",  # between two keys of an age or a weight
})

# In the order the report shows them.
CHANNELS: Tuple[Channel, ...] = (WEBCHAT, VOICE, SLACK, REST)
BY_NAME: Dict[str, Channel] = {channel.name: channel for channel in CHANNELS}


def of(name: Optional[str]) -> Channel:
    """The channel a message came in on; a channel not in the table (none given, Rasa's own) is answered as REST."""
    return BY_NAME.get(name or "", REST)


def named(name: str) -> Channel:
    """A channel of the table by its name (KeyError otherwise: an adapter must have its row)."""
    return BY_NAME[name]
