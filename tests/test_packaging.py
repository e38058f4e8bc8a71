"""A non-editable install carries source_data/ and templates/ and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_the_data_and_runs_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                    "-w", str(wheels)], check=True, capture_output=True)
    wheel = next(wheels.glob("uvp_excel-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for section in ("P1", "P2", "P3", "P4", "S1", "A", "B", "C", "D", "E", "F"):
        assert f"uvp_excel/source_data/heiloo-2024-2025/secties/{section}.yaml" in names
    assert "uvp_excel/templates/werkmap.yaml" in names
    assert "uvp_excel/templates/meldingen.yaml" in names
    assert "uvp_excel/templates/voortgang.html.j2" in names
    modules = {str(path.relative_to(ROOT)) for path in (ROOT / "uvp_excel").rglob("*.py")}
    assert modules <= names, sorted(modules - names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-m", "uvp_excel", "check"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"Bron: {site / 'uvp_excel' / 'source_data' / 'heiloo-2024-2025'}" in result.stdout
    assert "104" in result.stdout
    built = subprocess.run([sys.executable, "-m", "uvp_excel", "build"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "uvp-heiloo-2024-2025.xlsx").exists()
    summary = subprocess.run([sys.executable, "-m", "uvp_excel", "summary",
                              "uvp-heiloo-2024-2025.xlsx", "--format", "md"], cwd=elsewhere,
                             env=env, capture_output=True, text=True, check=False)
    assert summary.returncode == 0, summary.stderr
