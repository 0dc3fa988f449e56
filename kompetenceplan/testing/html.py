"""Reading rendered pages in tests: a table's rows as plain texts."""

from __future__ import annotations

from html.parser import HTMLParser


class _Rows(HTMLParser):
    """Rows of one table (by id) as lists of whitespace-normalised cell texts."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.depth = table_id, 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if self.cell is not None and tag in ("br", "li"):
            self.cell.append(" ")
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(response, table_id: str) -> list[list[str]]:
    """The rows (header included) of the table ``#table_id`` in the response."""
    parser = _Rows(table_id)
    parser.feed(response.content.decode())
    assert parser.rows, f"no table #{table_id}"
    return parser.rows
