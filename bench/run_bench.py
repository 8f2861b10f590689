"""`make bench`: this assistant against stock Rasa (the `rasa init` default configuration) on the same domain and
data, on this machine, in this run.

For each configuration it trains a model from scratch (fresh Rasa cache), starts the servers, and measures: time
from start to the first answer; NLU accuracy on tests/nlu/holdout.yml (via /model/parse); REST webhook latency
p50/p95/p99 and throughput for a fixed mix of real conversations (custom actions and the dose form included) at
1, 10 and 50 concurrent conversations; peak RSS (VmHWM) of the Rasa server and of the action server. Then the dose
lookup alone (calls/s). Prints a side-by-side table with ratios and the targets, writes bench/results.json and
bench/latency.png.

The project starts the way a user starts it (scripts/run.sh). The baseline starts with stock commands
(`rasa run actions`, `rasa run`, Rasa's own REST channel) on the same endpoints. Everything binds to 127.0.0.1 and every
request loop is bounded (message budget and wall-clock cap per level). Message texts are never printed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# the same process-group shutdown, ports and API tokens as the tests (scripts/local_servers.py)
from baclofen.language import intents  # noqa: E402
from scripts.local_servers import api_headers, bearer, free_port, stop_process_groups  # noqa: E402
BIN = ROOT / os.environ.get("VENV", ".venv") / "bin"
WORK = ROOT / "var" / "bench"
HOLDOUT = ROOT / "tests" / "nlu" / "holdout.yml"
CONCURRENCY = (1, 10, 50)
START_TIMEOUT = 300
REQUEST_TIMEOUT = 60

# A fixed mix of real conversations. Every answer but the greeting/thanks/bye comes from a custom action
# (action server round trip); the dose form runs validate_dose_form on each turn.
CONVERSATIONS: List[List[str]] = [
    ["hello", "what is baclofen used for?", "what are the side effects?", "can I take it with ibuprofen?",
     "thanks"],
    ["how much baclofen should my daughter take?", "she is 4", "by mouth", "16 kg"],
    ["what dose of baclofen for a 3 year old weighing 14 kg, tablets", "does baclofen make you dizzy?",
     "can I drink alcohol while taking baclofen?", "bye"],
    ["what is the adult dose of baclofen by mouth?", "can I stop taking baclofen suddenly?",
     "is it safe while breastfeeding?", "what forms does baclofen come in?"],
    ["baclofen dose for my son", "he is 7", "tablets", "22 kg", "are you a real person?"],
    ["I took too many baclofen tablets", "can I talk to a pharmacist?"],
]
# Per level: (message budget, wall-clock cap in seconds).
BUDGET = {1: (150, 120), 10: (400, 150), 50: (800, 180)}
QUICK_BUDGET = {1: (40, 60), 10: (100, 60), 50: (200, 90)}


def say(line: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {line}", flush=True)


# ------------------------------------------------------------------------------------------------ training

# Stock Rasa's default pipeline (100 epochs each of DIET, the response selector and TED) on this project's data,
# which now holds the intent writers' 2,504 examples: over 30 minutes on 2 cores (stop 34: timed out at 1,800 s).
TRAINING_TIMEOUT_S = 3 * 3600


def train(name: str, config: Path) -> Dict:
    cache = WORK / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)  # cold training: no component output reused from an earlier run
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", RASA_CACHE_DIRECTORY=str(cache))
    log = WORK / f"train-{name}.log"
    say(f"{name}: training with {config.relative_to(ROOT)} (cold cache) ...")
    started = time.monotonic()
    with open(log, "wb") as out:
        subprocess.run([str(BIN / "rasa"), "train", "--config", str(config), "--domain", "domain.yml",
                        "--data", "data", "--out", str(WORK), "--fixed-model-name", name, "--quiet"],
                       cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=True, timeout=TRAINING_TIMEOUT_S)
    seconds = time.monotonic() - started
    shutil.rmtree(cache, ignore_errors=True)
    say(f"{name}: trained in {seconds:.1f} s")
    return {"seconds": round(seconds, 1), "model": str((WORK / f"{name}.tar.gz").relative_to(ROOT))}


# ------------------------------------------------------------------------------------------------ servers

class Servers:
    """One configuration's running servers (its own process session), with its ports and secrets."""

    def __init__(self, name: str, model: Path, stock: bool):
        self.name, self.model, self.stock = name, model, stock
        self.rasa_port, self.actions_port = free_port(), free_port()
        self.jwt_secret = secrets.token_hex(32)
        self.rest_token = secrets.token_hex(32)  # the project's REST channel needs it; stock's ignores it
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self.processes: List[subprocess.Popen] = []
        self.started = 0.0
        state = WORK / name
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(parents=True)
        self.log = WORK / f"{name}-servers.log"
        self.env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", BACLOFEN_HOST="127.0.0.1",
                        BACLOFEN_RASA_PORT=str(self.rasa_port), BACLOFEN_ACTIONS_PORT=str(self.actions_port),
                        BACLOFEN_REST_TOKEN=self.rest_token, BACLOFEN_TRACKER_DB=str(state / "tracker.db"),
                        BACLOFEN_MODEL=str(model), BACLOFEN_JWT_SECRET=self.jwt_secret,
                        BACLOFEN_ACTIONS_SECRET=secrets.token_hex(32), SANIC_HOST="127.0.0.1")

    def start(self) -> None:
        out = open(self.log, "wb")
        self.started = time.monotonic()
        if not self.stock:  # the project: the way a user starts it
            self.processes.append(subprocess.Popen([str(ROOT / "scripts" / "run.sh")], cwd=ROOT, env=self.env,
                                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
            return
        # stock Rasa: `rasa run actions` and `rasa run` with Rasa's own REST channel, same endpoints
        credentials = WORK / f"{self.name}-credentials.yml"
        credentials.write_text("rest:\n")
        self.processes.append(subprocess.Popen(
            [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
        self.processes.append(subprocess.Popen(
            [str(BIN / "rasa"), "run", "--enable-api", "--jwt-secret", self.jwt_secret, "--jwt-method", "HS256",
             "--interface", "127.0.0.1", "--port", str(self.rasa_port), "--model", str(self.model),
             "--endpoints", "endpoints.yml", "--credentials", str(credentials)],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))

    def api_headers(self) -> Dict[str, str]:
        return api_headers(self.jwt_secret, username="bench")

    def _sessions(self) -> set:
        return {p.pid for p in self.processes}

    def pids(self) -> Dict[str, int]:
        """The Rasa server and the action server among this configuration's processes (by session)."""
        found: Dict[str, int] = {}
        sessions = self._sessions()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                session = int(stat[stat.rindex(")") + 2:].split()[3])
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, ValueError, IndexError):
                continue
            if session not in sessions or "python" not in cmdline and "/rasa" not in cmdline:
                continue
            if "-m rasa_sdk" in cmdline or " run actions" in cmdline:
                found["actions"] = int(entry.name)
            elif " run " in cmdline and "--enable-api" in cmdline:
                found["rasa"] = int(entry.name)
        return found

    def peak_rss_mb(self) -> Dict[str, float]:
        peaks = {}
        for role, pid in self.pids().items():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks[role] = round(int(status.split("VmHWM:")[1].split()[0]) / 1024, 1)
        return peaks

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.processes)

    def stop(self) -> None:
        stop_process_groups(self.processes)


# ------------------------------------------------------------------------------------------------ measuring

async def post(session: aiohttp.ClientSession, servers: "Servers", sender: str, text: str) -> list:
    async with session.post(f"{servers.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                            headers=bearer(servers.rest_token)) as response:
        response.raise_for_status()
        return await response.json()


async def first_answer(servers: Servers) -> float:
    """Seconds from starting the processes to the first answer that needed the action server."""
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while time.monotonic() - servers.started < START_TIMEOUT:
            if not servers.alive():
                raise RuntimeError(f"{servers.name}: servers exited; see {servers.log}")
            try:
                reply = await post(session, servers, uuid.uuid4().hex, "what is baclofen used for?")
                if reply and "text" in reply[0] and "Source:" in " ".join(m.get("text", "") for m in reply):
                    return time.monotonic() - servers.started
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{servers.name}: no answer after {START_TIMEOUT} s; see {servers.log}")


async def nlu_accuracy(servers: Servers) -> Dict:
    nlu = yaml.safe_load(HOLDOUT.read_text())["nlu"]
    examples = [(line[2:].strip(), block["intent"]) for block in nlu if "intent" in block
                for line in block["examples"].splitlines() if line.strip().startswith("- ")]
    correct = 0
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
                                     headers=servers.api_headers()) as session:
        for text, gold in examples:
            async with session.post(f"{servers.url}/model/parse", json={"text": text}) as response:
                response.raise_for_status()
                # the rules' newer intents count when they give the labelled answer (tests/components/
                # test_nlu_holdout.py); stock Rasa's predictions pass through unchanged
                correct += intents.as_labelled(gold, await response.json()) == gold
    return {"examples": len(examples), "correct": correct, "accuracy": round(correct / len(examples), 4)}


async def load(servers: Servers, concurrency: int, budget: int, cap: float) -> Dict:
    """`concurrency` conversations at once, each worker going through the fixed mix with fresh senders, until
    `budget` messages were sent or `cap` seconds passed."""
    latencies: List[float] = []
    empty = errors = 0
    remaining = budget
    deadline = time.monotonic() + cap
    connector = aiohttp.TCPConnector(limit=concurrency)

    async def worker(index: int, session: aiohttp.ClientSession) -> None:
        nonlocal remaining, empty, errors
        turn = index
        while remaining > 0 and time.monotonic() < deadline:
            conversation = CONVERSATIONS[turn % len(CONVERSATIONS)]
            turn += 1
            sender = f"bench-{uuid.uuid4().hex}"
            for text in conversation:
                if remaining <= 0 or time.monotonic() >= deadline:
                    return
                remaining -= 1
                sent = time.perf_counter()
                try:
                    reply = await post(session, servers, sender, text)
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - sent)
                empty += not reply

    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(i, session) for i in range(concurrency)))
        wall = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))], 1) if ms else float("nan")

    return {"concurrency": concurrency, "messages": len(ms), "errors": errors, "empty_replies": empty,
            "seconds": round(wall, 2), "throughput_msg_s": round(len(ms) / wall, 1) if wall else 0.0,
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(ms), 1) if ms else float("nan")}


