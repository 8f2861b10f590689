from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.action_answer_interaction import ActionAnswerInteraction
from actions.action_clarify import ActionClarify
from actions.delivery import deliver
from actions.question import latest_question


class ActionAnswerOtherDrug(Action):
    """Another medicine asked about on its own ("what is ibuprofen?"): baclofen only, and how to ask about it with
    baclofen. Only when the message names one: "is that safe for him?" with nothing before it (a new conversation)
    names no medicine, and gets the question back instead of "I only know about baclofen". A medicine named as a
    follow-up ("what about amitriptyline?" after an answer about ibuprofen) asks how it goes with baclofen: the
    interaction answer."""

    def name(self) -> Text:
        return "action_answer_other_drug"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        question = latest_question(tracker)
        if question.follow_up and question.drugs:
            deliver(dispatcher, tracker, ActionAnswerInteraction().answer(tracker))
        elif question.drugs or question.unknown_drug:
            dispatcher.utter_message(response="utter_other_drug")
        else:
            deliver(dispatcher, tracker, ActionClarify().answer(tracker))
        return []
