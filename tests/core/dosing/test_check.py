"""The dose check (baclofen/dosing/check.py) against the leaflet's section 2, value by value, at every band edge.

Expected figures are typed here from the leaflet itself: adults by mouth 15 mg a day to start (3 doses), not above
80-100 mg a day; children 0.3 mg/kg a day to start (4 doses), 0.75-2 mg/kg a day maintenance, by age 1-2 years
10-20, 2-6 years 20-30, 6-8 years 30-40, over 8 up to 60 mg a day; intrathecal test dose 25-50 micrograms raised
by 25 up to 100 micrograms; children 4-18 years 25 micrograms, maintenance 24 micrograms to 1.2 mg a day under 12.
"""
import pytest

from baclofen.dosing.check import ABOVE, BELOW, NEEDS_AGE, NO_FIGURE, WITHIN, ProposedDose, check, convert
from baclofen.dosing.lookup import INTRATHECAL, ORAL, DoseQuery
from baclofen.dosing.person import DoseInputError


def verdict(query, value, unit="mg", per="day", per_kg=False, times=None):
    return check(query, ProposedDose(value, unit, per, per_kg, times)).verdict


@pytest.mark.parametrize("value, expected", [
    (14.99, BELOW), (15, WITHIN), (79.99, WITHIN), (80, WITHIN), (80.01, WITHIN), (100, WITHIN), (100.01, ABOVE),
    (150, ABOVE),
])
def test_adult_by_mouth_a_day(value, expected):
    assert verdict(DoseQuery(ORAL, age_years=40), value) == expected
    assert verdict(DoseQuery(ORAL, age_group="adult"), value) == expected


def test_adult_at_the_maximum_says_it_must_not_go_higher():
    notes = [str(n) for n in check(DoseQuery(ORAL, age_years=40), ProposedDose(90, "mg", "day")).notes]
    assert any("at the leaflet's maximum (80-100 mg a day)" in n for n in notes)


@pytest.mark.parametrize("value, per, times, expected, worked", [
    (20, "dose", None, WITHIN, "20 mg at a time, 3 doses a day, is 60 mg a day"),
    (33.34, "dose", None, ABOVE, "100.02 mg a day"),
    (10, "dose", 3, WITHIN, "30 mg a day"),
    (25, "dose", 4, WITHIN, "100 mg a day"),
    (30, "dose", 4, ABOVE, "120 mg a day"),
])
def test_adult_per_dose_is_worked_out_a_day(value, per, times, expected, worked):
    result = check(DoseQuery(ORAL, age_years=40), ProposedDose(value, "mg", per, False, times))
    assert result.verdict == expected
    assert any(worked in str(n) for n in result.notes)


@pytest.mark.parametrize("age, top", [
    (1, 20), (1.5, 20), (2, 20), (2.01, 30), (4, 30), (6, 30), (6.01, 40), (8, 40), (8.01, 60), (10, 60), (10.01, 60),
    (12, 60), (17.99, 60),
])
def test_child_by_mouth_top_of_each_age_band(age, top):
    query = DoseQuery(ORAL, age_years=age)
    assert verdict(query, top) == WITHIN
    assert verdict(query, top + 0.01) == ABOVE


@pytest.mark.parametrize("age, bottom", [(1, 10), (2, 10), (2.01, 20), (6, 20), (6.01, 30), (8, 30)])
def test_child_by_mouth_without_weight_bottom_of_each_age_band(age, bottom):
    query = DoseQuery(ORAL, age_years=age)
    assert verdict(query, bottom) == WITHIN
    assert verdict(query, bottom - 0.01) == BELOW


def test_child_without_weight_is_told_the_start_depends_on_weight():
    notes = " ".join(str(n) for n in check(DoseQuery(ORAL, age_years=3), ProposedDose(15, "mg", "day")).notes)
    assert "0.3 mg per kg a day" in notes and "weight" in notes
    assert "not established in children under 12 years" in notes


