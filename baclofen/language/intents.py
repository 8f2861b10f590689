"""What is being asked, decided from the typed question where the rules are sure, before the intent classifier's
guess is used. Plain Python, no Rasa import; components/question_reader.py applies it.

Order: an emergency first (whatever else the message says); then a language the assistant does not answer in; a
unit conversion; a proposed dose to check; a medicine or symptom no list knows; a topic of the catalogue; a dose
question about someone named. Otherwise the classifier's intent stands (or, when it is unsure, the assistant asks).
"""
from __future__ import annotations

import re
from typing import Callable, Dict, Optional

from baclofen import knowledge
from baclofen.dosing import check
from baclofen.dosing.lookup import INTRATHECAL
from baclofen.language import function_words
from baclofen.language.question import PERMISSION, POINTS_BACK, Question
from baclofen.language.normalise import expand_abbreviations
from baclofen.language.urgency import normalise

EMERGENCY = "emergency"
OTHER_LANGUAGE = "other_language"
CONVERT_UNITS = "convert_units"
CHECK_DOSE = "check_dose"
ASK_TOPIC = "ask_topic"
ASK_DOSE = "ask_dose"
ASK_INTERACTION = "ask_interaction"
ASK_IS_SIDE_EFFECT = "ask_is_side_effect"
ASK_SIDE_EFFECTS = "ask_side_effects"
ASK_USES = "ask_uses"
ASK_WITHDRAWAL = "ask_withdrawal"
ASK_PRECAUTION = "ask_precaution"
ASK_DOSAGE_FORMS = "ask_dosage_forms"
INFORM = "inform"
ANOTHER_PERSON = "ask_dose_another_person"  # "and for her brother?" (actions/validate_dose_form.py)
NLU_FALLBACK = "nlu_fallback"
ANSWERED_LANGUAGES = ("en", "vi")  # any other is told, in its language if known, where to get help
SURE_ENOUGH = 0.3  # the classifier's confidence below which the assistant asks instead of guessing

# Topics whose whole answer is one of the dialogue's own questions.
_TOPIC_INTENTS = {"dose_overview": ASK_DOSE, "uses": ASK_USES, "side_effects": ASK_SIDE_EFFECTS,
                  "withdrawal": ASK_WITHDRAWAL}
_DOSE_TOPICS = {"starting_dose_titration", "maximum_dose", "children_dosing", "overdose_info", "dosing_schedule",
                "extra_dose", "pump_trial_dose"}
# Topics answered before the medicines a message names (see _topic_first).
_TOPICS_BEFORE_MEDICINES = {"compare_other_relaxants", "tablets_with_pump", "drug_test",
                            "controlled_prescription_status", "painkillers_with_baclofen"}
# Topics that stay the answer even when the message also asks "what dose": what to do about a dose taken, missed,
# vomited, crushed, or eaten by a pet is not the dose table.
_TOPICS_BEFORE_DOSE = {"missed_dose", "extra_dose", "crush_split_tablets", "pets_accidental", "child_vomits_dose",
                       "overdose_info", "take_with_food", "storage", "duration_wears_off", "how_long_to_work",
                       "half_life_in_system", "drug_test", "expiry", "travel"}
# Topics whose answer, for a named person, is that person's figures.
_PERSON_DOSE_TOPICS = {"overdose_info"}
# Intents whose answer is about the person's dose: the typed question's facts decide there.
_DOSE_INTENTS = {ASK_DOSE, INFORM}


