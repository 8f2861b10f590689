"""The dose lookup against the leaflet's section 2, value by value.

Expected figures are typed here from the leaflet itself (not read from knowledge/baclofen.yml), so a wrong
number in the knowledge file fails these tests.
"""
import pytest

from baclofen.dosing.lookup import INTRATHECAL, ORAL, DoseQuery, lookup, needs_route, needs_weight
from baclofen.dosing.person import (
    DoseInputError, WeightNeeded, age_in_years, check_age, check_weight, check_weight_for_age, weight_in_kg,
)
from baclofen.quantities import Quantity, QuantityRange


def q(value, unit):
    return Quantity(value, unit)


def mg_range(low, high):
    return QuantityRange(low=None if low is None else q(low, "mg"), high=q(high, "mg"))


def amount(answer, key):
    figure = answer.figure(key)
    assert figure is not None, f"no {key} figure in {answer}"
    return figure.amount


# ------------------------------------------------------------------ adults, oral

@pytest.mark.parametrize("age", [18, 30, 64.9])
def test_adult_oral(age):
    answer = lookup(DoseQuery(ORAL, age_years=age))
    assert answer.population == "adult" and answer.covered
    assert amount(answer, "initial") == q(15, "mg")
    assert "3 doses of 5 mg" in str(answer.figure("initial").detail)
    assert amount(answer, "ceiling") == mg_range(80, 100)
    assert "6 weeks" in str(answer.figure("review").detail)
    assert answer.section == 2


def test_adult_group_without_exact_age_gets_the_adult_dose():
    answer = lookup(DoseQuery(ORAL, age_group="adult"))
    assert answer.population == "adult"
    assert amount(answer, "initial") == q(15, "mg")


# ------------------------------------------------------------------ adults, intrathecal

def test_adult_intrathecal_screening():
    answer = lookup(DoseQuery(INTRATHECAL, age_years=40))
    assert amount(answer, "screening") == QuantityRange(low=q(25, "micrograms"), high=q(50, "micrograms"))
    assert "at least 1 minute" in str(answer.figure("screening").detail)
    assert amount(answer, "step") == q(25, "micrograms")
    assert "at least 24 hours apart" in str(answer.figure("step").detail)
    assert "up to 100 micrograms" in str(answer.figure("step").detail)
    assert "4-8 hours" in str(answer.figure("step").detail)
    assert amount(answer, "non_responder") == q(100, "micrograms")
    assert "not suitable" in str(answer.figure("non_responder").detail)
    assert answer.figure("maintenance").amount is None  # the leaflet gives no adult maintenance figure
    assert "antispasmodic" in str(answer.figure("before_start").detail)


def test_intrathecal_units_are_micrograms_never_mg_for_the_screening_dose():
    answer = lookup(DoseQuery(INTRATHECAL, age_years=40))
    for key in ("screening", "step", "non_responder"):
        assert "micrograms" in str(amount(answer, key))


# ------------------------------------------------------------------ elderly and kidneys

@pytest.mark.parametrize("query", [DoseQuery(ORAL, age_years=65), DoseQuery(ORAL, age_years=90),
                                   DoseQuery(ORAL, age_group="elderly")])
def test_elderly_start_lower_with_no_number_and_adult_maintenance(query):
    answer = lookup(query)
    assert answer.population == "elderly"
    assert answer.figure("initial").amount is None
    assert "a lower starting dose than the usual adult start of 15 mg" in str(answer.figure("initial").detail)
    assert amount(answer, "ceiling") == mg_range(80, 100)


@pytest.mark.parametrize("route", [ORAL, INTRATHECAL])
def test_renal_failure_gives_no_number(route):
    answer = lookup(DoseQuery(route, age_years=50, renal_impairment=True))
    assert answer.population == "renal" and not answer.covered
    assert answer.figures == ()
    assert any("lower dose" in str(c) for c in answer.cautions)