@pytest.mark.parametrize("weight, start, top", [(14, 4.2, 28), (16, 4.8, 30), (10, 3, 20)])
def test_child_with_weight_start_and_the_lower_of_weight_and_band_tops(weight, start, top):
    query = DoseQuery(ORAL, age_years=3, weight_kg=weight)
    assert verdict(query, start) == WITHIN and verdict(query, start - 0.01) == BELOW
    assert verdict(query, top) == WITHIN and verdict(query, top + 0.01) == ABOVE


def test_ten_year_old_of_30_kg_asking_the_adult_dose_gets_the_child_ceiling():
    result = check(DoseQuery(ORAL, age_years=10, weight_kg=30), ProposedDose(80, "mg", "day"))
    assert result.verdict == ABOVE
    assert "up to 60 mg a day" in str(result.compared_with)


@pytest.mark.parametrize("value, unit, expected", [
    (0.29, "mg", BELOW), (0.3, "mg", WITHIN), (2, "mg", WITHIN), (2.01, "mg", ABOVE), (2, "micrograms", BELOW),
    (300, "micrograms", WITHIN),
])
def test_child_per_kg(value, unit, expected):
    assert verdict(DoseQuery(ORAL, age_years=5), value, unit, "day", per_kg=True) == expected


def test_micrograms_per_kg_says_the_units():
    result = check(DoseQuery(ORAL, age_years=5), ProposedDose(2, "micrograms", "day", True))
    assert "2 micrograms per kg a day (0.002 mg per kg a day)" in str(result.proposed)
    assert any("start of 0.3 mg per kg a day is 300 micrograms per kg a day (1 mg = 1000 micrograms)" in str(n) for n in result.notes)


@pytest.mark.parametrize("age", [0.5, 0.99])
def test_under_one_year_by_mouth_no_figure(age):
    assert verdict(DoseQuery(ORAL, age_years=age), 5) == NO_FIGURE


@pytest.mark.parametrize("value, unit, expected", [
    (24.99, "micrograms", BELOW), (25, "micrograms", WITHIN), (50, "micrograms", WITHIN), (100, "micrograms", WITHIN),
    (100.01, "micrograms", ABOVE), (0.5, "mg", ABOVE), (50, "mg", ABOVE), (0.1, "mg", WITHIN),
])
def test_adult_intrathecal_test_dose(value, unit, expected):
    assert verdict(DoseQuery(INTRATHECAL, age_years=40), value, unit, None) == expected


def test_adult_intrathecal_a_day_has_no_leaflet_figure():
    assert verdict(DoseQuery(INTRATHECAL, age_years=40), 200, "micrograms", "day") == NO_FIGURE


def test_mg_for_intrathecal_says_the_units():
    notes = " ".join(str(n) for n in check(DoseQuery(INTRATHECAL, age_years=40), ProposedDose(0.5, "mg")).notes)
    assert "0.5 mg is 500 micrograms" in notes


@pytest.mark.parametrize("age, value, expected", [
    (3.99, 25, NO_FIGURE), (4, 25, WITHIN), (12, 1200, WITHIN), (12, 1200.01, ABOVE), (8, 24, WITHIN),
    (12.01, 25, WITHIN), (12.01, 500, NO_FIGURE),
])
def test_child_intrathecal(age, value, expected):
    assert verdict(DoseQuery(INTRATHECAL, age_years=age), value, "micrograms", None) == expected


def test_spinal_origin_child_intrathecal_not_recommended():
    result = check(DoseQuery(INTRATHECAL, age_years=8, origin="spinal"), ProposedDose(25, "micrograms"))
    assert result.verdict == NO_FIGURE and "not recommend" in str(result.notes[0])


def test_kidney_failure_no_figure_and_the_prescriber_decides():
    result = check(DoseQuery(ORAL, age_years=50, renal_impairment=True), ProposedDose(30, "mg", "day"))
    assert result.verdict == NO_FIGURE and "prescriber" in str(result.notes[0])


def test_no_age_asks_for_it_but_says_above_every_figure():
    assert verdict(DoseQuery(ORAL), 80) == NEEDS_AGE
    assert verdict(DoseQuery(ORAL), 150) == ABOVE
    assert verdict(DoseQuery(INTRATHECAL), 500, "micrograms", None) == ABOVE


