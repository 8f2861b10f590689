"""English answers stay byte-identical through the language seam: every case of answer_grid (each answer kind, a
grid of ages, weights, routes and proposed doses) rendered by every renderer matches golden/en.txt, recorded before
the wording moved to baclofen/catalogue/en.yml, and re-recorded (`python -m tests.core.answers.snapshot`) only after an
intended change of English wording (stop 34: the acute answer's CPR and sleep-it-off sentences)."""
from baclofen.render import text
from tests.core.answers.answer_grid import cases, other_language_cases
from tests.core.answers.snapshot import digests, read_golden

def test_every_english_rendering_matches_the_snapshot():
    golden = read_golden()
    current = dict(digests())
    assert set(current) == set(golden), sorted(set(current) ^ set(golden))[:10]
    changed = [name for name in golden if current[name] != golden[name]]
    shown = {name: text.render(answer) for name, answer in cases("en") if name in changed[:3]}
    assert not changed, (len(changed), shown)


def test_the_grid_covers_every_answer_kind_the_assistant_sends():
    kinds = {answer.kind for _, answer in [*cases("en"), *other_language_cases()]}
    assert {"uses", "dose", "dose_check", "dose_overview", "ask_weight", "side_effects", "is_side_effect",
            "precaution", "interaction", "interaction_overview", "withdrawal", "emergency", "handoff", "help",
            "clarify", "topic_not_covered", "topic_partly", "topic_covered", "conversion", "input_error",
            "ask_again", "other_language", "bot_challenge", "unknown_medicine"} <= kinds
