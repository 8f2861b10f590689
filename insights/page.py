"""The report as one self-contained HTML page: styles and charts (SVG drawn by matplotlib) inline, no script, and
a Content-Security-Policy that forbids the page any request at all.

Every table has an id and every count cell a `data-value` holding the number itself, so that the page can be read
back exactly (tests/insights/ do).
"""
from __future__ import annotations

import html
import io
from datetime import date, datetime
from typing import Iterable, List, Optional, Sequence

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter  # noqa: E402

from baclofen import channel_table  # noqa: E402
from insights import population  # noqa: E402
from insights.aggregate import (  # noqa: E402
    ANSWERED, CLARIFIED, CONFIDENCE_BINS, CONVERSATIONS, DOSES_GIVEN, FELL_BACK, HANDED, LANGUAGE_NAMES, MESSAGES,
    NO_REPLY, NOT_IN_LEAFLET, OUTCOMES, QUESTIONS, URGENT_KINDS, Report,
)
from insights.vocabulary import CRISIS, EMERGENCY, HANDOFF  # noqa: E402

TITLE = "What people ask the baclofen assistant"
TOP_TOPICS_CHARTED = 15
PERCENTILES = (("p50", 0.50), ("p90", 0.90), ("p95", 0.95), ("p99", 0.99))
CHANNEL_COLOURS = {channel.display: channel.colour for channel in channel_table.CHANNELS}
OUTCOME_COLOURS = {ANSWERED: "#4d9a6a", NOT_IN_LEAFLET: "#d9b92b", CLARIFIED: "#7fa7d9", FELL_BACK: "#c9503c",
                   HANDED: "#6a3d9a", NO_REPLY: "#999999"}
URGENT_LABELS = {EMERGENCY: "emergency answers", CRISIS: "crisis answers", HANDOFF: "handoffs to a person"}
URGENT_COLOURS = {EMERGENCY: "#c9503c", CRISIS: "#8c2d7f", HANDOFF: "#6a3d9a"}
OTHER_COLOURS = ["#8c8c8c", "#b07aa1", "#9c755f", "#76b7b2"]
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1100px;
       padding: 1.5rem 2rem 3rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.2rem; margin: 2.2rem 0 .4rem;
     border-bottom: 2px solid #2f6db5; padding-bottom: .2rem; }
