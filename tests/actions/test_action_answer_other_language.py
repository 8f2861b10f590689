import pytest

from actions.action_answer_other_language import ActionAnswerOtherLanguage
from baclofen import settings
from tests.action_harness import text
from tests.actions.question_harness import asked


@pytest.mark.parametrize("message, words", [("¿puedo tomar 120 mg al día?", "Lo siento"),
                                            ("toi uong 150 mg mot ngay duoc khong", "Xin lỗi")])
def test_another_language_is_told_where_to_get_help_in_it(message, words):
    answer = text(ActionAnswerOtherLanguage(), asked(message, "other_language"))
    assert "115" in answer and words in answer and settings.current().hotline in answer  # the hotline's number
