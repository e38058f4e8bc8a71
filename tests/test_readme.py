"""The README's Python example runs as written and prints what its comments say."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import README


def python_example(section: str) -> str:
    """The first ```python block after the heading ``section``."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {section}\n")
    match = re.search(r"```python\n(.*?)```", text[start:], re.S)
    assert match, f"geen python-voorbeeld onder '{section}'"
    return match.group(1)


def expected_output(code: str) -> list[str]:
    """The comment after each ``print(…)`` line is the line it must print."""
    return [line.split("#", 1)[1].strip() for line in code.splitlines()
            if line.startswith("print(") and "#" in line]


def test_python_library_example_runs(tmp_path):
    code = python_example("Als Python-bibliotheek")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected_output(code)
    for name in ("werkmap.xlsx", "stand-q3-2024.xlsx", "voortgang.html", "begroting.csv"):
        assert (tmp_path / name).is_file(), name