def decide(question: Question, intent: Optional[str], text: str = "") -> Optional[str]:
    """The intent the typed question says for sure, or None to keep the classifier's (or its fallback). `text` is
    the message, for the few words that must back the classifier's guess of a whole section."""
    if question.urgency:
        return EMERGENCY
    if question.language not in ANSWERED_LANGUAGES:
        return OTHER_LANGUAGE
    if question.conversion_to:
        return CONVERT_UNITS
    if set(question.drugs) - {"alcohol"} and not question.with_baclofen:
        return None  # another medicine asked about on its own ("what is ibuprofen used for?"): not baclofen's
    if question.drugs == ("alcohol",) and not question.topic and not question.proposed:
        return ASK_INTERACTION  # "even just the one pint?": a drink asked about is a drink with baclofen
    if question.proposed and not question.drugs and not question.unknown_drug and _is_dose_check(question):
        return CHECK_DOSE
    if question.drugs and question.with_baclofen and (question.topic is None or not _topic_first(question.topic)
                                                      or _use_of_the_medicine(question)):
        return ASK_INTERACTION  # the medicines named, each against section 5 (the topic's answer follows)
    if question.unknown_drug and not question.topic:
        return ASK_INTERACTION
    if question.dose_asked and question.symptoms and not question.symptom_asked and question.has_person:
        return ASK_DOSE  # "how much is normal for boy 7 years? ... his mother is very tired": the dose asked
    if question.symptoms and question.symptom_as_use:
        return ASK_IS_SIDE_EFFECT  # "does it help ringing in the ears?": not a use, and listed as a side effect
    if question.unknown_symptom and (question.topic is None or _topic(question).get("symptom") is None):
        if question.topic is None or knowledge.topic(question.topic)["coverage"] == "covered":
            return ASK_IS_SIDE_EFFECT
    led = _first_question_leads(question)
    if led:
        return led
    if question.topic:
        return _topic_intent(question, intent, text)
    if question.route == INTRATHECAL and question.age_years is not None and not question.symptoms:
        return ASK_DOSE  # "what does the leaflet say about the spine injection for a child of 3?": that person's
        # intrathecal figures, or that the leaflet gives none at that age
    if question.symptoms and intent not in _DOSE_INTENTS and question.kind != PERMISSION:
        # a story of side effects is never "I only answer about baclofen": each symptom against section 3
        return ASK_IS_SIDE_EFFECT if intent in _NOT_ABOUT_BACLOFEN else None
    # a story tells ages and amounts in passing ("she's 83 and sharper than me"): only a dose asked is the dose's
    if question.has_person and (question.asks_dose or (question.dose_words and not question.story)):
        return ASK_DOSE
    if question.asks_dose and question.with_baclofen and not question.story and not question.symptoms:
        return ASK_DOSE  # "doctor say baclofen tablet. how much. start?": a dose asked, for someone not yet said
    if _person_facts(question, intent) and not question.symptoms and (
            _brief(text) or (not question.story and _asks_about_dosing(question, _readable(question, text)))):
        return INFORM  # "16 kg", "tablets", "sorry he's 7 not 4": a fact for the dose question, said or corrected
    if intent in _EVIDENCE and not _EVIDENCE[intent](question, _readable(question, text)):
        return NLU_FALLBACK  # the classifier names a whole section, but nothing in the message asks for it: ask
    if intent in _EVIDENCE and POINTS_BACK.search(_readable(question, text)) and not question.names_something_known:
        return NLU_FALLBACK  # "is that safe for him?" names nothing: what "that" is, the conversation says (the
        # follow-up policy), or a question back; not a whole section
    if intent == OUT_OF_SCOPE and not set(re.findall(r"[a-z]+", _readable(question, text))) - function_words.english():
        return NLU_FALLBACK  # "when": nothing said to answer, not "I only answer about baclofen"
    if intent in _NOT_ABOUT_BACLOFEN and _asks_about_the_medicine(question, _readable(question, text)):
        return NLU_FALLBACK  # "what special precautions should I follow?" is not small talk: ask which part
    return None


def _first_question_leads(question: Question) -> Optional[str]:
    """The answer to the message's first question, when that question names no catalogue topic of its own but a use,
    a medicine, a symptom or a dose, and the message's topic is only told or asked later ("I grow coffee ... what is
    it for?" is asked what baclofen is for; the coffee follows among the other concerns)."""
    if not question.asked_parts:
        return None
    first = question.asked_parts[0]
    if first.topics:
        return None
    if first.use and not first.drugs and not (first.symptoms and question.symptom_as_use):
        return ASK_USES  # "is baclofen for stroke stiffness?": the leaflet's uses, whether or not a topic is told
    if question.topic is None:
        return None
    if first.drugs and question.with_baclofen and not set(first.drugs) <= {"alcohol"}:
        return ASK_INTERACTION
    if (first.symptoms or first.areas) and not question.symptom_as_use:
        return ASK_IS_SIDE_EFFECT
    if (first.dose and (question.age_years is not None or question.population)
            and not _topic(question).get("precaution")):
        return ASK_DOSE  # a dose for someone whose age the message gives (never a question back for it first)
    return None


