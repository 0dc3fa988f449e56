"""The printed plan: PDF and Word read back, and the text conventions.

The renderers are pure: the PDF is rendered in a module fixture where the
database is blocked, so any query would fail the test."""

import io
import logging
import re

import pytest
from docx import Document
from pypdf import PdfReader

from kompetenceplan.reports.documents import render_docx, render_pdf, text_blocks
from kompetenceplan.reports.selectors import plan_document_data
from kompetenceplan.testing.factories import make_municipality
from kompetenceplan.testing.plans import load_plan_file

from .pdf_structure import read_structure

SCHOOL_INITIATIVES = [
    ("1.1", "Lokale udviklingsplaner"),
    ("1.2", "Praksisnær kompetenceudvikling fra Det Kommunale Ressourceteam og Kompetencecenter Ishøjgård"),
    ("1.3", "Læringsdag 2025"),
    ("1.4", "Ledelse af stærke fællesskaber"),
    ("1.5", "Kompetenceudvikling af ressourcepersoner og vejledere i og omkring skolerne"),
    ("1.6", "Styrk relationer, tryghed og udvikling i praksis"),
    ("2.1", "Sproglig udvikling i fagene"),
    ("2.2", "Sprogudviklende didaktik"),
    ("2.3", "Sprogudviklende pædagogik"),
    ("2.4", "Kompetenceudvikling i børnehaveklassen"),
    ("2.5", "Kvalitet i SFO og aftenklub"),
    ("2.6", "Projekt SENK i naturfag"),
    ("2.7", "Ordblindekurser"),
    ("2.8", "Kompetenceudvikling af praktiklærere"),
]  # fmt: skip
LABELS = ["BAGGRUND", "MÅLGRUPPE", "ESTIMERET TIDSFORBRUG", "ØKONOMI"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def school_pdf(ishoj_document_data) -> tuple[bytes, list[str]]:
    """The school plan's PDF (rendered once, about two seconds) and the errors
    WeasyPrint logged while rendering it (a missing lang or alt text is logged)."""
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        pdf = render_pdf(ishoj_document_data["ishoj-skole-2024-2026"])  # no database here
    finally:
        logger.removeHandler(errors)
    assert pdf.startswith(b"%PDF")
    return pdf, errors.messages


@pytest.fixture(scope="module")
def school_structure(school_pdf):
    """The school plan PDF's structure tree, read back once (about a second)."""
    return read_structure(school_pdf[0])


@pytest.fixture(scope="module")
def school_pdf_pages(school_pdf) -> list[str]:
    reader = PdfReader(io.BytesIO(school_pdf[0]))
    return [normalise(page.extract_text()) for page in reader.pages]


def test_document_data_matches_the_plan(ishoj_document_data):
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    assert [(i["number"], i["title"]) for i in data["initiatives"]] == SCHOOL_INITIATIVES
    first = data["focus_areas"][0]["initiatives"][0]
    assert first["time_estimate"] == "Tidsforbrug ikke fastlagt."
    # 1.2 has no time section in the plan: nothing is invented for it.
    assert data["focus_areas"][0]["initiatives"][1]["time_estimate"] == ""
    uvm = next(s for s in data["economy"] if s["source"].startswith("Statsligt tilskud"))
    assert [(r["year"], r["label"], r["amount"], r["allocated"], r["remaining"]) for r in uvm["rows"]] == [
        (None, "2024/2025 og 2025/2026", 586000, 388000, 198000)
    ]  # fmt: skip


def test_pdf_lists_every_initiative_in_order_with_the_four_blocks(school_pdf_pages):
    pages = school_pdf_pages
    everything = " ".join(pages)
    contents = next(i for i, text in enumerate(pages) if text.startswith("Indhold "))
    # The contents list names every initiative, in order.
    position = 0
    for number, title in SCHOOL_INITIATIVES:
        position = pages[contents].index(f"{number} {title}", position)
    # Each initiative starts its own page, in order, with the four labelled blocks.
    found = []
    for number, title in SCHOOL_INITIATIVES:
        page = next(
            i
            for i, text in enumerate(pages)
            if i > contents and f"{number} {title} Status:" in text
        )
        found.append(page)
        body = " ".join(pages[page : page + 2])
        for label in LABELS:
            assert label in body, (number, label)
    assert found == sorted(found) and len(set(found)) == len(found)
    # 1.1 says "ikke fastlagt"; 1.2 has no time section, and nothing is invented for it.
    first = " ".join(pages[found[0] : found[0] + 2])
    assert "ESTIMERET TIDSFORBRUG Tidsforbrug ikke fastlagt." in first
    second = pages[found[1]] + " " + pages[found[1] + 1]
    assert "ESTIMERET TIDSFORBRUG Ikke angivet i planen." in second
    assert "Tidsforbrug ikke fastlagt" not in second.split(SCHOOL_INITIATIVES[2][1])[0]
    for label in LABELS:
        assert label in everything
    # Economy: figures in Danish format, the undated period, and page numbers.
    assert "Økonomisk overblik" in pages[-1]
    assert (
        "Uden år (2024/2025 og 2025/2026) 586.000 kr. 388.000 kr. 388.000 kr. 198.000 kr."
        in pages[-1]
    )
    assert "150.000 kr." in everything
    assert f"Side {len(pages)} af {len(pages)}" in pages[-1]


# --- Accessibility: the PDF is tagged (PDF/UA-1) and the Word file has real headings ---


def expected_chapters(data) -> list[str]:
    """The level-2 headings of the PDF (level 1 in Word), in order."""
    chapters = ["Indhold"]
    if data["introduction"]:
        chapters.append("Indledning")
    chapters += [part["title"] for part in data["sections"]]
    if data["principles"]:
        chapters.append("Principper for kompetenceudvikling")
    if data["policies"]:
        chapters.append("Politikker og strategier")
    if data["beacons"]:
        chapters.append("Pejlemærker")
    chapters += [f"{area['number']}. {area['title']}" for area in data["focus_areas"]]
    if data["other_initiatives"]:
        chapters.append("Indsatser")
    if data["economy"]:
        chapters.append("Økonomisk overblik")
    return chapters


def assert_no_skipped_levels(levels: list[int]) -> None:
    assert levels and levels[0] == 1, levels[:3]
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (before, after)


def test_pdf_is_tagged_pdf_ua_with_language_and_title(
    school_pdf, school_structure, ishoj_document_data
):
    """Finding 14: a screen reader can read the committee's document."""
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    structure, errors = school_structure, school_pdf[1]
    catalog = structure.catalog
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "da"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert structure.reader.metadata.title == data["title"]
    assert structure.xmp_title == data["title"]
    assert structure.pdfua_part == "1"
    # WeasyPrint logs an error for a missing lang or an image without alt text.
    assert errors == []
    # Every figure (if an image is ever added) carries alternative text.
    assert all("/Alt" in figure.obj for figure in structure.find_all("/Figure"))


def test_pdf_headings_follow_the_plan(school_structure, ishoj_document_data):
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    headings = school_structure.headings
    assert_no_skipped_levels([level for level, _ in headings])
    # One H1, the plan's title; the chapters and focus areas are H2, in order.
    assert [text for level, text in headings if level == 1] == [data["title"]]
    assert [text for level, text in headings if level == 2] == expected_chapters(data)
    # Under each focus area its initiatives are H3, in order, each followed by
    # the catalogue's four blocks as H4.
    for area in data["focus_areas"]:
        start = headings.index((2, f"{area['number']}. {area['title']}"))
        end = next((i for i, (level, _) in enumerate(headings) if i > start and level == 2))
        initiatives = [
            text for level, text in headings[start:end] if level == 3 and text[0].isdigit()
        ]
        assert initiatives == [f"{item['number']} {item['title']}" for item in area["initiatives"]]
        for item in area["initiatives"]:
            at = headings.index((3, f"{item['number']} {item['title']}"))
            assert [text for _, text in headings[at + 1 : at + 5]] == LABELS
            assert {level for level, _ in headings[at + 1 : at + 5]} == {4}
    assert [text for _, text in headings].count("1.1 Lokale udviklingsplaner") == 1


def test_pdf_tables_have_captions_and_header_cells(school_structure, ishoj_document_data):
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    tables = school_structure.find_all("/Table")
    captions = [t.find_all("/Caption")[0].text if t.find_all("/Caption") else "" for t in tables]
    # The economy overview: one table per source, named by its caption, with
    # column headers and the year or period of each row as a row header.
    for source in data["economy"]:
        table = next(
            t for t, c in zip(tables, captions, strict=True) if c.startswith(source["source"])
        )
        headers = [cell.text for cell in table.find_all("/TH")]
        assert headers[:5] == [
            "År / periode",
            "Beløb",
            "Bevilget i alt",
            "Heraf denne plan",
            "Rest",
        ]
        if source["rows"]:
            assert len(headers) >= 5 + len(source["rows"])
    uvm = next(
        t for t, c in zip(tables, captions, strict=True) if c.startswith("Statsligt tilskud")
    )
    assert "Uden år (2024/2025 og 2025/2026)" in [cell.text for cell in uvm.find_all("/TH")]
    # Each initiative's funding table has a caption and column headers too.
    items = [i for area in data["focus_areas"] for i in area["initiatives"]]
    funded = [i for i in items + data["other_initiatives"] if i["funding"]]
    assert funded
    assert len([c for c in captions if c.startswith("Bevillinger til")]) == len(funded)
    # Every table has header cells, and every data cell names its headers.
    for table in tables:
        assert table.find_all("/TH"), table.text[:60]
        for cell in table.find_all("/TD"):
            assert cell.obj["/A"].get("/Headers"), (table.text[:60], cell.text)


def test_pdf_bookmarks_list_the_chapters_and_initiatives(school_structure, ishoj_document_data):
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    outline = school_structure.outline()
    assert [title for depth, title in outline if depth == 1] == expected_chapters(data)
    assert [title for depth, title in outline if depth == 2] == [
        f"{number} {title}" for number, title in SCHOOL_INITIATIVES
    ]


def docx_paragraphs(data) -> list:
    return Document(io.BytesIO(render_docx(data))).paragraphs


def initiative_headings(document) -> list[str]:
    """The Heading 2 paragraphs that are initiatives ("1.1 Lokale ...", "3 ...")."""
    return [
        p.text
        for p in document.paragraphs
        if p.style.name == "Heading 2" and re.match(r"\d+(\.\d+)* ", p.text)
    ]


def docx_headings(document) -> list[tuple[int, str]]:
    """(level, text) of the Heading 1-9 paragraphs, in order."""
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if re.fullmatch(r"Heading [1-9]", p.style.name)
    ]


