"""Renderers: plain data in, file bytes out. No database access.

- :func:`render_pdf` and :func:`render_docx` print a plan from
  :func:`kompetenceplan.reports.selectors.plan_document_data`, laid out like
  the Ishøj catalogue: each initiative with the labelled blocks BAGGRUND,
  MÅLGRUPPE, ESTIMERET TIDSFORBRUG and ØKONOMI.
- :func:`render_catalogue_json` and :func:`render_catalogue_xlsx` write
  :func:`kompetenceplan.reports.selectors.catalogue_data`.

Documents are always Danish, whatever language the requesting user has chosen.
Every renderer takes an optional ``progress(percent, message)`` callback.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.utils import translation

Progress = Callable[[int, str], None] | None

LABEL_BACKGROUND = "BAGGRUND"
LABEL_TARGET_GROUP = "MÅLGRUPPE"
LABEL_TIME = "ESTIMERET TIDSFORBRUG"
LABEL_ECONOMY = "ØKONOMI"
# What the document prints where the plan has no such section (nothing invented).
NOT_IN_PLAN = "Ikke angivet i planen."
NO_YEAR = "Uden år"
NO_AMOUNT = "–"

_BULLET = re.compile(r"^[-•]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def _report(progress: Progress, percent: int, message: str) -> None:
    if progress is not None:
        progress(percent, message)


# --- Text ------------------------------------------------------------------------------


def text_blocks(text: object, headings: bool = False) -> list[dict[str, Any]]:
    """Plan text (plans/data/README.md conventions) as blocks.

    Paragraphs are separated by a blank line; inside one, lines starting with
    ``- `` form a bullet list and lines starting with ``1. `` a numbered list;
    other lines stay separate lines of the paragraph. Returns dicts with
    ``kind`` ``p`` (``lines``), ``ul`` (``items``) or ``ol`` (``items``,
    ``start``). With ``headings``, a short one-line paragraph without closing
    punctuation followed by more text is a sub-heading (``h``, ``text``), as
    in the chapters of the plans ("Stærke Fællesskaber", "Nye netværk").
    """
    blocks: list[dict[str, Any]] = []
    if not text:
        return blocks
    chunks = re.split(r"\n[ \t]*\n", str(text).strip())
    for index, chunk in enumerate(chunks):
        if headings and index < len(chunks) - 1 and _is_heading(chunk):
            blocks.append({"kind": "h", "text": chunk.strip()})
            continue
        current: dict[str, Any] | None = None
        for raw in chunk.splitlines():
            line = raw.strip()
            if not line:
                continue
            bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
            if bullet:
                kind, content = "ul", bullet.group(1)
            elif numbered:
                kind, content = "ol", numbered.group(2)
            else:
                kind, content = "p", line
            if current is None or current["kind"] != kind:
                current = {"kind": kind, "lines" if kind == "p" else "items": []}
                if kind == "ol":
                    assert numbered is not None
                    current["start"] = int(numbered.group(1))
                blocks.append(current)
            current["lines" if kind == "p" else "items"].append(content)
    return blocks


def _is_heading(chunk: str) -> bool:
    line = chunk.strip()
    return (
        "\n" not in line
        and 0 < len(line) <= 60
        and line[0].isupper()
        and line[-1] not in ".:;,!?"
        and not _BULLET.match(line)
        and not _NUMBERED.match(line)
    )


def money(value: Decimal | int | None) -> str:
    """1165000 -> '1.165.000 kr.'; None -> '–'."""
    from kompetenceplan.core.formatting import kr

    if value is None:
        return NO_AMOUNT
    with translation.override("da"):
        return kr(value)


def year_text(year: int | None) -> str:
    return NO_YEAR if year is None else str(year)


def period_text(row: dict[str, Any]) -> str:
    """An economy row's year, or for an undated row its period ('Uden år')."""
    if row["year"] is not None:
        return str(row["year"])
    return f"{NO_YEAR} ({row['label']})" if row["label"] else NO_YEAR


# --- PDF -------------------------------------------------------------------------------