@pytest.mark.parametrize("value, unit, to, written", [
    (25, "micrograms", "mg", "0.025 mg"), (1.2, "mg", "micrograms", "1200 micrograms"), (1, "mg", "micrograms",
                                                                                         "1000 micrograms"),
    (300, "micrograms", "mg", "0.3 mg"),
])
def test_conversion_is_exact(value, unit, to, written):
    assert str(convert(value, unit, to)) == written


@pytest.mark.parametrize("value, unit", [(0, "mg"), (-5, "mg"), (5, "ml")])
def test_bad_amounts_raise_a_sayable_error(value, unit):
    with pytest.raises(DoseInputError):
        ProposedDose(value, unit)


# ---- a child named with a weight but no age ("a 20 kg child"): the figures per kg, worked out for the weight

def _notes(result):
    return " ".join(str(n) for n in result.notes)


@pytest.mark.parametrize("value, per, times, expected", [
    (5.99, "day", None, BELOW),  # start for 20 kg: 0.3 x 20 = 6 mg a day
    (6, "day", None, WITHIN),
    (40, "day", None, WITHIN),  # 2 mg/kg x 20 = 40 mg a day, the weight's top
    (40.01, "day", None, ABOVE),
    (1.5, "dose", 4, WITHIN),  # 6 mg a day
    (6, "dose", 4, WITHIN),  # 24 mg a day: within 15-40
    (10.01, "dose", 4, ABOVE),  # 40.04 mg a day
])
def test_child_of_unknown_age_by_weight(value, per, times, expected):
    result = check(DoseQuery(ORAL, weight_kg=20), ProposedDose(value, "mg", per, False, times), child_age_unknown=True)
    assert result.verdict == expected
    notes = _notes(result)
    assert "a start of 6 mg a day (1.5 mg per dose, 4 doses a day)" in notes
    assert "maintenance of 15-40 mg a day" in notes
    assert "tell me the child's age" in notes  # the age band may set a lower top


def test_child_of_unknown_age_is_not_judged_against_an_adult_weight():
    # 20 kg is not a plausible adult weight; without an age it is not checked as one
    result = check(DoseQuery(ORAL, weight_kg=20), ProposedDose(6, "mg", "day"), child_age_unknown=True)
    assert result.verdict == WITHIN


def test_a_start_proposed_above_the_start_is_above_even_inside_the_range():
    amount = ProposedDose(6, "mg", "dose", False, 4, as_start=True)  # 24 mg a day to start, for 20 kg
    result = check(DoseQuery(ORAL, weight_kg=20), amount, child_age_unknown=True)
    assert result.verdict == ABOVE
    assert "the leaflet starts at 6 mg a day, so 24 mg a day is above its start" in _notes(result)
    adult = check(DoseQuery(ORAL, age_group="adult"), ProposedDose(10, "mg", "dose", False, 3, as_start=True))
    assert adult.verdict == ABOVE  # 30 mg a day against the adult start of 15
    assert check(DoseQuery(ORAL, age_group="adult"), ProposedDose(5, "mg", "dose", False, 3, as_start=True)).verdict \
        == WITHIN


@pytest.mark.parametrize("rate, per, expected", [
    (0.002, "day", BELOW),  # 2 micrograms/kg: far below 0.3 mg/kg
    (0.3, "day", WITHIN), (2, "day", WITHIN), (2.01, "day", ABOVE),
    (0.3, "dose", WITHIN),  # x4 = 1.2 mg/kg a day
    (0.51, "dose", ABOVE),  # x4 = 2.04 mg/kg a day
])
def test_per_kg_without_an_age_uses_the_childrens_figures(rate, per, expected):
    unit, value = ("micrograms", rate * 1000) if rate < 0.01 else ("mg", rate)
    result = check(DoseQuery(ORAL), ProposedDose(value, unit, per, True))
    assert result.verdict == expected
    assert "for a child (age not given)" in str(result.compared_with)


def test_per_kg_for_a_weight_says_the_amount_in_mg():
    result = check(DoseQuery(ORAL, weight_kg=20), ProposedDose(0.75, "mg", "day", True), child_age_unknown=True)
    assert "For 20 kg, 0.75 mg per kg a day is 15 mg a day." in _notes(result)
    per_dose = check(DoseQuery(ORAL, age_years=5, weight_kg=15), ProposedDose(0.3, "mg", "dose", True))
    assert "0.3 mg per kg per dose, 4 doses a day, is 1.2 mg per kg a day" in _notes(per_dose)


