"""Regenerate the golden workbook parts after an intended layout change; review the diff."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers.golden import write_golden

if __name__ == "__main__":
    write_golden()
    print("tests/golden/mini/ bijgewerkt; bekijk de wijzigingen met git diff.")
