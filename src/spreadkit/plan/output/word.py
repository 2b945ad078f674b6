"""A :class:`~spreadkit.plan.output.document.Document` as a Word file (``.docx``), with python-docx.

What Word and LibreOffice need to make it a document people can work with:

- headings in Word's own styles (Title, Heading 1–3), so the navigation pane and a table of
  contents (References › Table of Contents) find them;
- tables as Word tables whose header row repeats at the top of every page (``w:tblHeader``);
  a cell with a RAG colour is shaded and says its band in words too;
- pictures as PNG (drawn by :mod:`spreadkit.plan.pictures.raster` from the chart's SVG) with alt text
  (the picture's title and description, in ``wp:docPr/@descr``);
- core properties: title, author and last modified by the plan's lead, created and modified
  the plan's own dates (never the wall clock), the stamp in the identifier
  (:mod:`spreadkit.files.officestamp`);
- A4 paper with 2 cm margins, British English.

:func:`to_docx` is for any document, so ``report --format docx`` can reuse it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from spreadkit.core.text import printable
from spreadkit.files.officestamp import PLACEHOLDER
from spreadkit.plan.output.document import Block, Cell, Document, Heading, Paragraph, Picture, Table
from spreadkit.plan.pictures import raster

# a RAG cell's shading: the pale fills of the HTML plan's band classes (templates/plan.css)
SHADES = {
    "red": "FDE8E8",
    "amber": "FFF4D6",
    "green": "E6F4EA",
    "red-light": "FDF0F0",
    "amber-light": "FFFBD6",
    "green-light": "F3FAF5",
}
_GREY = RGBColor(0x4C, 0x62, 0x72)
_TEXT_WIDTH_MM = 170  # A4's 210 mm less two 20 mm margins
_PICTURE_PX_PER_MM = 4.0  # an SVG 680 units wide fills the text width


def to_docx(document: Document) -> bytes:
    """The Word file's bytes; its identifier is the stamp placeholder, for the writer to fill."""
    document = _xml_safe(document)
    word: Any = new_document()
    styles = _Styles(word)
    _page(word)
    if document.compact:
        _compact(word)
    _properties(word, document)
    _footer(word, document.footer)
    landscape = _landscape(document.blocks)
    wide = False
    for block, wants in zip(document.blocks, landscape, strict=True):
        if wants != wide:
            _turn(word, wants)
            wide = wants
        if isinstance(block, Heading):
            level = max(0, min(block.level, 3))
            styles.apply(
                word.add_paragraph(block.text), "Title" if level == 0 else f"Heading {level}"
            )
        elif isinstance(block, Paragraph):
            _paragraph(word, block, styles)
        elif isinstance(block, Table):
            _table(word, block, styles, document.compact)
        elif isinstance(block, Picture):
            _picture(word, block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# What XML 1.0 cannot hold (python-docx refuses it): lone surrogates and two non-characters;
# control characters and escape sequences are taken out by ``printable``.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """``value`` (the document, a block, a run, …) with every text made safe to write as XML:
    answers may hold control characters, escape sequences or a NUL, typed or imported."""
    if isinstance(value, str):
        return _NOT_XML.sub("", printable(value))
    if isinstance(value, tuple):
        return tuple(_xml_safe(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


WIDE = 6  # a table of more columns than this is set in smaller type
SMALLEST = 7.0  # the smallest type a table is set in before it needs a landscape page
PORTRAIT, LANDSCAPE = _TEXT_WIDTH_MM, _TEXT_WIDTH_MM + 87  # text widths: 297 mm less margins


def _needs_landscape(block: Block) -> bool:
    """A table whose words cannot fit across a portrait page even in the smallest type: only
    such a table turns the page, so no table that fits leaves a landscape page nearly empty."""
    return (
        isinstance(block, Table)
        and len(block.columns) > WIDE
        and _widths(block, SMALLEST, PORTRAIT) is None
    )


def _landscape(blocks: tuple[Block, ...]) -> list[bool]:
    """Which blocks go on landscape pages: tables that need one, and the headings just before."""
    out = [_needs_landscape(b) for b in blocks]
    for index in range(len(blocks) - 2, -1, -1):
        block = blocks[index]
        if isinstance(block, Heading) and block.level >= 2 and out[index + 1]:
            out[index] = True
    return out


def _turn(word: Any, landscape: bool) -> None:
    """Start a new page, landscape or back to portrait."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long_side, short_side = Mm(297), Mm(210)
    section.page_width, section.page_height = (
        (long_side, short_side) if landscape else (short_side, long_side)
    )


def _page(word: Any) -> None:
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for name, before in (("Heading 1", 16), ("Heading 2", 8)):  # less air: a board paper is short
        word.styles[name].paragraph_format.space_before = Pt(before)
    fonts = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    fonts.append(language)


def _compact(word: Any) -> None:
    """Type, margins and spacing for a page that must hold a lot: the one-page board report."""
    for section in word.sections:
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(14))
    for name, size, before, after in (
        ("Normal", 9, 0, 2),
        ("Title", 16, 0, 2),
        ("Heading 1", 10.5, 4, 1),
        ("Heading 2", 10, 4, 1),
        ("List Bullet", 9, 0, 1),
    ):
        style = word.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)