def test_docx_is_danish_titled_with_real_headings_and_header_rows(ishoj_document_data):
    """Finding 14, the Word file: title and language set, real heading styles
    without skipped levels, and table header rows marked as such."""
    from docx.oxml.ns import qn

    data = ishoj_document_data["ishoj-skole-2024-2026"]
    document = Document(io.BytesIO(render_docx(data)))
    assert document.core_properties.title == data["title"]
    assert document.core_properties.language == "da-DK"
    # The language of every run: the document default and the Normal style.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert (
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val"))
        == "da-DK"
    )
    langs = document.styles["Normal"].element.rPr.findall(qn("w:lang"))
    assert [lang.get(qn("w:val")) for lang in langs] == ["da-DK"]
    # Headings: chapters and focus areas level 1, initiatives level 2, the
    # four blocks level 3, never a skipped level.
    headings = docx_headings(document)
    assert_no_skipped_levels([level for level, _ in headings])
    assert [text for level, text in headings if level == 1] == expected_chapters(data)
    for number, title in SCHOOL_INITIATIVES:
        at = headings.index((2, f"{number} {title}"))
        assert headings[at + 1 : at + 5] == [(3, label) for label in LABELS]
    sources = [source["source"] for source in data["economy"]]
    economy = headings.index((1, "Økonomisk overblik"))
    assert headings[economy + 1 :] == [(2, source) for source in sources]
    # Every table's first row is a header row; the economy tables are named.
    for table in document.tables:
        properties = table.rows[0]._tr.trPr
        assert properties is not None and properties.find(qn("w:tblHeader")) is not None
    captions = [
        caption.get(qn("w:val"))
        for table in document.tables
        if (caption := table._tbl.tblPr.find(qn("w:tblCaption"))) is not None
    ]
    assert [c for c in captions if not c.startswith("Bevillinger til")] == sources


