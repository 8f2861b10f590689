"""NLU accuracy on the held-out file (tests/nlu/holdout.yml, never trained on). Fails the build below threshold.

The whole NLU pipeline is measured, the typed question's rules included (components/question_reader.py). Those
rules answer some questions with intents the held-out labels predate: a catalogue topic (`ask_topic`) whose answer
is the labelled one (its precaution, its withdrawal or side-effect answer, its medicine) counts as right, and so
does `check_dose` for a labelled dose question that proposes an amount. Everything else must match the label.
Writes results/nlu_holdout.json with per-intent precision, recall and F1.
"""
import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "baclofen.tar.gz"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
MIN_ACCURACY = 0.95
MIN_INTENT_F1 = 0.75


@pytest.fixture(scope="module")
def predictions():
    from rasa.core.agent import Agent

    from baclofen.language import intents
    from rasa.shared.nlu.training_data.loading import load_data

    assert MODEL.exists(), "no trained model: run `make train` (make test does it)"
    agent = Agent.load(str(MODEL))
    examples = [(m.get("text"), m.get("intent")) for m in load_data(str(HOLDOUT)).intent_examples]

    async def parse_all():
        results = []
        for text, gold in examples:
            parse = await agent.parse_message(text)
            results.append((text, gold, intents.as_labelled(gold, parse)))
        return results

    return asyncio.run(parse_all())


def _report(predictions):
    true_positive, predicted, gold = Counter(), Counter(), Counter()
    for _, expected, got in predictions:
        gold[expected] += 1
        predicted[got] += 1
        true_positive[expected] += expected == got
    per_intent = {}
    for intent in sorted(gold):
        precision = true_positive[intent] / predicted[intent] if predicted[intent] else 0.0
        recall = true_positive[intent] / gold[intent]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                              "support": gold[intent]}
    accuracy = sum(true_positive.values()) / len(predictions)
    macro_f1 = sum(v["f1"] for v in per_intent.values()) / len(per_intent)
    return {"examples": len(predictions), "accuracy": round(accuracy, 4), "macro_f1": round(macro_f1, 4),
            "per_intent": per_intent,
            "errors": [{"text": t, "expected": e, "predicted": g} for t, e, g in predictions if e != g]}


def test_holdout_accuracy_and_every_intent_recognised(predictions):
    report = _report(predictions)
    out = ROOT / "results" / "nlu_holdout.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"\nNLU held-out: {report['examples']} examples, accuracy {report['accuracy']:.3f}, "
          f"macro F1 {report['macro_f1']:.3f} (report: {out.relative_to(ROOT)})")
    weak = {k: v["f1"] for k, v in report["per_intent"].items() if v["f1"] < MIN_INTENT_F1}
    assert report["accuracy"] >= MIN_ACCURACY, report["errors"]
    assert not weak, weak
