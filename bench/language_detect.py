"""Timing of the message-language detector (baclofen/language/detect.py) on the labelled set of its test: p50, p99
and the worst, per message, warm (lingua's models loaded first). Prints; asserts nothing.

    .venv/bin/python bench/language_detect.py [rounds]
"""
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baclofen.language import detect  # noqa: E402


def main(rounds: int = 20) -> None:
    data = yaml.safe_load((ROOT / "tests/core/language/data/languages.yml").read_text(encoding="utf-8"))
    texts = [str(text) for texts in data.values() for text in texts]
    started = time.perf_counter()
    detect.warm_up()
    print(f"lingua EN+VI loaded in {time.perf_counter() - started:.2f} s")
    times = []
    for _ in range(rounds):
        for text in texts:
            began = time.perf_counter()
            detect.decide(text)
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p99 = times[int(len(times) * 0.99) - 1]
    print(f"{len(times)} decisions: p50 {statistics.median(times):.3f} ms, p99 {p99:.3f} ms, max {times[-1]:.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