def bench_configuration(name: str, model: Path, stock: bool, budget: Dict) -> Dict:
    servers = Servers(name, model, stock)
    say(f"{name}: starting servers ({'stock rasa run actions + rasa run' if stock else 'scripts/run.sh'}) ...")
    servers.start()
    try:
        result: Dict = {}
        result["start_to_first_answer_s"] = round(asyncio.run(first_answer(servers)), 1)
        say(f"{name}: first answer after {result['start_to_first_answer_s']} s")
        result["nlu_holdout"] = asyncio.run(nlu_accuracy(servers))
        say(f"{name}: NLU held-out accuracy {result['nlu_holdout']['accuracy']:.3f} "
            f"({result['nlu_holdout']['correct']}/{result['nlu_holdout']['examples']})")
        asyncio.run(load(servers, 2, 2 * sum(map(len, CONVERSATIONS)), 60))  # warm-up: every path once
        result["load"] = []
        for concurrency in CONCURRENCY:
            messages, cap = budget[concurrency]
            say(f"{name}: {concurrency} concurrent conversation(s), up to {messages} messages / {cap} s ...")
            level = asyncio.run(load(servers, concurrency, messages, cap))
            result["load"].append(level)
            say(f"{name}: {concurrency:>2} concurrent: p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms, "
                f"p99 {level['p99_ms']} ms, {level['throughput_msg_s']} msg/s, errors {level['errors']}, "
                f"empty replies {level['empty_replies']}")
        result["peak_rss_mb"] = servers.peak_rss_mb()
        say(f"{name}: peak RSS {result['peak_rss_mb']}")
        return result
    finally:
        servers.stop()
        say(f"{name}: servers stopped")


