"""The printed plan: PDF and Word read back, and the text conventions.

The renderers are pure: the PDF is rendered in a module fixture where the
database is blocked, so any query would fail the test."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from kompetenceplan.reports.documents import render_docx, render_pdf, text_blocks
from kompetenceplan.reports.selectors import plan_document_data
from kompetenceplan.testing.factories import make_municipality
from kompetenceplan.testing.plans import load_plan_file

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


@pytest.fixture(scope="module")
def school_pdf_pages(ishoj_document_data) -> list[str]:
    pdf = render_pdf(ishoj_document_data["ishoj-skole-2024-2026"])  # no database here
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
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


def docx_paragraphs(data) -> list:
    return Document(io.BytesIO(render_docx(data))).paragraphs


def test_docx_has_headings_blocks_and_economy(ishoj_document_data):
    data = ishoj_document_data["ishoj-skole-2024-2026"]
    document = Document(io.BytesIO(render_docx(data)))  # no database: the test has no db
    paragraphs = document.paragraphs
    assert paragraphs[1].style.name == "Title"
    assert paragraphs[1].text == data["title"]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"{number} {title}" for number, title in SCHOOL_INITIATIVES]
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
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [h.split(" ")[0] for h in headings] == [
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
    """Horsens (beacons, no catalogue) and Viborg (initiatives without focus areas)."""
    make_municipality("791", "Viborg")
    for slug in ("horsens-strategi-2017", "viborg-skole-2014-2020"):
        plan = load_plan_file(slug)
        data = plan_document_data(plan)
        document = Document(io.BytesIO(render_docx(data)))
        headings = {p.style.name: [] for p in document.paragraphs}
        for p in document.paragraphs:
            headings[p.style.name].append(p.text)
        if slug.startswith("horsens"):
            assert "Pejlemærker" in headings["Heading 1"]
            assert "Medarbejdere" in headings["Heading 2"]
        else:
            assert headings["Heading 1"][-2:] == ["Indsatser", "Økonomisk overblik"]
            assert [h.split(" ")[0] for h in headings["Heading 2"]] == [
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
