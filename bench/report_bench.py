"""`make bench-report`: the insights report on one million generated events, timed, its peak memory measured.

Generates (once; kept in var/bench/ while bench/report_store.py is unchanged) SQLite tracker stores of 100,000 and
1,000,000 events in Rasa's SQLTrackerStore table over 30 days and the four channels, then runs `make report`'s
command on each, as a user would (scripts/report.py, a new process, the real endpoints.yml pointed at the store):
the store's pages dropped from the OS cache first (read from disk); wall time from start to the written page, and
the process's peak resident memory (ru_maxrss from wait4). The same
peak at 100,000 and 1,000,000 events shows the store is streamed, not loaded. The page's conversation count is
checked against what was generated. Prints a table; writes bench/report_results.json.

    .venv/bin/python bench/report_bench.py [--events 1000000] [--small 100000]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = ROOT / "var" / "bench"
TARGET_SECONDS = 60


def say(line: str) -> None:
    print(f"[bench-report {time.strftime('%H:%M:%S')}] {line}", flush=True)


def store(events: int) -> tuple:
    """The generated store of `events` events and its number of conversations (regenerated when the generator
    changed)."""
    from bench.report_store import generate

    version = hashlib.sha256((ROOT / "bench" / "report_store.py").read_bytes()).hexdigest()[:12]
    path = WORK / f"report-{events}.db"
    stamp = path.with_suffix(".json")
    if path.exists() and stamp.exists():
        known = json.loads(stamp.read_text())
        if known.get("version") == version and known.get("asked") == events:
            return path, known
    say(f"generating {events:,} events over 30 days into {path.relative_to(ROOT)} ...")
    started = time.monotonic()
    truth = generate(path, events, days=30,
                     progress=lambda done: done % 100_000 < 20_000 and say(f"  {done:,} events generated"))
    known = {"version": version, "asked": events, "events": truth.events,
             "conversations": sum(truth.conversations.values()), "messages": sum(truth.messages.values())}
    stamp.write_text(json.dumps(known))
    say(f"generated {truth.events:,} events in {time.monotonic() - started:.0f} s")
    return path, known


def evict_from_page_cache(path: Path) -> None:
    """Drops this file's pages from the OS cache (this file only: nothing else on the shared machine), so the
    report reads the store from disk, as on a server where it was not just written."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
        os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def run_report(path: Path, out: Path) -> dict:
    evict_from_page_cache(path)
    env = dict(os.environ, BACLOFEN_TRACKER_DB=str(path))
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "scripts/report.py", "--out", str(out)], cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"the report failed (exit {process.returncode})")
    html = out.read_text(encoding="utf-8")
    conversations = int(re.search(r'id="card-conversations" data-value="(\d+)"', html).group(1))
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "conversations_on_page": conversations, "page_kb": out.stat().st_size // 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    results = []
    for events in (args.small, args.events):
        path, known = store(events)
        say(f"report on {known['events']:,} events ({path.stat().st_size / 1e6:,.0f} MB store) ...")
        measured = run_report(path, WORK / f"report-{events}.html")
        if measured["conversations_on_page"] != known["conversations"]:
            raise SystemExit(f"the page counts {measured['conversations_on_page']} conversations, "
                             f"{known['conversations']} were generated")
        results.append({"events": known["events"], "conversations": known["conversations"],
                        "store_mb": round(path.stat().st_size / 1e6), **measured,
                        "events_per_second": round(known["events"] / measured["seconds"])})
    small, large = results
    print()
    print(f"{'events':>10} {'store':>8} {'conversations':>14} {'time':>8} {'events/s':>10} {'peak memory':>12}")
    for r in results:
        print(f"{r['events']:>10,} {r['store_mb']:>6} MB {r['conversations']:>14,} {r['seconds']:>6.1f} s "
              f"{r['events_per_second']:>10,} {r['peak_rss_mb']:>9.0f} MB")
    met = large["seconds"] < TARGET_SECONDS
    growth = large["peak_rss_mb"] / small["peak_rss_mb"]
    print(f"\n{large['events']:,} events in {large['seconds']:.1f} s: target < {TARGET_SECONDS} s "
          f"{'met' if met else 'MISSED'}; peak memory {large['peak_rss_mb']:.0f} MB "
          f"({growth:.2f}x the {small['events']:,}-event run: {'bounded' if growth < 1.25 else 'GROWS'})")
    (ROOT / "bench" / "report_results.json").write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M"), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(), "results": results, "target_seconds": TARGET_SECONDS,
        "target_met": met, "memory_growth": round(growth, 2)}, indent=2) + "\n")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