def dose_lookup_rate(seconds: float = 3.0) -> Dict:
    """Calls per second of baclofen.dosing.lookup.lookup on a fixed mix of who/route queries."""
    from baclofen.dosing.lookup import DoseQuery, lookup
    queries = [DoseQuery("oral", age_years=3, weight_kg=14), DoseQuery("oral", age_group="adult"),
               DoseQuery("intrathecal", age_years=30), DoseQuery("oral", age_years=7, weight_kg=22),
               DoseQuery("intrathecal", age_years=8, origin="cerebral"), DoseQuery("oral", age_years=70),
               DoseQuery("oral", age_years=1.5, weight_kg=11), DoseQuery("oral", age_years=40, renal_impairment=True)]
    for query in queries:
        lookup(query)
    calls = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for query in queries:
            lookup(query)
        calls += len(queries)
    return {"calls_per_s": round(calls / (time.perf_counter() - started)), "queries": len(queries)}


# ------------------------------------------------------------------------------------------------ report

TARGETS = {  # (what, project/baseline limit or absolute limit, kind)
    "throughput_10": ">= 5x baseline",
    "p95_10": "<= 1/4 baseline",
    "rasa_rss": "<= 1/2 baseline",
    "training": "<= 1/3 baseline",
    "p50_1": "< 30 ms",
    "dose_lookup": "> 100,000 calls/s",
    "nlu": ">= baseline",
}


