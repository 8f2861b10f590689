"""Behaviour of the rule-based entity extraction (baclofen/language/): what a message is read into.

Expectations are written as people would ("3 years", "35 lb", "25 micrograms"); `typed()` turns them into the
typed values the extractor gives (years, kilograms, {value, unit}), so each case states its meaning once."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Tuple

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from baclofen import knowledge  # noqa: E402
from baclofen.language import rules, short_answers  # noqa: E402
from baclofen.language.entities import extract  # noqa: E402
from baclofen.quantities import KG_PER_LB  # noqa: E402

_UNITS = {"years": ("age", 1), "months": ("age", 1 / 12), "kg": ("weight", 1), "lb": ("weight", KG_PER_LB)}


def typed(entity: str, written):
    """("age", "18 months") -> ("age", 1.5); ("age", "adult") -> ("population", "adult"); amounts -> dicts."""
    if entity == "age" and written in ("adult", "elderly"):
        return "population", written
    if isinstance(written, str) and entity in ("age", "weight", "amount"):
        number, unit = written.split()
        if entity == "amount":
            return "amount", {"value": float(number), "unit": unit}
        return _UNITS[unit][0], round(float(number) * _UNITS[unit][1], 6)
    return entity, written


def _rounded(value):
    return round(value, 6) if isinstance(value, float) else value


def pairs(text: str) -> List[Tuple[str, object]]:
    return [(e["entity"], _rounded(e["value"])) for e in extract(text)]


def expect(found: List[Tuple[str, object]]) -> List[Tuple[str, object]]:
    return [typed(entity, value) for entity, value in found]


def values(text: str, entity: str) -> List[object]:
    wanted = {"age": ("age", "population")}.get(entity, (entity,))
    return [_rounded(e["value"]) for e in extract(text) if e["entity"] in wanted]


def expect_values(entity: str, written: List[object]) -> List[object]:
    return [typed(entity, value)[1] for value in written]


def form_answer(text, slot: str):
    """What the dose form's slot takes from this message as an answer to its question (domain.yml mappings):
    age_years from an age or a bare number (or the population said instead), weight_kg from a weight, route
    from one route named (two named: none)."""
    found = extract(text) if isinstance(text, str) else []
    found = found + short_answers.short_answer_entities(text, found)
    kinds = {"age": ("age", "number", "population"), "weight": ("weight",), "route": ("route",)}[slot]
    chosen = [e["value"] for e in found if e["entity"] in kinds]
    if slot == "route":
        return chosen[0] if len(set(chosen)) == 1 else None
    return _rounded(chosen[0]) if chosen else None


# ---------------------------------------------------------------------------------------------------- age


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my son is 3 years old", "3 years"),
        ("she is 2.5 years", "2.5 years"),
        ("two and a half year old", "2.5 years"),
        ("two-and-a-half years old", "2.5 years"),
        ("a year and a half", "1.5 years"),
        ("18 months old", "18 months"),
        ("eighteen months", "18 months"),
        ("1.5 yrs", "1.5 years"),
        ("3yo", "3 years"),
        ("a 3-year-old girl", "3 years"),
        ("3 y/o boy", "3 years"),
        ("my 8yo.", "8 years"),
        ("aged 6", "6 years"),
        ("a toddler of 2", "2 years"),
        ("18mo", "18 months"),
        ("18-month-old", "18 months"),
        ("6 weeks old", "1.4 months"),  # 6 * 12 / 52 = 1.38 -> 1.4
        ("2 years and 6 months old", "2.5 years"),
        ("twenty-one year old", "21 years"),
        ("a year old", "1 years"),
        ("my daughter is 4 and weighs 16 kg", "4 years"),
        ("I'm 70", "70 years"),
        ("my little bro is 9 and on the tablets", "9 years"),
        ("my ông nội (grandad) is 81", "81 years"),
        ("hi my em trai (little bro) is 7 and just started it", "7 years"),
        ("adult dose please", "adult"),
        ("what is the dose for adults", "adult"),
        ("elderly patients", "elderly"),
        ("can old people take it", "elderly"),
        ("older people", "elderly"),
        ("seniors", "elderly"),
        ("geriatric use", "elderly"),
    ],
)
def test_age_normalised(text, expected):
    assert values(text, "age") == expect_values("age", [expected])


@pytest.mark.parametrize(
    "text",
    [
        "my husband",
        "he is a grown-up",
        "I've been taking it for 3 years",  # a duration, not an age
        "3 years ago",
        "no benefit after 6 weeks",
        "he is 4 foot tall",
        "5 mg three times a day",
        "2-3 years old",  # a range is not one age
        "4 or 5 years",
        "18 to 24 months",
        "I'm at 5 weeks on 20 mg three times a day",  # how long on treatment
        "she is in year 10 at school",  # a school year
    ],
)
def test_not_an_age(text):
    assert values(text, "age") == []


# ---------------------------------------------------------------------------------------------------- weight, amount


@pytest.mark.parametrize(
    "text, expected",
    [
        ("he weighs 14 kg", "14 kg"),
        ("14kg", "14 kg"),
        ("16.5 kgs", "16.5 kg"),
        ("weighs 16 kilos", "16 kg"),
        ("sixteen kilograms", "16 kg"),
        ("35 lb", "35 lb"),
        ("35lbs", "35 lb"),
        ("thirty pounds", "30 lb"),
    ],
)
def test_weight_normalised(text, expected):
    assert values(text, "weight") == expect_values("weight", [expected])


@pytest.mark.parametrize("text", ["7 lb 8 oz", "weighs 16", "0.3 mg/kg"])
def test_unsupported_or_unitless_weights_are_left_out(text):
    assert values(text, "weight") == []


@pytest.mark.parametrize("text, kg", [
    ("she weighs 6 stone", 38.1), ("9 stone 4 lb", 58.97), ("9 stone 4", 58.97), ("9st 4lb", 58.97),
    ("son 12, 9 stone 4, max dose?", 58.97), ("a baby of 3500 g", 3.5), ("800 grams", 0.8),
])
def test_stones_and_grams_are_read_whole(text, kg):
    assert values(text, "weight") == [pytest.approx(kg, abs=0.01)]


@pytest.mark.parametrize("text, age", [
    ("2 years 10 months, 14 kg", 2.83), ("1 yr 6 mo", 1.5), ("two years six months", 2.5), ("he's 7 not 4", 7),
    ("my daughter is 5, not 6", 5), ("son 12, 9 stone 4", 12), ("hes 7", 7),
])
def test_compound_ages_and_corrections_are_read_whole(text, age):
    assert values(text, "age") == [pytest.approx(age, abs=0.01)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25 micrograms", "25 micrograms"),
        ("25mcg at a time", "25 micrograms"),
        ("50 µg", "50 micrograms"),
        ("100 ug", "100 micrograms"),
        ("1.2 mg", "1.2 mg"),
        ("5 milligrams", "5 mg"),
        ("ten mg", "10 mg"),
    ],
)
def test_amount_normalised(text, expected):
    assert pairs(text) == expect([("amount", expected)])


def test_negative_numbers_stay_negative_so_the_dose_lookup_can_refuse_them():
    assert pairs("-3 years") == expect([("age", "-3 years")])
    assert pairs("-5 kg") == expect([("weight", "-5 kg")])
    assert form_answer("-3", "age") == -3


def test_amount_per_body_weight_is_an_amount_per_kg_not_a_weight():
    assert pairs("0.3 mg/kg/day") == [("amount", {"value": 0.3, "unit": "mg", "per_kg": True})]
    assert pairs("2 mg per kg") == [("amount", {"value": 2.0, "unit": "mg", "per_kg": True})]


def test_amount_is_not_weight_or_age():
    assert pairs("5 mg for a 14 kg child aged 3") == expect([
        ("amount", "5 mg"),
        ("weight", "14 kg"),
        ("topic", "children"),
        ("age", "3 years"),
    ])


# ---------------------------------------------------------------------------------------------------- route, origin


@pytest.mark.parametrize(
    "text, expected",
    [
        ("by mouth", ["oral"]),
        ("she takes tablets", ["oral"]),
        ("orally", ["oral"]),
        ("intrathecal", ["intrathecal"]),
        ("via the pump", ["intrathecal"]),
        ("a spinal injection", ["intrathecal"]),
        ("injection into the spine", ["intrathecal"]),
        ("25 mcg test dose via IT", ["intrathecal", "intrathecal"]),
        ("oral or IT?", ["oral", "intrathecal"]),
    ],
)
def test_route(text, expected):
    assert values(text, "route") == expected


@pytest.mark.parametrize("text", ["is IT safe", "IS IT SAFE TO TAKE", "I work in IT", "is it safe", "what about sleeping pills"])
def test_it_and_pills_do_not_make_a_route(text):
    assert values(text, "route") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my child has cp", "cerebral"),
        ("cerebral palsy", "cerebral"),
        ("after a brain injury", "cerebral"),
        ("my wife has MS", "spinal"),
        ("she has ms", "spinal"),
        ("multiple sclerosis", "spinal"),
        ("spinal cord injury", "spinal"),
    ],
)
def test_origin(text, expected):
    assert values(text, "origin") == [expected]


def test_ms_title_is_not_multiple_sclerosis():
    assert values("Ms Smith asked about the dose", "origin") == []


# ---------------------------------------------------------------------------------------------------- drugs


@pytest.mark.parametrize(
    "text, expected",
    [
        ("can I take it with Advil", ["ibuprofen"]),
        ("I take elavil and valium", ["amitriptyline", "diazepam"]),
        ("and Xanax?", ["alprazolam"]),
        ("what about lithium carbonate", ["lithium carbonate"]),
        ("with marijuana", ["cannabis"]),
        # typos
        ("with vallium", ["diazepam"]),
        ("ibuprofin", ["ibuprofen"]),
        ("nurofin", ["ibuprofen"]),
        ("amitryptiline", ["amitriptyline"]),
        ("diazapam", ["diazepam"]),
        ("codiene", ["codeine"]),
        ("ambein", ["zolpidem"]),
        ("is lithum ok with it", ["lithium"]),
        ("I'm on lithuim", ["lithium"]),
        ("can I take sertaline with baclofen", ["sertraline"]),  # beyond the interaction medicines: any generic
        ("my setraline", ["sertraline"]),
        ("fluoxitine and baclofen", ["fluoxetine"]),
        # two letters swapped across the middle of the name (the old pigeonhole index missed these)
        ("zolipdem", ["zolpidem"]),
        ("iburpofen", ["ibuprofen"]),
        ("traozdone", ["trazodone"]),
        ("olaznapin", ["olanzapine"]),
        # alcohol
        ("can I have a beer", ["alcohol"]),
        ("is it ok with wine", ["alcohol"]),
        ("and alchohol?", ["alcohol"]),
        ("a vodka now and then", ["alcohol"]),
        ("I drink beer", ["alcohol", "alcohol"]),  # both words are alcohol words
        # a drink named by what it is, or what it is made of: no alcohol
        ("the men drink kava on Fridays, is that ok", []),
        ("can I stir it into his hot rice drink", []),
        ("she has a ginger drink every morning", []),
        # two real words are no medicine typed in two pieces ("rice porridge" is no rimeporide)
        ("he eats rice porridge with it", []),
    ],
)
def test_drugs_resolve_to_generic_names(text, expected):
    assert values(text, "drug") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # brands the dictionary does not know (knowledge/combination_brands.yml)
        ("can I take my Norco with baclofen", ["hydrocodone", "acetaminophen"]),
        ("vicodin", ["hydrocodone", "acetaminophen"]),
        ("Lortab and baclofen", ["hydrocodone", "acetaminophen"]),
        ("zydone", ["hydrocodone", "acetaminophen"]),
        ("percocet after surgery", ["oxycodone", "acetaminophen"]),
        ("percoset", ["oxycodone", "acetaminophen"]),  # a typo of a brand: still every ingredient
        ("Tylenol #3", ["codeine", "acetaminophen"]),
        ("tylenol no. 3", ["codeine", "acetaminophen"]),
        ("Tylenol with codeine", ["codeine", "acetaminophen"]),
        ("co-codamol 30/500", ["codeine", "acetaminophen"]),
        ("Sinemet", ["carbidopa", "levodopa"]),
        ("stalevo", ["carbidopa", "levodopa", "entacapone"]),
        ("Madopar", ["levodopa", "benserazide"]),
        ("ultracet", ["tramadol", "acetaminophen"]),
        # a brand of one medicine the dictionary lacks, as the box is named in India and Norway
        ("Licab 300 at night", ["lithium"]),
        ("Tryptomer 25", ["amitriptyline"]),
        ("Ibux 400 two times", ["ibuprofen"]),
        ("she takes Orfidal every night to sleep", ["lorazepam"]),
        # the dictionary's own combination names, split into medicines it knows
        ("Limbitrol", ["amitriptyline", "chlordiazepoxide"]),
        ("triavil", ["amitriptyline", "perphenazine"]),
        ("Etrafon", ["amitriptyline", "perphenazine"]),
        ("Rytary", ["levodopa", "carbidopa"]),
        ("fioricet", ["butalbital", "acetaminophen"]),
        # a single medicine stays one
        ("Tylenol", ["acetaminophen"]),
        ("Elavil", ["amitriptyline"]),
    ],
)
def test_combination_brands_give_every_ingredient(text, expected):
    found = [e for e in extract(text) if e["entity"] == "drug"]
    assert [e["value"] for e in found] == expected
    assert len({(e["start"], e["end"]) for e in found}) == 1  # one name, one span: each ingredient on it


@pytest.mark.parametrize("text, expected", [
    ("tylenol 3 times a day", ["acetaminophen"]),
    ("tylenol 3x a day", ["acetaminophen"]),
    ("Tylenol 3 two times a day", ["codeine", "acetaminophen"]),
    ("is tylenol 3 a problem with baclofen", ["codeine", "acetaminophen"]),  # unsure: the codeine is checked
    ("tylenol 3 every 4 hours", ["codeine", "acetaminophen"]),
    ("tylenol 3 with baclofen for my back", ["codeine", "acetaminophen"]),
    ("I take tylenol 4", ["codeine", "acetaminophen"]),
])
def test_a_number_after_a_brand_is_its_name_unless_a_count(text, expected):
    assert values(text, "drug") == expected


def test_a_combination_name_splits_only_into_known_medicines():
    index = rules.rules()
    assert index.ingredients("amitriptyline/perphenazine") == ("amitriptyline", "perphenazine")
    assert index.ingredients("levodopa and carbidopa") == ("levodopa", "carbidopa")
    assert index.ingredients("cancer/testis antigen 1") == ("cancer/testis antigen 1",)  # not medicines: kept whole
    assert index.ingredients("sertraline") == ("sertraline",)


def test_every_combination_brand_resolves_to_its_listed_ingredients():
    """knowledge/combination_brands.yml: each ingredient is a medicine the dictionary knows under that very name
    (so its interaction answer finds it), and each brand name, typed alone, gives exactly its ingredients."""
    from baclofen.interactions import resolve_generic

    data = knowledge.combination_brands()
    assert data["basis"] == "project"
    for group in data["brands"]:
        for ingredient in group["ingredients"]:
            assert resolve_generic(ingredient) == ingredient, ingredient
        for name in group["names"]:
            assert values(name, "drug") == group["ingredients"], name


@pytest.mark.parametrize(
    "text, expected",
    [
        ("baclofen", []),
        ("Lioresal", []),
        ("gablofen pump", [("route", "intrathecal")]),
        ("lioresol", []),  # a typo of a baclofen brand is not typo-matched to another medicine
        ("baclophen", []),
        ("Ozobax", []),
        ("Lyvispah", []),
        ("baclofen with diazepam", [("drug", "diazepam")]),
    ],
)
def test_baclofen_itself_is_never_reported(text, expected):
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "can I drive",
        "is it safe",
        "my child has cp",
        "what are the side effects",
        "what is the generic name",  # 'generic' is one letter from a brand of oxazepam
        "are generics as good",  # 'generics' *is* a brand of oxazepam in the dictionary
        "is it still alive in the body",
        "what action does it have",
        "hello there, I have a question about my program of exercises",
        "can I drink water with it",  # not alcohol
        "drinking plenty of fluids",
        "with sedatives",  # a class, not one medicine: left to the dialogue
        "he is on a different prescription",
        # English words one edit from a medicine's generic name or brand (baclofen/language/drug_typos.yml)
        "is the effect reversible",
        "an intermediate dose",
        "a rush of adrenaline",
        "reversing the dose",
        "the buffet at the ward",
        "I was aspiring to walk again",
        "a heroic effort",
        "genetics",
    ],
)
def test_no_false_drug_positives(text):
    assert values(text, "drug") == []


def test_typo_index_rules():
    """The typo index alone (rapidfuzz's OSA distance): one edit under 10 letters, two from 10; a swap of two
    neighbouring letters is one edit; the first letter must match; as close to two medicines is no answer."""
    from baclofen.language.drug_names import FuzzyDrugIndex

    index = FuzzyDrugIndex({"lithium": "lithium", "sertraline": "sertraline", "diazepam": "diazepam",
                            "valium": "diazepam", "vallum": "other"})
    assert index.lookup("lithum") == "lithium"  # a letter missing
    assert index.lookup("lithuim") == "lithium"  # two letters swapped: one edit
    assert index.lookup("lihtuim") is None  # two edits under 10 letters
    assert index.lookup("setraline") == "sertraline"  # 9 letters, one edit
    assert index.lookup("sertralinne") == "sertraline"
    assert index.lookup("sertralnie") == "sertraline"  # 10 letters, a swap
    assert index.lookup("setralinne") == "sertraline"  # 10 letters, two edits
    assert index.lookup("ithium") is None  # the first letter must match
    assert index.lookup("dyazepam") == "diazepam"
    assert index.lookup("vallium") is None  # one edit from valium (diazepam) and from vallum (another): left alone
    assert index.lookup("xyzzyx") is None


def test_typo_lookups_are_cached():
    from baclofen.language.drug_names import FuzzyDrugIndex

    index = FuzzyDrugIndex({"lithium": "lithium"})
    index.lookup("lithum")
    index.lookup("lithum")
    assert index.lookup.cache_info().hits == 1


# ---------------------------------------------------------------------------------------------------- symptoms, frequency


@pytest.mark.parametrize(
    "text, expected",
    [
        ("does it cause drowsiness", ["sleepiness"]),
        ("I feel dizzy and tired all the time", ["dizziness", "sleepiness"]),
        ("I can't sleep", ["insomnia"]),
        ("light-headed", ["lightheadedness"]),
        ("my legs are floppy", ["low muscle tone"]),
        ("does it make you constipated", ["constipation"]),
        ("frequent urination", ["passing a lot of urine"]),
        ("seeing things", ["hallucinations"]),
        ("Ringing In The Ears", ["ringing in the ears"]),
    ],
)
def test_symptoms_with_everyday_words(text, expected):
    assert values(text, "symptom") == expected


def test_every_knowledge_side_effect_term_is_recognised():
    missing = [
        term for term, (canonical, _) in knowledge.side_effect_index().items() if values(term, "symptom") != [canonical]
    ]
    assert missing == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("is headache common", ["common"]),
        ("the most common ones", ["common"]),
        ("what are the uncommon ones", ["uncommon"]),
        ("less common side effects", ["uncommon"]),
        ("rare side effects", ["rare"]),
        ("is drowsiness common or rare", ["common", "rare"]),
        ("how often should I take it", []),
    ],
)
def test_frequency(text, expected):
    assert values(text, "frequency") == expected


# ---------------------------------------------------------------------------------------------------- topics


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm pregnant", "pregnancy"),
        ("we are expecting a baby", "pregnancy"),
        ("can I take it while breastfeeding", "breastfeeding"),
        ("breast feeding", "breastfeeding"),
        ("does it get into breast milk", "breastfeeding"),
        ("can I drive", "driving"),
        ("operate machinery", "driving"),
        ("I have kidney failure", "kidneys"),
        ("renal problems", "kidneys"),
        ("I have a stomach ulcer", "ulcer"),
        ("schizophrenia", "psychiatric"),
        ("do I need an EEG", "monitoring"),
        ("what about children", "children"),
        ("if I have an infection", "infection"),
        ("my mum is in a nursing home", "elderly"),
    ],
)
def test_topics(text, expected):
    assert values(text, "topic") == [expected]


def test_topics_are_precaution_ids():
    emitted = set(rules.rules().vocab["topic"])
    assert emitted <= set(knowledge.precautions())
    assert "alcohol_and_sedatives" not in emitted and "intrathecal_switch" not in emitted


# ---------------------------------------------------------------------------------------------------- spans


@pytest.mark.parametrize(
    "text",
    [
        "Can my 70 year old father take baclofen with his amitriptyline and a glass of wine?",
        "my daughter is two and a half, weighs 35lbs, has CP and gets drowsy on the tablets",
        "25mcg IT test dose for a 12-year-old with spinal cord injury; is headache less common?",
        "Is it safe when breast-feeding? I'm on Valium and drink beer.",
    ],
)
def test_offsets_point_into_the_text_and_do_not_overlap(text):
    entities = extract(text)
    assert entities
    previous_end = 0
    for entity in entities:
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert entity["start"] >= previous_end
        previous_end = entity["end"]


def test_longest_match_wins():
    assert pairs("less common") == [("frequency", "uncommon")]
    assert pairs("frequent urination") == [("symptom", "passing a lot of urine")]
    assert pairs("tired all the time") == [("symptom", "sleepiness")]
    assert [e["text"] for e in extract("a spinal cord injury")] == ["spinal cord injury"]


def test_full_sentence():
    text = "what is the dose for a 10 year old weighing 30kg by mouth with cerebral palsy"
    assert pairs(text) == expect([
        ("age", "10 years"),
        ("weight", "30 kg"),
        ("route", "oral"),
        ("origin", "cerebral"),
    ])


# ---------------------------------------------------------------------------------------------------- short answers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4", "4 years"),
        ("four", "4 years"),
        ("4.", "4 years"),
        ("he's 4", "4 years"),
        ("about four", "4 years"),
        ("two and a half", "2.5 years"),
        ("18 months", "18 months"),
        ("6 weeks", "1.4 months"),
        ("adult", "adult"),
        ("she's an adult", "adult"),
        ("elderly", "elderly"),
        ("my husband", None),
        ("grown-up", None),
        ("I don't know", None),
        ("4 or 5", None),
        ("16 kg", None),
        ("", None),
    ],
)
def test_age_answer(text, expected):
    assert form_answer(text, "age") == (None if expected is None else typed("age", expected)[1])


@pytest.mark.parametrize(
    "text, expected",
    [("16 kg", "16 kg"), ("16kg", "16 kg"), ("35 lb", "35 lb"), ("about 35 pounds", "35 lb"), ("16", None),
     ("7 lb 8 oz", None), ("", None)],
)
def test_weight_answer(text, expected):
    assert form_answer(text, "weight") == (None if expected is None else typed("weight", expected)[1])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("by mouth", "oral"),
        ("Tablets", "oral"),
        ("mouth", "oral"),
        ("intrathecal", "intrathecal"),
        ("the pump", "intrathecal"),
        ("IT", "intrathecal"),
        ("spine", "intrathecal"),
        ("it", None),
        ("tablets or the pump", None),  # both named: ask again
        ("not sure", None),
        ("", None),
    ],
)
def test_route_answer(text, expected):
    assert form_answer(text, "route") == expected


# ---------------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\n\t\x00", "😀🔥👍", "巴氯芬的副作用是什么？", "99999999 years", "３ years", "a" * 10_000, None, 42],
)
def test_bad_input_is_harmless(text):
    assert extract(text) == []
    assert form_answer(text, "age") is None
    assert form_answer(text, "weight") is None
    assert form_answer(text, "route") is None


def test_long_text_keeps_working():
    text = ("is it safe with ibuprofen for my 3 year old of 14 kg? " * 200)[:10_000]
    entities = extract(text)
    assert {(e["entity"], e["value"]) for e in entities} == set(expect([
        ("drug", "ibuprofen"),
        ("age", "3 years"),
        ("weight", "14 kg"),
    ]))
    assert all(text[e["start"] : e["end"]] == e["text"] for e in entities)


@pytest.mark.parametrize("text, age", [
    ("it has been a month and no improvement, my son is 9", 9.0),
    ("two months on it and no better, he is 40", 40.0),
    ("he has been taking it three weeks now, what is the max for a 12 year old", 12.0),
    ("after 6 weeks no change in my dad", None),
])
def test_durations_are_never_ages(text, age):
    ages = [e["value"] for e in extract(text) if e["entity"] == "age"]
    assert ages == ([age] if age is not None else [])


@pytest.mark.parametrize("text, age", [("my son is 3½", 3.5), ("she is 3 ½ years old", 3.5),
                                       ("2½ year old, 12 kg", 2.5)])
def test_a_half_written_as_a_fraction_sign(text, age):
    assert [e["value"] for e in extract(text) if e["entity"] == "age"] == [age]


def test_a_bare_age_in_brackets_beside_a_weight_is_read_and_a_school_year_is_not():
    text = "A Year 3 pupil (eight, 25 kg) is starting baclofen"
    assert values(text, "age") == [8.0]
    assert values(text, "weight") == [25.0]


@pytest.mark.parametrize("text, drug", [
    ("does baclofen go with my amitryptiline tablets?", "amitriptyline"),   # y for i, spelt by ear
    ("mum takes fenobarbital and baclofen", "phenobarbital"),                # f for ph
    ("he's on sertralline now", "sertraline"),                               # a doubled letter
])
def test_a_medicine_spelt_as_it_sounds_is_still_that_medicine(text, drug):
    assert drug in [e["value"] for e in extract(text) if e["entity"] == "drug"]


def test_everyday_long_words_are_not_read_as_medicines_by_their_sound():
    assert not [e for e in extract("my prescription and the program say physiotherapy") if e["entity"] == "drug"]


@pytest.mark.parametrize("text, age", [
    ("my daughter is 9 she has had spasms since birth", 9.0),   # dictated, no full stop after the age
    ("my granddaughter is 6 and a half and on the tablets", 6.5),
])
def test_an_age_said_of_a_relation_is_read_without_punctuation_and_with_its_half(text, age):
    assert [e["value"] for e in extract(text) if e["entity"] == "age"] == [age]


@pytest.mark.parametrize("text, alcohol", [
    ("is it ok to have a couple of pints at the weekend on baclofen?", True),
    ("can I have the odd pint with my mates?", True),
    ("can I have a pint of milk with my tablets?", False),
])
def test_a_pint_is_a_drink_unless_what_it_measures_is_named(text, alcohol):
    assert ("drug", "alcohol") in pairs(text) or not alcohol
    assert alcohol or ("drug", "alcohol") not in pairs(text)


@pytest.mark.parametrize("text, age", [
    ("me lad is 7, how much baclofen does he get a day?", 7.0),
    ("my lass is 4, how much baclofen?", 4.0),
])
def test_a_lad_or_a_lass_has_an_age(text, age):
    from baclofen.language import entities as extracted
    assert [e["value"] for e in extracted.extract(text, "en") if e["entity"] == "age"] == [age]


@pytest.mark.parametrize("text, age", [("My ma is 82, the doctor says start baclofen", 82.0),
                                       ("my papa is 79 and stiff after the stroke", 79.0)])
def test_a_parent_called_as_at_home_has_an_age(text, age):
    from baclofen.language import entities as extracted
    assert [e["value"] for e in extracted.extract(text, "en") if e["entity"] == "age"] == [age]


@pytest.mark.parametrize("text", ["Been married eleven years. Is that the tablets?", "together 20 years now, and he's on baclofen"])
def test_years_spent_in_a_state_are_no_age(text):
    from baclofen.language import entities as extracted
    assert not [e for e in extracted.extract(text, "en") if e["entity"] == "age"]


def test_a_time_and_a_road_surface_are_no_medicines():
    text = ("Mornin. I drive the van up the creek road at 10, gravel all the way. My girlfriend gave me a Gravol for "
            "the ferry.")
    drugs = [(e["value"], text[e["start"]:e["end"]]) for e in extract(text) if e["entity"] == "drug"]
    assert drugs == [("dimenhydrinate", "Gravol")]


@pytest.mark.parametrize("text, alcohol", [
    ("every morning she drinks coca tea in the field, can she still drink it?", False),  # "it" is the tea
    ("I like a beer after work, can I still drink it on baclofen?", True),
    ("Feni ok with baclofen men?", True),  # a Goan spirit, by its own name
])
def test_a_drink_pointed_back_to_is_the_drink_named_before(text, alcohol):
    assert any(e["entity"] == "drug" and e["value"] == "alcohol" for e in extract(text)) is alcohol


@pytest.mark.parametrize("text, weight", [
    ("three thousand kilos of petals for one kilo of oil, I am 76", None),  # a weight of something else
    ("my son is 20 kg, dose?", 20),
    ("16 kg of body weight", 16),
])
def test_a_weight_of_something_else_is_no_body_weight(text, weight):
    found = [e["value"] for e in extract(text) if e["entity"] == "weight"]
    assert found == ([weight] if weight else [])
