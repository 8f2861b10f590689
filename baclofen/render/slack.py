"""Slack rendering of the assistant's answers: Block Kit for the Slack channel. Plain Python, no Rasa import.

Renders the structured Answer (baclofen.answers.model) and, for a dose, the DoseAnswer it holds; it adds no word
of medical content and types no figure. Each result is the JSON of one `chat.postMessage`:
{"text": <plain fallback for notifications and screen readers>, "blocks": [...]}.

Layout:
- a dose answer: who it is for, then a two-column table (Slack section `fields`) of the figures in the lookup's
  order (starting dose, split, increase, maintenance, maximum ...), then the notes, the prescriber line, and the
  section citation in a context block;
- any other answer: its text as mrkdwn sections, bullets as "•", the citation line moved to a context block;
- buttons (the form's choices) as an `actions` block under the text.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from baclofen.answers.model import CITATION, Answer, Line
from baclofen.dosing.lookup import DoseAnswer, Figure
from baclofen.render import text as written
from baclofen.wording import ENGLISH, say, words, write

# Slack Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10  # per section block: 5 table rows of label + value
MAX_FIELD_TEXT = 2000
MAX_BUTTONS = 25  # per actions block
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_BLOCKS = 50

Message = Dict[str, Any]
Block = Dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters in mrkdwn and plain text (https://api.slack.com/reference/surfaces/formatting)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> str:
    """Escaped mrkdwn; '- ' list items become '• ' (Slack renders no markdown lists)."""
    out = []
    for line in escape(text).split("\n"):
        out.append("• " + line[2:] if line.startswith("- ") else line)
    return "\n".join(out)


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": escape(text)}]}


def _chunks(text: str, limit: int = MAX_SECTION_TEXT) -> List[str]:
    """Splits on line breaks so that no section passes Slack's limit (a line longer than it is cut hard)."""
    chunks: List[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return chunks


def buttons_block(buttons: Sequence[Dict[str, Any]]) -> Optional[Block]:
    """Rasa buttons ({title, payload}) as Slack buttons; the payload comes back as the button's value when
    clicked (an interactive `block_actions` request), which the Slack channel hands to Rasa as the message."""
    elements = []
    for index, button in enumerate(list(buttons)[:MAX_BUTTONS]):
        payload = str(button.get("payload", ""))
        if not payload or len(payload) > MAX_BUTTON_VALUE:
            continue
        title = str(button.get("title") or payload)
        if len(title) > MAX_BUTTON_TEXT:
            title = title[: MAX_BUTTON_TEXT - 1] + "…"
        elements.append({"type": "button", "action_id": f"choice_{index}",
                         "text": {"type": "plain_text", "text": title, "emoji": False}, "value": payload})
    return {"type": "actions", "elements": elements} if elements else None


def text_message(text: str, buttons: Sequence[Dict[str, Any]] = ()) -> Message:
    """A message that is not an Answer (a domain response): mrkdwn sections, then the buttons."""
    blocks: List[Block] = [_section(chunk) for chunk in _chunks(mrkdwn(text.rstrip()))]
    choice = buttons_block(buttons)
    if choice:
        blocks.append(choice)
    return {"text": text, "blocks": blocks[:MAX_BLOCKS]}


def _answer_blocks(lines: Sequence[Line], language: str = ENGLISH) -> List[Block]:
    """The answer's lines as mrkdwn sections; a source line inside (several answers in one) as a context block."""
    blocks: List[Block] = []
    chunk: List[Line] = []
    for line in list(lines) + [None]:
        if line is None or line.style == CITATION:
            body = "\n".join(written.line(entry, language) for entry in chunk).rstrip()
            blocks += [_section(part) for part in _chunks(mrkdwn(body))]
            chunk = []
            if line is not None:
                blocks.append(_context(written.citation(line.citation, language)))
        else:
            chunk.append(line)
    return blocks


def figure_value(figure: Figure, language: str = ENGLISH) -> str:
    """The table cell: the amount in bold, then the words the lookup put around it."""
    parts = []
    if figure.amount is not None:
        about = words("compose.figure.about", language) if figure.approximate else ""
        parts.append(about + f"*{escape(write(figure.amount, language))}*")
    if figure.detail:
        parts.append(escape(write(figure.detail, language)))
    return " ".join(parts)[:MAX_FIELD_TEXT]


def figure_table(figures: Iterable[Figure], language: str = ENGLISH) -> List[Block]:
    """Two-column table: each row is a bold label field and a value field, 5 rows per section block."""
    fields = []
    for figure in figures:
        fields.append({"type": "mrkdwn", "text": f"*{escape(figure.label)}*"[:MAX_FIELD_TEXT]})
        fields.append({"type": "mrkdwn", "text": figure_value(figure, language) or " "})
    return [{"type": "section", "fields": fields[i:i + MAX_FIELDS]} for i in range(0, len(fields), MAX_FIELDS)]


def dose_blocks(answer: DoseAnswer) -> List[Block]:
    """The dose answer as a compact table: who it is for, the figures, the notes, who decides."""
    language = answer.language
    blocks: List[Block] = [_section(f"*{escape(write(answer.who, language))}*")]
    blocks += figure_table(answer.figures, language)
    for caution in answer.cautions:
        blocks.append(_section(f":warning: {escape(write(caution, language))}"))
    if answer.covered:  # as the written answer says it under every figure it gives
        blocks.append(_section(f"_{escape(str(say('compose.prescriber_decides', language)))}_"))
    return blocks


def render(answer: Answer) -> Message:
    """What actions.delivery sends on the Slack channel: the blocks, the buttons, then the source line; the written
    answer as the notification fallback."""
    blocks = dose_blocks(answer.dose) if answer.dose is not None else _answer_blocks(answer.lines, answer.language)
    choice = buttons_block(written.buttons(answer))
    if choice:
        blocks.append(choice)
    if answer.citation is not None:
        blocks.append(_context(written.citation(answer.citation, answer.language)))
    notice = words("render.translation_notice", answer.language)
    if notice:
        blocks.append(_context(notice))
    return {"text": written.render(answer), "blocks": blocks[:MAX_BLOCKS]}


def blocks_text(blocks: Iterable[Block]) -> str:
    """All the visible text of some blocks, in order (for tests and logs at debug level)."""
    out: List[str] = []
    for block in blocks:
        if "text" in block:
            out.append(block["text"]["text"])
        for field in block.get("fields", []):
            out.append(field["text"])
        for element in block.get("elements", []):
            if "text" in element:
                out.append(element["text"]["text"] if isinstance(element["text"], dict) else element["text"])
    return "\n".join(out)
