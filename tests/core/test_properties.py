"""Property-based tests: thousands of generated inputs; the only exception allowed is the typed input error."""
from hypothesis import HealthCheck, given, settings, strategies as st

from baclofen.dosing.lookup import INTRATHECAL, ORAL, DoseQuery, lookup
from baclofen.dosing.person import DoseInputError, check_age, check_weight_for_age
from baclofen.language import entities, short_answers
from baclofen.quantities import Quantity, QuantityRange

PROPERTY_SETTINGS = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ages = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=-5, max_value=130))
weights = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=-5, max_value=400))
routes = st.sampled_from([ORAL, INTRATHECAL, None, "rectal", ""])
groups = st.sampled_from([None, "adult", "elderly", "teen"])


def amounts(answer):
    for figure in answer.figures:
        if isinstance(figure.amount, Quantity):
            yield figure.amount
        elif isinstance(figure.amount, QuantityRange):
            yield figure.amount.high
            if figure.amount.low is not None:
                yield figure.amount.low


@PROPERTY_SETTINGS
@given(age=ages, weight=weights, route=routes, group=groups, renal=st.booleans(),
       origin=st.sampled_from([None, "spinal", "cerebral"]))
def test_dose_lookup_answers_or_raises_the_typed_error(age, weight, route, group, renal, origin):
    query = DoseQuery(route=route, age_years=age, age_group=group, weight_kg=weight, renal_impairment=renal,
                      origin=origin)
    try:
        answer = lookup(query)
    except DoseInputError as error:
        assert str(error).strip()
        return
    for amount in amounts(answer):
        assert amount.unit in ("mg", "micrograms")
        assert 0 < amount.value
        # the largest figures in the leaflet: 100 mg a day by mouth, 1200 micrograms a day intrathecal
        assert amount.value <= (100 if amount.unit == "mg" else 1200)
    if not answer.covered:
        assert answer.figures == ()


@PROPERTY_SETTINGS
@given(text=st.text(max_size=300))
def test_entity_extraction_never_raises_and_offsets_hold(text):
    found = entities.extract(text)
    for entity in found + short_answers.short_answer_entities(text, found):
        assert text[entity["start"]:entity["end"]] == entity["text"]
        assert entities.FEATURE_OF.get(entity["entity"], entity["entity"]) in entities.FEATURE_TYPES + ("number",)


@PROPERTY_SETTINGS
@given(text=st.one_of(st.text(max_size=60),
                      st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{1,2})? ?(years?|months?|yo|kg|kilos?|lbs?|pounds?|weeks?)",
                                    fullmatch=True)))
def test_form_answers_are_typed_numbers_that_check_or_raise_the_typed_error(text):
    found = entities.extract(text)
    for entity in found + short_answers.short_answer_entities(text, found):
        if entity["entity"] not in ("age", "number", "weight"):
            continue
        assert isinstance(entity["value"], float)
        try:
            if entity["entity"] == "weight":
                check_weight_for_age(entity["value"], None)
            else:
                check_age(entity["value"])
        except DoseInputError as error:
            assert str(error).strip()
