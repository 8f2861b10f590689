import pytest

from actions.action_convert_units import ActionConvertUnits
from tests.action_harness import text
from tests.actions.question_harness import asked


@pytest.mark.parametrize("message, expected", [
    ("how many mg is 25 micrograms?", "25 micrograms is 0.025 mg (1 mg = 1000 micrograms)."),
    ("what is 1.2 mg in micrograms", "1.2 mg is 1200 micrograms (1 mg = 1000 micrograms)."),
])
def test_units_are_converted_exactly(message, expected):
    assert text(ActionConvertUnits(), asked(message, "convert_units")) == expected
