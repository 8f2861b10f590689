"""Section 2 of the leaflet as code: the person (ages, weights, their checks), the dose lookup and the dose check,
both from one table of limits (limits.py, used inside this package only).

`__all__` names what the rest may import (tests/core/test_layout.py keeps it true)."""
__all__ = ["check", "lookup", "person"]
