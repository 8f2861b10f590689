"""`make report`: reads the tracker store named in the endpoints file and writes one self-contained HTML page.

    .venv/bin/python scripts/report.py [--since 2026-01-01] [--until 2026-01-31] [--out results/report.html]
                                       [--show-text] [--endpoints endpoints.yml] [--domain domain.yml]

Dates are days in this machine's time zone (TZ to change it); --until names the last day included. A date and
time (2026-01-31T12:00) is an exact instant, --until's excluded. Aggregates only; --show-text adds the text of the
messages the classifier was least sure of, with phone and record numbers masked.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import List, Optional

from insights.aggregate import Aggregator
from insights.store import Progress, StoreError, count_events, open_engine, stream_events
from insights.vocabulary import Vocabulary

DEFAULT_OUT = "results/report.html"
PROGRESS_EVERY = 10_000  # rows between checks of the clock


def _instant(text: str, end_of_day: bool) -> float:
    """An ISO date (a whole local day) or date and time, as a Unix time."""
    try:
        if "T" in text or " " in text.strip() or ":" in text:
            moment = datetime.fromisoformat(text.strip())
            return moment.timestamp()
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (2026-01-31) or a date and time "
                                         "(2026-01-31T12:00)") from None
    if end_of_day:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day).timestamp()


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="report", description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=lambda t: _instant(t, False), help="first day (or instant) included")
    parser.add_argument("--until", type=lambda t: _instant(t, True), help="last day included (or instant excluded)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"the HTML file to write (default {DEFAULT_OUT})")
    parser.add_argument("--show-text", action="store_true",
                        help="show the text of the least-sure messages (numbers that look like phone or record "
                             "numbers masked); off by default")
    parser.add_argument("--least-sure", type=int, default=15, help="how many least-sure messages to list")
    parser.add_argument("--endpoints", default="endpoints.yml", help="the endpoints file the server reads")
    parser.add_argument("--domain", default="domain.yml", help="the domain (intent and action names)")
    args = parser.parse_args(argv)
    if args.since is not None and args.until is not None and args.since >= args.until:
        parser.error("--since must come before --until")
    if args.least_sure < 0:
        parser.error("--least-sure must be 0 or more")
    return args


def write_private(path: Path, text: str) -> None:
    """Writes `path` readable by this user only (0600, whatever the umask): the report is about patients."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a file left by an earlier run keeps its mode otherwise
    with open(descriptor, "w", encoding="utf-8") as out:
        out.write(text)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    try:
        vocabulary = Vocabulary.from_domain(args.domain)
    except (OSError, ValueError) as error:
        print(f"report: cannot read the domain: {error}", file=sys.stderr)
        return 2

    from stores.endpoints import NoSQLTrackerStore, tracker_db_url  # imports Rasa: after the arguments are checked

    try:
        engine = open_engine(tracker_db_url(args.endpoints))
        total = count_events(engine, args.since, args.until)
        print(f"report: {total:,} events to read", file=sys.stderr, flush=True)
        aggregator = Aggregator(vocabulary, show_text=args.show_text, least_sure=args.least_sure)
        aggregator.report.since, aggregator.report.until = args.since, args.until
        progress = Progress(total)
        feed, done = aggregator.feed, 0
        for row in stream_events(engine, args.since, args.until):
            feed(*row)
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress.update(done)
        progress.finish(done)
        report = aggregator.finish()
    except (NoSQLTrackerStore, StoreError) as error:
        print(f"report: {error}", file=sys.stderr)
        return 2

    from insights.page import render  # matplotlib: only once there is something to draw

    out = Path(args.out)
    try:
        out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        write_private(partial, render(report))
        os.replace(partial, out)  # a reader never sees half a page
    except OSError as error:
        print(f"report: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    conversations = sum(sum(c.values()) for c in report.conversations.values())
    print(f"report: {conversations:,} conversations, {report.questions:,} questions, {report.events:,} events in "
          f"{time.monotonic() - started:.1f} s -> {out} ({out.stat().st_size // 1024} KB)")
    return 0
