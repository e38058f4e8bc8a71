"""How much room a text takes in a cell: Calibri's letter widths and Excel's column and row units.

Excel does not re-fit the height of a row when it opens a file, so the writer sets every row
height itself. It has to be honest: too low and a printed maatregel is cut off, too high and a
laptop screen shows a handful of rows. The heights follow Excel's own rules: a column of width
``w`` is ``w × 7 + 5`` pixels (7 is the widest digit of the default font, Calibri 11), text is
wrapped at spaces, and a wrapped line of Calibri ``s`` pt takes Excel's default row height for
that size. Letter widths are Calibri's (taken from Carlito, its metric twin), in 1/2048 em.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

UNITS_PER_EM = 2048
FIRST_CHARACTER = 32  # the tables below run from ' ' to '~'
REGULAR = (
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831,
    1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058,
    1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981,
    1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714,
    801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020)
BOLD = (
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880, 1038,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949, 1840,
    1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090,
    1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020, 615, 1011,
    1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101, 1099, 1099, 728,
    817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020)
# Letters outside ASCII that programme texts use; accented letters take their base letter's width.
EXTRA = {"€": 1038, "–": 1020, "—": 1854, "‘": 528, "’": 528, "“": 891, "”": 891, "•": 1020,
         "…": 1457, "·": 548, "°": 701, "×": 1020, "½": 1415, "§": 1020, "\u00a0": 463}
WIDE = 2048  # a letter we do not know (an emoji, a CJK sign): assume a full em
DIGIT_PIXELS = 7  # one unit of Excel column width: the widest digit of Calibri 11 at 96 dpi
COLUMN_PADDING = 5  # pixels Excel adds to every column
TEXT_MARGIN = 6  # pixels of a column that text cannot use: Excel leaves 5 (cell margins, grid line)
# The widest sheet that prints one A4 landscape page wide (0.25 inch side margins) with body text
# of 10 pt at 8 pt or more: Excel scales it to 85 %, LibreOffice (whose columns are 6 % wider) to
# 80 %. It also fits a 1366-pixel laptop screen beside the row numbers and the scroll bar.
PAGE_PIXELS = 1260
# Excel's row height per line of Calibri text, in points, by font size.
LINE_POINTS = {8: 11.25, 9: 12.0, 10: 12.75, 11: 15.0, 12: 15.75, 13: 17.25, 14: 18.75}


class _Widths(dict):
    """Letter → width in font units; a letter outside the table is worked out once, then kept."""

    def __init__(self, table: tuple[int, ...]):
        super().__init__((chr(FIRST_CHARACTER + index), width)
                         for index, width in enumerate(table))
        self.update(EXTRA)

    def __missing__(self, letter: str) -> int:
        base = unicodedata.normalize("NFD", letter)[0]
        width = self[base] if base != letter else WIDE
        self[letter] = width
        return width


_REGULAR_WIDTHS = _Widths(REGULAR)
_BOLD_WIDTHS = _Widths(BOLD)


def text_pixels(text: str, size: float = 10, bold: bool = False) -> float:
    """Return the width of one line of ``text`` in pixels at 96 dpi."""
    widths = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    # map() over the dict's own lookup keeps the per-letter work in C: a programme of 15,000
    # activities measures some seven million letters.
    return sum(map(widths.__getitem__, text)) / UNITS_PER_EM * size * 96 / 72


def column_pixels(width: float) -> int:
    """Return the pixels of a column of Excel ``width`` (Excel's own rounding)."""
    if width <= 0:
        return 0
    if width < 1:
        return int(width * (DIGIT_PIXELS + COLUMN_PADDING) + 0.5)
    return int(width * DIGIT_PIXELS + 0.5) + COLUMN_PADDING


def merged_width(widths: Iterable[float]) -> float:
    """Return the width of one column as wide as the merged columns ``widths`` together."""
    pixels = sum(column_pixels(width) for width in widths)
    return max(0.0, (pixels - COLUMN_PADDING) / DIGIT_PIXELS)


def width_for_text(text: str, size: float = 10, bold: bool = False) -> float:
    """Return the narrowest column width (in steps of 0.5) that shows ``text`` on one line."""
    needed = text_pixels(text, size, bold) + TEXT_MARGIN - COLUMN_PADDING
    return math.ceil(needed / DIGIT_PIXELS * 2) / 2


@lru_cache(maxsize=8192)
def wrapped_lines(text: str, width: float, size: float = 10, bold: bool = False) -> int:
    """Return how many lines ``text`` takes in a wrapping cell of Excel column ``width``.

    Lines break at spaces, as in Excel; a word longer than the cell is broken where it runs out.
    An empty text takes one line.
    """
    room = column_pixels(width) - TEXT_MARGIN
    if room <= 0:
        return max(1, len(text))
    # Measured in font units, so each letter costs one dict lookup and nothing else.
    room_units = room * UNITS_PER_EM * 72 / 96 / size
    widths = _BOLD_WIDTHS if bold else _REGULAR_WIDTHS
    return sum(_paragraph_lines(paragraph, room_units, widths)
               for paragraph in text.split("\n"))


def _paragraph_lines(paragraph: str, room: float, widths: _Widths) -> int:
    """Lines of one paragraph; ``room`` and the letter ``widths`` in font units."""
    words = [sum(map(widths.__getitem__, word)) for word in paragraph.split(" ")]
    space = widths[" "]
    if sum(words) + space * (len(words) - 1) <= room:
        return 1  # the common case: it fits
    lines, used = 1, 0.0
    for word_width in words:
        if used and used + space + word_width <= room:
            used += space + word_width
            continue
        if used:
            lines += 1
        pieces = max(1, math.ceil(word_width / room))  # a word wider than the cell breaks
        lines += pieces - 1
        used = word_width - (pieces - 1) * room
    return lines


def line_points(size: float = 10) -> float:
    """Return the height in points of one line of Calibri ``size`` pt, as Excel sizes rows."""
    rounded = round(size)
    if rounded in LINE_POINTS:
        return LINE_POINTS[rounded]
    return math.ceil(size * 1.22 * 96 / 72 + 1) * 72 / 96
