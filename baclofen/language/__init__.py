"""What a message says: typed entities, the typed question, emergencies, the rules' intent. The other modules
(concepts, drug_names, measures, normalise, numbers, spans, topics) serve these inside the package.

`__all__` names what the rest may import (tests/core/test_layout.py keeps it true)."""
__all__ = ["entities", "intents", "question", "rules", "safety_net", "short_answers", "urgency"]
