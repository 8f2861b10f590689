"""Every answer as a structure (model.Answer): composed here, rendered by baclofen/render/ for each channel.

`__all__` names what the rest may import (tests/core/test_layout.py keeps it true)."""
__all__ = ["compose", "concerns", "doses", "emergencies", "model", "topics"]
