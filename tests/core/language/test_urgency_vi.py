"""Vietnamese emergencies are heard as English ones are: each written with marks, without them, and with a typo,
through the concepts of lexicon/vi.yml and the phrase patterns of urgency.yml; and the questions, stories and
figures of speech that share their words are not emergencies."""
import unicodedata

import pytest

from baclofen.language import concepts
from baclofen.language.urgency import detect


def without_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


EMERGENCIES = [
    # a child and the medicine
    ("con tôi uống nhầm thuốc baclofen của bà", "poisoning"),
    ("bé nhà em nuốt mấy viên thuốc rồi", "poisoning"),
    ("cháu 2 tuổi nhai mất vỉ thuốc của ông", "poisoning"),
    ("thằng bé ăn mấy viên thuốc của mẹ", "poisoning"),
    ("em thấy lọ thuốc mở, bé đang ngậm thuốc trong miệng", "poisoning"),
    ("bé 3 tuổi lấy được lọ thuốc, thiếu mấy viên", "poisoning"),
    ("con tôi lỡ uống 5 viên baclofen", "poisoning"),
    ("chồng tôi uống hết cả lọ thuốc", "poisoning"),
    # the pump
    ("máy bơm của chồng tôi kêu bíp bíp liên tục", "pump"),
    ("con tôi dùng bơm baclofen, giờ sốt cao và lú lẫn", "pump"),
    ("bơm tủy sống của mẹ báo động, người cứng đơ", "pump"),
    ("bố dùng bơm thuốc, bây giờ nóng hầm hập và nói lảm nhảm", "pump"),
    # stopping
    ("ngưng thuốc 2 ngày, giờ bố tôi mê sảng và sốt", "withdrawal"),
    ("hết thuốc từ hôm qua, bà bị sốt và lú lẫn", "withdrawal"),
    ("quên uống thuốc mấy ngày nay, giờ ảo giác, thấy người trong phòng", "withdrawal"),
    # the body failing
    ("ông tôi khó thở sau khi uống thuốc", "acute"),
    ("bà thở yếu lắm, gọi không dậy", "acute"),
    ("mẹ tôi hôn mê rồi", "acute"),
    ("môi bé tím tái", "acute"),
    ("anh ấy ngưng thở từng lúc", "acute"),
    ("bé đang co giật", "acute"),
    ("bố tôi bất tỉnh sau khi uống baclofen", "acute"),
    # a crisis
    ("tôi không muốn sống nữa", "crisis"),
    ("tôi muốn chết", "crisis"),
    ("tôi muốn uống hết cho xong", "crisis"),
    ("em muốn tự tử bằng thuốc baclofen", "crisis"),
    ("chỉ muốn được giải thoát", "crisis"),
    # harm to oneself told as the act, on the hand or arm ("tay")
    ("em vừa rạch tay mấy đường, máu vẫn chảy", "crisis"),
    ("tôi hay tự làm đau mình", "crisis"),
    ("chán sống lắm rồi, nhà có cả hộp thuốc", "crisis"),
    ("bao nhiêu viên thì chết", "crisis"),
]

TYPOS = [
    ("mẹ tôi khó thởo quá", "acute"),
    ("bé gọi không dậyy", "acute"),
    ("tôi không muốn sốngg nữa", "crisis"),
    ("bé đang co giậtt", "acute"),
]

NOT_EMERGENCIES = [
    "baclofen có gây co giật không?",  # asked in general
    "nếu con tôi nuốt thuốc thì phải làm sao?",  # a what-if
    "lỡ mà bé uống nhầm thuốc thì làm gì",
    "giả sử máy bơm kêu bíp thì sao",
    "hồi trước con tôi nuốt 3 viên thuốc, giờ ổn rồi",  # the past, resolved
    "năm ngoái bố tôi bị co giật khi ngưng thuốc, giờ bình thường",
    "đề thi: bệnh nhân dùng bơm bị sốt cao, xử trí thế nào",  # an exam
    "bài thi dược: bệnh nhân muốn chết, uống hết thuốc",
    "rủi ro của bơm là sốt và lú lẫn",  # a list of risks
    "biến chứng có thể gồm khó thở, hôn mê",
    "con tôi không sốt, không khó thở",  # said not to be
    "bé chưa co giật lần nào",
    "đau muốn chết, thuốc giãn cơ có giúp không",  # a figure of speech
    "mệt muốn chết vì chăm con",
    "thuốc có an toàn cho trẻ em không",  # "an" is not "ăn"
    "bé 3 tuổi uống baclofen liều bao nhiêu",  # a dose question
    "cho bé uống thuốc trước hay sau ăn",
    "dừng baclofen có cần giảm liều từ từ không",  # "từ từ" is not "tự tử"
    "tôi muốn gặp nhân viên tư vấn",  # "tư vấn" is not "tự vẫn"
    "uống thuốc 3 lần một ngày được không",  # "lần" is not "lẫn"
    "con tôi bị co cứng, thuốc mới có giúp không",
    "bệnh viện có bán baclofen không",
]


