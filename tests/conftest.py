"""Shared fixtures: the bundled Heiloo programme, the small test programme, LibreOffice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from uvp_excel.resources import default_source_dir
from uvp_excel.source.loader import load_programme

FIXTURES = Path(__file__).parent / "fixtures"
MINI_SOURCE = FIXTURES / "mini"


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


@pytest.fixture(autouse=True)
def _run_in_a_fresh_folder(tmp_path, monkeypatch):
    """Every test runs in its own empty folder: no test depends on, or leaves files in, the
    folder pytest was started from."""
    monkeypatch.chdir(tmp_path)
