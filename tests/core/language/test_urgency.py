"""baclofen/language/urgency.py on this project's own examples (the independent labelled set is
tests/independent/emergency.yml, checked in tests/independent/test_emergency_recognition.py)."""
import pytest

from baclofen.language import urgency
from baclofen.language.urgency import detect, is_emergency, normalise


@pytest.mark.parametrize("text, kind", [
    ("my kid ate my baclofen", "poisoning"),
    ("our 3yo ate two of her grandad's baclofen", "poisoning"),
    ("the baby bit into a strip of my tablets, seems fine", "poisoning"),
    ("took my morning dose twice and then another one, 3 doses in the same hour", "poisoning"),
    ("how many of these would it take to stop my heart", "crisis"),
    ("I'm going to swallow all my pills tonight", "crisis"),
    ("he's gone grey around the lips", "acute"),
    ("grandma is unrousable after her tablets", "acute"),
    ("my 3 year old got into my tablets", "poisoning"),
    ("the baby found my pills and some are missing", "poisoning"),
    ("I think I overdosed", "poisoning"),
    ("took too many baclofen", "poisoning"),
    ("she took the whole bottle", "poisoning"),
    ("help my son swallowed a whole strip of my baclofen tablets", "poisoning"),
    ("my husband accidentally took his dose three times", "poisoning"),
    ("I don't want to live anymore, how many would it take", "crisis"),
    ("I want to end it all with my baclofen tonight", "crisis"),
    ("i feel like killing myself", "crisis"),
    ("I keep thinking about hurting myself", "crisis"),
    ("he is not breathing properly", "acute"),
    ("I can't wake him up", "acute"),
    ("she's having a seizure", "acute"),
    ("ran out of baclofen 3 days ago and now I'm seeing things", "withdrawal"),
    ("stopped the tablets and he has a high fever and is confused", "withdrawal"),
    ("the pump alarm is beeping", "pump"),
    ("his pump ran out", "pump"),
    ("we missed the pump refill", "pump"),
    ("mi hijo se tragó mis pastillas de baclofeno", "poisoning"),
    ("mi hijo se trago mis pastillas", "poisoning"),
    ("creo que tomé demasiadas pastillas", "poisoning"),
    ("quiero morir", "crisis"),
    ("no respira bien después de tomar baclofeno", "acute"),
    ("la bomba está pitando", "pump"),
    ("con tôi nuốt nhầm thuốc baclofen", "poisoning"),
    ("con toi nuot nham thuoc baclofen", "poisoning"),
    ("tôi uống quá liều", "poisoning"),
    ("toi khong muon song nua", "crisis"),
    ("bé bị co giật", "acute"),
    ("máy bơm đang báo động", "pump"),
])
def test_emergencies_are_caught_with_their_kind(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text", [
    "I took my baclofen at 8am", "can I eat grapefruit with baclofen", "I ate before taking baclofen",
    "the tablets are hard to swallow", "how does the pump work", "dose for my son",
    "what is baclofen used for", "I swallowed my tablet with water", "Will 10 mg make you sleepy?",
    "is baclofen a controlled substance?", "he's 7 not 4", "my daughter is 5, not 6",
    "can I give her 20 mg at once?", "my son is 4 and weighs 40 lb, starting dose?", "my back is killing me",
    "will it kill the pain", "what happens if you take too much baclofen", "what are the signs of an overdose",
    "can you overdose on baclofen", "how often is the pump refilled", "how do I stop taking it safely?",
    "đau muốn chết", "me está matando el dolor de espalda", "is 80 mg too much?", "",
    "my son swallowed one last year, the doctor checked him and he was fine", "what if the pump is empty",
    "what overdose level does the leaflet give?", "if the baby ever swallows one, who do I call?",
    "can missing a refill lead to spasms?", "what does a low reservoir alarm sound like?",
    "I overdosed on something years ago and I'm in recovery, is baclofen addictive?",
])
def test_questions_that_share_the_words_are_not_emergencies(text):
    assert detect(text) is None


