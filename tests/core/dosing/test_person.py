"""baclofen/dosing/person.py converts every written form of a unit the vocabulary lists, and nothing else."""
import pytest

from baclofen.dosing.person import AGE_FACTORS, WEIGHT_FACTORS, DoseInputError, age_in_years, unit_aliases, weight_in_kg
from baclofen.quantities import KG_PER_LB, KG_PER_STONE


def test_the_forms_of_a_unit_are_listed_once_in_the_vocabulary():
    aliases = unit_aliases()
    for written, name in [("yrs", "years"), ("y", "years"), ("mo", "months"), ("kgs", "kg"), ("kilos", "kg"),
                          ("pounds", "lb"), ("st", "stone"), ("g", "grams")]:
        assert aliases[written] == name
    assert set(AGE_FACTORS) | set(WEIGHT_FACTORS) <= set(aliases.values())


def test_every_form_converts_as_its_unit():
    for written, name in unit_aliases().items():
        if name in AGE_FACTORS:
            assert age_in_years(24, written) == 24 * AGE_FACTORS[name]
        if name in WEIGHT_FACTORS:
            assert weight_in_kg(10, written.upper()) == 10 * WEIGHT_FACTORS[name]
    assert weight_in_kg(1, "lbs") == KG_PER_LB and weight_in_kg(1, "stones") == KG_PER_STONE
    assert age_in_years(18, "months") == 1.5


@pytest.mark.parametrize("convert, unit", [(age_in_years, "kg"), (age_in_years, "weeks"), (weight_in_kg, "mg"),
                                           (weight_in_kg, "years"), (weight_in_kg, "oz")])
def test_a_unit_of_another_measure_is_refused(convert, unit):
    with pytest.raises(DoseInputError):
        convert(3, unit)
