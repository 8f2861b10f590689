"""components/conversation_policy.py and the two policies built on it, on real Rasa trackers: the walk back to the
last two user messages, an emergency told across them, and a follow-up answered by the answer before it."""
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.context_emergency_policy import EMERGENCY_ACTION, ContextEmergencyPolicy
from components.context_follow_up_policy import next_action_for
from components.conversation_policy import recent_turns


def _tracker(*events):
    return DialogueStateTracker.from_events("someone", [ActionExecuted(ACTION_LISTEN_NAME), *events])


def _said(text, intent="ask_interaction", question=None):
    return UserUttered(text, {"name": intent, "confidence": 1.0}, parse_data={"question": question or {}})


def test_recent_turns_are_the_last_two_user_messages_and_what_was_done_after_each():
    tracker = _tracker(_said("first"), ActionExecuted("action_answer_uses"), ActionExecuted(ACTION_LISTEN_NAME),
                       _said("second"), ActionExecuted("action_answer_interaction"), ActionExecuted(ACTION_LISTEN_NAME),
                       _said("third"), ActionExecuted("action_answer_side_effects"))
    turns = recent_turns(tracker)
    assert (turns.previous.text, turns.latest.text) == ("second", "third")
    assert turns.answered == ("action_answer_interaction",) and turns.done == ("action_answer_side_effects",)


def test_an_emergency_told_across_two_messages_is_answered_first_then_listened_after():
    policy_next = ContextEmergencyPolicy.next_action
    told = [_said("what if someone took 30 tablets?", "ask_overdose"), ActionExecuted("action_answer_topic"),
            ActionExecuted(ACTION_LISTEN_NAME), _said("i already did", "inform")]
    assert policy_next(None, _tracker(*told)) == EMERGENCY_ACTION
    assert policy_next(None, _tracker(*told, ActionExecuted(EMERGENCY_ACTION))) == ACTION_LISTEN_NAME
    harmless = [_said("what is baclofen for?", "ask_uses"), ActionExecuted("action_answer_uses"),
                ActionExecuted(ACTION_LISTEN_NAME), _said("thanks", "thank")]
    assert policy_next(None, _tracker(*harmless)) is None


def test_one_message_alone_is_nobodys_follow_up():
    assert next_action_for(_tracker(_said("and with wine?"))) is None
