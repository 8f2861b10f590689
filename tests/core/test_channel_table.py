"""baclofen/channel_table.py: one row per channel, used by every place that needs to tell channels apart."""
import importlib

import pytest

from baclofen import channel_table
from baclofen.answers import compose
from baclofen.render import slack, speech, text

ADAPTERS = {"rest": "channels.rest.SafeRestInput", "webchat": "channels.webchat.WebChatInput",
            "slack": "channels.slack.SlackChannel", "twilio_voice": "channels.twilio_voice.HotlineVoiceInput"}


def test_every_channel_has_one_row_and_no_id_prefix_starts_another():
    names = [channel.name for channel in channel_table.CHANNELS]
    assert sorted(names) == sorted(set(names)) == sorted(ADAPTERS)
    prefixes = [channel.id_prefix for channel in channel_table.CHANNELS]
    assert not [(a, b) for a in prefixes for b in prefixes if a != b and b.startswith(a)]
    assert len({channel.display for channel in channel_table.CHANNELS}) == len(names)
    assert len({channel.colour for channel in channel_table.CHANNELS}) == len(names)


@pytest.mark.parametrize("name", sorted(ADAPTERS))
def test_each_adapter_is_named_by_its_row(name):
    module, _, cls = ADAPTERS[name].rpartition(".")
    assert getattr(importlib.import_module(module), cls).name() == name
    assert importlib.import_module("channels.rest").conversation_id(name, "abc") == f"{name}:abc"


def test_the_renderer_of_each_row():
    answer = compose.uses()
    assert channel_table.REST.render(answer) == {"text": text.render(answer), "buttons": text.buttons(answer)}
    assert channel_table.WEBCHAT.render(answer) == channel_table.REST.render(answer)
    assert channel_table.WEBCHAT.follow_ups and not channel_table.REST.follow_ups
    assert channel_table.SLACK.render(answer) == {"json_message": slack.render(answer)}
    assert channel_table.VOICE.render(answer) == {"text": speech.render(answer),
                                                  "json_message": speech.voice_meta(answer)}


def test_a_channel_not_in_the_table_is_answered_as_rest():
    for name in (None, "", "cmdline", "socketio"):
        assert channel_table.of(name) is channel_table.REST
    with pytest.raises(KeyError):
        channel_table.named("cmdline")


def test_the_voice_limits_are_the_settings(configure):
    assert channel_table.VOICE.limits() == {"turn_words": 60, "min_confidence": 0.3, "key_timeout_seconds": 10}
    configure(BACLOFEN_VOICE_TURN_WORDS="45", BACLOFEN_VOICE_KEY_TIMEOUT_SECONDS="7")
    assert channel_table.VOICE.limit("turn_words") == 45
    assert channel_table.VOICE.limit("key_timeout_seconds") == 7
    assert channel_table.SLACK.limits() == {}
