"""bench/synth.py makes programmes and returns that load, build and merge (no timing here)."""

from __future__ import annotations

import importlib.util

from tests.conftest import BENCH
from uvp_excel.merging.merge import merge_returns
from uvp_excel.source.loader import load_programme
from uvp_excel.workbook.writer import BuildSpec, write_workbook

SYNTH = BENCH / "synth.py"


def load_synth():
    spec = importlib.util.spec_from_file_location("synth", SYNTH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_programme_and_returns_build_and_merge(tmp_path):
    synth = load_synth()
    source = synth.synth_programme(tmp_path / "programma", 60, seed=7)
    programme = load_programme(source)
    assert sum(1 for _ in programme.activities()) == 60
    write_workbook(str(tmp_path / "w.xlsx"), BuildSpec(programme))
    folder = synth.synth_returns(source, tmp_path / "retouren", 3, seed=7)
    result = merge_returns([folder / "retouren"], programme, base_path=folder / "basis.xlsx")
    assert len(result.summaries) == 3 and result.outcome.changes
    again = synth.synth_programme(tmp_path / "opnieuw", 60, seed=7)
    assert (again / "secties" / "P1.yaml").read_text(encoding="utf-8") == \
        (source / "secties" / "P1.yaml").read_text(encoding="utf-8")