def test_intrathecal_child_below_the_lowest_maintenance_says_the_figures():
    result = check(DoseQuery(INTRATHECAL, age_years=9), ProposedDose(1.2, "micrograms", "day"))
    assert result.verdict == BELOW
    assert "lowest maintenance figure is 24 micrograms a day" in _notes(result)
    assert check(DoseQuery(INTRATHECAL, age_years=9), ProposedDose(24, "micrograms", "day")).verdict == WITHIN


@pytest.mark.parametrize("value, expected_note", [(100, False), (100.01, True), (150, True)])
def test_intrathecal_test_dose_above_the_ceiling_gives_the_non_responder_rule(value, expected_note):
    for query in (DoseQuery(INTRATHECAL, age_group="adult"), DoseQuery(INTRATHECAL)):
        result = check(query, ProposedDose(value, "micrograms", "dose"))
        assert ("is not suitable for intrathecal treatment" in _notes(result)) is expected_note
        assert result.verdict == (ABOVE if expected_note else result.verdict)


# ---- one arithmetic with the lookup (issue 21): a rate per kg for a child of known age and weight is the amount a
# day it gives, judged as any amount a day: the age band caps it (over 8 up to 60 mg a day; over 10 the leaflet also
# allows adult doses, up to 80-100 mg a day, and the lower child figure is used)

def test_sixteen_year_old_of_55_kg_on_2_mg_per_kg_is_above_the_age_band():
    result = check(DoseQuery(ORAL, age_years=16, weight_kg=55), ProposedDose(2, "mg", "day", True))
    assert result.verdict == ABOVE  # it was "within": 110 mg a day passes the band's 60
    notes = _notes(result)
    assert "For 55 kg, 2 mg per kg a day is 110 mg a day." in notes
    assert "maintenance of 41.25-60 mg a day" in notes
    assert "but the leaflet caps a child's maintenance by age: up to 60 mg a day for ages over 8 years" in notes
    assert "children over 10 may take adult doses (up to 80-100 mg a day)" in notes


# (age, weight, top a day by age): the weight's 2 mg per kg passes each band's top, at every band edge
@pytest.mark.parametrize("age, weight, top", [
    (1, 12, 20), (1.5, 12, 20), (2, 12, 20), (2.01, 16, 30), (6, 16, 30), (6.01, 22, 40), (8, 22, 40),
    (8.01, 35, 60), (10, 35, 60), (10.01, 35, 60), (12, 40, 60), (16, 55, 60), (17.99, 55, 60),
])
def test_per_kg_for_a_weight_is_capped_by_the_age_band_at_every_edge(age, weight, top):
    query = DoseQuery(ORAL, age_years=age, weight_kg=weight)
    assert verdict(query, 2, per_kg=True) == ABOVE
    assert verdict(query, top / weight, per_kg=True) == WITHIN
    assert verdict(query, (top + 0.01) / weight, per_kg=True) == ABOVE
    assert verdict(query, top / weight / 4, per="dose", per_kg=True) == WITHIN  # the same a day, per dose
    assert verdict(query, (top + 0.04) / weight / 4, per="dose", per_kg=True) == ABOVE


@pytest.mark.parametrize("age, weight, rate", [
    (3, 14, 0.3), (3, 14, 0.29), (3, 14, 2), (3, 14, 2.01), (16, 70, 0.25), (16, 70, 0.2), (9, 30, 1.99), (12, 45, 1.5),
])
def test_a_rate_per_kg_and_the_same_amount_a_day_get_the_same_verdict(age, weight, rate):
    query = DoseQuery(ORAL, age_years=age, weight_kg=weight)
    assert verdict(query, rate, per_kg=True) == verdict(query, rate * weight)


