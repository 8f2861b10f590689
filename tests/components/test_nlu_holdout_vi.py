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


def test_every_vietnamese_message_of_three_words_or_more_fills_the_language_entity(parsed):
    missing = [text for text, _, _, parse in parsed
               if len(text.split()) >= 3 and {"entity": "language", "value": "vi"} not in
               [{"entity": e["entity"], "value": e["value"]} for e in parse["entities"]]]
    assert missing == []