BRIEF_WORDS = 15  # a fact for the dose question is said briefly; a longer one with an age asks about a dose, or
# something else ("she's 86 ... is that normal?")


# A message that opens by pointing back at something said before ("is that ok for her?", "would those be safe?").


def _brief(text: str) -> bool:
    return len(text.split()) <= BRIEF_WORDS


def _readable(question: Question, text: str) -> str:
    """The message as the evidence words read it: normalised, and a Vietnamese one with its abbreviations out."""
    normalised = normalise(text)
    return expand_abbreviations(normalised) if question.language == "vi" else normalised


# The classifier's guesses that a message is not a question about baclofen at all (the help text, "I only answer
# about baclofen"); wrong when the message asks about the medicine in words no rule knows.
OUT_OF_SCOPE = "out_of_scope"
_NOT_ABOUT_BACLOFEN = {"help", OUT_OF_SCOPE}
_MEDICINE_SUBJECT = re.compile(r"\b(?:precautions?|side.?effects?|warnings?|dos(?:e|es|age|ing)|forms?|come (?:in|as)|"
                               r"interact\w*|mix\w*|withdraw\w*|how (?:to|do i|should i|have to i) (?:take|use(?! (?:you|this (?:bot|assistant|chat|service|app))))|"
                               r"watch (?:out )?for|avoid)\b")
_QUESTION = re.compile(r"\?|^(?:what|how|when|why|which|where|who|is|are|can|could|should|do|does|will|would)\b")


_MEDICINE_NAMED = re.compile(r"\b(?:baclofen|lioresal|(?:this|the|my|these|that) (?:medicines?|medications?|drugs?|"
                             r"tablets?|pills?|meds))\b")


def _asks_about_the_medicine(question: Question, normalised: str) -> bool:
    """A question that names the medicine in so many words ("this medication", not just "it") or asks about one of
    the leaflet's subjects; or a story that names the medicine (asked without a question mark: "I said I'd find out
    what the leaflet says")."""
    named = bool(_MEDICINE_NAMED.search(normalised))
    return (bool(_QUESTION.search(normalised)) and (named or bool(_MEDICINE_SUBJECT.search(normalised)))
            or (question.story and named))


# What a message must show before the classifier's guess of a whole-section answer is given (issue 15: unsure, ask;
# never paste the nearest section): something of the typed question, or one of a few words of the message's own.
def _words(pattern: str) -> Callable[[Question, str], bool]:
    compiled = re.compile(pattern)
    return lambda question, normalised: bool(compiled.search(normalised))


def _either(test: Callable[[Question], bool], pattern: str) -> Callable[[Question, str], bool]:
    words = _words(pattern)
    return lambda question, normalised: test(question) or words(question, normalised)


_SOMEONE_NAMED = re.compile(r"\b(?:brother|sister|son|daughter|child|kid|baby|boy|girl|twin|him|her|them|mum|mom|"
                            r"mother|dad|father|husband|wife|partner|friend|adult|grandma|grandpa|grand\w+|"
                            r"nan|uncle|aunt|cousin|niece|nephew|patient|other one|someone|somebody|"
                            r"anh|chi|em|con|be|chau|me|bo|ong|ba|chong|vo|ban|nguoi khac|"
                            r"dua kia|dua nho)\b")


def names_someone(normalised: str) -> bool:
    """Whether the message names a person ("and for her brother?"): a question about someone, not a follow-up."""
    return bool(_SOMEONE_NAMED.search(normalised))


