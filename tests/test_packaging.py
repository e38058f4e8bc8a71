"""A non-editable install carries source_data/ and templates/ and works from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

from tests.conftest import REPO_ROOT

# What a checkout holds beside the sources: never part of the wheel. A build/ left by an earlier
# build would be packed as it is (a module deleted since would ship), so the wheel is built from a
# clean copy, and the checkout is left as it was.
NOT_SOURCES = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__",
                                     ".*_cache", ".hypothesis", ".venv", "tests", "bench")


def test_wheel_carries_the_data_and_runs_from_another_folder(tmp_path):
    wheels, checkout = tmp_path / "wheels", tmp_path / "checkout"
    shutil.copytree(REPO_ROOT, checkout, ignore=NOT_SOURCES)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(checkout), "--no-deps", "-q",
                    "-w", str(wheels)], check=True, capture_output=True)
    wheel = next(wheels.glob("uvp_excel-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for section in ("P1", "P2", "P3", "P4", "S1", "A", "B", "C", "D", "E", "F"):
        assert f"uvp_excel/source_data/heiloo-2024-2025/secties/{section}.yaml" in names
    assert "uvp_excel/templates/werkmap.yaml" in names
    assert "uvp_excel/templates/meldingen.yaml" in names
    assert "uvp_excel/templates/voortgang.html.j2" in names
    modules = {str(path.relative_to(REPO_ROOT))
               for path in (REPO_ROOT / "uvp_excel").rglob("*.py")}
    assert modules == {name for name in names if name.endswith(".py")}, \
        sorted(modules ^ {name for name in names if name.endswith(".py")})

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