.meta { color: #555; margin: 0; } .privacy { background: #eef4fb; border-left: 4px solid #2f6db5;
        padding: .4rem .8rem; margin: .8rem 0; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
.card { border: 1px solid #d5dbe3; border-radius: 6px; padding: .5rem .9rem; min-width: 8.5rem; }
.card b { display: block; font-size: 1.5rem; } .card span { color: #555; font-size: .85rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid #e2e6eb; padding: .25rem .6rem; text-align: right; vertical-align: top; }
th { background: #f3f5f8; } th:first-child, td.label { text-align: left; }
td.text { text-align: left; max-width: 32rem; font-family: "DejaVu Sans Mono", monospace; font-size: .85rem; }
.share { color: #666; font-size: .8rem; } .note { color: #555; font-size: .9rem; }
figure { margin: .5rem 0; } figure svg { width: 100%; height: auto; }
td.label { white-space: nowrap; } details { margin: .3rem 0 1rem; } summary { cursor: pointer; color: #2f6db5; }
.empty { color: #777; font-style: italic; }
"""


# ---------------------------------------------------------------- small pieces

def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _day(day: Optional[date]) -> str:
    return day.isoformat() if day is not None else "undated"


def _moment(timestamp: Optional[float]) -> str:
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M") if timestamp is not None else "-"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _count(value: int, whole: Optional[int] = None) -> str:
    share = f' <span class="share">{_share(value, whole)}</span>' if whole and value else ""
    return f'<td data-value="{value}">{value:,}{share}</td>'


def _ms(seconds: Optional[float]) -> str:
    if seconds is None:
        return '<td data-value="">-</td>'
    return f'<td data-value="{seconds * 1000:.1f}">{seconds * 1000:,.0f} ms</td>'


def _table(table_id: str, headers: Sequence[str], rows: Iterable[str], empty: str = "nothing in this period") -> str:
    body = "".join(rows)
    if not body:
        return f'<p class="empty" id="{table_id}-empty">{_e(empty)}</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{_e(summary)}</summary>{content}</details>"


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: no XML declaration or doctype


def _chart(figure, caption: str) -> str:
    return f'<figure role="img" aria-label="{_e(caption)}">{_svg(figure)}</figure>'


def _plain(label: str) -> str:
    """A label matplotlib draws as written: a "$" would start its math notation."""
    return label.replace("$", r"\$")


def _colour(channel: str, index: int) -> str:
    return CHANNEL_COLOURS.get(channel, OTHER_COLOURS[index % len(OTHER_COLOURS)])


def _figure(width: float, height: float, columns: int = 1):
    plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt.subplots(1, columns, figsize=(width, height), constrained_layout=True)


def _day_ticks(axis, days: List[str], most: int = 12) -> None:
    step = max(1, -(-len(days) // most))
    axis.set_xticks(range(0, len(days), step))
    axis.set_xticklabels(days[::step], rotation=30, ha="right")
    axis.set_xlim(-0.6, max(len(days), 7) - 0.4)  # a day or two keep the width of a week's bars
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))


# ---------------------------------------------------------------- sections

def _activity(report: Report) -> str:
    days = sorted(set(report.messages) | set(report.conversations), key=lambda d: (d is None, d or date.min))
    channels = report.channels
    parts = []
    if days:
        figure, axes = _figure(10, 3, columns=2)
        labels = [_day(d) for d in days]
        for axis, data, title in ((axes[0], report.conversations, "Conversations per day"),
                                  (axes[1], report.messages, "Messages per day")):
            bottom = [0] * len(days)
            for index, channel in enumerate(channels):
                values = [data.get(d, {}).get(channel, 0) for d in days]
                axis.bar(range(len(days)), values, bottom=bottom, label=_plain(channel),
                         color=_colour(channel, index))
                bottom = [b + v for b, v in zip(bottom, values)]
            axis.set_title(title)
            _day_ticks(axis, labels, most=7)
        axes[0].legend(frameon=False, fontsize=8, loc="upper left", ncol=len(channels))
        for axis in axes:
            axis.set_ylim(top=axis.get_ylim()[1] * 1.25)  # room for the legend above the bars
        parts.append(_chart(figure, "Conversations and messages per day, by channel"))

    rows = []
    for day in days:
        cells = "".join(_count(report.conversations.get(day, {}).get(c, 0)) +
                        _count(report.messages.get(day, {}).get(c, 0)) for c in channels)
        total_c = sum(report.conversations.get(day, {}).values())
        total_m = sum(report.messages.get(day, {}).values())
        rows.append(f'<tr data-day="{_day(day)}"><td class="label">{_day(day)}</td>{cells}'
                    f'{_count(total_c)}{_count(total_m)}</tr>')
    headers = ["day"] + [f"{c} {what}" for c in channels for what in ("conversations", "messages")] + [
        "all conversations", "all messages"]
    parts.append(_details(f"Per day and channel ({_plural(len(days), 'day')})", _table("per-day", headers, rows)))

    totals_c = {c: sum(report.conversations[d].get(c, 0) for d in report.conversations) for c in channels}
    totals_m = {c: sum(report.messages[d].get(c, 0) for d in report.messages) for c in channels}
    rows = [f'<tr data-channel="{_e(c)}"><td class="label">{_e(c)}</td>{_count(totals_c[c])}{_count(totals_m[c])}'
            f'</tr>' for c in channels]
    parts.append(_table("per-channel", ["channel", "conversations", "messages (user)"], rows))
    return "".join(parts)


def _languages(report: Report) -> str:
    """Every figure of the summary per language (the conversation's `language` slot, English when unset)."""
    urgent = [(EMERGENCY, "emergency answers"), (CRISIS, "crisis answers"), (HANDOFF, "handoffs")]
    headers = ["language", CONVERSATIONS, "messages (user)", QUESTIONS, *OUTCOMES, *(label for _, label in urgent),
               DOSES_GIVEN]
    rows = []
    for code in report.languages_in_order:
        counts = report.languages[code]
        cells = (_count(counts[CONVERSATIONS]) + _count(counts[MESSAGES]) + _count(counts[QUESTIONS])
                 + "".join(_count(counts[outcome], counts[QUESTIONS]) for outcome in OUTCOMES)
                 + "".join(_count(counts[kind]) for kind, _ in urgent) + _count(counts[DOSES_GIVEN]))
        rows.append(f'<tr data-language="{_e(code)}"><td class="label">{_e(LANGUAGE_NAMES.get(code, code))}</td>'
                    f'{cells}</tr>')
    return ('<p class="note">Each conversation\'s figures under the language it was in: the <code>language</code> '
            'slot the assistant sets from each message (English when a conversation never set it); a question '
            'in the language of the turn it was asked in, a conversation in that of its first message.</p>'
            + _table("languages", headers, rows))


def _topics(report: Report) -> str:
    ranked = sorted(report.topics.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    parts = []
    if ranked:
        shown = ranked[:TOP_TOPICS_CHARTED][::-1]
        figure, axis = _figure(10, 0.9 + 0.32 * len(shown))
        left = [0] * len(shown)
        for outcome in OUTCOMES:
            values = [counts.get(outcome, 0) for _, counts in shown]
            if any(values):
                axis.barh(range(len(shown)), values, left=left, color=OUTCOME_COLOURS[outcome], label=outcome)
                left = [a + b for a, b in zip(left, values)]
        axis.set_yticks(range(len(shown)))
        axis.set_yticklabels([_plain(topic) for topic, _ in shown])
        axis.set_xlabel("questions")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.legend(frameon=False, fontsize=8, ncol=len(OUTCOMES), loc="lower left", bbox_to_anchor=(0, 1))
        parts.append(_chart(figure, "Topics asked, by what became of the question"))
    rows = []
    for rank, (topic, counts) in enumerate(ranked, 1):
        total = sum(counts.values())
        cells = "".join(_count(counts.get(outcome, 0), total) for outcome in OUTCOMES)
        rows.append(f'<tr data-topic="{_e(topic)}"><td data-value="{rank}">{rank}</td><td class="label">{_e(topic)}'
                    f'</td>{_count(total)}{cells}{_count(report.asked_back.get(topic, 0), total)}</tr>')
    parts.append(_table("topics", ["#", "topic", "questions", *OUTCOMES, "asked back first"], rows))
    parts.append('<p class="note"><b>answered</b>: the assistant gave the leaflet\'s answer (the emergency answer '
                 'included); <b>not in the leaflet</b>: it said the leaflet (or the assistant) does not cover it, or '
                 'refused a dose the leaflet gives no figure for; <b>clarified</b>: it asked something back and the '
                 'question went no further; <b>fallen back</b>: it did not understand; <b>handed to a person</b>: '
                 'it gave the pharmacist; <b>asked back first</b>: it needed a question back (the dose form\'s age, '
                 'route, weight) before the outcome.</p>')
    if report.never_asked:
        parts.append(f'<p class="note" id="never-asked">Topics of the assistant never asked in this period: '
                     f'{_e(", ".join(report.never_asked))}.</p>')
    return "".join(parts)


def _not_covered(report: Report) -> str:
    ranked = sorted(report.not_covered.items(), key=lambda item: (-item[1], item[0]))
    rows = [f'<tr data-topic="{_e(topic)}"><td data-value="{rank}">{rank}</td><td class="label">{_e(topic)}</td>'
            f'{_count(count)}</tr>' for rank, (topic, count) in enumerate(ranked, 1)]
    return ('<p class="note">The questions the assistant could not answer from the leaflet, most asked first: the '
            'list to extend the leaflet (or the assistant) from.</p>'
            + _table("not-covered", ["#", "topic", "questions"], rows, "every question was within the leaflet"))


def _urgent(report: Report) -> str:
    days = sorted(report.urgent, key=lambda d: (d is None, d or date.min))
    parts = []
    if days:
        figure, axis = _figure(10, 2.6)
        labels = [_day(d) for d in days]
        width = 0.8 / len(URGENT_KINDS)
        for index, kind in enumerate(URGENT_KINDS):
            axis.bar([i + (index - 1) * width for i in range(len(days))],
                     [report.urgent[d].get(kind, 0) for d in days], width=width, color=URGENT_COLOURS[kind],
                     label=URGENT_LABELS[kind])
        _day_ticks(axis, labels)
        axis.legend(frameon=False, fontsize=8)
        parts.append(_chart(figure, "Emergency and crisis answers and handoffs per day"))
    rows = [f'<tr data-day="{_day(d)}"><td class="label">{_day(d)}</td>'
            + "".join(_count(report.urgent[d].get(kind, 0)) for kind in URGENT_KINDS) + "</tr>" for d in days]
    parts.append(_table("urgent", ["day"] + [URGENT_LABELS[k] for k in URGENT_KINDS], rows,
                        "no emergency or crisis answer and no handoff in this period"))
    return "".join(parts)


def _dose(report: Report) -> str:
    order = population.groups_in_order()
    groups = [g for g in order if g in report.dose] + sorted(set(report.dose) - set(order))
    outcomes = [o for o in population.OUTCOMES if o != population.GENERAL or any(
        counts.get(o) for counts in report.dose.values())]
    parts = []
    if groups:
        shown = groups[::-1]
        figure, axis = _figure(10, 0.9 + 0.32 * len(shown))
        left = [0] * len(shown)
        for outcome, colour in zip(outcomes, ("#4d9a6a", "#d9b92b", "#999999", "#7fa7d9")):
            values = [report.dose[g].get(outcome, 0) for g in shown]
            if any(values):
                axis.barh(range(len(shown)), values, left=left, color=colour, label=outcome)
                left = [a + b for a, b in zip(left, values)]
        axis.set_yticks(range(len(shown)))
        axis.set_yticklabels([_plain(group) for group in shown])
        axis.set_xlabel("dose answers")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.legend(frameon=False, fontsize=8)
        parts.append(_chart(figure, "Dose questions by population"))
    rows = []
    for group in groups:
        counts = report.dose[group]
        total = sum(counts.values())
        rows.append(f'<tr data-population="{_e(group)}"><td class="label">{_e(group)}</td>{_count(total)}'
                    + "".join(_count(counts.get(o, 0), total) for o in outcomes) + "</tr>")
    parts.append(_table("dose", ["population", "dose questions", *outcomes], rows, "no dose question answered"))
    parts.append('<p class="note">Who the dose was for, from the age, weight, route, population and kidney slots '
                 'when the dose answer ran; <b>refused</b>: the leaflet gives no figure for that person (the '
                 'assistant said so and referred them on).</p>')
    return "".join(parts)


def _confidence(report: Report) -> str:
    parts = []
    bins = report.confidence_bins
    edges = [i / CONFIDENCE_BINS for i in range(CONFIDENCE_BINS + 1)]
    if report.classified:
        figure, axis = _figure(10, 2.4)
        axis.bar([e + 0.5 / CONFIDENCE_BINS for e in edges[:-1]], bins, width=0.9 / CONFIDENCE_BINS,
                 color="#2f6db5")
        axis.set_xlim(0, 1)
        axis.set_yscale("log")  # most messages sit near 1.0: the few unsure ones must still show
        axis.set_ylim(bottom=0.7)
        axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))  # 1, 10, 100: plain
        axis.yaxis.set_minor_formatter(NullFormatter())
        axis.set_xlabel("confidence of the intent classifier")
        axis.set_ylabel("messages (log scale)")
        parts.append(_chart(figure, "The intent classifier's confidence, over all typed messages"))
    rows = [f'<tr><td class="label">{edges[i]:.2f}-{edges[i + 1]:.2f}</td>{_count(bins[i], report.classified)}</tr>'
            for i in range(CONFIDENCE_BINS) if report.classified]
    parts.append(_details("The distribution as a table", _table("confidence", ["confidence", "messages"], rows,
                                                                 "no typed message in this period")))
    parts.append(f'<p class="note" id="classified" data-value="{report.classified}">'
                 f'{_plural(report.classified, "typed or spoken message")} classified; '
                 f'{_plural(report.payloads, "button click")} (no classifier) left out.</p>')

    headers = ["confidence", "day", "channel", "intent"] + (["message (numbers masked)"] if report.text_shown else [])
    rows = []
    for unsure in report.least_sure:
        text = f'<td class="text">{_e(unsure.text)}</td>' if report.text_shown else ""
        rows.append(f'<tr><td data-value="{unsure.confidence:.4f}">{unsure.confidence:.2f}</td>'
                    f'<td class="label">{_day(unsure.day)}</td><td class="label">{_e(unsure.channel)}</td>'
                    f'<td class="label">{_e(unsure.intent)}</td>{text}</tr>')
    parts.append("<h3>The messages it was least sure of</h3>")
    if not report.text_shown:
        parts.append('<p class="note">Texts are not shown: run the report with <code>--show-text</code> to see them '
                     '(phone and record numbers masked).</p>')
    parts.append(_table("least-sure", headers, rows, "no typed message in this period"))
    return "".join(parts)


def _latency(report: Report) -> str:
    channels = [c for c in report.channels if c in report.latency] + sorted(
        set(report.latency) - set(report.channels))
    rows = []
    for channel in channels:
        histogram = report.latency[channel]
        cells = "".join(_ms(histogram.percentile(fraction)) for _, fraction in PERCENTILES)
        rows.append(f'<tr data-channel="{_e(channel)}"><td class="label">{_e(channel)}</td>{_count(histogram.count)}'
                    f'{cells}{_ms(histogram.maximum)}</tr>')
    return ('<p class="note">From each user message to the first reply stored after it (event timestamps), within '
            '1%.</p>' + _table("latency", ["channel", "answers", *(n for n, _ in PERCENTILES), "max"], rows,
                                "no timed answer in this period"))


def _cards(report: Report) -> str:
    conversations = sum(sum(c.values()) for c in report.conversations.values())
    messages = sum(sum(c.values()) for c in report.messages.values())
    questions = report.questions
    answered = sum(c.get(ANSWERED, 0) for c in report.topics.values())
    urgent = {kind: sum(c.get(kind, 0) for c in report.urgent.values()) for kind in URGENT_KINDS}
    cards = [("conversations", conversations, None), ("user messages", messages, None),
             ("questions", questions, None), ("answered", answered, _share(answered, questions)),
             ("not in the leaflet", sum(report.not_covered.values()), None),
             ("emergency + crisis answers", urgent[EMERGENCY] + urgent[CRISIS], None),
             ("handoffs", urgent[HANDOFF], None)]
    return '<div class="cards" id="summary">' + "".join(
        f'<div class="card"><b id="card-{_e(key.replace(" + ", "-").replace(" ", "-"))}" data-value="{value}">'
        f'{value:,}</b><span>{_e(key)}'
        f'{" · " + share if share else ""}</span></div>' for key, value, share in cards) + "</div>"


def render(report: Report) -> str:
    if report.since is None and report.until is None:
        period = "everything stored"
    else:
        period = f"{_moment(report.since) if report.since else 'the first event'} to " \
                 f"{_moment(report.until) if report.until else 'the last event'}"
    seen = f"events from {_moment(report.first_event)} to {_moment(report.last_event)}" if report.events else \
        "no event in this period"
    privacy = ("Aggregates only: no sender id is in this page. The least-sure messages are shown with their text, "
               "phone and record numbers masked (--show-text)." if report.text_shown else
               "Aggregates only: no sender id and no message text is in this page.")
    sections = [("activity", "Conversations and messages, per day and per channel", _activity(report)),
                ("languages-section", "By language", _languages(report)),
                ("topics-section", "Topics asked, and what became of them", _topics(report)),
                ("not-covered-section", "Questions the leaflet does not cover", _not_covered(report)),
                ("urgent-section", "Emergency and crisis answers, and handoffs, per day", _urgent(report)),
                ("dose-section", "Dose questions by population", _dose(report)),
                ("confidence-section", "How sure the intent classifier was", _confidence(report)),
                ("latency-section", "Answer time", _latency(report))]
    body = "".join(f'<section id="{sid}"><h2>{_e(title)}</h2>{content}</section>' for sid, title, content in sections)
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(TITLE)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{_e(TITLE)}</h1><p class=\"meta\" id=\"period\">Period: {_e(period)} ({_e(seen)}, "
            f"{report.events:,} events read). Generated {_moment(datetime.now().timestamp())}; days in local time."
            f'</p><p class="privacy">{_e(privacy)}</p>{_cards(report)}</header>{body}</body></html>\n')