_DOSE_ASKED_WORDS = (r"how (?:much|many|often)|times a day|\bstart|increase|titrat|\bmax|daily|per day|a day|"
                     r"bao nhieu|lieu|may lan|may vien|moi ngay|mot ngay|tang|toi da|bat dau|khoi dau")
_asks_about_dosing = _words(_DOSE_ASKED_WORDS)

_EVIDENCE: Dict[str, Callable[[Question, str], bool]] = {
    ASK_SIDE_EFFECTS: _either(lambda q: bool(q.symptoms), r"side.?effect|adverse|reaction|symptom|feel|make (?:you|me)|"
                                                          r"effects? (?:of|on)|bad for|harm|risks?|rare|common|ones\b|"
                                                          r"tac dung phu|tac dung khong mong muon|phan ung|"
                                                          r"trieu chung|cam thay|bi gi|"
                                                          r"anh huong|co hai|hay gap|hiem gap"),
    # "is that normal?" with no symptom named, nor a side effect asked about: not the whole list
    ASK_IS_SIDE_EFFECT: _either(lambda q: bool(q.symptoms or q.unknown_symptom),
                                r"side.?effect|adverse|reaction|symptom|feel|make (?:you|me)|effects?\b|affects?\b|"
                                r"cause|normal|listed|supposed to|since (?:i|he|she|they|we) (?:started|began)|"
                                r"\bknown\b|a (?:known )?thing\?|from (?:it|them|the (?:tablets?|pills?|medicine)|"
                                r"baclofen)\b|because of (?:it|them|the|baclofen)|due to (?:it|the|baclofen)|"
                                r"since (?:the )?(?:baclofen|dose|it) went up|"
                                r"since (?:starting|taking)|(?:can|could|does|do|will|would) (?:baclofen|it|they|the "
                                r"(?:tablets?|pills?|medicine)) (?!\w+ (?:used|given|prescribed)\b)\w+|do to|tac dung phu|phan ung|trieu chung|"
                                r"cam thay|bi gi|co phai|co (?:lam|gay)|gay ra|lam cho|bi sao|la sao|sao (?:v|vay|the)\b|"
                                r"co sao|binh thuong|lien quan|anh huong|tac dung|do thuoc|tai thuoc|vi thuoc"),
    # a group the leaflet has special words for ("Mrs is 88, anything special for old people?") is evidence too
    ASK_PRECAUTION: _either(lambda q: bool(q.conditions) or q.population == "elderly",
                            r"precaution|warning|caution|careful|contraindicat|who "
                                                          r"(?:should|shouldn'?t|can'?t|cannot|must)|avoid|safe|risk|"
                                                          r"before (?:taking|starting)|suitable|allowed|tests?\b|"
                                                          r"patients|condition|than trong|luu y|chong chi dinh|khong nen|"
                                                          r"an toan|co thai|mang thai|cho con bu|lai xe|benh|"
                                                          r"nguoi gia|cao tuoi|nhung ai|duoc khong"),
    ASK_USES: _words(r"\bused?\b|\busing\b|treat|for what|what (?:is|does) (?:it|baclofen|this)|what'?s \w+ for|"
                     r"purpose|prescribed|help|good for|indicat|spastic|\bms\b|sclerosis|palsy|\bcp\b|spinal|"
                     r"why (?:do|would|are|is|does)|take (?:it|baclofen) for|relax|situations|doctors give|\bfor\??$|"
                     r"dung de|de lam gi|lam gi|chua|tri|cong dung|tac dung|benh gi|danh cho|xo cung|liet|"
                     r"tuy song|gian co|co cung|ke don|ke toa|chi dinh|truong hop nao"),
    ASK_DOSAGE_FORMS: _words(r"\bforms?\b|tablet|liquid|injection|pump|strength|come (?:in|as)|available|syrup|"
                             r"solution|intrathecal|shot|types?|kinds?|version|exist|only a|pill|"
                             r"dang|vien|tiem|bom|ham luong|loai|siro|nuoc|ong"),
    ASK_WITHDRAWAL: _words(r"stop|withdraw|quit|come off|coming off|taper|wean|without it|ran out|run out|no "
                           r"(?:tablets|pills|more) left|miss|ngung|ngung|bo thuoc|dung thuoc|cai|het thuoc|"
                           r"quen|giam dan|tu bo|khong uong nua|giam lieu|dot ngot|dung baclofen|"
                           r"bo baclofen|cai thuoc"),
    ASK_INTERACTION: _either(lambda q: bool(q.drugs or q.unknown_drug), r"interact|mix|together|combin|with (?:other|"
                                                                         r"another|my|any)|alongside|drink|alcohol|"
                                                                         r"medicines?|medications?|drugs?|pills?|tuong tac|"
                                                                         r"chung voi|cung voi|cung luc|ruou|bia|"
                                                                         r"thuoc khac|ket hop|voi thuoc|thuoc ngu|"
                                                                         r"an than|giam dau|tram cam|huyet ap|"
                                                                         r"dang uong|dang dung"),
    # "what about my hospital number?" is not a second person: someone must be named
    ANOTHER_PERSON: _either(lambda q: q.has_person or q.another_person or q.population is not None,
                            _SOMEONE_NAMED.pattern),
    ASK_DOSE: _either(lambda q: q.has_person or q.dose_words or q.asks_dose or bool(q.proposed), _DOSE_ASKED_WORDS),
}


