"""Writer-grouped cross-validation of the intent classifier: for each independent writer of data/nlu/writers/, train
on the project's own examples (data/nlu/*.yml) alone, then on those and every other writer, and score the held-out
writer's questions. The features and model mirror config.yml (word counts, character 1-4 grams within words,
logistic regression C = 10 with balanced class weights) in plain scikit-learn, so it runs without Rasa.
`--calibration` adds how often the held-out writers' questions are read right at each confidence.

    .venv/bin/python scripts/intent_cv.py [--calibration]
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import scipy.sparse
import yaml
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

NLU = Path(__file__).resolve().parents[1] / "data" / "nlu"
Example = Tuple[str, str]
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def examples(paths: Sequence[Path]) -> List[Example]:
    out = []
    for path in paths:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines() if "intent" in block else ():
                if line.strip().startswith("- "):
                    out.append((_ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line.strip()[2:]),
                                block["intent"]))
    return out


class Classifier:
    def __init__(self, train: Sequence[Example]) -> None:
        self.words = CountVectorizer(token_pattern=r"\S+")
        self.characters = CountVectorizer(analyzer="char_wb", ngram_range=(1, 4))
        texts = [text.lower() for text, _ in train]
        features = scipy.sparse.hstack([self.words.fit_transform(texts), self.characters.fit_transform(texts)])
        self.model = LogisticRegression(C=10, max_iter=3000, class_weight="balanced").fit(
            features.tocsr(), [intent for _, intent in train])

    def read(self, texts: Sequence[str]) -> List[Tuple[str, float]]:
        lowered = [text.lower() for text in texts]
        features = scipy.sparse.hstack([self.words.transform(lowered), self.characters.transform(lowered)]).tocsr()
        return [(self.model.classes_[row.argmax()], float(row.max())) for row in self.model.predict_proba(features)]


def main(argv: Sequence[str]) -> int:
    project = examples(sorted(NLU.glob("*.yml")))
    writers: Dict[str, List[Example]] = {path.stem: examples([path]) for path in sorted((NLU / "writers").glob("*.yml"))}
    if not writers:
        print("no writers in data/nlu/writers/", file=sys.stderr)
        return 1
    alone = Classifier(project)
    readings: List[Tuple[bool, float]] = []
    for number, (name, held_out) in enumerate(writers.items(), 1):
        print(f"  [{number}/{len(writers)}] holding out {name} ...", file=sys.stderr, flush=True)
        others = Classifier(project + [e for w, rows in writers.items() if w != name for e in rows])
        texts = [text for text, _ in held_out]
        right_alone = sum(got == want for (got, _), (_, want) in zip(alone.read(texts), held_out))
        read = others.read(texts)
        readings += [(got == want, confidence) for (got, confidence), (_, want) in zip(read, held_out)]
        right = sum(got == want for (got, _), (_, want) in zip(read, held_out))
        print(f"{name}: {len(held_out)} questions, project's examples alone {right_alone / len(held_out):.3f}, "
              f"with the other writers {right / len(held_out):.3f}")
    total = len(readings)
    print(f"all writers: with the other writers {sum(ok for ok, _ in readings) / total:.3f} of {total}")
    if "--calibration" in argv:
        for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
            chosen = [ok for ok, confidence in readings if confidence >= threshold]
            print(f"confidence >= {threshold}: {len(chosen) / total:.3f} of the questions, "
                  f"{sum(chosen) / max(1, len(chosen)):.3f} read right")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