def _properties(word: Any, document: Document) -> None:
    core = word.core_properties
    core.title = document.title
    core.author = document.author
    core.last_modified_by = document.author
    core.subject = document.subject
    core.comments = f"Made with {document.generator}" if document.generator else ""
    core.keywords = "spread and adoption plan"
    core.identifier = PLACEHOLDER
    core.revision = 1
    for name, day in (("created", document.created), ("modified", document.modified)):
        if day is not None:
            setattr(core, name, dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC))
        else:  # no date in the plan: no date in the file, rather than one made up
            for element in core._element.findall(qn(f"dcterms:{name}")):
                core._element.remove(element)
    package = word.part.package  # the template's python-docx thumbnail is not this plan
    for key, relation in list(package.rels.items()):
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]


_STYLES = {"bullet": "List Bullet", "number": "List Number", "quote": "Quote", "caption": "Caption"}


def _footer(word: Any, text: str) -> None:
    """``Title · version 1.0 · updated 3 April 2028    Page 2 of 8`` at the foot of every page
    (later sections inherit it); the page numbers are Word fields, worked out as it lays out."""
    paragraph = word.sections[0].footer.paragraphs[0]
    if text:
        paragraph.add_run(f"{text}    ")
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = _GREY


def _field(paragraph: Any, code: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) as its begin, instruction, separator and end runs."""
    for kind, instruction in (("begin", ""), ("", code), ("separate", ""), ("", "1"), ("end", "")):
        run = paragraph.add_run()
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        elif instruction == code:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {code} "
            run._r.append(text)
        else:
            run.text = instruction


class _Styles:
    """Word's styles by name, each looked up once: python-docx searches every style on each
    use (twice), which made a plan take seconds."""

    def __init__(self, word: Any) -> None:
        self.word = word
        self.ids: dict[str, str] = {}

    def id(self, name: str) -> str:
        if name not in self.ids:
            self.ids[name] = self.word.styles[name].style_id
        return self.ids[name]

    def apply(self, paragraph: Any, name: str) -> Any:
        paragraph._p.get_or_add_pPr().style = self.id(name)
        return paragraph


def _paragraph(word: Any, block: Paragraph, styles: _Styles) -> None:
    style = _STYLES.get(block.style, "Normal")
    if block.level and style.startswith("List"):
        style = f"{style} 2"
    paragraph = word.add_paragraph()
    if style != "Normal":
        styles.apply(paragraph, style)
    if block.style == "caption":  # a figure's caption stays with its figure
        paragraph.paragraph_format.keep_with_next = True
    if block.style == "fact":  # labelled lines read as one list
        paragraph.paragraph_format.space_after = Pt(1)
    for run in block.runs:
        if not run.text:
            continue
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None
        if block.style == "note":
            added.font.size = Pt(9)
            added.font.color.rgb = _GREY


def _table(word: Any, block: Table, styles: _Styles, compact: bool = False) -> None:
    table = word.add_table(rows=1, cols=len(block.columns))
    table._tbl.tblPr.style = styles.id("Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    points = 10.0 if len(block.columns) <= WIDE else 8.5
    if compact:  # the one-page report: tables in the report's own small type
        points = 8.0
    room = LANDSCAPE if _needs_landscape(block) else PORTRAIT
    widths = _widths(block, points, room)
    while widths is None and points > SMALLEST:  # a word would break at this size: smaller
        points -= 0.5
        widths = _widths(block, points, room)
    widths = widths or _widths(block, points, room, squeeze=True)
    assert widths is not None
    size = Pt(points)
    _cell_margins(table, PADDING_MM)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _repeat_header(header)
    for cell, title, width in zip(header.cells, block.columns, widths, strict=True):
        _fill(cell, Cell(title, bold=True), size, width)
        _shade(cell, "E8EDEE")
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, value, width) in enumerate(zip(cells, row, widths, strict=False)):
            bold = value.bold or (block.header_column and index == 0)
            _fill(cell, Cell(value.text, value.rag, bold), size, width)
            if value.rag in SHADES:
                _shade(cell, SHADES[value.rag])
    if block.caption:
        word.add_paragraph().add_run(block.caption).bold = True


def _repeat_header(row: Any) -> None:
    """Mark ``row`` as the table's header: Word repeats it at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    no_split = OxmlElement("w:cantSplit")
    no_split.set(qn("w:val"), "true")
    properties.append(no_split)


