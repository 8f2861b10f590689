"""What this project's concept reading must not mistake (baclofen/language/concepts.py, urgency.py): a real word for
a typo of a concept word, low tone for someone who cannot be woken, another pump for the baclofen pump, a place's heat
for a fever; and what an acute emergency's answer adds when the message says what brought it on. Wording of this
project's own, not of any evaluation set."""
import pytest

from baclofen.language import concepts, urgency


@pytest.mark.parametrize("text, not_read", [
    ("she was talking in a strange way about her tablets", "harm_act"),  # not "strangle"
    ("I read about a connection between baclofen and sleep", "means_kept"),  # not "collection"
    ("I feel quite well on my tablets", "stopped"),  # not "quit"
])
def test_a_real_english_word_is_no_typo_of_a_concept_word(text, not_read):
    assert not_read not in {name for name, _ in concepts.describe(text, "en")}


def test_a_misspelt_concept_word_is_still_read():
    assert ("fever", 0) in concepts.describe("he is feaverish on the pump", "en")


@pytest.mark.parametrize("text", [
    "the tablets made my son too floppy at nursery so the dose was lowered",
    "my legs feel floppy when I try to hold a plank at the gym",
    "my wife's electric breast pump keeps beeping, is her milk ok with baclofen?",
    "my insulin pump alarmed last night, I changed it and I'm fine, is low blood sugar a baclofen side effect?",
    "it gets really hot in the van in summer, is that a problem for my baclofen?",
    "hay fever season, can I take an antihistamine with baclofen?",
    "since starting baclofen I can't wake up for my alarm in the mornings",
    "been pumping iron all week and my arms ache, is that baclofen?",
])
def test_everyday_words_are_no_emergency(text):
    assert urgency.detect(text) is None


@pytest.mark.parametrize("text, kind", [
    ("my son has gone all floppy just now and won't look at me", "acute"),
    ("grandad is grey in the face and floppy in his chair", "acute"),
    ("mum is very difficult to rouse tonight and will not open her eyes", "acute"),
    ("been cutting again tonight and it won't stop bleeding", "crisis"),
    ("she has a little machine under the skin of her tummy for the baclofen, it is beeping and she is burning up",
     "pump"),
])
def test_danger_said_in_lay_words_is_an_emergency(text, kind):
    assert urgency.detect(text) == kind


def test_an_acute_emergency_says_what_brought_it_on():
    stopped = "my brother stopped his baclofen three days ago and now he is having a fit on the floor"
    assert urgency.detect(stopped) == "acute"
    assert urgency.cause(stopped) == "withdrawal"
    assert urgency.cause("he is having a fit on the floor") is None


def test_a_crisis_concept_of_now_leans_to_a_crisis_and_a_past_one_does_not():
    assert urgency.leaning("i have the tablets lined up and i don't want to be around tomorrow") == "crisis"
    assert urgency.leaning("my neighbour's dog had a seizure at the vet years ago") is None


@pytest.mark.parametrize("text", ["bé có sao không", "ông vẫn tỉnh, có cần đi viện không", "vỉ thuốc bị rách"])
def test_vietnamese_one_syllable_words_are_read_only_with_their_marks(text):
    names = {name for name, _ in concepts.describe(text, "vi")}
    assert not names & {"body_part", "wanting", "harm_act"}


def test_vietnamese_words_written_with_their_marks_are_read():
    assert urgency.detect("con tôi cứa cổ tay") == "crisis"
    assert ("wanting", 0) in concepts.describe("tôi tính uống hết thuốc", "vi")
    assert ("wanting", 0) not in concepts.describe("toi tinh uong het thuoc", "vi")  # "tỉnh" (awake) as often


def test_a_vietnamese_homograph_is_set_aside_as_a_whole_word():
    assert urgency.detect("tủ vẫn khóa, cháu không lấy được thuốc") is None


@pytest.mark.parametrize("text", [
    "for my glossary homework, in what context does the leaflet use the word 'overdose'?",
    "my laptop had a seizure and lost my notes, what was the adult starting dose?",
    "I've had an overdose of information this week, what's the maximum daily dose?",
    "my ankles swell by the evening, is that baclofen? no face swelling or lips, breathing is fine",
    "I got confused when the doctor said pump, I'm starting tablets, anything about blood sugar?",
    "what should the fridge card say if one of the grandchildren ever swallowed my tablets?",
])
def test_a_word_mentioned_or_used_of_something_else_is_no_emergency(text):
    assert urgency.detect(text) is None


def test_a_colour_and_pauses_between_breaths_are_an_emergency():
    assert urgency.detect("she has gone a grey colour and there are long pauses between her breaths") == "acute"


def test_a_crisis_said_in_quotes_is_still_a_crisis():
    assert urgency.detect('my wife keeps saying she wants to "unalive herself" and is counting her tablets') == "crisis"


@pytest.mark.parametrize("text, kind", [
    # who the patient is holds for the whole message: the pump said two sentences before the fever
    ("Dad has had his pump since 2019. Nothing new there. Tonight he is burning up and his legs are rigid.", "pump"),
    # the cause of a symptom asked about ("could it be") is no what-if
    ("she's shivering with a temperature on the pump, could it be the pump?", "pump"),
    ("my uncle is 2 days post-op on the pump, feverish and muddled this evening", "pump"),
    ("pharmacy could not supply his baclofen since Friday, now he is hallucinating", "withdrawal"),
    ("crushing pain in my chest and I'm short of breath since my new dose", "acute"),
    ("I doubled my dose twice today for the pain. Now I am drowsy and wobbly", "poisoning"),
])
def test_red_flags_read_across_the_message(text, kind):
    assert urgency.detect(text) == kind


@pytest.mark.parametrize("text", [
    # the pump of a urinary catheter is none; an animal's fit last week is its own time
    "grandpa pulled at his urine catheter, is that a baclofen side effect?",
    "our old horse had a seizure in the field last week, the vet came, he's fine now. Can I drive on baclofen?",
    # a year gone by, a drill, a habit, a figure of speech
    "I had a bad fall in 2011 and was unconscious for a bit. Is baclofen safe for my back now?",
    "Writing our care home fire drill scenario: 'resident found unresponsive'. Separately, what are baclofen's side effects?",
    "her baclofen knocks her out cold every night but she's up bright at six, is that normal?",
    "my phone literally had a seizure while I was reading the leaflet, does baclofen make you sleepy?",
    # chest pain listed, not felt
    "the leaflet lists chest pain and shortness of breath as uncommon side effects, how uncommon is that?",
])
def test_what_happened_elsewhere_or_to_something_else_is_no_emergency(text):
    assert urgency.detect(text) is None


def test_a_past_said_after_an_event_is_its_own_time_only_within_its_clause():
    # "ran out last week": the past is the running out's, the shaking is now
    assert urgency.detect("he can't stop shaking all over, ran out of baclofen last week") is not None


def test_a_comparison_with_the_past_is_not_the_past():
    # "locking straight like they used to before the pump": the legs lock now, as they did then
    text = ("Visited Joan today, she has a baclofen pump. She felt burning hot, and her legs were locking straight "
            "like her daughter says they used to before the pump went in.")
    assert urgency.detect(text) == "pump"
