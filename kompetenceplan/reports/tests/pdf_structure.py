"""Read a tagged PDF's structure back (pypdf), for the accessibility tests.

The structure tree's elements point at marked content by page and MCID; the
text of each marked-content sequence is collected by running pypdf's text
extraction with a visitor that follows BDC/EMC, so a heading's text is the
text a screen reader would read for it."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
DC_NS = "http://purl.org/dc/elements/1.1/"
HEADINGS = ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Element:
    tag: str  # "/H1", "/Table", ...
    obj: Any  # pypdf DictionaryObject
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag]


@dataclass
class Structure:
    reader: PdfReader
    catalog: Any  # pypdf DictionaryObject
    root: Element | None
    xmp: ET.Element | None

    @property
    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of every H1-H6, in document order."""
        if self.root is None:
            return []
        return [(int(e.tag[2]), e.text) for e in self.root.walk() if e.tag in HEADINGS]

    def find_all(self, tag: str) -> list[Element]:
        return [] if self.root is None else self.root.find_all(tag)

    @property
    def xmp_title(self) -> str | None:
        if self.xmp is None:
            return None
        node = self.xmp.find(f".//{{{DC_NS}}}title")
        return None if node is None else normalise("".join(node.itertext()))

    @property
    def pdfua_part(self) -> str | None:
        if self.xmp is None:
            return None
        for node in self.xmp.iter():
            if f"{{{PDFUA_NS}}}part" in node.attrib:
                return node.attrib[f"{{{PDFUA_NS}}}part"]
            part = node.find(f"{{{PDFUA_NS}}}part")
            if part is not None:
                return part.text
        return None

    def outline(self) -> list[tuple[int, str]]:
        """(depth, title) of the bookmarks, depth 1 at the top."""
        found: list[tuple[int, str]] = []

        def visit(items: list[Any], depth: int) -> None:
            for item in items:
                if isinstance(item, list):
                    visit(item, depth + 1)
                else:
                    found.append((depth, normalise(item.title)))

        visit(self.reader.outline, 1)
        return found


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """(page number, MCID) -> the text drawn inside that marked content."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(operator: bytes, operands: list[Any], *_: Any) -> None:
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, dict) else None
                stack.append(None if mcid is None else int(mcid))
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def on_text(text: str, *_: Any) -> None:
            current = next((m for m in reversed(stack) if m is not None), None)
            if current is not None and text:
                key = (number, current)  # noqa: B023 - used while this page is read
                texts[key] = texts.get(key, "") + text

        page.extract_text(visitor_operand_before=before, visitor_text=on_text)
    return texts


def read_structure(pdf: bytes) -> Structure:
    reader = PdfReader(io.BytesIO(pdf))
    catalog: Any = reader.trailer["/Root"]
    pages: dict[int, int] = {}
    for i, page in enumerate(reader.pages):
        assert page.indirect_reference is not None
        pages[page.indirect_reference.idnum] = i
    texts = _marked_texts(reader) if "/StructTreeRoot" in catalog else {}

    def build(obj: Any, page: int | None) -> Element:
        if "/Pg" in obj:
            page = pages.get(obj.raw_get("/Pg").idnum, page)
        element = Element(str(obj.get("/S")), obj)
        parts: list[str] = []
        kids = obj.get("/K")
        if kids is None:
            kids = []
        elif not isinstance(kids, ArrayObject):
            kids = [kids]
        for kid in kids:
            if isinstance(kid, IndirectObject):
                kid = kid.get_object()
            if isinstance(kid, int):
                parts.append(texts.get((page, int(kid)), "") if page is not None else "")
            elif isinstance(kid, DictionaryObject) and "/S" in kid:
                child = build(kid, page)
                element.children.append(child)
                parts.append(child.text)
            elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
                mcid: Any = kid["/MCID"]
                parts.append(texts.get((page, int(mcid)), "") if page is not None else "")
        element.text = normalise(" ".join(parts))
        return element

    root = None
    if "/StructTreeRoot" in catalog:
        tree = catalog["/StructTreeRoot"]
        kids = tree["/K"]
        top = kids[0].get_object() if isinstance(kids, ArrayObject) else kids.get_object()
        root = build(top, None)
    xmp = None
    if "/Metadata" in catalog:
        xmp = ET.fromstring(catalog["/Metadata"].get_object().get_data())
    return Structure(reader, catalog, root, xmp)
