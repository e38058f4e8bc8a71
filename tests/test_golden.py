"""The small test programme builds to exactly the reviewed golden parts."""

from __future__ import annotations

import difflib

from tests.helpers.golden import GOLDEN_DIR, build_mini, xml_parts


def test_workbook_parts_equal_the_golden_files():
    built = xml_parts(build_mini())
    golden = {str(path.relative_to(GOLDEN_DIR)): path.read_text(encoding="utf-8")
              for path in GOLDEN_DIR.rglob("*") if path.is_file()}
    assert sorted(built) == sorted(golden)
    for name, text in built.items():
        if text != golden[name]:
            diff = "".join(list(difflib.unified_diff(golden[name].splitlines(True),
                                                     text.splitlines(True), "golden", "nu"))[:60])
            raise AssertionError(f"{name} wijkt af van de golden file "
                                 f"(python tests/make_golden.py na een bedoelde wijziging):\n"
                                 f"{diff}")