def test_docx_has_headings_blocks_and_economy(ishoj_document_data):
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    document = Document(io.BytesIO(render_docx(data)))  # no database: the test has no db
    paragraphs = document.paragraphs
    assert paragraphs[1].style.name == "Title"
    assert paragraphs[1].text == data["title"]
    assert initiative_headings(document) == [
        f"{number} {title}" for number, title in SCHOOL_INITIATIVES
    ]
    chapters = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert chapters[:2] == ["Indhold", "Indledning"]
    assert "1. Stærke Fællesskaber" in chapters and chapters[-1] == "Økonomisk overblik"
    # After each initiative heading come the four labels, in order.
    texts = [p.text for p in paragraphs]
    for number, title in SCHOOL_INITIATIVES:
        start = texts.index(f"{number} {title}")
        following = [t for t in texts[start + 1 :] if t in LABELS][:4]
        assert following == LABELS, number
    first = texts.index("1.1 Lokale udviklingsplaner")
    assert texts[texts.index("ESTIMERET TIDSFORBRUG", first) + 1] == "Tidsforbrug ikke fastlagt."
    # 1.2 has no time section in the plan: the document says so and invents nothing.
    start = next(
        i
        for i, p in enumerate(paragraphs)
        if p.style.name == "Heading 2" and p.text == "{} {}".format(*SCHOOL_INITIATIVES[1])
    )
    assert texts[texts.index("ESTIMERET TIDSFORBRUG", start) + 1] == "Ikke angivet i planen."
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert [
        "Uden år (2024/2025 og 2025/2026)",
        "586.000 kr.",
        "388.000 kr.",
        "388.000 kr.",
        "198.000 kr.",
    ] in cells
    assert document.core_properties.title == data["title"]


