"""Rasa 3.6 policy: a short follow-up ("surely one small glass would be alright?", "and if he doesn't respond at 100
micrograms?") is answered by the same answer as the question before it, read with that question
(baclofen/language/follow_up.py decides; actions/question.py reads the follow-up with the question before it, by
the same function). NLU reads one message at a time; a policy sees the conversation.

Below the context emergency policy, above the rules: the rules would answer the follow-up alone (a question back,
"I only answer about baclofen", the side-effect list). Not inside a form (the dose form reads its own answers).
"""
from __future__ import annotations

from typing import Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from baclofen.language import follow_up
from baclofen.language.question import Question
from components.conversation_policy import ConversationPolicy, recent_turns


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ContextFollowUpPolicy(ConversationPolicy):
    """Listed after ContextEmergencyPolicy in config.yml, at the same priority: an emergency wins a tie."""

    def next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        return next_action_for(tracker)


def next_action_for(tracker: DialogueStateTracker) -> Optional[Text]:
    if tracker.active_loop_name:
        return None
    turns = recent_turns(tracker)
    if turns.latest is None or turns.previous is None:
        return None
    # the first answer a follow-up may go on from, given to the previous message (after the dose form: the dose)
    answered_with = next((name for name in turns.answered if name in follow_up.FOLLOWED_ANSWERS), None)
    if not _follows(turns.latest, turns.previous, answered_with):
        return None
    answer = follow_up.answer_for(answered_with, _question(turns.latest))
    done = list(turns.done)
    # the follow-up was answered: listen (only after this policy's own answer)
    return (ACTION_LISTEN_NAME if done == [answer] else None) if done else answer


def _follows(latest: UserUttered, previous: UserUttered, answered_with: Optional[Text]) -> bool:
    if (latest.intent or {}).get("name") == "emergency":
        return False
    return follow_up.in_context(_question(previous), answered_with, _question(latest), latest.text or "") is not None


def _question(message: UserUttered) -> Question:
    return Question.from_dict((message.parse_data or {}).get("question"))
