"""Reads the report page back: every table by its id, each row's data-* attributes, each cell's text and the
number in its data-value (insights/page.py writes one on every count cell)."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Dict, List, Optional


class Cell:
    def __init__(self, attrs: Dict[str, Optional[str]]):
        self.attrs = attrs
        self.text = ""

    @property
    def value(self) -> float:
        raw = self.attrs.get("data-value")
        assert raw not in (None, ""), f"cell {self.text!r} holds no number"
        number = float(raw)
        return int(number) if number.is_integer() else number


class Row:
    def __init__(self, attrs: Dict[str, Optional[str]]):
        self.attrs = attrs
        self.cells: List[Cell] = []


class Table:
    def __init__(self):
        self.headers: List[str] = []
        self.rows: List[Row] = []

    def column(self, header: str) -> int:
        return self.headers.index(header)

    def by(self, attribute: str) -> Dict[str, Row]:
        return {row.attrs[f"data-{attribute}"]: row for row in self.rows}

    def value(self, row: Row, header: str):
        return row.cells[self.column(header)].value


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: Dict[str, Table] = {}
        self.ids: Dict[str, Dict[str, Optional[str]]] = {}
        self.texts: Dict[str, str] = {}
        self._table: Optional[Table] = None
        self._row: Optional[Row] = None
        self._cell: Optional[Cell] = None
        self._header: Optional[str] = None
        self._open_ids: List[str] = []
        self._stack: List[Optional[str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] = attrs
        if tag in ("meta", "br", "img", "input", "link"):
            return
        self._stack.append(attrs.get("id"))
        if attrs.get("id"):
            self._open_ids.append(attrs["id"])
            self.texts.setdefault(attrs["id"], "")
        if tag == "table":
            self._table = self.tables[attrs["id"]] = Table()
        elif tag == "tr" and self._table is not None:
            self._row = Row(attrs)
        elif tag == "th":
            self._header = ""
        elif tag == "td" and self._row is not None:
            self._cell = Cell(attrs)

    def handle_endtag(self, tag):
        if tag in ("meta", "br", "img", "input", "link"):
            return
        if tag == "th" and self._header is not None:
            self._table.headers.append(self._header.strip())
            self._header = None
        elif tag == "td" and self._cell is not None:
            self._cell.text = self._cell.text.strip()
            self._row.cells.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row.cells:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        if self._stack:
            opened = self._stack.pop()
            if opened:
                self._open_ids.remove(opened)

    def handle_data(self, data):
        if self._header is not None:
            self._header += data
        if self._cell is not None:
            self._cell.text += data
        for open_id in self._open_ids:
            self.texts[open_id] += data
