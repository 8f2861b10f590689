"""A short message that goes on from the answer before it: "surely one small glass would be alright?" after the
alcohol answer, "and if he doesn't respond at 100 micrograms?" after the pump's test dose, "correction - it's QDS,
so 40 mg/day. still fine?" after a dose check. Read alone, such a message names nothing, and got the side-effect
list or "I only answer about baclofen"; read with the question before it, it asks about the same thing. Plain
Python, no Rasa import: components/context_follow_up_policy.py and actions/question.py both ask it.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Optional

from baclofen.language import intents
from baclofen.language.question import Question
from baclofen.language.urgency import normalise

MAX_WORDS = 20  # longer, a message says what it asks about on its own
# The answers a follow-up may go on from: each answers a question that a follow-up can narrow or change. Not the
# emergency (its follow-ups are the context policy's), a question back, a refusal or the help text.
FOLLOWED_ANSWERS = frozenset({
    "action_answer_topic", "action_answer_interaction", "action_check_dose", "action_answer_withdrawal",
    "action_answer_precaution", "action_answer_is_side_effect", "action_answer_side_effects", "action_answer_uses",
    "action_answer_dosage_forms", "action_answer_dose",
})
_OPENER = re.compile(r"^\W*(?:and|but|so|or|what if|what about|how about|surely|still|even(?: if)?|sorry|wait|why|"
                     r"how come|"
                     r"correction|ok(?:ay)?|then|if|in that case|same|is that|does that|would that|will that|"
                     r"would it|is it still|can (?:i|he|she|we|they) still)\b")
_ASKS = re.compile(r"\b(?:what|how|when|why|which|is|are|can|could|should|would|will|does|do|if)\b")
_STILL = re.compile(r"\b(?:still (?:ok|okay|fine|alright|all right|safe|right|good|allowed)|(?:is|would) that "
                    r"(?:be )?(?:ok|okay|fine|alright|all right|safe|right|too much|too little)|that (?:ok|fine|alright))"
                    r"\W*$")


# "is 120 ok then?", "would 30 be too much?": a figure put to the answer before
_AMOUNT_JUDGED = re.compile(r"^\W*(?:is|would|will|can|could|what about|and)\b.{0,20}\b\d+(?:[.,]\d+)?\b.{0,20}\b(?:ok|okay|"
                            r"fine|alright|all right|safe|too much|too high|too many|allowed|right|normal)\b")


def goes_on(latest: Question, text: str) -> bool:
    """Whether `latest` (the message `text`) goes on from the question before: short, opening or ending as a
    follow-up does, and naming no topic, medicine, person or emergency of its own (those are read as new
    questions: "and for a 10 year old?" is the dose form's, "what about amitriptyline?" the interaction's)."""
    if latest.urgency or latest.topic or latest.drugs or latest.unknown_drug or latest.has_person:
        return False
    if latest.language not in ("en",) or not isinstance(text, str):
        return False
    normalised = normalise(text)
    if len(normalised.split()) > MAX_WORDS or (latest.follow_up and intents.names_someone(normalised)):
        return False  # "and for her brother?": a new person, the dose form's (intents.ANOTHER_PERSON)
    asks = "?" in normalised or latest.proposed is not None or bool(_ASKS.search(normalised))
    return bool(_STILL.search(normalised) or _AMOUNT_JUDGED.search(normalised)
                or (_OPENER.search(normalised) and asks))  # "ok thanks" asks nothing


def read_on(previous: Question, latest: Question) -> Question:
    """The question before, with what the follow-up says of its own put in: how it asks (a "can I" stays a
    caution), an amount, symptoms. One question, one answer: the story's other concerns were answered before."""
    return dataclasses.replace(
        previous, kind=latest.kind, urgency=None,
        proposed=latest.proposed if latest.proposed is not None else previous.proposed,
        proposal_words=latest.proposal_words or previous.proposal_words,
        symptoms=latest.symptoms or previous.symptoms,
        story=False, several_concerns=False, concerns=(), other_topics=(), unmatched=(), follow_up=True)


CHECK_DOSE_ANSWER = "action_check_dose"
# Answers about doses: a follow-up that puts an amount to them ("so 25 mg a day would be within that?") is checked.
_DOSE_ANSWERS = frozenset({"action_answer_dose", "action_check_dose", "action_answer_topic"})


def answer_for(answered_with: str, latest: Question) -> str:
    """The answer a follow-up gets: the one before it, or the dose check when it puts an amount to a dose answer."""
    return CHECK_DOSE_ANSWER if latest.proposed is not None and answered_with in _DOSE_ANSWERS else answered_with


def in_context(previous: Optional[Question], answered_with: Optional[str], latest: Question,
               text: str) -> Optional[Question]:
    """The question `latest` asks when read with the one before (answered by the action `answered_with`), or None
    when it is a question of its own."""
    if previous is None or answered_with not in FOLLOWED_ANSWERS or not goes_on(latest, text):
        return None
    if previous.follow_up and previous.topic is None and not previous.drugs and previous.proposed is None:
        return None  # the one before was a follow-up too, read alone here: no question to go on from
    return read_on(previous, latest)
