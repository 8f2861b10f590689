"""baclofen/language/safety_net.py: the learned safety net, trained on the writers' corpus (corpora/safety_net/).
The writer-grouped cross-validation over all writers is `python -m baclofen.language.safety_net` (about a minute);
here one writer is held out, so the test stays quick and still measures wording the net never saw."""
import json

import pytest

from baclofen.language import safety_net


@pytest.fixture(scope="module")
def corpus():
    return safety_net.load_corpus()


def test_the_corpus_comes_from_many_writers(corpus):
    writers = set(corpus.writers) - {safety_net.NLU_WRITER}  # the assistant's own intent examples, besides
    assert sum(w != safety_net.NLU_WRITER for w in corpus.writers) >= 2000 and len(writers) >= 8
    for writer in writers:
        labels = [label for label, w in zip(corpus.labels, corpus.writers) if w == writer]
        # each writer wrote emergencies and other messages (w23 and w24 wrote mostly the everyday side: about 1 in 5)
        assert 0.15 < sum(labels) / len(labels) < 0.6
    assert sum(len(t) >= 300 for t in corpus.texts) >= 300  # long stories, not only one-liners


def test_a_writer_it_never_saw_is_caught_recall_first(corpus):
    held_out = "w7_relay"
    train = [i for i, w in enumerate(corpus.writers) if w != held_out]
    test = [i for i, w in enumerate(corpus.writers) if w == held_out]
    net = safety_net.SafetyNet().fit([corpus.texts[i] for i in train], [corpus.classes[i] for i in train])
    scores = safety_net.Scores.of([net.fires(corpus.texts[i]) for i in test], [corpus.labels[i] for i in test])
    assert scores.recall >= 0.97, scores
    assert scores.precision >= 0.8, scores  # recall first: a false alarm costs one line, a miss a life


def test_one_alarming_sentence_in_a_long_story_is_not_diluted(corpus):
    net = safety_net.SafetyNet().fit(corpus.texts, corpus.classes)
    story = ("We moved house last month and everything has been chaos, boxes everywhere, the cat hiding under the "
             "bed, my mother staying with us for a fortnight and the car failing its inspection. ") * 3
    alarm = "Right now my husband on the pump is boiling hot, making no sense and his legs are rigid. "
    whole, window = net.scores(story + alarm + story)
    assert window >= net.window_threshold  # caught in its own window, whatever the rest of the story says
    assert net.fires(story + alarm + story)
    assert not net.fires(story + story)


def test_a_broken_corpus_line_is_named(tmp_path):
    (tmp_path / "w.jsonl").write_text(json.dumps({"text": "hi", "label": "ordinary"}) + "\nnot json\n")
    with pytest.raises(ValueError, match="w.jsonl:2"):
        safety_net.load_corpus(tmp_path)


def test_it_needs_both_kinds_to_learn():
    with pytest.raises(ValueError):
        safety_net.SafetyNet().fit(["a", "b"], [0, 0])


@pytest.mark.parametrize("target", ["classes", "labels"])
def test_the_fast_scorer_gives_the_models_own_probabilities(corpus, target):
    net = safety_net.SafetyNet().fit(corpus.texts[::3], getattr(corpus, target)[::3])
    sample = corpus.texts[1::25] + ["", "   ", "115!!!", "ÁÉÍ"]
    expected = net.emergency_probability(net._features(sample))
    assert net._probabilities(sample) == pytest.approx(list(expected), abs=1e-9)
    # yes / no: one weight vector, its sign turned when scikit-learn sorts "emergency" first
    assert net.model.coef_.shape[0] == (1 if target == "labels" else 4)


def test_the_net_learns_the_classes_its_writers_labelled_a_crisis_apart(corpus):
    assert set(corpus.classes) == {"crisis", "emergency", "near_miss", "ordinary"}
    assert len(corpus.classes) == len(corpus.texts)
    assert all((c in ("emergency", "crisis")) == bool(label) for c, label in zip(corpus.classes, corpus.labels))
    nlu = {c for c, w in zip(corpus.classes, corpus.writers) if w == safety_net.NLU_WRITER}
    assert nlu == {"emergency", "ordinary"}  # the intent examples hold no near miss
    net = safety_net.SafetyNet().fit(corpus.texts[::5], corpus.classes[::5])
    assert list(net.model.classes_) == ["crisis", "emergency", "near_miss", "ordinary"]
    assert net.model.coef_.shape[0] == 4  # one weight vector a class, not emergency against the rest


def test_what_the_net_hears_leans_to_a_crisis_or_not(corpus):
    net = safety_net.SafetyNet().fit(corpus.texts, corpus.classes)
    assert net.leans_to_crisis("i've been keeping my tablets in a drawer and tonight i'm going to take them all")
    assert not net.leans_to_crisis("my 2 year old got into the pill box and there are 3 baclofen missing")
    assert not net.leans_to_crisis("")


