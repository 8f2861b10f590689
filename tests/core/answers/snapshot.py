"""The English snapshot: a digest of every case of answer_grid as each renderer writes it (written text with its
buttons, Slack's blocks, the spoken answer with the hotline's parts), one line per case in golden/en.txt
(a digest keeps the file small; --full shows the renderings themselves).

`python -m tests.core.answers.snapshot` rewrites golden/en.txt after an intended change of English wording;
`python -m tests.core.answers.snapshot --full FILE` writes every rendering in full, to diff two commits.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Dict, Iterator, Tuple

from baclofen.answers.model import Answer
from baclofen.render import slack, speech, text
from tests.core.answers.answer_grid import cases, other_language_cases

GOLDEN = Path(__file__).resolve().parent / "golden" / "en.txt"


def renderings(answer: Answer) -> Dict[str, object]:
    return {"text": text.render(answer), "buttons": text.buttons(answer), "slack": slack.render(answer),
            "speech": speech.render(answer), "voice": speech.voice_meta(answer)}


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def _english_cases() -> Iterator[Tuple[str, Answer]]:
    yield from cases("en")
    yield from other_language_cases()


def digests() -> Iterator[Tuple[str, str]]:
    for name, answer in _english_cases():
        yield name, _digest(renderings(answer))


def read_golden() -> Dict[str, str]:
    rows = (line.split(" | ", 1) for line in GOLDEN.read_text(encoding="utf-8").splitlines())
    return {name: digest for name, digest in rows}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--full"]:
        Path(sys.argv[2]).write_text(json.dumps({name: renderings(answer) for name, answer in _english_cases()},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        GOLDEN.write_text("".join(f"{name} | {digest}\n" for name, digest in digests()), encoding="utf-8")