PADDING_MM = 1.2  # a cell's margin, left and right (Word's default 1.9 mm left words no room)


def _cell_margins(table: Any, mm: float) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(mm * 56.7)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _widths(block: Table, points: float, room: float, *, squeeze: bool = False) -> list[Any] | None:
    """Columns as wide as their words need (within limits), sharing the page's text width, so
    that no word in a heading or a cell is broken ("organisatio n"); None when the words do
    not fit at ``points`` (unless ``squeeze``: then they share what there is)."""
    letter = 0.205 * points  # mm a bold letter takes, with room to spare (2.05 mm at 10 pt)
    padding = 2 * PADDING_MM + 0.8
    needs, floors, lines = [], [], []
    for index, title in enumerate(block.columns):
        heading = max(len(word) * letter + padding for word in title.split() or [""])
        texts = [row[index].text for row in block.rows if index < len(row)]
        longest = max([len(text) for text in texts] or [0])
        word = max([len(w) for text in texts for w in text.split()] or [0])
        floor = max(heading, min(word * letter * 0.9 + padding, 40))
        needs.append(max(floor, 4 * math.sqrt(min(longest, 80)), 6))
        floors.append(floor)
        # its heading and its longest text each on one line
        lines.append(max(floor, (max(longest, len(title))) * letter + padding))
    if sum(floors) > room and not squeeze:
        return None
    shares = [room * need / sum(needs) for need in needs]
    if sum(floors) < room:  # no word squeezed below its floor: the others give way
        for _ in needs:
            held = [i for i, share in enumerate(shares) if share <= floors[i]]
            rest = room - sum(floors[i] for i in held)
            free = sum(needs[i] for i in range(len(needs)) if i not in held)
            shares = [floors[i] if i in held else rest * needs[i] / free for i in range(len(needs))]
    for _ in needs:  # no column wider than its longest text: the room goes to those that wrap
        full = [i for i, share in enumerate(shares) if share >= lines[i]]
        spare = sum(shares[i] - lines[i] for i in full)
        wrap = [i for i in range(len(shares)) if i not in full]
        if spare < 0.5 or not wrap:
            break
        free = sum(needs[i] for i in wrap)
        shares = [
            lines[i] if i in full else shares[i] + spare * needs[i] / free
            for i in range(len(shares))
        ]
    return [Mm(share) for share in shares]


def _fill(cell: Any, value: Cell, size: Any, width: Any) -> None:
    cell.width = width
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(value.text)
    run.bold = value.bold or None
    run.font.size = size


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _picture(word: Any, picture: Picture) -> None:
    png, width, _ = raster.svg_to_png(picture.svg)
    natural = min(_TEXT_WIDTH_MM, width / _PICTURE_PX_PER_MM)
    shown = Mm(min(natural, picture.width_mm) if picture.width_mm else natural)
    shape = word.add_paragraph().add_run().add_picture(io.BytesIO(png), width=shown)
    inline = shape._inline
    inline.docPr.set("descr", picture.alt_text)
    inline.docPr.set("title", picture.title)
    inline.docPr.set("name", picture.title[:100] or "Chart")
