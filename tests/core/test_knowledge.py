"""The knowledge file against the leaflet: every figure, side effect and precaution, with its section."""
import re
from pathlib import Path

import pytest

from baclofen import knowledge

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_15e199bb8fcc8a63.txt"


def value_at(path):
    node = knowledge.monograph()
    for key in path.split("."):
        node = node[int(key) if isinstance(node, list) else key]
    return node


# (path in knowledge/baclofen.yml, value, words of the leaflet that state it, section)
FIGURES = [
    ("dosing.adult.oral.initial_mg_per_day", 15, "initial dose is 15mg/day", 2),
    ("dosing.adult.oral.doses_per_day", 3, "divided into 3 times", 2),
    ("dosing.adult.oral.max_mg_per_day.low", 80, "not exceed 80-100mg/day", 2),
    ("dosing.adult.oral.max_mg_per_day.high", 100, "not exceed 80-100mg/day", 2),
    ("dosing.adult.oral.review_after_weeks", 6, "after 6 weeks", 2),
    ("dosing.adult.intrathecal.screening_micrograms.low", 25, "25 to 50 micrograms", 2),
    ("dosing.adult.intrathecal.screening_micrograms.high", 50, "25 to 50 micrograms", 2),
    ("dosing.adult.intrathecal.screening_infusion_min_minutes", 1, "at least 1 minute", 2),
    ("dosing.adult.intrathecal.step_micrograms", 25, "increased by 25 micrograms", 2),
    ("dosing.adult.intrathecal.step_interval_min_hours", 24, "at least 24 hours", 2),
    ("dosing.adult.intrathecal.screening_ceiling_micrograms", 100, "up to 100 micrograms", 2),
    ("dosing.adult.intrathecal.response_window_hours.low", 4, "within 4 to 8 hours", 2),
    ("dosing.adult.intrathecal.response_window_hours.high", 8, "within 4 to 8 hours", 2),
    ("dosing.child.oral.initial_mg_per_kg_per_day", 0.3, "300 micrograms/kg/day", 2),
    ("dosing.child.oral.doses_per_day", 4, "divided into 4 oral doses", 2),
    ("dosing.child.oral.titration_interval_days", 3, "every 3 days", 2),
    ("dosing.child.oral.maintenance_mg_per_kg_per_day.low", 0.75, "750 micrograms/kg/day", 2),
    ("dosing.child.oral.maintenance_mg_per_kg_per_day.high", 2, "to 2 mg/kg/day", 2),
    ("dosing.child.oral.min_age_years", 1, "from 1 to 2 years old", 2),
    ("dosing.child.oral.age_bands.0.low_mg_per_day", 10, "1 to 2 years old: Take 10-20mg/day", 2),
    ("dosing.child.oral.age_bands.0.high_mg_per_day", 20, "1 to 2 years old: Take 10-20mg/day", 2),
    ("dosing.child.oral.age_bands.1.low_mg_per_day", 20, "2 to 6 years old: Take 20-30mg/day", 2),
    ("dosing.child.oral.age_bands.1.high_mg_per_day", 30, "2 to 6 years old: Take 20-30mg/day", 2),
    ("dosing.child.oral.age_bands.2.low_mg_per_day", 30, "6-8 years old: Take 30-40mg/day", 2),
    ("dosing.child.oral.age_bands.2.high_mg_per_day", 40, "6-8 years old: Take 30-40mg/day", 2),
    ("dosing.child.oral.age_bands.3.from_years", 8, "older than 8 years: Take up to 60mg/day", 2),
    ("dosing.child.oral.age_bands.3.high_mg_per_day", 60, "older than 8 years: Take up to 60mg/day", 2),
    ("dosing.child.oral.adult_dosing_above_age_years", 10, "over 10 years old can take the same dose as adults", 2),
    ("dosing.child.intrathecal.initial_micrograms", 25, "initial dose is 25 micrograms in children aged 4-18", 2),
    ("dosing.child.intrathecal.min_age_years", 4, "aged 4-18 years", 2),
    ("dosing.child.intrathecal.max_age_years", 18, "aged 4-18 years", 2),
    ("dosing.child.intrathecal.maintenance_micrograms_per_day.low", 24, "from 24 micrograms/day to 1.2mg/day", 2),
    ("dosing.child.intrathecal.maintenance_micrograms_per_day.high", 1200, "from 24 micrograms/day to 1.2mg/day", 2),
    ("dosing.child.intrathecal.maintenance_below_age_years", 12, "children under 12 years of age", 2),
    ("dosing.child.intrathecal.adult_maintenance_above_age_years", 12, "older than 12 years", 2),
]


