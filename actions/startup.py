"""Loaded once when the action server imports the actions package: build what every request needs up front
(knowledge file, drug-name index, the answers fixed by the knowledge file), so that no user waits for it on their
first question. The action server runs no language rules: values arrive typed from the Rasa server's NLU."""
from baclofen import interactions, knowledge
from baclofen.answers import compose, doses, topics

knowledge.monograph()
interactions.resolve_generic("ibuprofen")
compose.uses()
doses.overview()
for entry in knowledge.topics():  # every topic's answer composes: a broken catalogue entry fails here, at start
    topics.answer(entry["id"])

from actions import delivery  # noqa: E402  (after the core: delivery renders with it)

delivery.webchat_follow_ups()
