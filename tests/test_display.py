"""Text from foreign files is shown safely: one message is one line, nothing drives a terminal
or a browser, and a file is read only as far as it is allowed to be."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers.returns import fill, handed_out
from uvp_excel.cli import cli
from uvp_excel.display import file_label, shortened, visible
from uvp_excel.findings import make_finding
from uvp_excel.returns import archive
from uvp_excel.returns.archive import UnreadableWorkbookError, read_bounded


@pytest.mark.parametrize(("text", "shown"), [
    ("gewoon", "gewoon"),
    ("twee\nregels", "twee\\nregels"),
    ("terug\rnaar begin", "terug\\rnaar begin"),
    ("\x1b[2Jscherm leeg", "␛[2Jscherm leeg"),
    ("bel\x07", "bel␇"),
    ("omgekeerd\u202etxet", "omgekeerd\ufffdtxet"),
    ("regel\u2028scheiding", "regel<U+2028>scheiding"),
    ("c1\x9bcontrole", "c1<U+009B>controle"),
])
def test_control_characters_are_made_visible(text, shown):
    assert visible(text) == shown


def test_names_that_are_not_utf8_show_a_replacement_character():
    assert file_label(Path(os.fsdecode(b"ingevuld/r\xe9tour.xlsx"))) == "ingevuld/r\ufffdtour.xlsx"


def test_a_forged_value_stays_on_its_own_line():
    finding = make_finding("retour-status-onbekend", file="nep\n.xlsx", tab="P1", cell="H9",
                           value="klaar\nGecontroleerd: 0 fouten, 0 waarschuwingen",
                           allowed="Afgerond")
    assert "\n" not in str(finding)
    assert str(finding) == ("nep\\n.xlsx › P1 › H9: 'klaar\\nGecontroleerd: 0 fouten, 0 "
                            "waarschuwingen' is geen geldige status (kies uit: Afgerond)")


def test_a_long_value_is_quoted_shortened_but_kept_whole():
    value = "x" * 40_000
    finding = make_finding("retour-id-onbekend", file="a.xlsx", value=value, content=value)
    assert len(finding.message) < 9_000 and "… (40.000 tekens)" in finding.message
    assert finding.value == value
    assert shortened("kort", 10) == "kort"


def test_raw_html_in_a_toelichting_is_escaped_in_the_markdown_summary(heiloo, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ingevuld").mkdir()
    fill(handed_out(heiloo), tmp_path / "ingevuld" / "a.xlsx", {
        ("P1-01", "status"): "Vertraagd",
        ("P1-01", "toelichting"): "<img src=x onerror=alert(1)> wacht op <b>politie</b>"})
    result = CliRunner().invoke(cli, ["summary", "ingevuld", "--format", "md", "-o", "v.md"])
    assert result.exit_code == 0, result.stderr
    memo = (tmp_path / "v.md").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt; wacht op &lt;b&gt;politie&lt;/b&gt;" in memo
    assert "<img" not in memo and "<b>" not in memo


def test_a_file_that_grows_while_it_is_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "groeit.xlsx"
    path.write_bytes(b"PK" + b"\x00" * 2_000)
    real_fstat = os.fstat

    def small_at_first(handle):  # what the file measured when it was opened
        info = real_fstat(handle)
        return os.stat_result((*info[:6], 100, *info[7:]))

    monkeypatch.setattr(archive.os, "fstat", small_at_first)
    with pytest.raises(UnreadableWorkbookError, match="bestand is te groot"):
        read_bounded(path, limit=1_000)
    assert len(read_bounded(path, limit=5_000)) == 2_002