def test_docx_of_the_daycare_plan_shows_the_yearly_amounts(ishoj_document_data):
    document = Document(io.BytesIO(render_docx(ishoj_document_data["ishoj-dagtilbud-2024-2026"])))
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["2025", "1.165.000 kr.", "400.000 kr.", "400.000 kr.", "765.000 kr."] in cells
    assert ["Rekrutterings- og fastholdelsespakken", "2028", "200.000 kr."] in cells
    assert [h.split(" ")[0] for h in initiative_headings(document)] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]


@pytest.mark.django_db
def test_plans_with_beacons_or_without_focus_areas_render(world):
    """Horsens (beacons, no catalogue) and Viborg (initiatives without focus
    areas); the headings skip no level, in Word and in Horsens' tagged PDF."""
    make_municipality("791", "Viborg")
    for slug in ("horsens-strategi-2017", "viborg-skole-2014-2020"):
        plan = load_plan_file(slug)
        data = plan_document_data(plan)
        document = Document(io.BytesIO(render_docx(data)))
        assert_no_skipped_levels([level for level, _ in docx_headings(document)])
        headings = {p.style.name: [] for p in document.paragraphs}
        for p in document.paragraphs:
            headings[p.style.name].append(p.text)
        if slug.startswith("horsens"):
            assert "Pejlemærker" in headings["Heading 1"]
            assert "Medarbejdere" in headings["Heading 2"]
            # The PDF: chapters H2, beacon levels H3, beacon titles H4.
            tagged = read_structure(render_pdf(data)).headings
            assert_no_skipped_levels([level for level, _ in tagged])
            assert [text for level, text in tagged if level == 2] == expected_chapters(data)
            assert (3, "Medarbejdere") in tagged
        else:
            assert headings["Heading 1"][-2:] == ["Indsatser", "Økonomisk overblik"]
            assert [h.split(" ")[0] for h in initiative_headings(document)] == [
                str(n) for n in range(1, 12)
            ]


def test_text_blocks_follow_the_data_conventions():
    text = (
        "Stærke Fællesskaber\n\n"
        "Første linje.\nAnden linje:\n- punkt et\n- punkt to\n\n"
        "1. Koordinering\n2. Rammer\n\n"
        "Sidste afsnit."
    )
    assert text_blocks(text, headings=True) == [
        {"kind": "h", "text": "Stærke Fællesskaber"},
        {"kind": "p", "lines": ["Første linje.", "Anden linje:"]},
        {"kind": "ul", "items": ["punkt et", "punkt to"]},
        {"kind": "ol", "items": ["Koordinering", "Rammer"], "start": 1},
        {"kind": "p", "lines": ["Sidste afsnit."]},
    ]
    # Without headings (initiative blocks) a short line stays a paragraph.
    assert text_blocks("En dag á syv timer")[0] == {"kind": "p", "lines": ["En dag á syv timer"]}
    assert text_blocks("") == []
