"""The workbook on screen and on paper, measured from the generated file.

A laptop of 1366×768 with Excel maximised shows a grid of about 1316×480 pixels at 100 %; an A4
page in landscape with 0.25 inch side margins prints 1074 pixels wide. The tests read column widths,
row heights, frozen rows and the page setup from the file and convert them with Excel's rules (and
LibreOffice's, whose columns are 6 % wider), so a change that makes the text print smaller, the
frozen block taller or a row lower than its text is caught.
"""

from __future__ import annotations

import io
import itertools
import math

import openpyxl
import pytest

from tests.helpers.layout import LIBREOFFICE_DIGIT, SCREEN_GRID_WIDTH, measure
from tests.helpers.returns import FIXED
from uvp_excel import contract
from uvp_excel.source.loader import load_programme
from uvp_excel.source.planning import Quarter
from uvp_excel.workbook.text_fit import PAGE_PIXELS, line_points, text_pixels, wrapped_lines
from uvp_excel.workbook.writer import BuildSpec, write_workbook

# Rows visible below the frozen title and header rows, per Heiloo tab. The texts are long
# (a maatregel has 110 characters in the median, 488 at most; a row needs 4.9 lines on average
# at the widths one A4 page allows), so a long tab shows 2 to 6 rows; a tab of rows of one or two
# lines shows 12 or more (test_two_line_rows_show_twelve_on_a_laptop_screen).
HEILOO_ROWS_VISIBLE = {
    "P1 Ondermijning": 5, "P2 Zorg en Veiligheid": 2, "P3 Verkeersveiligheid": 5,
    "P4 Jeugd en Veiligheid": 3, "S1 Crisisbeheersing": 4, "A Woon- en leefomgeving": 3,
    "B Bedrijvigheid en veiligheid": 6, "C Jeugd en veiligheid": 4, "D Fysieke veiligheid": 5,
    "E Integriteit en veiligheid": 3, "F Bestuur en bedrijfsvoering": 5,
}


def build(programme, **options) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    write_workbook(buffer, BuildSpec(programme, quarter=Quarter(2024, 3), generated=FIXED,
                                     **options))
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), rich_text=True)


@pytest.fixture(scope="module")
def heiloo_book(heiloo):
    return build(heiloo)


def visible_tabs(book) -> list:
    return [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]


@pytest.mark.parametrize(("client", "digit"), [("excel", None), ("libreoffice",
                                                                  LIBREOFFICE_DIGIT)])
def test_every_tab_prints_its_body_text_at_8_pt_or_more(heiloo_book, client, digit):
    options = {"digit": digit} if digit else {}
    printed = {sheet.title: measure(sheet, **options).printed_body_size
               for sheet in visible_tabs(heiloo_book)}
    assert min(printed.values()) >= 8.0, {k: v for k, v in printed.items() if v < 8}
    # The activity tabs were 6 pt before: check the number, not only the bound.
    assert printed["P1 Ondermijning"] == (8.5 if client == "excel" else 8.0)


def test_activity_tabs_fit_a_laptop_screen_and_one_printed_page(heiloo_book, heiloo):
    for section in heiloo.sections:
        sheet = heiloo_book[section.tab_name]
        assert measure(sheet).width_pixels == PAGE_PIXELS <= SCREEN_GRID_WIDTH, sheet.title
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == \
            ("landscape", 9, None, 0)
        assert sheet.print_title_rows == "$2:$2"  # the header row repeats on every page
        assert sheet.page_margins.left == sheet.page_margins.right == 0.25


def test_the_frozen_block_is_one_title_row_and_the_header(heiloo_book, heiloo):
    frozen = {section.tab_name: measure(heiloo_book[section.tab_name]).frozen_pixels
              for section in heiloo.sections}
    # 25 px title (34 where the heading wraps) + 34 px header; it was 175–294 px.
    assert set(frozen.values()) == {59, 76}
    assert [name for name, pixels in frozen.items() if pixels == 76] == ["S1 Crisisbeheersing"]


def test_rows_visible_on_a_laptop_screen(heiloo_book):
    visible = {name: measure(heiloo_book[name]).rows_visible for name in HEILOO_ROWS_VISIBLE}
    assert visible == HEILOO_ROWS_VISIBLE


def test_two_line_rows_show_twelve_on_a_laptop_screen(mini_copy):
    path = mini_copy / "secties" / "P1.yaml"
    rows = "".join(
        f"  - {{id: P1-{number:02d}, item: Controle, maatregel: 'Een maatregel van twee regels, "
        f"zoals de kortere teksten van Heiloo ({number}).', regie: OOV, "
        f"stakeholders: [politie], planning: Doorlopend}}\n" for number in range(10, 30))
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")
    sheet = build(load_programme(mini_copy))["P1 Ondermijning"]
    heights = {sheet.row_dimensions[row].ht for row in range(6, 26)}
    assert heights == {2 * line_points(10)}
    assert measure(sheet).rows_visible == 12


