"""Interaction resolution: brand or misspelt name -> generic -> the leaflet's section 5 classes."""
import re

import pytest

from baclofen.answers import compose
from baclofen.render.text import render as written
from baclofen.interactions import interactions_for, resolve_generic


@pytest.mark.parametrize("typed, generic", [
    ("Advil", "ibuprofen"), ("Elavil", "amitriptyline"), ("Valium", "diazepam"), ("valium", "diazepam"),
    ("OxyContin", "oxycodone"), ("Neurontin", "gabapentin"), ("amitriptylin", "amitriptyline"),
    ("Tylenol", "acetaminophen"), ("beer", "alcohol"), ("wine", "alcohol"), ("lithium", "lithium"),
])
def test_names_resolve_to_generics(typed, generic):
    assert resolve_generic(typed) == generic


@pytest.mark.parametrize("typed, classes, subsections", [
    ("Valium", {"cns_depressant"}, {"5.1"}),
    ("lorazepam", {"cns_depressant"}, {"5.1"}),
    ("oxycodone", {"cns_depressant"}, {"5.1"}),
    ("zolpidem", {"cns_depressant"}, {"5.1"}),
    ("pregabalin", {"cns_depressant"}, {"5.1"}),
    ("diphenhydramine", {"cns_depressant"}, {"5.1"}),
    ("phenobarbital", {"cns_depressant"}, {"5.1"}),
    ("Elavil", {"cns_depressant", "tricyclic_antidepressant"}, {"5.1"}),
    ("nortriptyline", {"cns_depressant", "tricyclic_antidepressant"}, {"5.1"}),
    ("lithium", {"lithium"}, {"5.1"}),
    ("Advil", {"kidney_impairing"}, {"5.1"}),
    ("naproxen", {"kidney_impairing"}, {"5.1"}),
    ("gentamicin", {"kidney_impairing"}, {"5.1"}),
    ("vodka", {"alcohol"}, {"5.2"}),
    ("liqueur", {"alcohol"}, {"5.2"}),
    ("schnapps", {"alcohol"}, {"5.2"}),
    ("meclizine", {"cns_depressant"}, {"5.1"}),
    ("cinnarizine", {"cns_depressant"}, {"5.1"}),
])
def test_classes(typed, classes, subsections):
    found = interactions_for(typed)
    assert {c.id for c in found.classes} == classes
    assert {c.subsection for c in found.classes} == subsections


@pytest.mark.parametrize("typed", ["Tylenol", "sertraline", "metformin", "xyzzy"])
def test_unlisted_drugs_are_not_called_safe(typed):
    found = interactions_for(typed)
    assert not found.listed
    text = written(compose.interaction(found))
    assert "does not mention" in text and "among baclofen's interactions" in text
    assert "not proof that the combination is safe" in text
    assert "pharmacist" in text
    assert text.endswith("section 5 (Interactions).")


def test_interaction_answer_names_the_effect_and_subsection():
    text = written(compose.interaction(interactions_for("Advil")))
    assert "Advil (ibuprofen)" in text
    assert "cleared more slowly" in text
    assert "section 5.1 (Interactions)" in text


def test_alcohol_answer_cites_food_drug_subsection():
    assert "section 5.2" in written(compose.interaction(interactions_for("beer")))


def test_baclofen_itself_is_not_an_interaction():
    found = interactions_for("Lioresal")
    assert found.is_baclofen
    assert "baclofen itself" in written(compose.interaction(found))


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_name_raises(bad):
    with pytest.raises(ValueError):
        interactions_for(bad)


def test_every_class_member_gets_one_caution_and_its_group_named():
    """Each medicine of knowledge/drug_classes.yml: one "Caution:" first (never "Yes": a listed interaction is a
    warning, not permission; further groups "Also:"), every group it sits in named, and the leaflet's own class
    label said, so the reader sees why it interacts."""
    from baclofen import knowledge

    leaflet = {c["id"]: c for c in knowledge.monograph()["interactions"]["classes"]}
    for class_id, groups in knowledge.drug_classes()["classes"].items():
        for group, members in groups.items():
            for member in members:
                result = interactions_for(member)
                text = written(compose.interaction(result))
                claims = [line for line in text.splitlines() if line.startswith(("Caution:", "Also:"))]
                assert claims and claims[0].startswith("Caution:") and text.startswith("Caution:"), (member, text)
                assert "Yes" not in text, (member, text)
                assert all(line.startswith("Also:") for line in claims[1:]), (member, text)
                assert len(claims) == len(result.classes), (member, text)
                assert leaflet[class_id]["label"] in text, (member, class_id, text)
                if group != leaflet[class_id]["label"]:
                    assert f"is one of the {group}." in text, (member, group, text)


# ---------------------------------------------------------------------------------- combination products, by brand


def _answer_for(text):
    """What the interaction action answers for a message: each medicine extracted, checked against section 5."""
    from baclofen.language.entities import extract

    names = list(dict.fromkeys(e["value"] for e in extract(text) if e["entity"] == "drug"))
    return names, written(compose.combine([compose.interaction(interactions_for(name)) for name in names]))


@pytest.mark.parametrize("text, ingredients, warned", [
    ("can I take Norco with baclofen", ["hydrocodone", "acetaminophen"], ["hydrocodone is one of the opioids"]),
    ("is Percocet ok with baclofen", ["oxycodone", "acetaminophen"], ["oxycodone is one of the opioids"]),
    ("tylenol #3 and baclofen", ["codeine", "acetaminophen"], ["codeine is one of the opioids"]),
    ("Ultracet with baclofen", ["tramadol", "acetaminophen"], ["tramadol is one of the opioids"]),
    ("Limbitrol and baclofen", ["amitriptyline", "chlordiazepoxide"],
     ["amitriptyline is one of the tricyclic antidepressants", "chlordiazepoxide is one of the benzodiazepines"]),
    ("triavil with baclofen", ["amitriptyline", "perphenazine"], ["amitriptyline is one of the tricyclic"]),
])
def test_every_ingredient_of_a_brand_is_checked(text, ingredients, warned):
    names, text = _answer_for(text)
    assert names == ingredients
    assert text.startswith("Caution:") or "Caution:" in text
    for claim in warned:
        assert claim in text, text
    for name in ingredients:
        assert name in text, (name, text)
    assert "Yes" not in text


def test_amitriptyline_of_a_brand_is_both_a_depressant_and_a_tricyclic():
    classes = {c.id for c in interactions_for("amitriptyline").classes}
    assert classes == {"cns_depressant", "tricyclic_antidepressant"}


@pytest.mark.parametrize("text", ["Sinemet with baclofen", "can I take Madopar and baclofen",
                                  "stalevo with baclofen"])
def test_levodopa_brands_are_not_listed_and_never_called_safe(text):
    names, answer = _answer_for(text)
    assert "levodopa" in names
    assert "The leaflet does not mention levodopa among baclofen's interactions" in answer
    assert "not proof that the combination is safe" in answer and "pharmacist" in answer
    assert "Caution" not in answer  # none of its ingredients is in section 5
    said = answer.replace("not proof that the combination is safe", "")
    assert not re.search(r"\b(?:safe|no interaction|yes)\b", said, re.I), answer