# Tagged PDF for screen readers (finding 14): a structure tree from the HTML
# headings, lists and tables, /Lang from <html lang="da">, the title from
# <title> shown as the window title, and the PDF/UA-1 identification in the XMP
# metadata. Backgrounds and borders are drawn as artifacts. The running header
# and footer (margin boxes) are left out of the tree by WeasyPrint.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(data: dict[str, Any], progress: Progress = None) -> bytes:
    """The plan as a print-ready A4 PDF (WeasyPrint), tagged as PDF/UA-1."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    with translation.override("da"):
        _report(progress, 30, "Sætter dokumentet op")
        html = render_to_string("reports/plan_document.html", {"doc": data})
        _report(progress, 50, "Beregner sider")
        document = HTML(string=html, base_url=None).render()
        _report(progress, 80, "Skriver PDF")
        pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
        return pdf


# --- Word ------------------------------------------------------------------------------

_ACCENT = (0x1A, 0x3E, 0x5C)


def render_docx(data: dict[str, Any], progress: Progress = None) -> bytes:
    """The plan as an editable Word document (python-docx): Title, Heading 1
    for chapters and focus areas, Heading 2 for initiatives and sub-headings,
    Heading 3 for the catalogue's blocks (BAGGRUND ...) and no skipped level;
    Danish as the language of every run, the plan's title as the document
    title, and table header rows marked as such (finding 14)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    accent = RGBColor(*_ACCENT)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(22), Mm(22)

    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    _set_language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), "da-DK", OxmlElement, qn)
    _set_language(normal.element.get_or_add_rPr(), "da-DK", OxmlElement, qn)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = accent

    properties = document.core_properties
    properties.title = data["title"]
    properties.author = data["municipality_label"]
    properties.language = "da-DK"
    properties.subject = "Strategisk kompetenceudviklingsplan"

    _report(progress, 30, "Skriver forside og indhold")
    # Footer: plan title and page number.
    footer = section.footer.paragraphs[0]
    footer.text = f"{data['title']}    Side "
    _add_field(footer, "PAGE", OxmlElement, qn)
    for run in footer.runs:
        run.font.size = Pt(8)

    # Cover
    document.add_paragraph(data["municipality_label"]).runs[0].bold = True
    document.add_heading(data["title"], level=0)
    document.add_paragraph(f"Periode: {data['period']}")
    document.add_paragraph(f"Status: {data['status_label']}")
    if data["presented_to"]:
        document.add_paragraph("Forelægges: " + ", ".join(data["presented_to"]))
    document.add_paragraph(f"Dannet {data['generated']}")

    # Contents (a static list: it needs no field update when the file is opened)
    document.add_page_break()
    document.add_heading("Indhold", level=1)
    for title in _chapter_titles(data):
        document.add_paragraph(title, style="List Bullet")
    for area in data["focus_areas"]:
        document.add_paragraph(f"{area['number']}. {area['title']}", style="List Bullet")
        for item in area["initiatives"]:
            document.add_paragraph(item["label"], style="List Bullet 2")
    for item in data["other_initiatives"]:
        document.add_paragraph(item["label"], style="List Bullet")
    if data["economy"]:
        document.add_paragraph("Økonomisk overblik", style="List Bullet")

    def blocks(text: object, headings: bool = False) -> None:
        for block in text_blocks(text, headings=headings):
            if block["kind"] == "h":
                document.add_heading(block["text"], level=2)
            elif block["kind"] == "p":
                paragraph = document.add_paragraph()
                for i, line in enumerate(block["lines"]):
                    run = paragraph.add_run(line)
                    if i < len(block["lines"]) - 1:
                        run.add_break(WD_BREAK.LINE)
            elif block["kind"] == "ul":
                for item in block["items"]:
                    document.add_paragraph(item, style="List Bullet")
            else:
                for n, item in enumerate(block["items"], start=block["start"]):
                    paragraph = document.add_paragraph(f"{n}. {item}")
                    paragraph.paragraph_format.left_indent = Mm(6)

    def label(text: str) -> None:
        """One of the catalogue's blocks: a Heading 3 that looks like a label."""
        paragraph = document.add_heading(text, level=3)
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.space_after = Pt(2)
        for run in paragraph.runs:
            run.font.size = Pt(9.5)

    _report(progress, 45, "Skriver kapitler")
    document.add_page_break()
    if data["introduction"]:
        document.add_heading("Indledning", level=1)
        blocks(data["introduction"], headings=True)
    for part in data["sections"]:
        document.add_heading(part["title"], level=1)
        blocks(part["text"], headings=True)
    if data["principles"]:
        document.add_heading("Principper for kompetenceudvikling", level=1)
        for principle in data["principles"]:
            document.add_paragraph(principle["title"], style="List Bullet")
            if principle["text"]:
                blocks(principle["text"])
    if data["policies"]:
        document.add_heading("Politikker og strategier", level=1)
        for policy in data["policies"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(policy["name"]).bold = True
            if policy["description"]:
                paragraph.add_run(". " + policy["description"])
    if data["beacons"]:
        document.add_heading("Pejlemærker", level=1)
        level = None
        for beacon in data["beacons"]:
            if beacon["level_label"] != level:
                level = beacon["level_label"]
                document.add_heading(level, level=2)
            if beacon["title"]:
                document.add_paragraph().add_run(beacon["title"]).bold = True
            blocks(beacon["text"])

    def initiative(item: dict[str, Any]) -> None:
        document.add_heading(item["label"], level=2)
        if item.get("level_label"):
            document.add_paragraph(item["level_label"])
        label(LABEL_BACKGROUND)
        blocks(item["background"])
        label(LABEL_TARGET_GROUP)
        blocks(item["target_group"] or NOT_IN_PLAN)
        label(LABEL_TIME)
        blocks(item["time_estimate"] or NOT_IN_PLAN)
        label(LABEL_ECONOMY)
        blocks(item["economy_text"])
        if item["funding"]:
            rows = [
                (line["source"], year_text(line["year"]), money(line["amount"]))
                for line in item["funding"]
            ]
            _table(
                document,
                ("Kilde", "År", "Beløb"),
                rows,
                numeric=(2,),
                widths=(110, 25, 31),
                caption=f"Bevillinger til indsats {item['label']}",
            )

    _report(progress, 60, "Skriver indsatser")
    for area in data["focus_areas"]:
        document.add_page_break()
        document.add_heading(f"{area['number']}. {area['title']}", level=1)
        blocks(area["description"], headings=True)
        if area["statements"]:
            if area["statements_heading"]:
                document.add_heading(area["statements_heading"], level=2)
            for statement in area["statements"]:
                document.add_paragraph(statement, style="List Bullet")
        for item in area["initiatives"]:
            initiative(item)
    if data["other_initiatives"]:
        document.add_page_break()
        document.add_heading("Indsatser", level=1)
        for item in data["other_initiatives"]:
            initiative(item)

    _report(progress, 80, "Skriver økonomisk overblik")
    if data["economy"]:
        document.add_page_break()
        document.add_heading("Økonomisk overblik", level=1)
        document.add_paragraph(ECONOMY_INTRO)
        for source in data["economy"]:
            document.add_heading(source["source"], level=2)
            _table(
                document,
                ("År / periode", "Beløb", "Bevilget i alt", "Heraf denne plan", "Rest"),
                _economy_rows(source),
                numeric=(1, 2, 3, 4),
                widths=(52, 29, 29, 29, 27),
                caption=source["source"],
            )

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ECONOMY_INTRO = (
    "Kildernes beløb, hvad der er bevilget til indsatser (i alle planer) og hvad der er "
    "tilbage, pr. år. »Heraf denne plan« er bevillingerne til denne plans indsatser. "
    "Beløb, der gælder en periode og ikke et bestemt kalenderår, står under »Uden år«."
)


def _economy_rows(source: dict[str, Any]) -> list[tuple[str, ...]]:
    if not source["rows"]:
        return [("Intet beløb angivet", NO_AMOUNT, NO_AMOUNT, NO_AMOUNT, NO_AMOUNT)]
    rows: list[tuple[str, ...]] = [
        (
            period_text(row),
            money(row["amount"]) if row["amount"] is not None else "Ikke angivet",
            money(row["allocated"]),
            money(row["this_plan"]),
            money(row["remaining"]),
        )
        for row in source["rows"]
    ]
    if len(source["rows"]) > 1:
        rows.append(
            (
                "I alt",
                money(source["total_amount"]),
                money(source["total_allocated"]),
                money(source["total_this_plan"]),
                money(source["total_remaining"]),
            )
        )
    return rows


def _chapter_titles(data: dict[str, Any]) -> list[str]:
    titles = []
    if data["introduction"]:
        titles.append("Indledning")
    titles += [part["title"] for part in data["sections"]]
    if data["principles"]:
        titles.append("Principper for kompetenceudvikling")
    if data["policies"]:
        titles.append("Politikker og strategier")
    if data["beacons"]:
        titles.append("Pejlemærker")
    return titles


def _table(
    document: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    widths: Sequence[float] = (),
    caption: str = "",
) -> Any:
    """A table whose first row is a header row (repeated on each page and read
    as headers by a screen reader), named by ``caption`` (Word's alt text).
    Returns the table."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    if caption:
        properties = table._tbl.tblPr
        element = OxmlElement("w:tblCaption")
        element.set(qn("w:val"), caption)
        # CT_TblPr's schema order: tblCaption comes after tblLook, at the end.
        properties.append(element)
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].text = text
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if widths:
                cell.width = Mm(widths[i])
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                if i in numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    document.add_paragraph()
    return table


def _add_field(paragraph: Any, instruction: str, OxmlElement: Any, qn: Any) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_language(rpr: Any, language: str, OxmlElement: Any, qn: Any) -> None:
    """Set the w:lang of run properties (a style's or the document default),
    replacing the template's en-US."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


# --- Catalogue -------------------------------------------------------------------------

CATALOGUE_HEADER = [
    "Plan",
    "Nummer",
    "Titel",
    "Indsatsområde",
    "Målgruppe",
    "Estimeret tidsforbrug",
    "Status",
    "Kilde",
    "År",
    "Beløb (kr.)",
    # Added after the original ten columns, which keep their places.
    "Formål",
    "Planstatus",
    "Indsatsområde nr.",
    "Baggrund",
    "Stillinger",
    "Ressourcefunktioner",
    "Institutionstyper",
    "Institutioner",
    "Metoder",
    "Temaer",
    "Ansvarlig",
    "Ansvarlig konsulent",
    "Samarbejdspartnere",
    "Politikker",
    "Økonomi (planens ordlyd)",
    "Statusnote",
]
FOCUS_AREA_HEADER = ["Plan", "Nummer", "Titel", "Beskrivelse", "Overskrift for udsagn", "Udsagn"]
SOURCE_HEADER = [
    "Plan",
    "Kilde",
    "Type",
    "Beskrivelse",
    "År eller periode",
    "Beløb (kr.)",
    "Note",
    "Øremærkning",
]


def render_catalogue_json(data: dict[str, Any], progress: Progress = None) -> bytes:
    """catalogue_data as UTF-8 JSON (Danish letters unescaped)."""
    _report(progress, 60, "Skriver JSON")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _lines(values: Iterable[object] | None) -> str:
    return "\n".join(str(v) for v in values or [])


def catalogue_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per funding line (an initiative without funding gets one row);
    statuses and institution kinds as Danish words."""
    from kompetenceplan.organisation.choices import InstitutionKind
    from kompetenceplan.plans.choices import InitiativeStatus, PlanStatus

    kinds = dict(InstitutionKind.choices)
    rows = []
    with translation.override("da"):
        for plan in data["plans"]:
            plan_status = str(PlanStatus(plan["status"]).label)
            for item in plan["initiatives"]:
                status = str(InitiativeStatus(item["status"]).label)
                first = [
                    plan["title"],
                    item["number"],
                    item["title"],
                    item["focus_area"] or "",
                    item["target_group"],
                    item["time_estimate"],
                    status,
                ]
                rest = [
                    plan_status,
                    item.get("focus_area_number") or "",
                    item.get("background", ""),
                    ", ".join(item.get("target_roles") or []),
                    ", ".join(item.get("target_functions") or []),
                    ", ".join(
                        str(kinds.get(k, k)) for k in item.get("target_institution_kinds") or []
                    ),
                    ", ".join(item.get("target_institutions") or []),
                    ", ".join(item.get("methods") or []),
                    _lines(item.get("themes")),
                    item.get("responsible", ""),
                    item.get("responsible_consultant") or "",
                    _lines(item.get("partners")),
                    _lines(item.get("policies")),
                    item.get("economy_text", ""),
                    item.get("status_note", ""),
                ]
                for line in item["funding"] or [None]:
                    if line is None:
                        rows.append([*first, "", None, None, "", *rest])
                    else:
                        rows.append(
                            [
                                *first,
                                line["source"],
                                line["year"],
                                line["amount_dkk"],
                                line.get("purpose", ""),
                                *rest,
                            ]
                        )
    return rows


def focus_area_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [
        [
            plan["title"],
            area["number"],
            area["title"],
            area["description"],
            area["statements_heading"],
            _lines(area["statements"]),
        ]
        for plan in data["plans"]
        for area in plan.get("focus_areas") or []
    ]


def source_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row per amount (year or period) of each source a plan draws on; a
    source without a stated amount gets one row."""
    rows = []
    for plan in data["plans"]:
        for source in plan.get("sources") or []:
            earmarks = _lines(e["text"] or e["kind_label"] for e in source["earmarks"])
            first = [plan["title"], source["name"], source["kind_label"], source["description"]]
            for amount in source["amounts"] or [None]:
                if amount is None:
                    rows.append([*first, "", None, "", earmarks])
                else:
                    period = amount["year"] if amount["year"] is not None else amount["label"]
                    rows.append([*first, period, amount["amount_dkk"], amount["note"], earmarks])
    return rows


def render_catalogue_xlsx(data: dict[str, Any], progress: Progress = None) -> bytes:
    """catalogue_data as an Excel workbook: the initiatives (one row per
    funding line), the focus areas with their statements, and the sources with
    their amounts. Cells starting with = + - @ are escaped."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kompetenceplan.core.tabular import escape_cell

    _report(progress, 60, "Skriver regneark")
    workbook = Workbook()
    sheets = [
        ("Indsatser", CATALOGUE_HEADER, catalogue_rows(data)),
        ("Indsatsområder", FOCUS_AREA_HEADER, focus_area_rows(data)),
        ("Kilder", SOURCE_HEADER, source_rows(data)),
    ]
    for index, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append([escape_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([escape_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The committee's status report -------------------------------------------------------

STATUS_HEADER = (
    "Indsats",
    "Status",
    "Statusnote",
    "Deltagere (gennemført / tilmeldt / pladser)",
    "Udrulningsmål (nået af målgruppen)",
    "Bevilget",
    "Forbrugt",
    "Evaluering",
)
STATUS_INTRO = (
    "Status for planens indsatser i året: indsatsens status og statusnote, deltagere på "
    "årets hold (gennemført, tilmeldt og antal pladser), udrulningsmålet (hvor mange af "
    "målgruppen der har deltaget, mod planen for året), bevillinger og forbrug i året og "
    "slutevalueringen. Bevillinger til en periode og ikke et bestemt år står under »Uden år« "
    "med hele beløbet og alt forbrug af dem. Evalueringer med færre end 5 svar vises ikke."
)


def rollout_text(rollout: dict[str, Any] | None) -> str:
    from .selectors import rollout_text as text

    return text(rollout)


def money_cell(row: dict[str, Any], key: str) -> str:
    """The year's amount ('–' without allocations for the year), and below it
    the amount of allocations for the whole period ('Uden år: 388.000 kr.')
    where there is any."""
    text = money(row[key]) if row["has_dated"] else NO_AMOUNT
    if row["has_undated"]:
        text += f"\n{NO_YEAR}: {money(row['undated_' + key])}"
    return text


def participants_text(row: dict[str, Any]) -> str:
    """'12 / 20 / 25'; '–' for an initiative without cohorts in the year."""
    if not row["cohorts"]:
        return NO_AMOUNT
    return f"{row['completed']} / {row['participants']} / {row['seats']}"


@dataclass(frozen=True)
class StatusRow:
    """A row of the status table: a focus area's heading row (``cells`` holds
    the heading alone), an initiative (its level, if any, printed small under
    the title) or the total row."""

    kind: Literal["group", "initiative", "total"]
    cells: tuple[str, ...]
    level: str = ""
    #: An initiative's focus-area heading (the PDF's page header names it).
    group: str = ""


def status_rows(data: dict[str, Any]) -> list[StatusRow]:
    """The table under its focus areas' heading rows (in the plan's order),
    and the total row last."""
    rows: list[StatusRow] = []
    for group in data["groups"]:
        if group["heading"]:
            rows.append(StatusRow("group", (group["heading"],)))
        rows.extend(
            StatusRow(
                "initiative",
                (
                    row["label"],
                    row["status_label"],
                    row["status_note"] or NO_AMOUNT,
                    participants_text(row),
                    rollout_text(row["rollout"]),
                    money_cell(row, "allocated"),
                    money_cell(row, "spent"),
                    row["evaluation_text"],
                ),
                row["level_label"],
                group["heading"],
            )
            for row in group["initiatives"]
        )
    totals = data["totals"]
    rows.append(
        StatusRow(
            "total",
            (
                "I alt",
                "",
                "",
                participants_text(totals),
                "",
                money_cell(totals, "allocated"),
                money_cell(totals, "spent"),
                "",
            ),
        )
    )
    return rows


def _status_table_rows(table: Any, rows: list[StatusRow], OxmlElement: Any, qn: Any) -> None:
    """The Word table's focus-area heading rows as one cell across the table,
    shaded and kept with the row after them (not left alone at the foot of a
    page); an initiative's level in small grey text under its title; the
    total row in bold. No row breaks across pages."""
    from docx.shared import Pt, RGBColor

    for row, table_row in zip(rows, table.rows[1:], strict=True):
        table_row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        first = table_row.cells[0]
        if row.kind == "group":
            first = first.merge(table_row.cells[-1])
            for empty in first.paragraphs[1:]:  # the merged cells' empty paragraphs
                empty._p.getparent().remove(empty._p)
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:fill"), "E6EEF5")
            first._tc.get_or_add_tcPr().append(shading)
            for paragraph in first.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
                for run in paragraph.runs:
                    run.bold = True
        elif row.kind == "total":
            for cell in table_row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.bold = True
        elif row.level:
            paragraph = first.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(row.level)
            run.font.size = Pt(7.5)
            run.font.color.rgb = RGBColor(0x5A, 0x6B, 0x7B)


def render_status_pdf(data: dict[str, Any], progress: Progress = None) -> bytes:
    """The status report as a tagged A4 landscape PDF (PDF/UA-1, Danish)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    with translation.override("da"):
        _report(progress, 40, "Sætter statusrapporten op")
        html = render_to_string(
            "reports/status_report_document.html",
            {
                "doc": data,
                "header": STATUS_HEADER,
                "rows": status_rows(data),
                "intro": STATUS_INTRO,
            },
        )
        _report(progress, 70, "Skriver PDF")
        pdf: bytes = HTML(string=html, base_url=None).render().write_pdf(pdf_variant=PDF_VARIANT)
        return pdf


