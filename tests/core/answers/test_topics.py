"""The catalogue of topics people ask about (knowledge/topics.yml) and their answers (baclofen/answers/topics.py):
each topic sourced from public pages, marked covered / partly / not covered, answered without inventing anything."""
import re

import pytest
import yaml

from baclofen import knowledge
from baclofen.answers import topics as topic_answers
from baclofen.language import topics as topic_words
from baclofen.language.urgency import normalise
from baclofen.render.text import render

CATALOGUE = knowledge.topics()
IDS = [entry["id"] for entry in CATALOGUE]


def test_the_catalogue_has_at_least_forty_sourced_topics():
    assert len(CATALOGUE) >= 40
    assert len(set(IDS)) == len(IDS)
    for entry in CATALOGUE:
        assert entry["coverage"] in ("covered", "partly", "not_covered"), entry["id"]
        assert entry["sources"] and all(re.match(r"https?://\S+\.\S+", url) for url in entry["sources"]), entry["id"]


def test_every_topic_with_words_is_in_the_catalogue_and_most_have_words():
    with open(topic_words.WORDS_FILE, encoding="utf-8") as handle:
        worded = set(yaml.safe_load(handle)["topics"])
    assert worded <= set(IDS)
    assert len(worded) >= len(IDS) - 2  # a topic with no words can only be reached by the classifier


@pytest.mark.parametrize("topic_id", IDS)
def test_every_topic_has_an_answer_from_the_leaflet_or_says_it_has_none(topic_id):
    entry = knowledge.topic(topic_id)
    written = render(topic_answers.answer(topic_id))
    if entry["coverage"] == "not_covered" and not entry.get("symptom"):
        assert "does not mention" in written or "not among the uses the leaflet lists" in written
        assert "pharmacist" in written or "doctor" in written
    if entry["coverage"] == "partly" and not entry.get("interaction"):
        assert "does not answer this directly" in written
    if entry.get("unlisted_use"):
        assert "gives no dose for it" in written
        assert not re.search(r"\d\s*(?:mg|micrograms?)\b", written)  # no dose for a use the leaflet does not list
    leaflet_facts = [f for f in entry.get("facts", []) if knowledge.topic_facts()[f].get("basis") != "project"]
    if entry["coverage"] != "not_covered" or leaflet_facts or entry.get("unlisted_use"):
        assert "Source: baclofen leaflet, section" in written
    assert not written.lstrip().lower().startswith(("yes", "ok", "sure", "fine"))
    assert ".." not in written


def test_project_sentences_are_never_cited_as_the_leaflets():
    for fact_id, fact in knowledge.topic_facts().items():
        assert fact.get("basis") == "project" or "section" in fact, fact_id


@pytest.mark.parametrize("text, topic_id", [
    ("does baclofen show up on a drug test", "drug_test"),
    ("is baclofen an opiate?", "drug_class"),
    ("I forgot to take my dose last night", "missed_dose"),
    ("can I cut the tablets in half", "crush_split_tablets"),
    ("how long before it starts working", "how_long_to_work"),
    ("can baclofen help with hiccups", "hiccups"),
    ("what painkillers can I take with baclofen", "painkillers_with_baclofen"),
    ("can I still take my tablets now I have the pump", "tablets_with_pump"),
    ("how do I know the pump is working", "pump_working"),
    ("does my son need any blood tests while on it", "monitoring_tests"),
    ("can baclofen cause a stomach bleed", "gi_bleeding"),
    ("we ran out of his baclofen tablets", "withdrawal_symptoms"),
    ("what pregnancy category is baclofen", "pregnancy_category"),
    ("can it help with period cramps", "period_pain"),
    ("my dog ate one", "pets_accidental"),
    # the twins' afternoon dose forgotten in traffic, and a missed one made up with two at night
    ("if I forget their afternoon baclofen because of the traffic, what do I do", "missed_dose"),
    ("he missed the 2pm one so I gave him two at bedtime", "missed_dose"),
    ("how many weeks should baclofen take to show an effect?", "how_long_to_work"),
    ("the doctor said 15 mg a day, how do we split that over the day?", "dosing_schedule"),
    ("he rides his horse every morning to check the cattle, is that allowed?", "driving"),
    # tablets prescribed for another person, borrowed or given
    ("my wife's baclofen is 10 mg, can I take one of hers for my cramp?", "someone_elses_medicine"),
    ("can I borrow my husband's tablets until my prescription comes", "someone_elses_medicine"),
    ("my mother-in-law wants to try some of my baclofen for her back", "someone_elses_medicine"),
    ("my mate gave me some of his baclofen for my sore shoulder, can I take his ones?", "someone_elses_medicine"),
    ("missed a whole day of my tablets at the show, can I take three at once this morning to catch up?",
     "missed_dose"),
    ("how long till I know if it's working", "how_long_to_work"),
    ("can she keep giving the breast to the baby while she takes them? or will the milk carry it?", "breastfeeding"),
    ("is there a special rule in the leaflet for old men?", "elderly"),
    ("the injection kind, for which patients is that?", "pump_what_is_it"),
    # a medicine named by what it is for or what it does: the depressants of the nervous system
    ("seasick pills, for the ferry in a southwesterly. fine with baclofen?", "antihistamines"),
    ("I take travel sickness tablets on long coach trips, ok with baclofen?", "antihistamines"),
    ("is it ok to take a sedative with baclofen", "benzodiazepines"),
    # a stop from one day to the next, and whether a time is long enough to judge
    ("she wants to throw the tablets away tomorrow and be done", "withdrawal_symptoms"),
    ("can she simply stop from one day to the next?", "withdrawal_symptoms"),
    ("Is two months enough to judge?", "how_long_to_work"),
    ("how long should we give it before we decide", "how_long_to_work"),
    ("how do I know the baclofen is working?", "how_long_to_work"),
    ("can I just stop the baclofen while we are away at the farm?", "withdrawal_symptoms"),
    ("can my husband work the threshing machine while he is on baclofen?", "driving"),
    ("my nan takes some tablets that make her drowsy at night, can she have baclofen too?", "benzodiazepines"),
])
def test_words_people_use_find_their_topic(text, topic_id):
    assert topic_words.match(normalise(text)) == topic_id


@pytest.mark.parametrize("text", ["does it make you sleepy", "what's the dose for a 6 year old", "hello",
                                  "kava is not alcohol, it is our tradition", "I gave him one of his tablets at 8",
                                  "do I have to watch for any side effect",
                                  "here we all drink mate de coca for the altitude", "I drink a lot of green tea",
                                  "the leaflet gives doses for little children too. We are confused.",
                                  "will these tablets make me drowsy", "I get car sick on the way to work"])
def test_words_of_other_questions_find_no_stray_topic(text):
    assert topic_words.match(normalise(text)) not in ("sleep_aid", "children_dosing", "pets_accidental")


def test_a_group_the_leaflet_names_itself_is_named_plainly():
    assert render(topic_answers.answer("alcohol")).startswith("Caution: the leaflet names alcohol.")
    assert "benzodiazepines or sleeping pills are among them" in render(topic_answers.answer("benzodiazepines"))