@pytest.mark.parametrize("path, value, words, section", FIGURES, ids=[f[0] for f in FIGURES])
def test_every_figure_matches_the_leaflet(path, value, words, section):
    assert value_at(path) == value
    assert knowledge.monograph()["dosing"]["section"] == section


@pytest.mark.skipif(not SEED.exists(), reason="the leaflet is outside the repository (shared/seed)")
@pytest.mark.parametrize("path, value, words, section", FIGURES, ids=[f[0] for f in FIGURES])
def test_the_leaflet_says_it_in_that_section(path, value, words, section):
    text = SEED.read_text(encoding="utf-8")
    sections = re.split(r"\n(?=\d\. )", text)
    body = next(s for s in sections if s.startswith(f"{section}. "))
    assert words in body


# The leaflet's own terms, section 3, by frequency class.
LEAFLET_SIDE_EFFECTS = {
    "common": ["mental confusion", "dizziness", "lightheadedness", "somnolence", "insomnia", "hypotonia", "ataxia",
               "confusion", "fatigue", "headache", "muscle pain", "muscle weakness", "constipation", "polyuria"],
    "uncommon": ["shortness of breath", "chest pain", "dysuria", "hematuria", "decreased ejaculatory capacity",
                 "palpitations", "nocturia", "urinary retention", "withdrawal reaction"],
    "rare": ["hallucinations", "hypothermia", "euphoria", "tinnitus", "depression", "altered taste", "dry mouth",
             "nystagmus", "visual disturbances", "increased sweating", "altered blood glucose",
             "increased muscle spasticity", "changes in liver function"],
}


@pytest.mark.parametrize("frequency, term", [(f, t) for f, terms in LEAFLET_SIDE_EFFECTS.items() for t in terms])
def test_every_leaflet_side_effect_is_known_with_its_frequency(frequency, term):
    assert knowledge.side_effect_index()[term][1] == frequency


def test_no_side_effect_term_is_in_two_classes():
    seen = {}
    for frequency, names in knowledge.side_effects_by_frequency().items():
        for name in names:
            assert name not in seen, f"{name} in {seen.get(name)} and {frequency}"
            seen[name] = frequency


@pytest.mark.parametrize("topic, section", [
    ("pregnancy", 4), ("breastfeeding", 4), ("driving", 4), ("ulcer", 4), ("psychiatric", 4), ("children", 4),
    ("infection", 4), ("monitoring", 4), ("kidneys", 2), ("elderly", 2),
])
def test_precautions_carry_their_section(topic, section):
    assert knowledge.precautions()[topic]["section"] == section


def test_interaction_classes_cover_section_5():
    classes = {c["id"]: c["subsection"] for c in knowledge.monograph()["interactions"]["classes"]}
    assert classes == {"cns_depressant": "5.1", "alcohol": "5.2", "lithium": "5.1",
                       "tricyclic_antidepressant": "5.1", "kidney_impairing": "5.1"}
    assert set(knowledge.drug_classes()["classes"]) == set(classes)


def test_contradictions_are_recorded():
    ids = {c["id"] for c in knowledge.monograph()["contradictions"]}
    assert {"over_8_vs_over_10", "safety_under_12_and_under_4", "touching_age_bands", "intrathecal_at_12"} <= ids


def test_every_fact_names_a_known_section():
    data = knowledge.monograph()
    sections = set(data["sections"])
    for key in ("dosage_forms", "uses", "dosing", "side_effects", "withdrawal", "interactions"):
        assert data[key]["section"] in sections
    for item in data["precautions"] + data["contradictions"]:
        assert item["section"] in sections