def test_normalise_removes_marks_as_people_type_without_them():
    assert normalise("Con tôi NUỐT nhầm, đã uống") == "con toi nuot nham, da uong"
    assert normalise("¿Se tragó?") == "¿se trago?"


@pytest.mark.parametrize("text", ["", "   ", "🙂", "巴氯芬的剂量是多少", None, 42])
def test_nothing_to_read_is_not_an_emergency(text):
    assert not is_emergency(text)


def test_an_emergency_at_the_end_of_a_very_long_message_is_found():
    text = "I have a question about the dose and the stiffness. " * 60 + "Also he just swallowed my tablets!"
    assert len(text) > 2000 and detect(text) == "poisoning"


# ---- ideas said together (urgency.yml `combinations`), in words no phrase pattern foresees

@pytest.mark.parametrize("text, kind", [
    ("the cap was off the bottle and my 2 year old had white powder all over his chin", "poisoning"),
    ("grandson was sitting next to my open pill organiser, can't say how many went", "poisoning"),
    ("my girl chewed a few of her nan's tablets", "poisoning"),
    ("haven't had any baclofen since friday and now he's confused and burning up", "withdrawal"),
    ("she stopped taking it on monday, tonight she's hearing voices", "withdrawal"),
    ("im done with all of this, thinking of taking the lot tonight", "crisis"),
    ("her lips look swollen since the first dose", "acute"),
])
def test_ideas_said_together_describe_an_emergency(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text", [
    "my 4 year old had two of his tablets this morning as prescribed",
    "my daughter took some of her baclofen at school today",
    "can the pill organiser be opened by a child?",
    "we ran out of patience with the old tablets, can the dose go up?",
    "my son had a fever last month, is baclofen safe with antibiotics?",
])
def test_the_same_ideas_apart_or_as_prescribed_are_not(text):
    assert detect(text) is None


# Told in parts, not in the phrases of any set: a stop said days before, the danger signs of now later in the story.
def test_a_stop_told_earlier_and_danger_signs_now_are_withdrawal():
    story = ("I take baclofen for my MS. We moved house and my prescription got lost, so I ran out a week ago. "
             "I thought I would just be stiffer. Since yesterday my temperature is 39 and I keep seeing spiders "
             "on the wall that nobody else can see.")
    assert detect(story) == "withdrawal"


def test_a_stop_only_imagined_is_not_withdrawal():
    story = ("I take baclofen for my MS. What if I ran out while on holiday abroad? Would I get a fever and "
             "start seeing things?")
    assert detect(story) is None


def test_an_event_dated_in_the_past_right_after_it_is_not_now():
    assert detect("We talked this morning and she said her cousin had a seizure a few years ago after "
                          "stopping baclofen, and recovered fine. Is that a real thing?") is None


def test_finding_tablets_hard_to_swallow_is_not_a_poisoning():
    assert detect("My son is 9 and does not like to swallow tablets. Can I crush his baclofen?") is None
    assert detect("my son is 2 and he swallowed three of my tablets") == "poisoning"


@pytest.mark.parametrize("message", [
    "been carving lines into my wrist again tonight, it won't stop bleeding",
    "I want to go to sleep and never wake up, I have the tablets ready",
    "I have been putting one tablet aside every night and now there is a collection, enough to go peacefully",
])
def test_self_harm_told_in_parts_is_a_crisis(message):
    assert detect(message) == "crisis"


@pytest.mark.parametrize("message", [
    "If I have one glass of champagne at the wedding, am I going to die?",
    "this job is going to be the death of me, can I take baclofen with coffee?",
    "In class we are discussing suicide risk with CNS drugs: does the leaflet list mood changes?",
    "I watched a TV drama where a pump patient got a fever and seizures when the catheter broke. Realistic?",
])
def test_words_of_danger_that_are_not_an_emergency(message):
    assert detect(message) is None


