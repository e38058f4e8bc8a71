"""Shared fixtures: the bundled Heiloo programme, the small test programme, LibreOffice.

The paths a test needs are constants here, found from this file: no test depends on the folder
pytest is started from, and every test runs in an empty folder of its own.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

import uvp_excel
from uvp_excel.resources import default_source_dir
from uvp_excel.source.loader import load_programme

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"
BENCH = REPO_ROOT / "bench"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
MINI_SOURCE = FIXTURES / "mini"

# A test run started in the background (`pytest &` in a script) ignores SIGINT, and every command
# a test starts inherits that: Python then never turns Ctrl+C into KeyboardInterrupt and `serve`
# cannot be stopped. Tests start commands as from a terminal, where Ctrl+C has its meaning.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def heiloo():
    """The bundled Heiloo programme, loaded once."""
    return load_programme(default_source_dir())


@pytest.fixture(scope="session")
def mini():
    """The small test programme of tests/fixtures/mini."""
    return load_programme(MINI_SOURCE)


@pytest.fixture
def mini_copy(tmp_path):
    """A writable copy of the small test programme folder."""
    target = tmp_path / "mini"
    shutil.copytree(MINI_SOURCE, target)
    return target


def soffice_path() -> str | None:
    """Return the LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice():
    """LibreOffice's soffice; skips without it, but fails under CI (CI=true)."""
    path = soffice_path()
    if path:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("LibreOffice (soffice) ontbreekt onder CI; .ci/run moet het installeren")
    pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")


@pytest.fixture(scope="session", autouse=True)
def _subprocesses_import_this_uvp_excel():
    """A Python the tests start (``python -m uvp_excel``, ``python -c``) imports the uvp_excel
    under test, the one this process imported, not whatever the environment has installed (a
    venv shared with another checkout, an older wheel)."""
    package_parent = str(Path(uvp_excel.__file__).resolve().parent.parent)
    path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPATH", path)
        yield


@pytest.fixture(autouse=True)
def _run_in_a_fresh_folder(tmp_path, monkeypatch):
    """Every test runs in its own empty folder: no test depends on, or leaves files in, the
    folder pytest was started from."""
    monkeypatch.chdir(tmp_path)
