"""A non-editable install carries source_data/ and templates/ and works from any folder.

The wheel is built once and installed with pip into a fresh venv. Its dependencies (click,
Flask, …) are borrowed from the environment running the tests through a ``.pth`` line, so the
test needs no package index; ``uvp_excel`` itself comes only from the wheel, as the ``Bron:``
line of ``check`` shows.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import flask
import pytest

from tests.conftest import REPO_ROOT as ROOT


@dataclass(frozen=True)
class Install:
    """The built wheel and the fresh venv it is installed in."""

    wheel: Path
    names: frozenset[str]  # the wheel's files
    site: Path  # the venv's site-packages
    command: Path  # the venv's ``uvp-excel``

    def env(self) -> dict[str, str]:
        """The environment of a user's terminal: nothing points at the repository."""
        return {key: value for key, value in os.environ.items()
                if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def install(tmp_path_factory) -> Install:
    """Build the wheel once and install it into a fresh venv."""
    folder = tmp_path_factory.mktemp("installatie")
    # Built from a copy of what a checkout holds: setuptools keeps build/ in the source folder,
    # and a file left there by an earlier build would hide one missing from package_data.
    source = folder / "bron"
    source.mkdir()
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("uvp_excel", "source_data", "templates"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = folder / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                    "-w", str(wheels)], check=True, capture_output=True)
    wheel = next(wheels.glob("uvp_excel-*.whl"))
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # Without the PYTHONPATH the tests give subprocesses: pip would find the checkout's own
    # uvp_excel.egg-info there, call the wheel "already installed" and install nothing.
    clean = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True,
                   env=clean)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                "print(sysconfig.get_paths()['purelib'])"], check=True,
                               capture_output=True, text=True).stdout.strip())
    # Dependencies from the test environment, after the venv's own site-packages: a plain
    # path line, so the editable install's finder there is not run.
    dependencies = {str(Path(flask.__file__).parent.parent), sysconfig.get_paths()["purelib"]}
    (site / "uvp-excel-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in sorted(dependencies)), encoding="utf-8")
    command = venv / ("Scripts/uvp-excel.exe" if os.name == "nt" else "bin/uvp-excel")
    return Install(wheel, frozenset(zipfile.ZipFile(wheel).namelist()), site, command)


def test_wheel_carries_the_data_and_runs_from_another_folder(install, tmp_path):
    names = install.names
    for section in ("P1", "P2", "P3", "P4", "S1", "A", "B", "C", "D", "E", "F"):
        assert f"uvp_excel/source_data/heiloo-2024-2025/secties/{section}.yaml" in names
    assert "uvp_excel/templates/werkmap.yaml" in names
    assert "uvp_excel/templates/meldingen.yaml" in names
    assert "uvp_excel/templates/voortgang.html.j2" in names
    modules = {str(path.relative_to(ROOT)) for path in (ROOT / "uvp_excel").rglob("*.py")}
    shipped = {name for name in names if name.endswith(".py")}
    assert modules == shipped, sorted(modules ^ shipped)  # no stale module from a build/ folder

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    result = subprocess.run([str(install.command), "check"], cwd=elsewhere, env=install.env(),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"Bron: {install.site / 'uvp_excel' / 'source_data' / 'heiloo-2024-2025'}" in \
        result.stdout
    assert "104" in result.stdout
    built = subprocess.run([str(install.command), "build"], cwd=elsewhere, env=install.env(),
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "uvp-heiloo-2024-2025.xlsx").exists()
    summary = subprocess.run([str(install.command), "summary", "uvp-heiloo-2024-2025.xlsx",
                              "--format", "md"], cwd=elsewhere, env=install.env(),
                             capture_output=True, text=True, check=False)
    assert summary.returncode == 0, summary.stderr


def test_the_wheel_carries_every_template_and_asset_of_the_cockpit(install):
    folder = ROOT / "templates" / "cockpit"
    shipped = {f"uvp_excel/templates/{path.relative_to(ROOT / 'templates').as_posix()}"
               for path in folder.rglob("*") if path.is_file()}
    assert {"uvp_excel/templates/cockpit/start.html.j2",
            "uvp_excel/templates/cockpit/static/cockpit.css"} <= shipped
    assert shipped <= install.names, sorted(shipped - install.names)


def test_the_installed_cockpit_serves_its_pages_and_assets_offline(install, tmp_path):
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    server = subprocess.Popen([str(install.command), "serve", "--no-browser", "--port", "0",
                               "--map", "MAP"], cwd=elsewhere, env=install.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stderr.readline()
        match = re.fullmatch(r"De cockpit draait op (http://127\.0\.0\.1:\d+)/\?token=\S+\n",
                             first)
        assert match, first
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(first.split()[-1], timeout=30) as response:
            assert response.status == 200
            html = response.read().decode("utf-8")
        assert "<title>Start Q" in html and "Volgende stap: <a" in html
        assert "Uitvoeringsprogramma Integrale Veiligheid 2024–2025" in html
        assert f'Werkmap: <span class="pad">{elsewhere / "MAP"}</span>' in html
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
        assert sorted(assets) == ["/static/balk.css", "/static/cockpit.css",
                                  "/static/cockpit.js", "/static/favicon.svg"]
        for asset in assets:
            with browser.open(match.group(1) + asset, timeout=30) as response:
                assert response.status == 200, asset
                assert response.read() == (ROOT / "templates" / "cockpit" / asset[1:]
                                           ).read_bytes(), asset
        assert (elsewhere / "MAP").is_dir()
    finally:
        server.send_signal(signal.SIGINT)
        _, rest = server.communicate(timeout=30)
    assert server.returncode == 0
    assert rest.endswith("De cockpit is gestopt.\n"), rest