# ------------------------------------------------------------------ children, oral

def test_example_from_the_issue_three_year_old_of_14_kg():
    answer = lookup(DoseQuery(ORAL, age_years=3, weight_kg=14))
    assert amount(answer, "initial") == q(4.2, "mg")
    assert amount(answer, "per_dose") == q(1.05, "mg")
    assert "4 doses" in str(answer.figure("per_dose").detail)
    assert "every 3 days" in str(answer.figure("titration").detail)
    assert amount(answer, "maintenance_by_weight") == mg_range(10.5, 28)
    assert amount(answer, "maintenance_by_age") == mg_range(20, 30)


@pytest.mark.parametrize("age, weight, band", [
    (1, 9, (10, 20)),        # lower end of the first band
    (1.5, 11, (10, 20)),
    (2, 12, (10, 20)),       # 2 is where 1-2 and 2-6 touch: the lower band
    (2.01, 12, (20, 30)),
    (3, 14, (20, 30)),
    (6, 20, (20, 30)),       # 6 is where 2-6 and 6-8 touch: the lower band
    (6.5, 22, (30, 40)),
    (8, 25, (30, 40)),       # 8 is where 6-8 and "older than 8" touch: the lower band
    (8.5, 27, (None, 60)),
    (10, 32, (None, 60)),
    (12, 40, (None, 60)),    # over 10 the leaflet also says "as adults"; the lower ceiling is kept
    (17.9, 60, (None, 60)),
])
def test_oral_maintenance_band_for_every_age_and_boundary(age, weight, band):
    answer = lookup(DoseQuery(ORAL, age_years=age, weight_kg=weight))
    assert answer.population == "child"
    assert amount(answer, "maintenance_by_age") == mg_range(*band)


@pytest.mark.parametrize("age", [2, 6, 8])
def test_touching_bands_are_announced(age):
    answer = lookup(DoseQuery(ORAL, age_years=age, weight_kg=20 if age > 2 else 12))
    assert any("bands touch" in str(c) for c in answer.cautions)


def test_not_touching_ages_carry_no_border_note():
    answer = lookup(DoseQuery(ORAL, age_years=3, weight_kg=14))
    assert not any("bands touch" in str(c) for c in answer.cautions)


@pytest.mark.parametrize("age", [10.5, 11, 16])
def test_over_ten_the_contradiction_is_said(age):
    answer = lookup(DoseQuery(ORAL, age_years=age, weight_kg=40))
    assert any("over 10 may take adult doses" in str(c) and "80-100 mg" in str(c) for c in answer.cautions)


def test_at_ten_exactly_no_adult_dosing_note():
    answer = lookup(DoseQuery(ORAL, age_years=10, weight_kg=32))
    assert not any("adult doses" in str(c) for c in answer.cautions)


@pytest.mark.parametrize("weight, initial, per_dose, low, high", [
    (10, 3, 0.75, 7.5, 20),
    (14, 4.2, 1.05, 10.5, 28),
    (15, 4.5, 1.13, 11.25, 30),   # 1.125 mg per dose rounds half up
    (13.5, 4.05, 1.01, 10.13, 27),
])
def test_weight_based_figures_three_year_old(weight, initial, per_dose, low, high):
    answer = lookup(DoseQuery(ORAL, age_years=3, weight_kg=weight))
    assert str(amount(answer, "initial")) == f"{initial:g} mg"
    assert str(amount(answer, "per_dose")) == f"{per_dose:g} mg"
    by_weight = amount(answer, "maintenance_by_weight")
    assert str(by_weight) == f"{low:g}-{high:g} mg"


def test_rounded_per_dose_is_marked_approximate():
    assert lookup(DoseQuery(ORAL, age_years=3, weight_kg=15)).figure("per_dose").approximate
    assert not lookup(DoseQuery(ORAL, age_years=3, weight_kg=14)).figure("per_dose").approximate


