"""Reading the one history table (core/_history.html) in tests."""

import re
from html import unescape


def history_rows(html: str, heading_id: str = "historik") -> list[list[str]]:
    """The cells of the history table under ``<h2 id=heading_id>``, tags
    stripped, list items joined with ' | ' (header row first)."""
    table = html[html.index(f'id="{heading_id}"') :]
    table = table[: table.index("</table>")]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(
            [unescape(re.sub(r"<[^>]+>", "", c.replace("</li><li>", " | "))).strip() for c in cells]
        )
    return rows