def table(results: Dict) -> str:
    p, b = results["project"], results["baseline"]
    rows = []

    def row(label, pv, bv, unit="", target="", ok=None):
        ratio = f"{pv / bv:.2f}x" if isinstance(pv, (int, float)) and isinstance(bv, (int, float)) and bv else "-"
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        rows.append((label, f"{pv}{unit}", f"{bv}{unit}", ratio, f"{target} {verdict}".strip()))

    row("training (s)", p["training"]["seconds"], b["training"]["seconds"], "", TARGETS["training"],
        p["training"]["seconds"] <= b["training"]["seconds"] / 3)
    row("start to first answer (s)", p["start_to_first_answer_s"], b["start_to_first_answer_s"])
    row("NLU held-out accuracy", p["nlu_holdout"]["accuracy"], b["nlu_holdout"]["accuracy"], "", TARGETS["nlu"],
        p["nlu_holdout"]["accuracy"] >= b["nlu_holdout"]["accuracy"])
    for pl, bl in zip(p["load"], b["load"]):
        c = pl["concurrency"]
        for key in ("p50_ms", "p95_ms", "p99_ms"):
            target, ok = "", None
            if c == 1 and key == "p50_ms":
                target, ok = TARGETS["p50_1"], pl[key] < 30
            if c == 10 and key == "p95_ms":
                target, ok = TARGETS["p95_10"], pl[key] <= bl[key] / 4
            row(f"{c:>2} concurrent {key[:3]} (ms)", pl[key], bl[key], "", target, ok)
        target, ok = ("", None) if c != 10 else (TARGETS["throughput_10"],
                                                 pl["throughput_msg_s"] >= 5 * bl["throughput_msg_s"])
        row(f"{c:>2} concurrent throughput (msg/s)", pl["throughput_msg_s"], bl["throughput_msg_s"], "", target, ok)
    row("peak RSS Rasa server (MB)", p["peak_rss_mb"].get("rasa"), b["peak_rss_mb"].get("rasa"), "",
        TARGETS["rasa_rss"], (p["peak_rss_mb"].get("rasa") or 1e9) <= (b["peak_rss_mb"].get("rasa") or 0) / 2)
    row("peak RSS action server (MB)", p["peak_rss_mb"].get("actions"), b["peak_rss_mb"].get("actions"))
    rate = results["dose_lookup"]["calls_per_s"]
    rows.append(("dose lookup alone (calls/s)", f"{rate:,}", "(same code)", "-",
                 f"{TARGETS['dose_lookup']} {'PASS' if rate > 100_000 else 'FAIL'}"))
    header = ("", "this assistant", "stock Rasa", "ratio", "target")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(5)]
    lines = ["  ".join(str(v).ljust(widths[i]) if i == 0 else str(v).rjust(widths[i]) if i < 4 else str(v)
                       for i, v in enumerate(r)) for r in [header] + rows]
    return "\n".join(lines)