def test_weight_maintenance_never_exceeds_the_age_band():
    # 2 mg/kg for 12 kg is 24 mg, above the 1-2 year band's 20 mg
    answer = lookup(DoseQuery(ORAL, age_years=1.5, weight_kg=12))
    assert amount(answer, "maintenance_by_weight") == mg_range(9, 20)
    assert any("capped at 20 mg" in str(c) for c in answer.cautions)


def test_child_start_never_exceeds_the_adult_start():
    answer = lookup(DoseQuery(ORAL, age_years=16, weight_kg=70))
    assert amount(answer, "initial") == q(15, "mg")
    assert amount(answer, "per_dose") == q(3.75, "mg")


def test_pounds_are_converted():
    # 30.8647 lb is 14 kg
    kg = weight_in_kg(30.8647, "lb")
    assert kg == pytest.approx(14, abs=1e-3)
    answer = lookup(DoseQuery(ORAL, age_years=3, weight_kg=kg))
    assert str(amount(answer, "initial")) == "4.2 mg"


def test_months_are_converted():
    years = age_in_years(18, "months")
    assert years == 1.5
    answer = lookup(DoseQuery(ORAL, age_years=years, weight_kg=11))
    assert amount(answer, "maintenance_by_age") == mg_range(10, 20)
    assert "18 months" in str(answer.who)


@pytest.mark.parametrize("age", [1, 6, 11.9])
def test_children_under_12_get_the_safety_warning(age):
    answer = lookup(DoseQuery(ORAL, age_years=age, weight_kg=20 if age > 2 else 9))
    assert any("not established in children under 12" in str(c) for c in answer.cautions)


def test_child_oral_without_weight_raises():
    with pytest.raises(WeightNeeded) as error:
        lookup(DoseQuery(ORAL, age_years=3))
    assert "weigh" in str(error.value)


# ------------------------------------------------------------------ children, intrathecal

@pytest.mark.parametrize("age", [4, 8, 11.5])
def test_child_intrathecal_under_12(age):
    answer = lookup(DoseQuery(INTRATHECAL, age_years=age))
    assert amount(answer, "initial") == q(25, "micrograms")
    assert amount(answer, "maintenance") == QuantityRange(low=q(24, "micrograms"), high=q(1200, "micrograms"))
    assert "1.2 mg" in str(answer.figure("maintenance").detail)
    assert any("not recommended for spasticity of spinal origin" in str(c) for c in answer.cautions)


def test_child_intrathecal_at_exactly_12_gets_the_under_12_range_and_says_so():
    answer = lookup(DoseQuery(INTRATHECAL, age_years=12))
    assert amount(answer, "maintenance") == QuantityRange(low=q(24, "micrograms"), high=q(1200, "micrograms"))
    assert any("exactly 12" in str(c) for c in answer.cautions)


@pytest.mark.parametrize("age", [12.5, 15, 17.9])
def test_child_intrathecal_over_12_is_as_adults_with_no_figure(age):
    answer = lookup(DoseQuery(INTRATHECAL, age_years=age))
    assert amount(answer, "initial") == q(25, "micrograms")
    assert answer.figure("maintenance").amount is None
    assert "as for adults" in str(answer.figure("maintenance").detail)


def test_adult_intrathecal_from_18():
    assert lookup(DoseQuery(INTRATHECAL, age_years=18)).population == "adult"
    assert lookup(DoseQuery(INTRATHECAL, age_years=17.99)).population == "child"


def test_spinal_origin_child_gets_no_intrathecal_dose():
    answer = lookup(DoseQuery(INTRATHECAL, age_years=8, origin="spinal"))
    assert not answer.covered and answer.figures == ()


# ------------------------------------------------------------------ outside the leaflet

