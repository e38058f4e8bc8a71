"""Naive baseline for ``merge``: pandas.read_excel(sheet_name=None) of every file, concatenated.

Usage: python bench/baseline_pandas.py FOLDER OUTPUT.xlsx
"""

import sys
from pathlib import Path

import pandas as pd


def main(folder: Path, output: Path) -> None:
    frames = []
    for path in sorted(folder.glob("*.xlsx")):
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        for name, frame in sheets.items():
            frame["bestand"], frame["tabblad"] = path.name, name
            frames.append(frame)
    pd.concat(frames, ignore_index=True).astype(str).to_csv(output.with_suffix(".csv"))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