def test_a_heavy_child_start_is_the_adult_start_per_kg_too():
    # 70 kg x 0.3 = 21 mg is capped at the adult start of 15 mg a day: 0.25 mg/kg (17.5 mg) is not below it
    assert verdict(DoseQuery(ORAL, age_years=16, weight_kg=70), 0.25, per_kg=True) == WITHIN
    assert verdict(DoseQuery(ORAL, age_years=16, weight_kg=70), 0.2, per_kg=True) == BELOW  # 14 mg a day


@pytest.mark.parametrize("age, cap", [
    (1, "up to 20 mg a day for ages 1-2 years"), (2.01, "up to 30 mg a day for ages 2-6 years"),
    (6.01, "up to 40 mg a day for ages 6-8 years"), (16, "up to 60 mg a day for ages over 8 years"),
])
def test_per_kg_without_a_weight_says_the_age_band_caps_it(age, cap):
    result = check(DoseQuery(ORAL, age_years=age), ProposedDose(2, "mg", "day", True))
    assert result.verdict == WITHIN  # the rate is the leaflet's; the amount needs the weight
    assert f"The leaflet also caps maintenance by age ({cap}): tell me the child's weight" in _notes(result)


def test_a_child_of_unknown_age_is_never_given_more_than_any_age_band_gives():
    # 40 kg x 2 mg = 80 mg a day by weight, but no child's band goes above 60 mg a day
    query = DoseQuery(ORAL, weight_kg=40)
    amount = ProposedDose(70, "mg", "day")
    result = check(query, amount, child_age_unknown=True)
    assert result.verdict == ABOVE  # it was "within"
    assert "maintenance of 30-60 mg a day" in _notes(result)
    assert "the leaflet gives no child more than 60 mg a day by age (its figure for ages over 8 years)" in _notes(result)
    assert check(query, ProposedDose(60, "mg", "day"), child_age_unknown=True).verdict == WITHIN
    assert check(query, ProposedDose(2, "mg", "day", True), child_age_unknown=True).verdict == ABOVE
    assert check(DoseQuery(ORAL), ProposedDose(2, "mg", "day", True)).verdict == WITHIN  # no weight: the rate only


def test_a_weight_whose_maintenance_starts_above_the_band_shows_the_band():
    # 45 kg at 3 years: 0.75 x 45 = 33.75 mg is above the 2-6 band's 30; the lookup shows the band alone
    result = check(DoseQuery(ORAL, age_years=3, weight_kg=45), ProposedDose(20, "mg", "day"))
    assert "maintenance of 20-30 mg a day" in _notes(result)  # it said "30-30 mg"
    assert result.verdict == WITHIN


@pytest.mark.parametrize("value, expected", [(24.99, BELOW), (25, WITHIN), (100, WITHIN), (100.01, NO_FIGURE)])
def test_child_intrathecal_over_12_as_for_adults_up_to_the_adult_test_dose_ceiling(value, expected):
    assert verdict(DoseQuery(INTRATHECAL, age_years=15), value, "micrograms", None) == expected


# ---- a child under 4 asked about the intrathecal test dose: the leaflet's child figures start at 4 years; the adult
# screening figures are never a young child's

@pytest.mark.parametrize("age", [1, 2, 3, 3.5, 3.99])
@pytest.mark.parametrize("value, unit, per", [(25, "micrograms", None), (50, "micrograms", "dose"),
                                              (100, "micrograms", None), (0.025, "mg", None), (500, "micrograms", "day")])
def test_under_four_intrathecal_has_no_figure_and_never_the_adult_screening(age, value, unit, per):
    result = check(DoseQuery(INTRATHECAL, age_years=age), ProposedDose(value, unit, per))
    assert result.verdict == NO_FIGURE
    assert "The leaflet gives no intrathecal dose for children under 4 years" in _notes(result)
    assert "25-50" not in str(result.compared_with) + _notes(result)


def test_from_four_intrathecal_the_child_test_dose():
    result = check(DoseQuery(INTRATHECAL, age_years=4), ProposedDose(25, "micrograms"))
    assert result.verdict == WITHIN
    assert "a test dose of 25 micrograms (ages 4-18 years)" in str(result.compared_with)