@pytest.mark.parametrize("query", [
    DoseQuery(ORAL, age_years=0.5, weight_kg=7),
    DoseQuery(ORAL, age_years=0.99, weight_kg=9),
    DoseQuery(INTRATHECAL, age_years=3.99),
    DoseQuery(INTRATHECAL, age_years=1),
    DoseQuery(None, age_years=0.5),
])
def test_outside_the_leaflet_no_number(query):
    answer = lookup(query)
    assert answer.population == "not_covered" and not answer.covered
    assert answer.figures == ()
    assert any("specialist" in str(c) for c in answer.cautions)


@pytest.mark.parametrize("age, group, route, expect_route, expect_weight", [
    (0.5, None, None, False, False),
    (0.99, None, ORAL, False, False),
    (1, None, ORAL, True, True),
    (3, None, INTRATHECAL, True, False),
    (17, None, ORAL, True, True),
    (18, None, ORAL, True, False),
    (None, "adult", ORAL, True, False),
    (None, "elderly", ORAL, True, False),
])
def test_what_the_form_must_ask(age, group, route, expect_route, expect_weight):
    assert needs_route(age, group) is expect_route
    assert needs_weight(age, group, route) is expect_weight


# ------------------------------------------------------------------ bad input

# Text that holds no age or weight at all ("three", "kg", "heavy", "14" without a unit) never reaches these: the
# language layer finds nothing in it (tests/core/language/test_entities.py) and the dose form asks again.
@pytest.mark.parametrize("value, unit", [(-3, "years"), (300, "years"), (2000, "months"), (3, "fortnights"),
                                         (float("nan"), "years")])
def test_bad_ages_raise_a_sayable_error(value, unit):
    with pytest.raises(DoseInputError) as error:
        check_age(age_in_years(value, unit))
    message = str(error.value)
    assert message.endswith((".", "?")) and len(message) > 20


@pytest.mark.parametrize("value, unit", [(-3, "kg"), (0, "kg"), (14, "ounces"), (float("inf"), "lb")])
def test_bad_weights_raise_a_sayable_error(value, unit):
    with pytest.raises(DoseInputError) as error:
        check_weight(weight_in_kg(value, unit))
    assert str(error.value).endswith((".", "?"))


@pytest.mark.parametrize("weight, age", [(140, 3), (2, 8), (3, 16), (500, 40), (45, 1)])
def test_weight_implausible_for_age_raises(weight, age):
    with pytest.raises(DoseInputError) as error:
        check_weight_for_age(weight, age)
    assert "not plausible" in str(error.value)
    with pytest.raises(DoseInputError):
        lookup(DoseQuery(ORAL, age_years=age, weight_kg=weight))


def test_unknown_route_and_missing_age_raise():
    with pytest.raises(DoseInputError):
        lookup(DoseQuery("rectal", age_years=30))
    with pytest.raises(DoseInputError):
        lookup(DoseQuery(ORAL))
    with pytest.raises(DoseInputError):
        lookup(DoseQuery(ORAL, age_years=-1))


# ---- a child's figures before the weight is known (said with the weight question)

@pytest.mark.parametrize("years, band", [
    (1, "10-20 mg"), (2, "10-20 mg"), (2.01, "20-30 mg"), (6, "20-30 mg"), (6.01, "30-40 mg"), (8, "30-40 mg"),
    (8.01, "up to 60 mg"), (17.9, "up to 60 mg"),
])
def test_child_figures_before_the_weight_give_the_age_band(years, band):
    from baclofen.dosing.lookup import child_oral_before_weight

    answer = child_oral_before_weight(DoseQuery(ORAL, age_years=years))
    figures = {f.key: str(f.amount) if f.amount is not None else None for f in answer.figures}
    assert figures["initial"] == "0.3 mg per kg a day"
    assert figures["maintenance_by_weight"] == "0.75-2 mg per kg a day"
    assert figures["maintenance_by_age"].endswith(band)
    adult_rule = any("may take adult doses (start 15 mg a day, maximum 80-100 mg a day)" in str(c)
                     for c in answer.cautions)
    assert adult_rule is (years > 10)