def _topic(question: Question) -> dict:
    return knowledge.topic(question.topic) if question.topic else {}


def _person_facts(question: Question, intent: Optional[str]) -> bool:
    """An age, a weight or "adult" said; a route alone only as a short answer ("tablets"), since "does it come as an
    injection?" names a route too."""
    if question.route is not None and ((question.short and not question.choice) or intent in (INFORM, NLU_FALLBACK,
                                                                                              None)):
        return True
    return (question.age_years is not None or question.weight_kg is not None or question.bare_number is not None
            or (question.population is not None and not question.self_assumed))


def _topic_first(topic_id: str) -> bool:
    """Topics answered before any medicine the message names: a use the leaflet does not list, a comparison, the
    tablets once the pump starts. Otherwise the medicines come first and the topic's answer follows."""
    entry = knowledge.topic(topic_id)
    return bool(entry.get("unlisted_use")) or topic_id in _TOPICS_BEFORE_MEDICINES


def _use_of_the_medicine(question: Question) -> bool:
    """A use the leaflet does not list, said beside another medicine ("my Norco for back pain with baclofen", "on
    Elavil for nerve pain, is baclofen ok"): the symptom that medicine treats, so the question is the interaction.
    With no medicine but alcohol named ("baclofen for alcohol cravings") the unlisted use stays the answer."""
    return bool(_topic(question).get("unlisted_use")) and bool(set(question.drugs) - {"alcohol"})


def _is_dose_check(question: Question) -> bool:
    if (question.topic and question.topic not in _DOSE_TOPICS and not _topic(question).get("precaution")
            and not _above_every_limit(question)):
        return False  # a proposed amount inside another question ("missed my 10 mg dose"); a precaution stays
    if question.reported and question.kind != PERMISSION and not _above_every_limit(question):
        return False  # "I took 5 mg this morning, when is the next one?": told, not proposed
    if (question.prescribed and question.asks_dose and not question.proposal_words and question.kind != PERMISSION
            and not _above_every_limit(question)):
        return False  # "my neurologist started it at 5 mg ... what is the daily ceiling?": the figures asked, not the
        # dose they were given checked ("I take 30 mg three times, how much room do I have left?" is checked)
    if (question.on_a_dose and question.topic and _topic(question).get("precaution") and not question.asks_dose
            and not question.proposal_words and not question.proposes_change and not _above_every_limit(question)):
        return False  # "I'm on 10 mg three times a day, can I drive?": the dose they are on; driving is asked
    # An amount merely mentioned ("the 40 mg he takes daily is going where?") is not put up for checking.
    return (question.kind == PERMISSION or question.has_person or question.proposed.per_kg
            or question.proposal_words or _above_every_limit(question))


