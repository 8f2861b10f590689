"""Rasa 3.6 policy: an emergency that only the last two user messages describe together ("what if someone took
30 tablets?" then "I already did"; "dad has the pump" then "he's burning up and muddled"). NLU reads one message at a
time; a policy sees the conversation. It asks baclofen.language.urgency.detect_in_context and, when it answers,
predicts the emergency answer (then, inside the dose form, the form's end, then listening) ahead of the rules.
"""
from __future__ import annotations

from typing import Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.trackers import DialogueStateTracker

from baclofen.language import urgency
from components.conversation_policy import ConversationPolicy, recent_turns

EMERGENCY_ACTION = "action_answer_emergency"
DEACTIVATE_LOOP = "action_deactivate_loop"
EMERGENCY_INTENT = "emergency"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ContextEmergencyPolicy(ConversationPolicy):
    def next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        turns = recent_turns(tracker)
        if turns.previous is None:
            return None
        if (turns.latest.intent or {}).get("name") == EMERGENCY_INTENT:
            return None  # the rules answer it
        done = list(turns.done)
        if not done:
            return EMERGENCY_ACTION if urgency.detect_in_context(turns.previous.text, turns.latest.text) else None
        if done[0] != EMERGENCY_ACTION:
            return None
        if done == [EMERGENCY_ACTION] and tracker.active_loop_name:
            return DEACTIVATE_LOOP
        return ACTION_LISTEN_NAME if done[-1] in (EMERGENCY_ACTION, DEACTIVATE_LOOP) else None
