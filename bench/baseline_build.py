"""Baseline for ``build``: a bare xlsxwriter script writing the same cells, one format each.

Usage: python bench/baseline_build.py SOURCE_DIR OUTPUT.xlsx
"""

import sys
from pathlib import Path

import xlsxwriter
import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), LOADER)  # noqa: S506 - a safe loader


def main(source: Path, output: str) -> None:
    programme = _load(source / "programma.yaml")
    workbook = xlsxwriter.Workbook(output)
    text = workbook.add_format({"text_wrap": True})
    for key in programme["secties"]:
        section = _load(source / "secties" / f"{key}.yaml")
        sheet = workbook.add_worksheet(section["tabnaam"])
        for row, activity in enumerate(section["activiteiten"], start=7):
            regie = activity.get("regie", "")
            values = [activity["id"], activity.get("thema", ""), activity.get("item", ""),
                      activity["maatregel"], " en ".join(regie) if isinstance(regie, list)
                      else regie, ", ".join(activity.get("stakeholders", [])),
                      str(activity.get("planning", ""))]
            for column, value in enumerate(values):
                sheet.write_string(row, column, value, text)
    for key in programme.get("begroting", []):
        table = _load(source / "begroting" / f"{key}.yaml")
        sheet = workbook.add_worksheet(table["tabnaam"])
        for row, post in enumerate(table["posten"], start=4):
            sheet.write_string(row, 0, post["omschrijving"], text)
            for column, value in enumerate((post.get("bedragen") or {}).values(), start=2):
                sheet.write_number(row, column, value or 0)
    workbook.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