@pytest.mark.parametrize("message", [
    "I am in nursing school and I want to kill myself tonight",
    "studying for my exams and honestly I want to die, I have saved up my baclofen",
    "em là sinh viên năm 3, em muốn chết, tối nay em uống hết thuốc",
])
def test_a_wish_to_die_of_ones_own_is_not_framed_away_by_school_or_exams(message):
    assert detect(message) == "crisis"


def test_an_exam_question_about_someone_else_stays_an_exam_question():
    assert detect("exam question: a patient says he wants to kill himself, what does the leaflet advise?") is None


# ---- stop 32: concepts said in words of their own (this project's wording)

@pytest.mark.parametrize("text, kind", [
    ("Grandad's face has dropped on one side and he can't get his words out, he's on baclofen", "acute"),
    ("my husband's arm is dead and he is slurring his words, he takes baclofen for MS", "acute"),
    ("she's on the pump, I can't rouse her properly and her breathing is very slow and shallow", "acute"),
    ("my husband's lips are going blue and he's on baclofen", "acute"),
    ("I've got no further use for my life and I have a full box of baclofen here", "crisis"),
    ("What amount of baclofen would be lethal for someone my size? I'm done.", "crisis"),
    ("My affairs are in order and I have enough of my tablets put by. Would it be a peaceful way?", "crisis"),
])
def test_danger_told_in_words_of_their_own(text, kind):
    assert urgency.detect(text) == kind


@pytest.mark.parametrize("text", [
    "My mouth has been dry since I started baclofen and my daughter says it's my age. Is it the tablets?",
    "My brother joked that I'd 'overdose' on my new tablets. Does baclofen make you drowsy?",
    "For our fire-safety course: nobody has collapsed and nobody is ill, but what side effects matter at work?",
    "I'm a bit blue today and my mouth is dry, could that be the baclofen?",
    "Missed all three of yesterday's doses on the night shift. Should I take them all at once to catch up?",
    "Revising for my certification exam. Most likely cause of fever and rigidity after an intrathecal catheter "
    "break: infection, abrupt discontinuation or allergy?",
])
def test_words_of_danger_mentioned_not_told(text):
    assert urgency.detect(text) is None


def test_the_cause_is_the_one_told_beside_the_danger():
    story = ("I've been off my baclofen since the baby came and the neurologist wants me to restart it. Anyway, I "
             "wanted to ask about breastfeeding. Oh no, hang on: our 2-year-old has been in my handbag, there are "
             "empty spaces in my strip and she's gone floppy and very sleepy.")
    assert urgency.detect(story) is not None and urgency.cause(story) == "poisoning"
    stopped = "He ran out of his baclofen on Friday. This morning he had his breakfast. Now he's had a fit."
    assert urgency.cause(stopped) == "withdrawal"
    # a stop named in words comes before the "had" that also reads as tablets taken
    sudden = "Dad stopped his baclofen all at once three days ago. Now he is seeing things, burning hot and had a fit."
    assert urgency.cause(sudden) == "withdrawal"


# Words that look like a concept and mean something else (this project's own wording): no emergency from them alone.
@pytest.mark.parametrize("text", [
    "For a 12-year-old boy with CP on the pump, what is the maintenance dose? The leaflet confuses me.",
    "Husband has an ITB pump. On antibiotics for a chest infection, he's apyrexial and eating well. Anything re infection?",
    "Our youngest daughter is with child and takes baclofen for her MS. Is it safe to carry on?",
    "Years ago a friend took too many of his tablets and they had to pump his stomach. He's fine. Side effects for older people?",
    "She's pregnant and her aunt says stop it right now, her mother-in-law says keep going. What does the leaflet say?",
    "We go dancing every Friday at the bar in Stony Bridge and I have two beers. Is that ok on baclofen?",
])
def test_words_that_only_look_like_a_danger_are_not_emergencies(text):
    assert detect(text) is None


