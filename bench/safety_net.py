"""Cost of the learned safety net (baclofen/language/safety_net.py) as the Rasa server runs it: the net trained on the
writers' corpus and saved as tables (components/safety_net.py), then, in a fresh process where nothing is cached,
loaded back and run (`scores` + `decide` + `has_footing`) once on each short message (< 120 characters) of the
corpus: every other one cold, the others after the rules have read them (what the net adds in the pipeline, where
the rules read every message too and their reading is cached). Prints the mean, p50, p99 per message, by the wall
clock and by this thread's CPU time (on a busy machine the wall clock also counts other processes), and the memory
the loaded tables hold; asserts nothing.

    .venv/bin/python bench/safety_net.py
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baclofen.language import safety_net, urgency  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    data = json.dumps(safety_net.train().as_data())
    print(f"trained in {time.perf_counter() - started:.1f} s; saved tables {len(data) / 1e6:.1f} MB of JSON")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "safety_net.json"
        path.write_text(data, encoding="utf-8")
        subprocess.run([sys.executable, __file__, "--score", str(path)], check=True)


def score(path: Path) -> None:
    tracemalloc.start()
    net = safety_net.SafetyNet.from_data(json.loads(path.read_text(encoding="utf-8")))
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"loaded net: {current / 1e6:.1f} MB held (peak {peak / 1e6:.1f} MB while loading)")
    for text in ("warm up: the pump is beeping", "khởi động: máy bơm kêu", "is it safe with alcohol?"):
        _fires(net, text)  # lingua's models and the lexicons loaded
    short = [t for t in safety_net.load_corpus().texts if len(t) < 120]
    timed = {(name, clock): [] for name in ("cold", "after the rules") for clock in ("wall", "cpu")}
    for number, text in enumerate(short):
        name = "cold" if number % 2 == 0 else "after the rules"
        if name != "cold":
            urgency.detect(text)
        wall, cpu = time.perf_counter(), time.thread_time()
        _fires(net, text)
        timed[name, "cpu"].append((time.thread_time() - cpu) * 1000)
        timed[name, "wall"].append((time.perf_counter() - wall) * 1000)
    for (name, clock), times in timed.items():
        times.sort()
        print(f"{len(times)} short messages, {name}, {clock}: mean {statistics.mean(times):.3f} ms, "
              f"p50 {statistics.median(times):.3f} ms, p99 {times[int(len(times) * 0.99) - 1]:.3f} ms, "
              f"max {times[-1]:.3f} ms")


def _fires(net: safety_net.SafetyNet, text: str) -> bool:
    whole, window = net.scores(text)
    return net.decide(whole, window, len(text)) and safety_net.has_footing(text)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--score":
        score(Path(sys.argv[2]))
    else:
        main()