def test_a_new_writers_file_is_read_without_change(tmp_path):
    lines = [{"text": "my son ate my pills", "label": "emergency", "kind": "poisoning", "writer": "w13_new"},
             {"text": "what if a child ate one?", "label": "near_miss", "kind": "hypothetical"},
             {"text": "dose for a 5 year old?", "label": "ordinary", "kind": "other", "writer": "w13_new"}]
    (tmp_path / "w13_new.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    corpus = safety_net.load_corpus(tmp_path, nlu=None)
    assert corpus.writers == ["w13_new"] * 3 and corpus.labels == [1, 0, 0]
    assert corpus.classes == ["emergency", "near_miss", "ordinary"]
    crisis = {"text": "i want to take them all tonight", "label": "emergency", "kind": "crisis"}
    (tmp_path / "w13_new.jsonl").write_text(json.dumps(crisis) + "\n")
    assert safety_net.load_corpus(tmp_path, nlu=None).classes == ["crisis"]


@pytest.mark.parametrize("text", ["he's 7 not 4", "sorry my son is 8 not 18", "16 kg", "not 40 mg, 40 micrograms"])
def test_a_short_answer_to_the_dose_form_is_never_an_alarm(text):
    assert not safety_net.has_footing(text)


def test_a_short_message_naming_a_danger_has_footing():
    assert safety_net.has_footing("kid ate 2 of my baclofen??")
    assert safety_net.has_footing("pump beeping again what now")


@pytest.mark.parametrize("target", ["classes", "labels"])
def test_the_net_saved_as_tables_scores_as_it_did(corpus, target):
    import json as json_module

    net = safety_net.SafetyNet().fit(corpus.texts[::4], getattr(corpus, target)[::4])
    again = safety_net.SafetyNet.from_data(json_module.loads(json_module.dumps(net.as_data())))
    for text in corpus.texts[1::40] + ["", "x"]:
        assert again.scores(text) == pytest.approx(net.scores(text), abs=1e-12)
        assert again.fires(text) == net.fires(text)


def test_a_window_is_never_two_clipped_sentences():
    # "slow. sorry." says too little to be scored alone: a window is widened by the sentences after it
    from baclofen.language.safety_net import WINDOW_MIN_WORDS, windows
    text = ("ms 20 yrs. typing slow. sorry. tablets 8 weeks. no change. legs same. arms same. wife says keep going. "
            "clinic far. pee a lot. day. night too. up 3 times. tired. carer cross. cant reach loo fast. normal? side "
            "effect? thanks. sorry again for typing so slow.")
    found = windows(text)
    assert found and all(len(w.split()) >= WINDOW_MIN_WORDS for w in found[:-1])
    assert "typing slow. sorry." not in found


def test_the_term_index_finds_the_rows_a_dict_would_and_survives_saving():
    from baclofen.language.safety_net import _TermIndex
    terms = ["hot", "hot and", "không thở", "co giật", "pump", "a", "zz top", "ngã", "thở"]
    index = _TermIndex(terms)
    said = ["pump", "hot", "unknown", "thở", "pump", "a much longer term than any known", "co giật"]
    as_a_dict = {term: row for row, term in enumerate(terms)}
    expected = sorted(as_a_dict[t] for t in said if t in as_a_dict)
    assert sorted(index.rows_of(said).tolist()) == expected
    saved = json.loads(json.dumps(index.as_data()))
    assert sorted(_TermIndex.from_data(saved).rows_of(said).tolist()) == expected
    assert index.rows_of([]).tolist() == []


def test_the_net_reads_speech_spellings_as_words_and_sets_aside_what_the_rules_set_aside():
    # the dropped g and dialect words read as the rules read them; "me" stays the word it is
    assert safety_net.readable("I going tek um all tonight, breathin slow") == \
        "i going take them all tonight, breathing slow"
    assert "gave me a fright" in safety_net.readable("gave me a fright")
    # a figure of speech and a scare seen to are not read as what they name
    assert "killing" not in safety_net.readable("my neck has been killing me, would a relaxant work?")
    assert "giggles" not in safety_net.readable("she had a fit of the giggles at church")
    assert "collapsed" not in safety_net.readable(
        "Yesterday she collapsed in the heat, the hospital said only dehydration, she is fine now")


def test_the_nets_concept_words_leave_out_what_the_rules_set_aside():
    # "had a fit of the giggles": no fit among the concepts the net weighs
    assert "c_seizure" not in safety_net._concept_words("Tanty had a fit of the giggles at church. Is that the tablet?")
    assert "c_seizure" in safety_net._concept_words("she is having a fit right now, shaking all over")


def test_the_net_never_doubts_what_it_leans_to_a_crisis():
    assert safety_net.doubts(safety_net.DOUBT_BELOW / 2, "acute", "en")
    # "i hope i just wont wake up ... every night" (the rules: acute): little heard, but mostly a crisis
    assert not safety_net.doubts(safety_net.DOUBT_BELOW / 2, "acute", "en", leans_to_crisis=True)
    assert not safety_net.doubts(safety_net.DOUBT_BELOW, "acute", "en")
    assert not safety_net.doubts(0.001, "crisis", "en")
    assert not safety_net.doubts(0.001, "acute", "es")  # a language the net never learned