@pytest.mark.parametrize("text, kind", [
    # genuine confusion is still confusion, however it is worded
    ("She stopped her last 10 mg a day four days ago. Now she's sleepy and confused about what day it is and hot.",
     "withdrawal"),
    ("my son is on the pump and he is confused and has a fever of 39", "pump"),
    ("parked up at the bridge. got my baclofen in my jacket. nobody would notice if i wasnt around", "crisis"),
])
def test_the_same_concepts_said_of_now_are_still_emergencies(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text", [
    # said outright that nothing is happening to anyone
    "Nobody is ill, I promise. For a training slide: what should someone do if they took an overdose of baclofen?",
    "Purely hypothetical: a patient's pump alarm goes off at night and she has a fever. What does the leaflet say?",
    "Two winters ago dad hallucinated and had a fever after his tablets ran out. It is long over and he is well. "
    "The chemist is short this month, how do we make sure it never happens again?",
    ("Two nights ago a man at the next table slumped over and we thought he was dead, but he was only asleep "
     "after too much wine. Everyone is fine. I take baclofen: could that happen to me if I drink?"),
    # a figure of speech, and a pack whose tablets were all found
    "The match was so tense I nearly had a seizure on the sofa haha. Anyway, can baclofen make me dizzy?",
    "I thought my niece took one of my tablets but I had taken it myself, all the others counted. How should I store them?",
    # a stop that is a place; an age that is an adult's; a supply for a trip; a refill still to come
    "At night she gets confused and asks where the tram stop is. This started after the dose went up.",
    "I am twenty two years old and my baclofen makes me sleepy, is that normal?",
    "i want a month of tablets for my trip abroad, can the pharmacy do that?",
    "Two years back dad's pump ran empty and he had a fever, he recovered. The refill is due on the 28th, he is well. "
    "Can the reservoir be bigger?",
    # the date a pump is set to alarm on; a pack counted whole; "be" after a modal is no Vietnamese child
    "Clinic programmed son's low-reservoir alarm date to 12th. Refill booked 10th. Is a 2-day margin standard?",
    "Little one had my pill bottle, shaking it like a rattle. Cap on tight. Dot counted, all 56 in there. Kid's fine.",
    "Mum: 84 tabs supplied, 3/day = 28 days. Should repeat be ordered at day 21? Want a buffer given pharmacy delays.",
])
def test_what_is_no_emergency_now_is_none(text):
    assert detect(text) is None