@pytest.mark.parametrize("query", [DoseQuery(ORAL, age_years=0.5), DoseQuery(ORAL, age_years=30),
                                   DoseQuery(ORAL, age_group="adult")])
def test_figures_before_the_weight_only_for_children_the_leaflet_doses(query):
    from baclofen.dosing.lookup import child_oral_before_weight

    with pytest.raises(DoseInputError):
        child_oral_before_weight(query)


# ---- the limits the check shares (issue 21): a child's maintenance by weight never passes the age band's top
# (over 8: up to 60 mg a day, though over 10 the leaflet also allows adult doses of up to 80-100 mg a day)

def test_sixteen_year_old_of_55_kg_by_weight_is_capped_at_the_band_not_the_weight():
    answer = lookup(DoseQuery(ORAL, age_years=16, weight_kg=55))
    assert amount(answer, "maintenance_by_weight") == mg_range(41.25, 60)  # 2 mg/kg x 55 = 110, capped
    assert amount(answer, "maintenance_by_age") == mg_range(None, 60)
    assert any("capped at 60 mg a day" in str(c) for c in answer.cautions)
    assert any("may take adult doses (start 15 mg a day, maximum 80-100 mg a day)" in str(c) for c in answer.cautions)


# (age, weight, top a day): the weight's 2 mg per kg passes the band's top at every band edge
@pytest.mark.parametrize("age, weight, top", [
    (1, 12, 20), (2, 12, 20), (2.01, 16, 30), (6, 16, 30), (6.01, 22, 40), (8, 22, 40), (8.01, 35, 60),
    (10, 35, 60), (10.01, 35, 60), (12, 40, 60), (17.99, 55, 60),
])
def test_maintenance_by_weight_is_capped_by_the_band_at_every_edge(age, weight, top):
    answer = lookup(DoseQuery(ORAL, age_years=age, weight_kg=weight))
    assert amount(answer, "maintenance_by_weight").high == q(top, "mg")
    assert amount(answer, "maintenance_by_weight").low == q(weight * 0.75, "mg")
    assert any(f"capped at {top} mg a day" in str(c) for c in answer.cautions)


@pytest.mark.parametrize("age, weight", [(3, 45), (16, 90)])
def test_a_weight_whose_maintenance_starts_above_the_band_gets_the_band_alone(age, weight):
    answer = lookup(DoseQuery(ORAL, age_years=age, weight_kg=weight))
    assert answer.figure("maintenance_by_weight") is None
    assert any("only the age band is shown" in str(c) for c in answer.cautions)


@pytest.mark.parametrize("age", [1, 2, 3, 3.5, 3.99])
def test_under_four_intrathecal_says_the_child_figures_start_at_four_never_the_adult_screening(age):
    answer = lookup(DoseQuery(INTRATHECAL, age_years=age))
    assert answer.population == "not_covered" and answer.figures == ()
    assert str(answer.cautions[0]) == "The leaflet gives no intrathecal dose for children under 4 years."
    assert answer.figure("screening") is None


def test_a_42_month_old_is_three_and_a_half_and_gets_no_intrathecal_figure():
    answer = lookup(DoseQuery(INTRATHECAL, age_years=age_in_years(42, "months")))
    assert answer.population == "not_covered"
    assert "42 months" not in str(answer.who) and "3.5 years" in str(answer.who)


def test_a_query_of_a_person_however_learnt_prefers_the_exact_age_and_names_a_route():
    from baclofen.dosing.lookup import DoseQuery
    told = DoseQuery.of_person(None, 7.0, "adult", 22.0)
    assert (told.age_years, told.age_group, told.route, told.weight_kg) == (7.0, None, "oral", 22.0)
    assert DoseQuery.of_person("intrathecal", None, "adult", None, True).route == "intrathecal"
    assert DoseQuery.of_person(None, None, "adult", None, renal_impairment=True).renal_impairment is True
