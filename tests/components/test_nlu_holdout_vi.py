"""Vietnamese NLU on a held-out file (tests/nlu/holdout_vi.yml, never trained on), measured apart from English: each
message as written and as typed without marks (its stripped copy) must get its intent, through the whole NLU
pipeline (the rules included, as tests/components/test_nlu_holdout.py measures English). Also: the stripped copy
gets the same intent as the original, and a Vietnamese message fills the `language` entity.
Writes results/nlu_holdout_vi.json.
"""
import asyncio
import json
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "baclofen.tar.gz"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout_vi.yml"
MIN_ACCURACY = 0.85


def strip_marks(text: str) -> str:
    """How a Vietnamese message is typed on a keyboard without marks: "Đã uống" -> "Da uong"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@pytest.fixture(scope="module")
def parsed():
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    from baclofen.language import intents

    assert MODEL.exists(), "no trained model: run `make train` (make test does it)"
    agent = Agent.load(str(MODEL))
    examples = [(m.get("text"), m.get("intent")) for m in load_data(str(HOLDOUT)).intent_examples]

    async def parse_all():
        results = []
        for text, gold in examples:
            for form in (text, strip_marks(text)):
                parse = await agent.parse_message(form)
                results.append((form, gold, intents.as_labelled(gold, parse), parse))
        return results

    return asyncio.run(parse_all())


def test_vietnamese_held_out_accuracy_with_and_without_marks(parsed):
    right = sum(gold == got for _, gold, got, _ in parsed)
    errors = [{"text": t, "expected": g, "predicted": p} for t, g, p, _ in parsed if g != p]
    accuracy = right / len(parsed)
    out = ROOT / "results" / "nlu_holdout_vi.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"examples": len(parsed), "accuracy": round(accuracy, 4), "errors": errors},
                              indent=2, ensure_ascii=False))
    print(f"\nVietnamese NLU held-out: {len(parsed)} messages (with and without marks), accuracy {accuracy:.3f}")
    assert accuracy >= MIN_ACCURACY, errors


def test_a_message_and_its_copy_without_marks_get_the_same_intent(parsed):
    pairs = list(zip(parsed[0::2], parsed[1::2]))
    differ = [(a[0], a[3]["intent"]["name"], b[3]["intent"]["name"]) for a, b in pairs
              if a[3]["intent"]["name"] != b[3]["intent"]["name"]]
    assert differ == []


def languages(parse):
    return [e["value"] for e in parse["entities"] if e["entity"] == "language"]


def test_a_vietnamese_message_never_switches_the_conversation_to_english(parsed):
    assert [text for text, _, _, parse in parsed if "en" in languages(parse)] == []


def test_every_vietnamese_message_written_with_its_marks_fills_the_language_entity(parsed):
    """Three words or more, or a letter only Vietnamese writes; "chào shop", "20 cân" keep the conversation's."""
    from baclofen.language.detect import has_vietnamese_letter

    assert [text for text, _, _, parse in parsed[0::2] if (len(text.split()) >= 3 or has_vietnamese_letter(text))
            and languages(parse) != ["vi"]] == []


def test_nearly_every_one_typed_without_marks_does_too(parsed):
    """Typed without marks, a short message may say too little ("da cam on a"): it keeps the conversation's
    language (no entity) rather than switch it on a guess."""
    unmarked = [languages(parse) for text, _, _, parse in parsed[1::2] if len(text.split()) >= 3]
    assert sum(found == ["vi"] for found in unmarked) >= 0.95 * len(unmarked)