@pytest.mark.parametrize("per_dose, expected", [(1.13, WITHIN), (1.125, WITHIN), (1.14, ABOVE)])
def test_the_start_the_lookup_shows_proposed_back_is_not_above(per_dose, expected):
    # 15 kg: 4.5 mg a day, shown as 1.13 mg per dose (1.125 rounded half up)
    amount = ProposedDose(per_dose, "mg", "dose", False, 4, as_start=True)
    assert check(DoseQuery(ORAL, age_years=3, weight_kg=15), amount).verdict == expected


# ---- intrathecal amounts said several times a day, or per kg: the day's amount, or no figure (the leaflet gives
# intrathecal doses in micrograms, never per kg)

@pytest.mark.parametrize("age, value, times, expected", [
    (8, 100, 3, WITHIN),  # 300 micrograms a day, within 24-1200
    (8, 400, 3, WITHIN),  # 1200 a day
    (8, 401, 3, ABOVE),  # it was "within": 401 at a time is within, 1203 a day is not
    (40, 50, 2, WITHIN),  # 100 micrograms: the test-dose ceiling
    (40, 100, 3, NO_FIGURE),  # it was "within": 300 micrograms a day, for which adults have no figure
    (15, 100, 3, NO_FIGURE),  # over 12: as for adults
])
def test_intrathecal_several_times_a_day_is_the_amount_a_day(age, value, times, expected):
    result = check(DoseQuery(INTRATHECAL, age_years=age), ProposedDose(value, "micrograms", "dose", False, times))
    assert result.verdict == expected
    assert f"{value} micrograms at a time, {times} doses a day, is {value * times} micrograms a day" in _notes(result)


@pytest.mark.parametrize("age", [8, 40])
def test_intrathecal_per_kg_has_no_figure(age):
    result = check(DoseQuery(INTRATHECAL, age_years=age), ProposedDose(2, "micrograms", "day", True))
    assert result.verdict == NO_FIGURE  # it was "below" (2 micrograms, read as the whole amount)
    assert "in micrograms, not per kg of body weight" in _notes(result)


def test_under_four_intrathecal_says_the_age_first_whatever_the_amount():
    for amount in (ProposedDose(2, "micrograms", "day", True), ProposedDose(25, "micrograms", "dose", False, 2)):
        result = check(DoseQuery(INTRATHECAL, age_years=3.5), amount)
        assert result.verdict == NO_FIGURE
        assert result.notes[0] == check(DoseQuery(INTRATHECAL, age_years=3.5), ProposedDose(25, "micrograms")).notes[0]


@pytest.mark.parametrize("value, flagged", [(300, True), (750, True), (2000, True), (0.3, False), (200, False), (2500, False)])
def test_a_rate_per_kg_in_mg_a_thousand_times_the_leaflets_says_the_units(value, flagged):
    # the leaflet's child rates run from 300 micrograms (0.3 mg) to 2 mg per kg a day: 300-2000 "mg" per kg is the
    # same figure read in the wrong unit ("16.5 kg x 300 mg per kg = 4950 mg")
    result = check(DoseQuery(ORAL, weight_kg=16.5), ProposedDose(value, "mg", "day", True), child_age_unknown=True)
    said = " ".join(str(note) for note in result.notes)
    assert ("a thousand times the leaflet's figures" in said) is flagged
    if flagged:
        assert "300 micrograms (0.3 mg) per kg a day (1 mg = 1000 micrograms)" in said and result.verdict == ABOVE


@pytest.mark.parametrize("mg_per_kg, slipped", [
    (300, True),    # the leaflet's start, 0.3 mg per kg a day, said as 300 "mg"
    (750, True),    # the maintenance's low end, 0.75 mg per kg
    (2000, True),   # its high end, 2 mg per kg
    (299, False),   # under the start read in micrograms: no figure of the leaflet's
    (2001, False),  # over the high end read in micrograms: none either
    (2, False),     # the high end itself, in mg: a figure of the leaflet's, no slip
    (100, False),   # above every mg rate, but 0.1 mg per kg is no figure either
])
def test_a_rate_per_kg_said_in_mg_is_micrograms_only_when_it_reads_as_a_leaflet_figure(mg_per_kg, slipped):
    from baclofen.dosing.check import micrograms_said_as_mg
    assert micrograms_said_as_mg(mg_per_kg) is slipped