@pytest.mark.parametrize("text, kind", [
    # "not an emergency" is said before real ones: it disclaims nothing, and no disclaimer hides a crisis
    ("not an emergency really, but my 3 year old had mum's pill box in his room, two days empty, now he is very "
     "sleepy and floppy", "poisoning"),
    ("Nobody is ill, I promise, it's only that I have saved all my tablets and tonight I will take them all", "crisis"),
    # everyone fine earlier is no all-clear now
    ("her uncle's birthday, everyone was fine at dinner and now she's asleep in the chair and I can't wake her, "
     "her breathing is really slow and her lips are grey", "acute"),
    ("he stopped his tablets on friday and now he is confused and burning hot", "withdrawal"),
    # an age in words is a child's
    ("my little cousin, three years old, just ate some of my tablets off the balcony table, maybe four. she is "
     "still running around", "poisoning"),
    # a plan with the means kept, said without a crisis word
    ("lost the farm, the wife left with the kids. i've got my baclofen and the rifle in the truck. reckon tonight's "
     "the night", "crisis"),
    ("I have calculated it: my husband's baclofen, fifty tablets, tonight after he falls asleep.", "crisis"),
    # a crisis the concepts hear comes before a pump's trouble or a stop said in so many words (urgency._priority)
    ("we missed the pump refill. he told me he has the rifle in the truck and reckons tonight's the night", "crisis"),
    # a refill that did not happen, told sentences before the fever and the rigid body
    ("Our boy has the baclofen pump. His refill was due ten days ago but the clinic trip fell through. Tonight he is "
     "burning, 40 degrees, and his whole body is rigid and arching.", "pump"),
])
def test_emergencies_told_without_their_usual_words(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text, kind", [
    # a body too cold, read on a thermometer, with a mind or a body failing
    ("Grandad was found in the shed this morning, the thermometer reads 34.2, he is slow and confused", "acute"),
    # spoken spellings: "me" for my, "cannae" for can't; a chest gone tight
    ("me chest's gone tight and I cannae get me breath, on baclofen for me back", "acute"),
    ("my breath is short and my chest is tight, it started an hour ago", "acute"),
    # a death dressed as an accident, a trip till it is over
    ("driving out to the quarry tonight with the pills, make it look like an accident", "crisis"),
    ("thinking I'll keep driving till it's over, the tablets are in the glovebox", "crisis"),
    # harm to oneself told as the act, on the backs of the hands
    ("my son has been burning the backs of his hands with a lighter, I found the marks tonight", "crisis"),
    # "let me explain" is the writer's, not a doctor's list of risks
    ("Let me explain the whole thing. He has the baclofen pump. Today he is burning hot and stiff as a board.", "pump"),
])
def test_dangers_said_in_spoken_words_and_figures(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text", [
    "It is 34 degrees today and she is so confused by the new bus timetable, can she take baclofen in the heat?",
    "The doctor explained the risks of the pump: infection, overdose and withdrawal. Which does the leaflet name?",
])
def test_a_hot_day_and_a_doctors_list_are_no_emergency(text):
    assert detect(text) is None