def render_status_docx(data: dict[str, Any], progress: Progress = None) -> bytes:
    """The status report as a Word document (landscape; Danish; the table's
    header row marked as such)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    _report(progress, 40, "Skriver statusrapporten")
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    _set_language(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), "da-DK", OxmlElement, qn)
    _set_language(normal.element.get_or_add_rPr(), "da-DK", OxmlElement, qn)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = RGBColor(*_ACCENT)
    properties = document.core_properties
    properties.title = data["title"]
    properties.author = data["municipality_label"]
    properties.language = "da-DK"
    properties.subject = "Status til udvalget"

    document.add_paragraph(data["municipality_label"]).runs[0].bold = True
    document.add_heading(data["title"], level=0)
    document.add_paragraph(f"Plan: {data['plan_title']} ({data['period']})")
    document.add_paragraph(f"År: {data['year_label']}")
    document.add_paragraph(f"Dannet {data['generated']}")
    document.add_heading("Status pr. indsats", level=1)
    document.add_paragraph(STATUS_INTRO)
    rows = status_rows(data)
    width = len(STATUS_HEADER)
    table = _table(
        document,
        STATUS_HEADER,
        [row.cells + ("",) * (width - len(row.cells)) for row in rows],
        numeric=(3, 5, 6),
        widths=(45, 18, 52, 27, 27, 25, 25, 40),
        caption=f"Status pr. indsats {data['year_label']}",
    )
    _status_table_rows(table, rows, OxmlElement, qn)
    evaluated = [row for row in data["initiatives"] if row["evaluation"]]
    if evaluated:
        document.add_heading("Evalueringer", level=1)
        for row in evaluated:
            document.add_heading(row["label"], level=2)
            context = [row["focus_area_label"] if row["focus_area"] else "", row["level_label"]]
            if any(context):
                document.add_paragraph(" · ".join(part for part in context if part))
            document.add_paragraph(row["evaluation_text"])
            for question in row["evaluation"]["questions"]:
                mean = str(question["mean"]).replace(".", ",")
                document.add_paragraph(
                    f"{question['text']} – gennemsnit {mean}", style="List Bullet"
                )
    _report(progress, 80, "Gemmer Word-filen")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
