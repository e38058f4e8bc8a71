"""Screenshots of every cockpit page with two quarters of Heiloo in it, to look at by hand.

Run ``python -m tests.helpers.screenshots OUT`` (needs Debian's chromium and playwright): it
fills a work folder (Q2 2024 merged; Q3 2024 handed out per regie, every team returned, one file
with errors, one conflict, merged), starts the cockpit and saves each page at 1366×768 and at
400 px wide as ``OUT/<page>-<width>.png``. ``--map DIR`` keeps the work folder (for bench/).
"""

from __future__ import annotations

import argparse
import shutil
import threading
from pathlib import Path

from tests.helpers.returns import fill
from uvp_excel.cockpit.server import start_server
from uvp_excel.cockpit.steps import Cockpit

STATUSES = ["Afgerond", "In uitvoering", "In uitvoering", "Niet gestart", "Vertraagd"]
PAGES = [("start", "/Q3-2024/"), ("uitdelen", "/Q3-2024/uitdelen"),
         ("retouren", "/Q3-2024/retouren"), ("samenvoegen", "/Q3-2024/samenvoegen"),
         ("voortgang", "/Q3-2024/voortgang"), ("budget", "/budget"),
         ("programma", "/programma")]


def returns_for(cockpit: Cockpit, slug: str, target: Path, step: int) -> list[Path]:
    """Fill every handed-out workbook of the quarter as its team would."""
    quarter = cockpit.quarter(slug)
    handout = cockpit.handout(quarter)
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for number, item in enumerate(handout.files):
        ids = [activity.id for activity in cockpit.programme.activities()
               if item["regie"] in activity.regie and not activity.is_reference]
        edits: dict[tuple[str, str], object] = {}
        for index, activity_id in enumerate(ids):
            status = STATUSES[(index + number + step) % len(STATUSES)]
            edits[(activity_id, "status")] = status
            if status == "Vertraagd":
                edits[(activity_id, "toelichting")] = "Wacht op capaciteit bij de partners."
        if number == 1 and ids:  # one colleague types something the list does not know
            edits[(ids[0], "status")] = "bijna klaar"
        path = target / item["bestand"]
        made.append(fill((cockpit.work.folder(quarter) / "uitdelen" / item["bestand"])
                         .read_bytes(), path, edits, creator=f"Collega {item['regie']}"))
    if step and len(made) > 2:  # two teams share a row and disagree about it
        files = {item["regie"]: target / item["bestand"] for item in handout.files}
        shared = next(a for a in cockpit.programme.activities()
                      if len(a.regie) > 1 and all(team in files for team in a.regie))
        for position, team in enumerate(shared.regie[:2]):
            fill(files[team].read_bytes(), files[team],
                 {(shared.id, "status"): "Afgerond" if position == 0 else "Vertraagd",
                  (shared.id, "toelichting"): "Zie overleg."}, creator=f"Collega {team}")
    return made


def fill_work_folder(folder: Path) -> Cockpit:
    """Two quarters of Heiloo: Q2 2024 merged, Q3 2024 merged with an error and a conflict."""
    cockpit = Cockpit(folder)
    for step, slug in enumerate(["Q2-2024", "Q3-2024"]):
        quarter = cockpit.quarter(slug)
        cockpit.hand_out(quarter, whole=False, replace=True)
        for path in returns_for(cockpit, slug, folder.parent / f"ingevuld-{slug}", step):
            cockpit.receive(quarter, path.name, path.read_bytes())
        cockpit.merge(quarter)
    return cockpit


def screenshots(folder: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - a test dependency

    server, guard = start_server(folder, None, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--no-sandbox", "--disable-gpu"])
            for width, height in [(1366, 768), (400, 800)]:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(guard.address())
                for name, path in PAGES:
                    page.goto(f"http://127.0.0.1:{guard.port}{path}")
                    page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--map", type=Path, default=None)
    arguments = parser.parse_args()
    work = arguments.map or arguments.out / "MAP"
    if work.exists():
        shutil.rmtree(work)
    fill_work_folder(work)
    screenshots(work, arguments.out)
