"""What a message says: typed entities, the typed question, emergencies, the rules' intent, a follow-up read with
the question before it (follow_up), its language
(message_language, detect) and its one normal form (normalise). The other modules (concepts, drug_names, measures,
measures_vi, numbers, spans, topics) serve these inside the package.

`__all__` names what the rest may import (tests/core/test_layout.py keeps it true)."""
__all__ = ["detect", "entities", "follow_up", "intents", "message_language", "normalise", "question", "rules", "safety_net",
           "short_answers", "urgency"]