def project_table(results: Dict) -> str:
    """This assistant's own figures, without stock Rasa beside it: only the absolute targets are judged."""
    p = results["project"]
    rows = [("training (s)", p["training"]["seconds"]), ("start to first answer (s)", p["start_to_first_answer_s"]),
            ("NLU held-out accuracy", p["nlu_holdout"]["accuracy"])]
    for level in p["load"]:
        c = level["concurrency"]
        rows += [(f"{c:>2} concurrent {key[:3]} (ms)", level[key]) for key in ("p50_ms", "p95_ms", "p99_ms")]
        rows.append((f"{c:>2} concurrent throughput (msg/s)", level["throughput_msg_s"]))
    rows += [("peak RSS Rasa server (MB)", p["peak_rss_mb"].get("rasa")),
             ("peak RSS action server (MB)", p["peak_rss_mb"].get("actions")),
             ("dose lookup alone (calls/s)", f"{results['dose_lookup']['calls_per_s']:,}")]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def plot(results: Dict, path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, label, colour in (("project", "this assistant (lean)", "tab:green"),
                                ("baseline", "stock Rasa (rasa init default)", "tab:red")):
        levels = results[name]["load"]
        xs = [lv["concurrency"] for lv in levels]
        axes[0].plot(xs, [lv["p50_ms"] for lv in levels], "o-", color=colour, label=f"{label} p50")
        axes[0].plot(xs, [lv["p95_ms"] for lv in levels], "s--", color=colour, label=f"{label} p95")
        axes[1].plot(xs, [lv["throughput_msg_s"] for lv in levels], "o-", color=colour, label=label)
    axes[0].set(xscale="log", yscale="log", xlabel="concurrent conversations", ylabel="REST latency (ms)",
                title="Latency by concurrency")
    axes[1].set(xscale="log", xlabel="concurrent conversations", ylabel="messages / s", title="Throughput")
    for axis in axes:
        axis.set_xticks(list(CONCURRENCY))
        axis.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    fig.suptitle(f"make bench, {results['machine']['cores']} cores, {results['date']}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller message budgets (a smoke run)")
    parser.add_argument("--project-only", action="store_true",
                        help="this assistant alone, no stock Rasa beside it (its training takes over 30 minutes): "
                             "the absolute figures, no ratios")
    parser.add_argument("--out", default=None, help="default bench/results.json (bench/results_project.json alone)")
    parser.add_argument("--plot", default=str(ROOT / "bench" / "latency.png"))
    args = parser.parse_args()
    budget = QUICK_BUDGET if args.quick else BUDGET
    WORK.mkdir(parents=True, exist_ok=True)
    results: Dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "quick": args.quick,
                     "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()},
                     "mix": {"conversations": len(CONVERSATIONS), "messages": sum(map(len, CONVERSATIONS))},
                     "budget": {str(k): {"messages": v[0], "cap_s": v[1]} for k, v in budget.items()}}
    say("dose lookup alone ...")
    results["dose_lookup"] = dose_lookup_rate()
    say(f"dose lookup: {results['dose_lookup']['calls_per_s']:,} calls/s")
    configurations = (("project", ROOT / "config.yml", False), ("baseline", ROOT / "bench" / "baseline_config.yml",
                                                                 True))[:1 if args.project_only else 2]
    for name, config, stock in configurations:
        results[name] = {"config": str(config.relative_to(ROOT)), "training": train(name, config)}
    for name, config, stock in configurations:
        results[name].update(bench_configuration(name, WORK / f"{name}.tar.gz", stock, budget))
    if args.project_only:
        out = Path(args.out or ROOT / "bench" / "results_project.json")
        results["table"] = project_table(results).splitlines()
        out.write_text(json.dumps(results, indent=2) + "\n")
        print("\n" + "\n".join(results["table"]) + "\n")
        say(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
        return 0
    out, png = Path(args.out or ROOT / "bench" / "results.json"), Path(args.plot)
    out.parent.mkdir(parents=True, exist_ok=True)
    results["table"] = table(results).splitlines()
    out.write_text(json.dumps(results, indent=2) + "\n")
    plot(results, png)
    print()
    print("\n".join(results["table"]))
    print()
    say(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} and "
        f"{png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
