"""One renderer per medium of the structured answer: written text, speech, Slack's Block Kit (which channel uses
which: baclofen/channel_table.py).

`__all__` names what the rest may import (tests/core/test_layout.py keeps it true)."""
__all__ = ["slack", "speech", "text"]
