"""The grader's reading of which leaflet sections a reply draws on (tests/independent/grading.py): an answer to
another question than the one asked is counted, not hidden among the incomplete ones."""
import pytest

from tests.independent.grading import cited_sections, topic_of_reply


def test_every_section_cited_is_read():
    reply = ("Do not stop suddenly (also listed in section 3).\nSource: baclofen leaflet, sections 4 and 5.1 "
             "(Notes on use).")
    assert cited_sections(reply) == {"3", "4", "5.1"}
    assert cited_sections("Source: baclofen leaflet, sections 1 (Uses) and 2 (Dosage).") == {"1", "2"}


@pytest.mark.parametrize("expected, reply, verdict", [
    (["5.1"], "Caution ... Source: baclofen leaflet, section 5 (Interactions).", "on_topic"),  # 5 holds 5.1
    (["2"], "Side effects the leaflet lists ... Source: baclofen leaflet, section 3 (Side effects).", "other_topic"),
    (["2", "4"], "Source: baclofen leaflet, section 4 (Notes on use).", "on_topic"),
    (["3"], "I'm not sure what you are asking. Is it about one of these?", "uncited"),
    ([], "Call 115 now.", None),    # an emergency or a question the leaflet does not cover: graded elsewhere
    (None, "Source: baclofen leaflet, section 2.", None),
])
def test_a_reply_is_on_the_topic_asked_or_not(expected, reply, verdict):
    assert topic_of_reply(expected, ["an earlier reply", reply]) == verdict
