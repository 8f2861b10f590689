"""Side effects said in people's own words (baclofen/language/symptoms.py, lexicon/symptoms_en.yml): every side
effect of the leaflet is recognised from everyday sentences, a mention said not to be there is not, and the same
words used for something else are not."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from baclofen import knowledge  # noqa: E402
from baclofen.language import rules  # noqa: E402
from baclofen.language.entities import extract  # noqa: E402
from baclofen.language.symptoms import load_lay_data, word_key  # noqa: E402


def symptoms(text: str):
    return [e["value"] for e in extract(text) if e["entity"] == "symptom"]


# Three sentences a patient or carer might write for each side effect, none of them a phrase of the lists verbatim.
SAID = {
    "confusion": ["my head is all muddled today", "he has terrible brain fog since the increase",
                  "I just can't think straight anymore"],
    "dizziness": ["the room keeps spinning when I stand", "I feel really woozy after my dose",
                  "my head is swimming all morning"],
    "lightheadedness": ["I nearly passed out in the shower", "felt like I was going to pass out",
                        "I get a head rush when I stand up"],
    "sleepiness": ["she's so dopey on it", "he keeps nodding off at school", "I can't keep my eyes open at work"],
    "insomnia": ["I've been lying awake for hours", "tossing and turning all night since starting",
                 "I'm barely sleeping at the moment"],
    "low muscle tone": ["my son has gone all limp", "she is like a rag doll since the new dose",
                        "his muscles are really slack"],
    "unsteadiness": ["I'm wobbly on my feet", "mum keeps falling over", "I've been losing my balance a lot"],
    "fatigue": ["I'm completely worn out", "absolutely knackered all week", "I have no energy at all lately"],
    "headache": ["I've been headachey since Monday", "my head has been pounding", "my head really hurts"],
    "muscle pain": ["my muscles ache", "I'm aching all over", "my legs are aching after each dose"],
    "muscle weakness": ["my arms feel weaker", "my legs are like jelly", "my legs keep giving way"],
    "constipation": ["I'm totally bunged up", "I haven't pooed in four days", "I'm straining on the toilet"],
    "passing a lot of urine": ["I'm weeing constantly", "I'm peeing all the time now",
                               "always running to the loo since I started it"],
    "shortness of breath": ["I get out of breath on the stairs", "I can't catch my breath",
                            "struggling to breathe at night"],
    "chest pain": ["there's a pain in my chest", "my chest feels really tight", "I have a tight chest"],
    "painful urination": ["it stings when I pee", "it hurts to wee", "it burns when I pee"],
    "blood in the urine": ["my pee looked pinkish", "I noticed blood in my wee", "my pee is a bit red"],
    "reduced ejaculation": ["I have trouble finishing in bed", "I can't ejaculate since starting it",
                            "I have much less semen"],
    "palpitations": ["my heart is thumping", "my heart keeps fluttering", "my heart has been skipping beats"],
    "waking at night to urinate": ["I'm up three times a night to pee", "I keep waking up to pee",
                                   "peeing at night a lot more"],
    "urinary retention": ["I'm struggling to pass water", "my pee won't come out", "I can't empty my bladder"],
    "withdrawal reaction when stopped suddenly": ["I think I have withdrawals", "he went cold turkey last week",
                                                  "I came off it too quickly"],
    "hallucinations": ["she's hearing voices", "he keeps hallucinating at night",
                       "I'm seeing bugs on the wall"],
    "low body temperature": ["I'm cold all the time", "I can't get warm", "I always feel cold now"],
    "euphoria": ["I feel on top of the world", "I feel weirdly high", "I'm high as a kite on it"],
    "ringing in the ears": ["I have ringing in both my ears", "my ears are buzzing", "my ear keeps ringing"],
    "depression": ["I've been feeling really low", "I feel so flat", "I'm down in the dumps since the increase"],
    "altered taste": ["food tastes like metal", "I've got a metallic taste", "everything tastes funny"],
    "dry mouth": ["my mouth is like sandpaper", "my mouth feels so dry", "I have a horrible cotton mouth"],
    "involuntary eye movements": ["his eyes are flicking side to side", "her eyes keep jerking",
                                  "my eyes won't stay still"],
    "visual disturbances": ["everything looks blurry", "I'm seeing double", "I can't see properly"],
    "increased sweating": ["I'm sweating buckets", "I get night sweats", "I'm drenched in sweat every morning"],
    "changes in blood sugar": ["my sugars have been all over the place", "my sugars are up and down",
                               "I keep having hypos"],
    "increased muscle spasticity": ["his spasms are getting worse", "she is stiffer than before",
                                    "my muscles feel a lot tighter"],
    "changes in liver function": ["his skin is going yellow", "the whites of her eyes are yellow",
                                  "my liver enzymes are high"],
}


def test_every_side_effect_of_the_leaflet_has_lay_sentences_here():
    names = {name for names in knowledge.side_effects_by_frequency().values() for name in names}
    assert set(SAID) == names
    assert all(len(set(sentences)) >= 3 for sentences in SAID.values())


@pytest.mark.parametrize("expected, text", [(name, text) for name, texts in SAID.items() for text in texts])
def test_a_side_effect_in_lay_words_is_recognised(expected, text):
    assert symptoms(text) == [expected]


def test_every_side_effect_has_five_to_fifteen_lay_phrases():
    lay = load_lay_data()["lay_words"]
    names = {name for names in knowledge.side_effects_by_frequency().values() for name in names}
    assert set(lay) == names
    assert {name: len(phrases) for name, phrases in lay.items() if not 5 <= len(set(phrases)) <= 15} == {}


def test_no_phrase_names_two_side_effects():
    ambiguous = {" ".join(keys): owners for keys, owners in rules.rules().symptoms.phrase_owners().items()
                 if len(set(owners)) > 1}
    assert ambiguous == {}


@pytest.mark.parametrize(
    "text",
    [
        "no headache",
        "I'm not dizzy",
        "I don't feel dizzy at all",
        "I haven't had any headaches",
        "never had ringing in my ears",
        "no dry mouth or headache",
        "he isn't having any trouble sleeping",
        "my mouth isn't dry",
    ],
)
def test_a_side_effect_said_not_to_be_there_is_not_recognised(text):
    assert symptoms(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("doesn't it make you drowsy?", ["sleepiness"]),  # a question's negator asks, it does not deny
        ("isn't dizziness common?", ["dizziness"]),
        ("does it not cause headaches?", ["headache"]),
        ("I can't stop peeing constantly", ["passing a lot of urine"]),  # "can't stop" is no negation
        ("not sure if it's dizziness", ["dizziness"]),
        ("no headache, but my ears are ringing", ["ringing in the ears"]),  # the negation ends with its clause
        ("I can't sleep", ["insomnia"]),  # a negator inside the phrase is the phrase
    ],
)
def test_a_negator_that_does_not_deny_keeps_the_side_effect(text, expected):
    assert symptoms(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my sugar intake",
        "I need to ring the pharmacy",
        "can I have a cold drink with it",
        "I have a cold all the time",
        "she is finishing school this year",
        "the tablets are weak",
        "my nose is bunged up",
        "is it on a high dose",
        "my blood pressure is a bit low",
        "I feel like a cold drink",
        "no energy drinks with it?",
    ],
)
def test_the_same_words_about_something_else_are_not_a_side_effect(text):
    assert symptoms(text) == []


@pytest.mark.parametrize(
    "forms",
    [("ringing", "rings", "ring"), ("ears", "ear"), ("weeing", "wee"), ("peeing", "pee"), ("aches", "aching", "ache"),
     ("buzzing", "buzz"), ("tastes", "tasting", "taste"), ("passing", "passed", "pass")],
)
def test_the_forms_of_a_word_read_alike(forms):
    assert len({word_key(form) for form in forms}) == 1


def test_we_is_not_wee():
    assert word_key("we") != word_key("weeing")


@pytest.mark.parametrize("text, symptom", [
    ("since the baclofen he sweatin like a sinner in church", "increased sweating"),  # the dropped g
    ("she's up peein three, four times a night now", "waking at night to urinate"),
    ("every so often my heart does this flutter thing", "palpitations"),
    ("at night he say he cold to the bone", "low body temperature"),
])
def test_stop_39_side_effects_in_speech_spellings(text, symptom):
    from baclofen.language import entities
    assert symptom in [e["value"] for e in entities.extract(text) if e["entity"] == "symptom"]


# ---------------------------------------------------------------- parts of the body told in other words (stop 40)

from baclofen import knowledge  # noqa: E402
from baclofen.language.entities import body_areas, extract  # noqa: E402
from baclofen.language.question import read  # noqa: E402


def test_every_side_effect_is_felt_in_one_part_of_the_body():
    named = [name for names in knowledge.side_effect_areas().values() for name in names]
    listed = [name for names in knowledge.side_effects_by_frequency().values() for name in names]
    assert sorted(named) == sorted(set(named)), "a side effect in two parts"
    # the withdrawal reaction is a stop's, felt everywhere: answered by the withdrawal answer, not by a part
    assert set(listed) - set(named) == {"withdrawal reaction when stopped suddenly"}
    assert set(named) <= set(listed)


@pytest.mark.parametrize("text, area", [
    ("I noticed his eyes do a strange flicking from side to side", "eyes"),
    ("the bobbins go blurry in front of me", "eyes"),
    ("he pee many many times, and at night he get up 4, 5 times", "urine"),
    ("tea tastes of tin now", "mouth"),
    ("my legs are like overcooked rice, soft, no power", "muscles"),
    ("since the tablets she's up all night, wide awake", "sleep"),
])
def test_a_part_of_the_body_told_in_other_words_is_found(text, area):
    assert area in [found for _, _, found in body_areas(text)]


@pytest.mark.parametrize("text", [
    "keep an eye on him tonight please",
    "No pain in the chest, I can breathe fine",
    "he has a chest infection and a cold",
    "is it a muscle relaxant?",
    "I know the leaflet by heart",
])
def test_the_same_words_about_something_else_are_no_part_of_the_body(text):
    assert body_areas(text) == []


def test_a_part_a_named_side_effect_covers_is_not_counted_again():
    text = "My ears are ringing and my mouth is dry, and the tea tastes of tin. Is it the tablets?"
    question = read(text, extract(text))
    assert set(question.symptoms) == {"ringing in the ears", "dry mouth"}
    assert question.body_areas == ("mouth",)  # the taste, beside the dry mouth; the ears are the ringing's
