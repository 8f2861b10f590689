from actions.action_answer_topic import ActionAnswerTopic
from tests.action_harness import text
from tests.actions.question_harness import asked


def test_a_topic_the_leaflet_does_not_cover_says_so_and_refers():
    answer = text(ActionAnswerTopic(), asked("I missed a dose, what should I do?", "ask_topic"))
    assert answer.startswith("The leaflet does not mention what to do about a missed or forgotten dose")
    assert "pharmacist" in answer and "Do not stop" not in answer


def test_a_use_the_leaflet_does_not_list_gets_no_dose():
    answer = text(ActionAnswerTopic(), asked("what dose of baclofen is used for alcohol dependence?", "ask_topic"))
    assert "not among the uses the leaflet lists" in answer and " mg" not in answer


def test_a_further_warning_follows_the_topic():
    answer = text(ActionAnswerTopic(), asked("I take it for back pain, is it safe while breastfeeding?", "ask_topic"))
    assert answer.index("breastfeeding should be stopped") < answer.index("not among the uses")


def test_a_symptom_asked_about_follows_the_topic():
    answer = text(ActionAnswerTopic(), asked("Can reducing baclofen cause insomnia?", "ask_topic"))
    assert "Do not stop baclofen suddenly" in answer
    assert "Insomnia is listed as a common side effect" in answer


def test_the_medicines_named_follow_unless_it_is_a_comparison():
    comparing = text(ActionAnswerTopic(), asked("which is stronger, cyclobenzaprine or baclofen?", "ask_topic"))
    assert "does not mention how baclofen compares" in comparing and "Caution" not in comparing


def test_the_test_dose_asked_about_a_child_of_three_and_a_half_is_not_the_adult_screening():
    # the age said earlier in the conversation (a slot), the test dose asked now
    answer = text(ActionAnswerTopic(), asked("what is the test dose in the pump trial?", "ask_topic",
                                             slots={"age_years": 3.5}))
    assert "under 4" in answer and "50 micrograms" not in answer
    answer = text(ActionAnswerTopic(), asked("what is the test dose in the pump trial?", "ask_topic",
                                             slots={"age_years": 9.0}))
    assert "25 micrograms" in answer and "50 micrograms" not in answer
    adult = text(ActionAnswerTopic(), asked("what is the test dose in the pump trial?", "ask_topic"))
    assert "50 micrograms" in adult  # nobody in particular: the leaflet's screening, as before
