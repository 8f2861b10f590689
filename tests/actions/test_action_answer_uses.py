from actions.action_answer_uses import ActionAnswerUses
from tests.action_harness import text, tracker


def test_uses_by_origin_and_route_with_their_section():
    answer = text(ActionAnswerUses(), tracker())
    for words in ("multiple sclerosis", "spinal cord injury", "cerebral palsy", "brain injury", "by mouth", "intrathecal"):
        assert words in answer
    assert "section 1 (Uses)" in answer