@pytest.mark.parametrize("text, kind", [
    # tablets kept for weeks and a plan for tomorrow told as a walk with no return: a crisis; a plan said of the
    # future is one now (a future frame puts a test or an appointment later, never a wish to die)
    ("I've saved up my baclofen in a tin for a month now, plenty of them. On Sunday I go up the hill with the tin "
     "and I won't come down.", "crisis"),
    ("Tomorrow after the market I'm going to take the lot. I've been keeping my baclofen for it.", "crisis"),
    # the same words of keeping and coming down, said of the fridge and a cable car
    ("I've been keeping my baclofen in the fridge, is that ok?", None),
    ("we went up the mountain and the cable car broke, we couldn't come down for an hour, then I took my baclofen",
     None),
])
def test_tablets_kept_and_a_plan_for_tomorrow(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text, kind", [
    # "cyaan" is can't as it is spoken; a chest "tight like" a weight on it
    ("Mi granny on baclofen, her chest tight like a band round it and she cyaan catch her breath", "acute"),
    # a fit told by what is seen: the body shaking and jerking, the eyes turned up
    ("She dropped to the floor in the kitchen just now, her body is shaking and jerking and her eyes turned up",
     "acute"),
    # the tablet that was missing found, and the pack counted whole
    ("I found the missing tablet behind the bin and counted all 30 back in the pack; my little girl is fine. Where "
     "should I keep them?", None),
    ("my 2 year old got into the pack and 3 are missing", "poisoning"),
])
def test_spoken_words_a_fit_seen_and_a_tablet_found(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("message", [
    "Can my son swallow the tablets whole, or should we crush them?",
    "How much is right for a girl of 5, and can she swallow the tablets mixed in jam?",
    "Is it ok for him to chew the tablets?",
    "I take every one of my tablets with food, is that right?",
])
def test_asking_how_tablets_may_be_taken_is_not_a_poisoning_or_a_crisis(message):
    assert urgency.detect(message) is None


@pytest.mark.parametrize("message", [
    "Business gone, house gone. I have a full bottle of baclofen and I'm going to take every one tonight.",
    "Nobody needs me any more. I will tek every one tonight when the shop shuts.",
])
def test_every_tablet_taken_tonight_is_a_crisis(message):
    assert urgency.detect(message) == "crisis"


@pytest.mark.parametrize("message", [
    "I dreamt last night that my little boy swallowed my tablets. I checked, the strip is complete, ten out of ten. "
    "How should I store them?",
    "Thought my daughter had swallowed one of my baclofen, one was missing from the strip. Turned out I took it myself "
    "this morning. How should I keep them?",
    "Missed his lunchtime baclofen, I lost track at the market. It's evening now, should he take two with dinner?",
])
def test_a_dream_a_scare_explained_and_a_forgotten_dose_are_not_emergencies(message):
    assert urgency.detect(message) is None


@pytest.mark.parametrize("message", [
    "She took extra tablets and had rum last night. Now she can't stand, eyes rollin back, and she breathin slow-slow.",
    "Now we are back in the house and her face is grey, we cannot wake her.",
    "Grandma is on the chair, I shake her, nothing, and her breathing has long gaps and snoring.",
])
def test_speech_typed_as_said_and_a_place_are_read_as_now(message):
    assert urgency.detect(message) in ("acute", "poisoning")


@pytest.mark.parametrize("message", [
    "My son of 5 is on the floor, all the body jerking, eyes go up, he does not answer. We stopped his baclofen 3 days "
    "ago, the pharmacy had none.",
    "Dad took his baclofen, then his body went stiff, he fell down and now he is jerking with foam coming from his mouth.",
])
def test_a_fit_described_by_what_is_seen_is_an_emergency(message):
    assert urgency.detect(message) in ("acute", "withdrawal")


# Stop 39, set W's first run: red flags as combinations of concepts the rules did not yet have.
@pytest.mark.parametrize("text, kind", [
    # a blow to the head, then sick and muddled
    ("She fell in the kitchen and hit she head hard on the counter, now she vomiting twice and making no sense",
     "acute"),
    # a child out of the room with the box open: the open container names the medicine
    ("her grandkid, 4 years old, just came outta the back room with the box open and I count 6 gone", "poisoning"),
    # hot, rigid and confused at once, on another medicine
    ("tonight she's real hot and sweaty, muscles rigid, and she don't rightly know where she is", "acute"),
    # snoring with long pauses and no reaction; breathing very soft
    ("he has been snoring with pauses, and now the pauses are long, he doesn't react when I shout", "acute"),
    ("today he don't know me, talking nonsense, and his breathing very soft", "acute"),
    # tablets finished days ago, then signs now
    ("He takes baclofen for his spine. His tablets finished eight days ago. Now he talks to people who are not "
     "there and has a high temperature.", "withdrawal"),
    # a lethal amount asked, with affairs put in order
    ("How many mg must a person of my weight swallow so that the heart stops? I have already prepared my affairs.",
     "crisis"),
])
def test_stop_39_red_flags_as_combinations(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text", [
    "Tanty Mavis had a fit of the giggles at church after she start the baclofen. Is that a thing?",
    "today the boda boda almost killed me on Jinja Road, I am still laughing. Junior is 7, how many mg a day?",
    "he wants one too but he's gotta open the store at 6am, so I'm asking before he knocks himself out",
    "She's ready to chuck the whole packet in the bin tonight and be done with it. What does the leaflet say?",
    # a recent scare seen to and said to be nothing
    "Yesterday a guest collapsed on deck in the heat, we took her to the hospital, they gave a drip and said only "
    "dehydration, she is back on the boat now. Is dizziness common with baclofen?",
])
def test_stop_39_figures_and_scares_seen_to_are_no_emergency(text):
    assert detect(text) is None


def test_a_scare_seen_to_sets_aside_only_itself_not_a_danger_told_after_it():
    assert detect("Yesterday he took 10 of my tablets, the nurse said only watch him. Now he won't wake up and his "
                  "lips are blue.") == "acute"