def _above_every_limit(question: Question) -> bool:
    """An amount a day by mouth above the highest figure the leaflet gives anyone (the adult ceiling): it is checked
    whatever else the message asks ("the doctor says 120 mg a day for my back spasms, is that right?")."""
    proposed = question.proposed
    if proposed is None or proposed.unit != "mg" or proposed.per_kg or question.route == "intrathecal":
        return False
    # at least this much a day, however it is read: "140 mg" alone is above the ceiling as a day's or a dose's amount
    return check.above_every_ceiling(proposed.value * (proposed.times_a_day or 1))


_NAMES_DOSE = re.compile(r"\b(?:dos(?:e|es|age|ing)|lieu)\b")


def _topic_intent(question: Question, intent: Optional[str], text: str = "") -> str:
    entry = _topic(question)
    whole = entry.get("compose")
    if whole in _TOPIC_INTENTS and entry["coverage"] == "covered":
        mapped = _TOPIC_INTENTS[whole]
        if mapped == ASK_SIDE_EFFECTS and question.symptoms:
            return ASK_IS_SIDE_EFFECT  # "does it make you sleepy?": that symptom, not the whole list
        return mapped
    if question.symptoms and (entry.get("side_effects") or entry.get("symptom")):
        return ASK_IS_SIDE_EFFECT  # "blurry vision since starting it": is that symptom listed, and how often
    if question.topic in _PERSON_DOSE_TOPICS and question.has_person:
        return ASK_DOSE  # "how much is too much for my 5 year old?": that person's figures
    if entry.get("precaution") and (question.asks_dose or (question.proposed is not None and not question.reported
                                                           and not question.on_a_dose)
                                    or (not question.story and _NAMES_DOSE.search(_readable(question, text)))):
        return ASK_DOSE  # "I'm breastfeeding, what dose?": the dose, with that warning (not "give her the bottles", nor
        # the dose someone is on)
    if (question.asks_dose and question.has_person and not entry.get("unlisted_use")
            and question.topic not in _TOPICS_BEFORE_DOSE):
        return ASK_DOSE  # "my pump refill is next week, what's the adult maintenance dose?"
    if entry.get("interaction") and question.drugs:
        return ASK_INTERACTION  # the medicines named, each against section 5
    if entry.get("precaution") and entry["coverage"] == "covered" and not question.other_topics:
        return ASK_PRECAUTION  # "is it ok during pregnancy?": the leaflet's precaution for it
    return ASK_TOPIC


# The answers the older intents name, given by a catalogue topic's own answer (knowledge/topics.yml `compose`).
_COMPOSED_AS = {"withdrawal": ASK_WITHDRAWAL, "uses": ASK_USES, "side_effects": ASK_SIDE_EFFECTS,
                "dose_overview": ASK_DOSE, "dosage_forms": ASK_DOSAGE_FORMS, "intrathecal_adult": ASK_DOSE,
                "interaction_overview": ASK_INTERACTION}


def as_labelled(gold: str, parse: dict) -> str:
    """For measuring against intent labels that predate the rules' newer intents: the predicted intent, or `gold`
    when the newer intent gives gold's answer (a catalogue topic answered with its precaution, its medicine, its
    side effects or one of the dialogue's whole answers; a proposed dose checked for a labelled dose question)."""
    predicted = (parse.get("intent") or {}).get("name")
    topic = (parse.get("question") or {}).get("topic")
    if predicted == ASK_TOPIC and topic:
        entry = knowledge.topic(topic)
        same = {_COMPOSED_AS.get(entry.get("compose"))}
        same |= {ASK_PRECAUTION} if entry.get("precaution") else set()
        same |= {ASK_INTERACTION} if entry.get("interaction") else set()
        same |= {ASK_IS_SIDE_EFFECT, ASK_SIDE_EFFECTS} if entry.get("side_effects") or entry.get("symptom") else set()
        return gold if gold in same else predicted
    if predicted == CHECK_DOSE and gold == ASK_DOSE:
        return gold
    return predicted