@pytest.mark.parametrize("text, kind", EMERGENCIES)
def test_a_vietnamese_emergency_is_heard_with_its_marks(text, kind):
    assert detect(text) == kind


@pytest.mark.parametrize("text, kind", EMERGENCIES)
def test_a_vietnamese_emergency_is_heard_without_its_marks(text, kind):
    assert detect(without_marks(text)) == kind


@pytest.mark.parametrize("text, kind", TYPOS)
def test_a_vietnamese_emergency_is_heard_through_a_typo(text, kind):
    assert detect(text) == kind and detect(without_marks(text)) == kind


@pytest.mark.parametrize("text", NOT_EMERGENCIES)
def test_vietnamese_messages_that_share_the_words_are_not_emergencies(text):
    assert detect(text) is None and detect(without_marks(text)) is None


def test_chat_abbreviations_are_read_as_their_words():
    assert detect("bé ko thở dc") == "acute"
    assert detect("me toi ko tinh lai dc") == "acute"


def test_the_vietnamese_lexicon_has_the_concepts_and_red_flags_of_the_english_one():
    english, vietnamese = concepts.lexicon("en"), concepts.lexicon("vi")
    assert english.rules == vietnamese.rules
    assert english.frames == vietnamese.frames
    named = lambda lex: {name for entries in lex.phrases.values() for _, name in entries}  # noqa: E731
    assert named(english) - {"everyday"} <= named(vietnamese)


@pytest.mark.parametrize("text, flag", [("con tôi nuốt mấy viên thuốc của bà", "flag_poisoning"),
                                        ("máy bơm kêu bíp, bé sốt cao", "flag_pump"),
                                        ("tôi không muốn sống nữa", "flag_crisis")])
def test_the_safety_nets_features_read_vietnamese_with_and_without_marks_alike(text, flag):
    """The learned safety net's inputs: the n-grams' text and the concept words, the same for both ways of typing."""
    from baclofen.language import safety_net

    assert safety_net.readable(text) == safety_net.readable(without_marks(text))
    words = safety_net._concept_words(text)
    assert words == safety_net._concept_words(without_marks(text)) and flag in words.split()


@pytest.mark.parametrize("text", ["có số điện thoại dược sĩ không cho tôi xin", "bác sĩ không cho uống nữa",
                                  "mẹ không cho bé ăn kẹo"])
def test_a_typo_that_makes_another_word_is_not_a_typo(text):
    """"không cho" (does not let) is one letter from "không thở" (not breathing), and a phrase of its own."""
    assert detect(text) is None and detect(without_marks(text)) is None


def test_a_negator_does_not_reach_past_a_word_that_opens_a_new_clause():
    # "chưa" asks "yet?" ("đã uống chưa"), then "nên" opens what he did: took it several times
    told = ("Sáng nay ông ở nhà một mình, ông không nhớ đã uống chưa nên uống liền mấy lần, giờ thiếu 6 viên, ông "
            "nói líu nhíu.")
    assert detect(told, "vi") == "poisoning"
    assert detect("he has no fever but he is very confused now, on the baclofen pump") == "pump"
    assert detect("no fever, not confused, on the baclofen pump, just asking about refills") is None


@pytest.mark.parametrize("text", [
    # a pack counted and whole
    "thằng nhỏ cầm hộp thuốc của ông chạy quanh nhà, tui lấy lại đếm đủ 20 viên, vỉ còn nguyên",
    "be cam vi thuoc cua ba, vi khong bi rach, vien nao cung con nguyen",
    # a crisis of years ago, treated and over
    "hồi cấp 3 tôi từng có ý định tự tử, giờ đã điều trị ổn định rồi. Baclofen có làm buồn không?",
])
def test_a_pack_counted_whole_and_a_crisis_long_treated_are_no_emergency_now(text):
    assert detect(text) is None


def test_a_pack_with_tablets_gone_is_still_poisoning():
    assert detect("bé 3 tuổi cầm vỉ thuốc của bà, đếm lại thì thiếu 2 viên, bé có vẻ bình thường") == "poisoning"


@pytest.mark.parametrize("text, kind", [
    # another meaning of an alarm word: tired to death, startled, a bike pump, no fever denied right before
    ("hôm nay chạy hàng mệt muốn chết, cho hỏi baclofen uống trước hay sau ăn", None),
    ("nay bán hàng met muon chet, baclofen uong truoc hay sau an vay", None),
    ("sáng nay giật mình vì con mèo, baclofen có làm tim đập nhanh không", None),
    ("bố hết thuốc từ tối qua, sáng nay vẫn khỏe, không sốt, không co giật, trưa mới mua được", None),
    # the same words said of wanting to die are still a crisis
    ("mệt quá rồi, tôi muốn chết, thuốc gom đủ rồi", "crisis"),
    ("chau hoi ong co muon chet ko, ong chi cuoi, ong da gom het thuoc lai", "crisis"),
])
def test_another_meaning_of_an_alarm_word_is_no_emergency(text, kind):
    assert detect(text, "vi") == kind


