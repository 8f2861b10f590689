"""Loaded once when the action server imports the actions package: build what every request needs up front
(knowledge file, spaCy rules, drug name index), so that no user waits for it on their first question."""
from actions.logic import entity_rules, interactions, knowledge

knowledge.monograph()
entity_rules.warm_up()
interactions.resolve_generic("ibuprofen")

from actions import delivery  # noqa: E402  (after the logic layer: delivery renders with it)

delivery.webchat_follow_ups()
