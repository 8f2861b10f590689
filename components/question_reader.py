"""Rasa 3.6 NLU component, last in the pipeline: each message read once into a typed question, and the rules'
decision over the classifier's guess where the rules are sure (an emergency above all).

It puts the typed question (baclofen.language.question) in the parse data under "question", where the actions
read it; keeps the person's entities apart from populations only referred to ("the adult dose" gets the role
"reference", which no slot mapping takes) and drops an age the message corrects ("7, not 4"); and, when
baclofen.language.intents decides, sets that intent (confidence 1.0) ahead of the classifier's ranking, which is
kept. `question_decided` in the parse result says the rules decided.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from baclofen.language import intents, question, safety_net
from components.safety_net import CRISIS as SAFETY_NET_CRISIS  # what the net adds to the parse data, named there
from components.safety_net import CRISIS_SHARE as SAFETY_NET_CRISIS_SHARE
from components.safety_net import LEANS_TO_CRISIS as SAFETY_NET_LEANS_TO_CRISIS
from components.safety_net import FIRES as SAFETY_NET_FIRES
from components.safety_net import PROBABILITY as SAFETY_NET_PROBABILITY

logger = logging.getLogger(__name__)

INTENT_RANKING = "intent_ranking"
QUESTION = "question"
POSSIBLE_EMERGENCY = "possible_emergency"
POSSIBLE_EMERGENCY_KIND = "possible_emergency_kind"  # "crisis", "possible_crisis", "stopped" or None
POSSIBLE_EMERGENCY_SURE = "possible_emergency_sure"  # the net is sure of what it alone hears
DOUBTED_EMERGENCY = "doubted_emergency"  # the rules' kind of emergency, which the net doubts
LANGUAGE = "language"  # components/language_reader.py


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionReader(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "QuestionReader":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            entities = message.get(ENTITIES) or []
            language = message.get(LANGUAGE)  # components/language_reader.py: the message's, or the channel's hint
            try:
                read = question.read(text, entities, language)
            except Exception:  # pragma: no cover - NLU must go on whatever the text; the emergency check is separate
                logger.exception("Reading the question failed; the classifier's intent stands.")
                read = question.Question(urgency=question.urgency.detect(text, language))
            if safety_net.doubts(message.get(SAFETY_NET_PROBABILITY), read.urgency, read.language,
                                 bool(message.get(SAFETY_NET_LEANS_TO_CRISIS))):
                # The rules hear an emergency the net is all but sure is none (a scare over, a risk listed): answered
                # as the question it is, closing with the emergency number as a condition (actions/delivery.py).
                message.set(DOUBTED_EMERGENCY, read.urgency, add_to_output=True)
                read = dataclasses.replace(read, urgency=None)
            weighed = safety_net.kind_heard(read.urgency, message.get(SAFETY_NET_CRISIS_SHARE), text, read.language)
            if weighed != read.urgency:  # the rules' kind of emergency, weighed against the net's crisis share
                read = dataclasses.replace(read, urgency=weighed)
            message.set(QUESTION, read.as_dict(), add_to_output=True)
            message.set(ENTITIES, question.person_entities(text, entities, read), add_to_output=True)
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            decided = intents.decide(read, current, text)
            if decided is None and current == intents.EMERGENCY and message.get(SAFETY_NET_FIRES) is False:
                # The classifier, trained on this project's own examples, hears an emergency that neither the
                # rules nor the learned net (trained and measured on writers it never saw) hear: the net outranks it.
                # What the classifier ranks next answers, or a question back when it is no surer of anything else.
                decided = _next_guess(message.get(INTENT_RANKING) or [])
            elif decided is None and current == intents.EMERGENCY:
                # The classifier hears an emergency the rules do not: never silently dropped. The question back
                # opens with the emergency number (actions/action_clarify.py).
                decided = intents.NLU_FALLBACK
                message.set(POSSIBLE_EMERGENCY, True, add_to_output=True)
            elif not read.urgency and message.get(SAFETY_NET_FIRES) and not (
                    question.urgency.said_to_be_nothing(text) and not message.get(SAFETY_NET_CRISIS)):
                # Only the learned safety net hears an emergency: the answer to what was asked, opening with the
                # emergency number (actions/delivery.py). A scare said to be long over, or nothing said to be
                # happening, in so many words, outweighs what the net alone hears; a crisis it hears never is.
                message.set(POSSIBLE_EMERGENCY, True, add_to_output=True)
                message.set(POSSIBLE_EMERGENCY_SURE, safety_net.sure_of_emergency(message.get(SAFETY_NET_PROBABILITY)),
                            add_to_output=True)
                message.set(QUESTION, dataclasses.replace(read, heard_by_net=True).as_dict(), add_to_output=True)
                # a crisis when the concepts say so, or the net's own reading of the kind does, unless the message
                # puts up an amount ("can I take all 15 in the morning?"): a dose asked, with the number first
                net_crisis = "crisis" if message.get(SAFETY_NET_CRISIS) and read.proposed is None else None
                if net_crisis and not safety_net.sure_of_crisis(message.get(SAFETY_NET_PROBABILITY)):
                    net_crisis = safety_net.POSSIBLE_CRISIS  # heard faintly: the crisis line first, then the answer
                leaning = (question.urgency.leaning(text, language) or (net_crisis or None)
                           or (question.urgency.STOPPED if question.urgency.leans_to_stopping(text, language) else None))
                message.set(POSSIBLE_EMERGENCY_KIND, leaning, add_to_output=True)
            if decided is None or decided == current:
                continue
            top = {INTENT_NAME_KEY: decided, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING) or [] if r.get(INTENT_NAME_KEY) != decided]
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING, [top] + ranking, add_to_output=True)
            message.set("question_decided", True, add_to_output=True)
        return messages


# The classifier's next guess, after an emergency the net overruled, is taken from this confidence up.
NEXT_GUESS_FROM = 0.3


def _next_guess(ranking: List[Dict[str, Any]]) -> str:
    guesses = [r for r in ranking if r.get(INTENT_NAME_KEY) not in (intents.EMERGENCY, intents.NLU_FALLBACK)]
    if guesses and (guesses[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= NEXT_GUESS_FROM:
        return guesses[0][INTENT_NAME_KEY]
    return intents.NLU_FALLBACK
