"""The web chat widget's channel: the hardened REST channel (channels/rest.py) under its own name,
POST /webhooks/webchat/webhook.

Why its own name and rules:
- actions see `tracker.get_latest_input_channel() == "webchat"` and can add quick-reply buttons
  (actions/delivery.py); the body cannot claim another channel;
- the sender id is the conversation's only key and the browser chooses it, so it must be unguessable:
  only 32 lowercase hex digits (128 random bits from crypto.getRandomValues) are accepted;
- client metadata is not stored in the tracker.

The widget reaches this endpoint through widget/serve.py (same origin as the page, so Rasa needs no --cors).
"""
from __future__ import annotations

import re
from typing import Text

from channels.rest import SafeRestInput


class WebChatInput(SafeRestInput):
    sender_pattern = re.compile(r"[0-9a-f]{32}")
    client_may_name_channel = False
    keeps_client_metadata = False

    @classmethod
    def name(cls) -> Text:
        return "webchat"