def test_every_row_is_as_high_as_its_longest_text(heiloo_book, heiloo):
    widths = [column.width for column in contract.columns()]
    for section in heiloo.sections:
        sheet = heiloo_book[section.tab_name]
        for row in range(3, sheet.max_row + 1):
            lines = max(wrapped_lines(str(sheet.cell(row, column).value or ""), width)
                        for column, width in enumerate(widths[1:], start=2))
            assert sheet.row_dimensions[row].ht == lines * line_points(10), (sheet.title, row)


@pytest.mark.parametrize(("text", "width", "lines"), [
    # Measured in LibreOffice with Carlito (Calibri's metric twin) at 100 %: this line is
    # 244.2 pt (325.6 px) wide.
    ("Minimaal 1 fysieke jaarlijkse controle in de gemeente in een", 47.5, 1),
    ("Minimaal 1 fysieke jaarlijkse controle in de gemeente in een", 46, 2),
    # A Dutch compound wider than its column is broken inside the word, as Excel does.
    ("Ondermijningsbrigade", 14, 2),
    ("Ondermijningsbrigade", 17.5, 1),
    ("", 10, 1),
    ("Eerste regel\nTweede regel", 30, 2),
])
def test_wrapped_lines_follow_calibri_widths(text, width, lines):
    assert wrapped_lines(text, width) == lines


def test_letter_widths_are_calibri_as_libreoffice_prints_them():
    # pdftotext -bbox of LibreOffice's PDF: "Minimaal" is 38.25 pt wide at 10 pt.
    assert text_pixels("Minimaal") * 72 / 96 == pytest.approx(38.25, abs=0.05)
    assert text_pixels("Minimaal 1 fysieke jaarlijkse controle in de gemeente in een") * 72 / 96 \
        == pytest.approx(244.2, abs=0.6)
    assert text_pixels("é") == text_pixels("e") and text_pixels("€") > text_pixels("e")


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of a hex colour (D65), to compare colours as the eye does."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(value: float) -> float:
        return value ** (1 / 3) if value > 0.008856 else 7.787 * value + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_every_status_has_a_colour_of_its_own():
    fills = {status.name: status.fill for status in contract.statuses()}
    for first, second in itertools.combinations(fills, 2):
        assert math.dist(lab(fills[first]), lab(fills[second])) >= 7.5, (first, second)
    # Niet gestart and Vervallen were two near-identical greys; now they differ even in black
    # and white print (lightness L*).
    assert abs(lab(fills["Niet gestart"])[0] - lab(fills["Vervallen"])[0]) >= 40


def test_the_doelstelling_moved_to_the_toelichting_tab(heiloo_book, heiloo):
    section = heiloo.section("P1")
    title = heiloo_book["P1 Ondermijning"]["A1"].value
    assert str(title) == (f"{section.heading}   doelstelling en veiligheidsvelden: zie het "
                          "tabblad Toelichting")
    assert heiloo_book["P1 Ondermijning"]["H1"].value == \
        "Rapportagekwartaal Q3 2024 · vul de gele kolommen in"
    texts = [str(cell.value) for row in heiloo_book["Toelichting"].iter_rows() for cell in row
             if cell.value]
    assert f"Kwalitatieve doelstelling: {section.doelstelling}" in texts
    assert "Gerelateerd aan:\n• " + "\n• ".join(section.veiligheidsvelden) in texts
    assert texts.count("F Bestuur en bedrijfsvoering") == 1  # every activity tab is listed


def test_a_split_workbook_names_its_regie_above_the_inputs(heiloo):
    sheet = build(heiloo, regie="THV", include_budget=False)["C Jeugd en veiligheid"]
    assert sheet["H1"].value == "Rapportagekwartaal Q3 2024 · regie THV · vul de gele kolommen in"


def test_every_tab_name_on_the_toelichting_tab_fits_its_column(heiloo):
    # "B Bedrijvigheid en veiligheid" and "F Bestuur en bedrijfsvoering" ran into the text
    # column and were cut off; the text column gives way, so the page keeps its scale.
    sheet = build(heiloo)["Toelichting"]
    label, text = (sheet.column_dimensions[letter].width for letter in "AB")
    assert label + text == pytest.approx(22 + 100 + 2 * 0.7109375)  # as wide as before
    for section in heiloo.sections:
        assert text_pixels(section.tab_name, bold=True) + 6 <= round(label * 7), \
            section.tab_name
