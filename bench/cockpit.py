"""Measure the cockpit with two quarters of Heiloo in it: every page, one upload, one merge.

    python bench/cockpit.py            # about half a minute

Targets (issue 12): each page under 200 ms; upload + validate of one return under 1 s; the merge
in the cockpit no slower than ``uvp-excel merge`` of the same returns (whole process, as the AOV
would run it; and the in-process call, for the part that is the cockpit's own).
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.cockpit import guard  # noqa: E402
from tests.helpers.screenshots import PAGES, fill_work_folder  # noqa: E402
from uvp_excel.cockpit.app import create_app  # noqa: E402

REPEAT = 7


def median_time(action, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "MAP"
        cockpit = fill_work_folder(work)
        secrets = guard()
        client = create_app(cockpit, secrets).test_client()
        base = f"http://127.0.0.1:{secrets.port}"
        client.get(f"/?token={secrets.token}", base_url=base)
        rows = []
        for name, path in PAGES:
            client.get(path, base_url=base)  # the first view may make the report
            rows.append((f"pagina {name}", median_time(lambda p=path: client.get(p, base_url=base)),
                         0.2))
        returns = sorted((work / "Q3-2024" / "retouren").iterdir())
        # The largest returns (OOV has 67 rows), each a different file: no duplicate notice.
        waiting = sorted(returns, key=lambda path: path.stat().st_size)

        def upload_one() -> None:
            path = waiting.pop()
            client.post("/Q4-2024/retouren", base_url=base, content_type="multipart/form-data",
                        data={"csrf": secrets.csrf,
                              "bestanden": [(io.BytesIO(path.read_bytes()), path.name)]})

        rows.append(("upload + controle van 1 retour (grootste)", median_time(upload_one, 5),
                     1.0))
        quarter = cockpit.quarter("Q3-2024")
        rows.append(("samenvoegen in de cockpit (17 retouren)",
                     median_time(lambda: cockpit.merge(quarter), 3), 0.0))
        stand = work / "Q2-2024" / "uvp-heiloo-2024-2025-stand-Q2-2024.xlsx"
        out = Path(folder) / "stand-cli.xlsx"

        def cli_merge() -> None:
            subprocess.run([sys.executable, "-m", "uvp_excel", "merge", *map(str, returns),
                            "--base", str(stand), "--kwartaal", "Q3 2024", "-o", str(out),
                            "--force"], capture_output=True, check=False)

        rows.append(("uvp-excel merge, zelfde retouren (proces)", median_time(cli_merge, 3), 0.0))
    print(f"{'meting':<46}{'mediaan':>10}  doel")
    for name, seconds, target in rows:
        goal = f"< {target:.1f} s" if target else ""
        print(f"{name:<46}{seconds:>9.3f}s  {goal}")


if __name__ == "__main__":
    main()