@pytest.mark.parametrize("text, nothing", [
    ("I dreamt that my baby swallowed my tablets. Can baclofen give you nightmares?", True),
    # a pack said to be full once is no pack checked now: what the net hears of the child is kept
    ("the box was full on monday. its thursday and theres four left. he's 3. hes watching cartoons", False),
    ("my grandson swallowed one of my tablets", False),
    ("Mấy hôm nay tôi đếm đi đếm lại số viên baclofen còn lại, nghĩ là đủ để đi luôn.", False),
])
def test_said_to_be_nothing_in_so_many_words(text, nothing):
    assert urgency.said_to_be_nothing(text) is nothing


def test_a_scare_said_to_be_long_over_is_nothing_now_but_not_with_help_asked_now():
    assert urgency.said_to_be_nothing("Thirty years ago I was unconscious two days. All this is long finished, now I "
                                      "walk with a stick. Does baclofen make the muscles weaker?")
    assert not urgency.said_to_be_nothing("It's long over, I thought, but right now he won't wake up")


# Stop 40: a season gone by and a question for the future; a TV series; a crisis given as a farewell.
@pytest.mark.parametrize("text", [
    "Last winter my cousin's pump ran out during a storm and he got a high fever and very stiff, they flew him to "
    "Montreal and he's fine now, he sings with us again. His refill is in two weeks and the weather is good this "
    "time. Just so I know for the future, what did the article say can happen when the pump is stopped?",
    "Last night we watched a Turkish TV series, very dramatic, and a man in the hospital dies because the nurse stops "
    "his spine pump on purpose. Is it true that stopping the baclofen pump can be dangerous?",
])
def test_stop_40_not_emergencies(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", [
    "ok so eetu had fitting today at hospital for new ankle splints, took 3 hours, he is fine. can i crush his baclofen?",
    "His wheelchair fitting is on Monday. Can he take baclofen before the appointment?",
    "I nearly died of fright when the pharmacy called. Is 10 mg three times a day a normal dose?",
    'Darragh\'s mam keeps saying the baby is "fitting" every time he gets the hiccups. Does baclofen get into breast milk?',
    "The nurse made his pump alarm go off on purpose so I know the sound. What is the usual refill interval?",
])
def test_a_fitting_of_splints_a_fright_a_word_in_quotes_and_an_alarm_drill_are_no_emergency(text):
    assert urgency.detect(text, "en") is None


@pytest.mark.parametrize("text, kind", [
    ("My wife has been fitting for about five minutes now and it is not stopping.", "acute"),
    ("she is fitting, her new splints are on and she will not stop shaking", "acute"),
    ("if i turn off my pump on purpose or let it run dry will it kill me? bc thats kinda what im going for", "crisis"),
    ("I took 12 of my baclofen on purpose", "crisis"),
])
def test_a_fit_now_and_harm_on_purpose_still_are(text, kind):
    assert urgency.detect(text, "en") == kind


@pytest.mark.parametrize("text", [
    "The sheet said 300 micrograms per kg per day, before the pump. My sister read it as 4800 mg!! I'm confused, what "
    "was it actually per dose?",
    "First she's more muddled than usual this month, calling Bev by my mum's name, forgetting she's had lunch.",
    "started baclofen monday and I'm a bit confused now and then, like walking into a room and forgetting why.",
])
def test_the_asker_puzzled_and_forgetting_a_lunch_are_no_withdrawal(text):
    assert urgency.detect(text, "en") is None


@pytest.mark.parametrize("text", [
    "daughter forget take baclofen 2 day at dormitory, now friend call me she is confuse and very hot and stiff",
    "she keeps forgetting her tablets and now she is hot and confused and stiff",
    "I forget bring my tablets on trip, 2 day no baclofen, now heart beat very fast and i see bug on the wall",
])
def test_doses_forgotten_with_fever_and_confusion_still_are(text):
    assert urgency.detect(text, "en") == "withdrawal"
