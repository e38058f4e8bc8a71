"""The html summary in a real browser (Debian's Chromium under Playwright), as a college member
opens it: on a laptop and in a narrow window nothing runs off the right edge of the page."""

from __future__ import annotations

import pytest

import uvp_excel as uvp
from tests.test_cockpit_browser import chromium  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 400])
def test_the_html_summary_fits_the_window(chromium, heiloo, tmp_path, width):  # noqa: F811
    target = tmp_path / "voortgang.html"
    uvp.build(heiloo, tmp_path / "stand.xlsx", quarter="Q3 2024")
    uvp.summarise(heiloo, [tmp_path / "stand.xlsx"]).write(target)
    page = chromium.new_page(viewport={"width": width, "height": 800})
    page.goto(target.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    charts = page.evaluate("[...document.querySelectorAll('svg')].map("
                           "svg => svg.getBoundingClientRect().right)")
    assert charts and max(charts) <= width
    page.close()