@pytest.mark.parametrize("text", [
    # a rumour, a first-aid class, a teacher's lecture: the words of an emergency, none happening
    "Nghe đồn ở xã bên có đứa nhỏ nuốt thuốc của ông nội rồi ngưng thở phải chở đi viện, thuốc giãn cơ có nguy hiểm vậy không?",
    "Hôm nay ở lớp sơ cấp cứu, cô hỏi người uống nhiều thuốc an thần mà ngưng thở thì làm gì trước?",
    "Thầy giảng quá liều baclofen gây tim đập chậm, tụt huyết áp, đúng không ạ?",
])
def test_a_rumour_a_first_aid_class_and_a_lecture_are_no_emergency(text):
    assert detect(text, "vi") is None


@pytest.mark.parametrize("text, kind", [
    # "dọn" (to tidy) is unmarked "don", as "đồn" (a rumour) is: never read as a rumour
    ("Sang nay don phong thay be nhai vi thuoc cua ba, thieu 4 vien", "poisoning"),
    # tablets spilt and picked up by a child; a count "not enough" is tablets gone, not a pack whole
    ("Lọ thuốc của ông đổ tung ra sàn, bé 2 tuổi ngồi giữa đống thuốc", "poisoning"),
    ("Bà ơi con Na 3 tuổi nó lượm chơi mấy viên thuốc của ông rơi dưới đất, con đếm không đủ", "poisoning"),
    # worthless, said of oneself, and tablets gathered: a crisis; the medicine "useless" is none
    ("Tui thấy tui vô dụng quá, tui dồn hết thuốc của má vô một cái lọ rồi", "crisis"),
    ("thuốc này vô dụng với tôi, uống 2 tháng không đỡ", None),
])
def test_tablets_spilt_or_gathered_and_counts_not_enough(text, kind):
    assert detect(text, "vi") == kind


# Stop 40 (w28's calm messages, measured before it was added): sayings, a fit of childhood long over, a dose asked.
@pytest.mark.parametrize("text", [
    "tui len con ghien tra sua, ngay 2 ly. tui cung uong baclofen vi dau lung, uong chung dc hong",
    "so xiu, sang ni tuong mat the cu tru. ma cho e hoi baclofen de trong tui ao lau ngay co hu ko",
    "e bi dong kinh luc be, lau r ko len con, gio uong baclofen dc ko",
    "Ông già tui có bệnh co giật hồi trẻ, mấy chục năm hết rồi. Giờ uống baclofen được hông?",
    "baclofen 10mg uong may vien mot ngay la vua a",
])
def test_stop_40_vietnamese_calm_messages_are_not_emergencies(text):
    assert detect(text, "vi") is None


@pytest.mark.parametrize("text, kind", [
    ("be uong may vien roi, gio ngu li bi", "acute"),  # several taken, now drowsy: still heard
    ("con toi co giat tu nay, goi khong tinh", "acute"),
])
def test_stop_40_vietnamese_emergencies_beside_them_still_heard(text, kind):
    assert detect(text, "vi") == kind


@pytest.mark.parametrize("text, kind", [
    # a grandmother who will no longer be a burden, counting the tablets she keeps
    ("ba noi noi ko muon lam kho con chau nua, dang dem tung vien cat vao tui", "crisis"),
    # a toddler licking the pill crusher
    ("bé 2 tuổi đang liếm cái cối nghiền thuốc của anh nó", "poisoning"),
    # days without the tablets kept down, then a fever, rigid, seeing things
    ("con ói 4 ngày không giữ được viên nào, giờ sốt 39,5 độ, người cứng đờ, chỉ lên trần nhà nói có con gì", "acute"),
])
def test_stop_40_vietnamese_emergencies_in_parts(text, kind):
    assert detect(text, "vi") == kind


def test_vietnamese_without_marks_among_english_words_is_read_in_both_lexicons():
    # decided English by its words (guest, resort, cocktail, pool bar), its emergency told in unmarked Vietnamese
    text = ("guest o resort, ong Tay 60t, uong baclofen de cai ruou ma van uong cocktail o pool bar tu chieu, bay gio "
            "nam tren ghe, goi ko day, lay ko phan ung, tho kho khe")
    assert detect(text, "en") == "acute"
    assert detect("The guest at the pool bar had two cocktails and is asleep on the lounger, is that ok?", "en") is None
