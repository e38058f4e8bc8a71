"""Hostile and broken files by mail: each gets one clear Dutch line, exit 1, no traceback."""

from __future__ import annotations

import tracemalloc

import pytest
from click.testing import CliRunner

from tests.helpers.corpus import corpus, located, zip_bomb
from tests.helpers.returns import handed_out
from uvp_excel.cli import cli
from uvp_excel.returns.reader import read_return


@pytest.fixture(scope="module")
def files(heiloo, tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    entries = corpus(handed_out(heiloo))
    for name, data, _ in entries:
        (folder / name).write_bytes(data)
    return folder, entries


def test_each_hostile_file_gets_its_reason(files, heiloo):
    folder, entries = files
    for name, _, reason in entries:
        result = read_return(folder / name, name, heiloo)
        assert not result.readable, name
        assert [str(finding) for finding in result.findings] == [located(name, reason)], name


def test_validate_reports_every_file_and_exits_1(files):
    folder, entries = files
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == len(entries) + 1
    count = len(entries)
    assert lines[-1] == (f"Gecontroleerd: {count} bestanden, 0 wijzigingen, 0 conflicten, "
                         f"{count} fouten, 0 waarschuwingen; geen enkele ingevulde werkmap om "
                         "samen te voegen: merge schrijft geen stand")
    assert all(line.startswith("fout: ") for line in lines[:-1])
    plan = result.stdout.splitlines()
    assert plan[0] == "Wat merge met elk bestand doet:"
    assert plan[1:] == [f"  {folder / name}: niet te lezen (1 fout)"
                        for name, _, _ in sorted(entries)]


def test_merge_of_only_broken_files_writes_no_stand_and_exits_1(files, tmp_path):
    folder, entries = files
    target = tmp_path / "stand.xlsx"
    result = CliRunner().invoke(cli, ["merge", str(folder), "-o", str(target)])
    assert result.exit_code == 1
    assert not target.exists()
    lines = result.stderr.splitlines()
    assert len(lines) == len(entries) + 1
    assert lines[-1] == ("Fout: geen enkele ingevulde werkmap kunnen samenvoegen; er is geen "
                         "stand geschreven (zie de meldingen hierboven)")


def test_zip_bomb_is_refused_quickly_with_little_memory(tmp_path, heiloo):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(zip_bomb())
    tracemalloc.start()
    result = read_return(path, "bom.xlsx", heiloo)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not result.readable
    assert peak < 5 * 1024 * 1024  # the bomb is 200 MB unpacked; we never unpack it
