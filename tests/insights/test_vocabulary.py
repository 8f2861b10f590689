"""Intent and action names read from the domain at run time; names the report has never seen placed by their words."""
import pytest
import yaml

from insights import vocabulary as v
from insights.vocabulary import Vocabulary
from tests.servers import ROOT


@pytest.fixture(scope="module")
def domain():
    return Vocabulary.from_domain(ROOT / "domain.yml")


def test_every_name_of_the_domain_is_read(domain):
    data = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert domain.intents == set(data["intents"])
    assert domain.actions == set(data["actions"]) | set(data["responses"])
    assert domain.forms == set(data["forms"])


@pytest.mark.parametrize("intent, kind", [
    ("ask_dose", v.QUESTION), ("ask_uses", v.QUESTION), ("out_of_scope", v.QUESTION), ("ask_other_drug", v.QUESTION),
    ("ask_human", v.QUESTION), ("emergency", v.URGENT), ("nlu_fallback", v.UNCLEAR), ("inform", v.MOVE),
    ("greet", v.MOVE), ("stop", v.MOVE), ("affirm", v.MOVE),
    # not in the domain (yet): placed by their words
    ("ask_missed_dose", v.QUESTION), ("ask_not_covered", v.QUESTION), ("crisis", v.URGENT),
    ("report_overdose", v.URGENT), ("self_harm", v.URGENT), ("choose_topic", v.MOVE), (None, v.UNCLEAR),
])
def test_intent_kinds(domain, intent, kind):
    assert domain.intent_kind(intent) == kind


@pytest.mark.parametrize("action, role", [
    ("action_answer_uses", v.ANSWER), ("action_answer_dose", v.DOSE_ANSWER), ("action_answer_emergency", v.EMERGENCY),
    ("action_handoff", v.HANDOFF), ("utter_default", v.FALLBACK), ("action_default_fallback", v.FALLBACK),
    ("utter_out_of_scope", v.NOT_COVERED), ("utter_other_drug", v.NOT_COVERED), ("utter_ask_age_years", v.CLARIFY),
    ("dose_form", v.FORM), ("validate_dose_form", v.INTERNAL), ("action_listen", v.LISTEN),
    ("action_session_start", v.INTERNAL), ("action_deactivate_loop", v.INTERNAL), ("utter_greet", v.ANSWER),
    ("action_answer_dosage_forms", v.ANSWER),
    # the lead's coming actions, and Rasa's other fallbacks
    ("action_answer_not_covered", v.NOT_COVERED), ("utter_not_in_leaflet", v.NOT_COVERED),
    ("action_answer_crisis", v.CRISIS), ("utter_clarify_topic", v.CLARIFY), ("action_clarify_question", v.CLARIFY),
    ("action_check_proposed_dose", v.DOSE_ANSWER), ("action_two_stage_fallback", v.FALLBACK),
    ("action_transfer_to_pharmacist", v.HANDOFF), ("symptom_form", v.FORM), ("action_answer_missed_dose", v.ANSWER),
])
def test_action_roles(domain, action, role):
    assert domain.action_role(action) == role


def test_a_new_form_in_the_domain_is_a_form_whatever_its_name(tmp_path):
    (tmp_path / "domain.yml").write_text(yaml.safe_dump({
        "intents": ["ask_missed_dose", {"ask_onset": {"use_entities": []}}],
        "forms": {"symptom_questions": {"required_slots": []}}, "actions": ["action_answer_onset"]}))
    names = Vocabulary.from_domain(tmp_path)  # a domain folder, as Rasa accepts
    assert names.intents == {"ask_missed_dose", "ask_onset"}
    assert names.action_role("symptom_questions") == v.FORM
    assert names.question_intents() == ["ask_missed_dose", "ask_onset"]


@pytest.mark.parametrize("intent, subtopic, topic", [
    ("ask_side_effects", None, "side effects"), ("ask_precaution", "pregnancy", "precaution: pregnancy"),
    ("ask_dose", "kidneys", "dose: kidneys"), ("ask_missed_dose", None, "missed dose"),
    ("nlu_fallback", None, "not understood"), ("out_of_scope", None, "not about baclofen"),
    ("ask_general", "drug_test", "general: drug test"), (None, None, "not understood"),
])
def test_topic_labels(domain, intent, subtopic, topic):
    assert domain.topic(intent, subtopic) == topic


def test_a_missing_domain_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such domain"):
        Vocabulary.from_domain(tmp_path / "nope.yml")
