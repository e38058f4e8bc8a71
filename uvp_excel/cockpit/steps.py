"""The steps of a quarter — hand out, take in, merge, report — on the public API and a work folder.

Nothing here knows about the web: the pages in :mod:`uvp_excel.cockpit.app` call these methods,
and a test can call them directly. Everything is built on ``import uvp_excel as uvp``; what the
pages remember between runs is written into the work folder (see
:mod:`uvp_excel.cockpit.workfolder`), so a restart loses nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import uvp_excel as uvp
from uvp_excel.cockpit.workfolder import (
    HANDOUT,
    RETURNS,
    STATE,
    Quarter,
    WorkFolder,
    safe_name,
    write_new,
    write_over,
)
from uvp_excel.errors import UvpError
from uvp_excel.source.model import Programme

WHOLE_WORKBOOK = "Iedereen (één werkmap)"
REPORT_FORMATS = ("html", "xlsx", "md", "csv", "json")


@dataclass
class HandOut:
    """What was handed out for a quarter: who gets which file."""

    made: str
    base: str
    files: list[dict[str, Any]]  # regie, bestand, activiteiten


@dataclass
class Outcome:
    """The validation of one uploaded return, as the Retouren page shows it."""

    name: str
    sha256: str
    size: int
    received: str
    regie: str = ""
    saved_by: str = ""
    saved_at: str = ""
    rows: int = 0
    errors: int = 0
    warnings: int = 0
    status: str = ""
    lines: list[dict[str, str]] = field(default_factory=list)
    version: str = uvp.__version__
    quarter: str = ""  # the quarter the workbook was handed out for
    kind: str = ""  # "werkmap", or "stand" for a stand uploaded as a return


@dataclass
class Receipt:
    """What happened to one uploaded file."""

    upload_name: str
    stored_as: str = ""
    note: str = ""
    outcome: Outcome | None = None


def _now() -> str:
    return datetime.now().strftime("%d-%m-%Y %H:%M")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cockpit:
    """One programme and one work folder: the state of every quarter and the steps on it."""

    def __init__(self, folder: Path, source: Path | Programme | None = None):
        """Open ``folder`` for the programme ``source`` (a programme, a folder, or None for
        the bundled one)."""
        self.programme = source if isinstance(source, Programme) else uvp.load_programme(source)
        self.work = WorkFolder(folder, self.programme.short_name)
        self.quarters = [Quarter(year, number)
                         for year in range(self.programme.first_year,
                                           self.programme.last_year + 1)
                         for number in (1, 2, 3, 4)]
        self._check: Any = None

    # --- quarters -------------------------------------------------------------------------

    def quarter(self, slug: str) -> Quarter | None:
        """The quarter of the programme written as ``Q3-2024``; None for anything else."""
        quarter = Quarter.from_slug(slug)
        return quarter if quarter in self.quarters else None

    def current_quarter(self, today: date | None = None) -> Quarter:
        """Today's quarter, kept within the programme's years."""
        current = Quarter.of(today or date.today())
        return min(max(current, self.quarters[0]), self.quarters[-1])

    def previous_stand(self, quarter: Quarter) -> Path | None:
        """The stand of the latest quarter before ``quarter`` that has one."""
        earlier = [q for q in self.quarters if q < quarter]
        stands = self.work.stands(earlier)
        return stands[-1] if stands else None

    # --- hand out -------------------------------------------------------------------------

    def hand_out(self, quarter: Quarter, *, whole: bool, replace: bool) -> HandOut:
        """Write the workbooks of ``quarter`` into ``uitdelen/``, pre-filled from the last stand.

        Raises:
            UvpError: workbooks were handed out already and ``replace`` is false.
        """
        with self.work.lock.hold():
            folder = self.work.part(quarter, HANDOUT)
            existing = self.work.files(quarter, HANDOUT)
            if existing and not replace:
                raise UvpError(f"voor {quarter.label} is al uitgedeeld; kies 'vervang de "
                               "bestaande werkmappen' om ze opnieuw te maken")
            for path in existing:
                self.work.set_aside(path, quarter)
            base = self.previous_stand(quarter)
            if whole:
                name = f"{self.programme.short_name}-{quarter.slug}.xlsx"
                built = uvp.build(self.programme, folder / name, quarter=quarter.label,
                                  base=base)
                files = [{"regie": WHOLE_WORKBOOK, "bestand": name,
                          "activiteiten": built.activity_count}]
            else:
                files = [{"regie": item.regie, "bestand": Path(item.file).name,
                          "activiteiten": item.activities}
                         for item in uvp.split(self.programme, folder, quarter=quarter.label,
                                               base=base)]
            handout = HandOut(_now(), base.name if base else "", files)
            self._write_index(folder, files)
            self._save_state(quarter, "uitdelen.json", asdict(handout))
        return handout

    def handout(self, quarter: Quarter) -> HandOut | None:
        """What was handed out for ``quarter`` (None when nothing was)."""
        data = self._load_state(quarter, "uitdelen.json")
        if not data:
            return None
        folder = self.work.folder(quarter) / HANDOUT
        files = [item for item in data["files"] if (folder / item["bestand"]).is_file()]
        return HandOut(data["made"], data["base"], files) if files else None

    def handout_zip(self, quarter: Quarter) -> bytes:
        """All handed-out workbooks of ``quarter`` and the index, as one zip."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in self.work.files(quarter, HANDOUT):
                archive.write(path, path.name)
        return buffer.getvalue()

    @staticmethod
    def _write_index(folder: Path, files: list[dict[str, Any]]) -> None:
        """``wie-krijgt-wat.csv`` beside the workbooks, for the AOV's mail round (Dutch CSV)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(["regie", "activiteiten", "bestand"])
        for item in files:
            writer.writerow([item["regie"], item["activiteiten"], item["bestand"]])
        path = folder / "wie-krijgt-wat.csv"
        path.unlink(missing_ok=True)  # the old one went to vervangen/ with the workbooks
        write_new(path, buffer.getvalue().encode("utf-8-sig"))

    # --- take in --------------------------------------------------------------------------

    def receive(self, quarter: Quarter, upload_name: str, data: bytes) -> Receipt:
        """Store one uploaded return (original bytes) and validate it.

        The same bytes twice are noticed and not stored again; another file with a name that is
        already there is stored under a free name (``naam (2).xlsx``) and the page says so.
        """
        receipt = Receipt(upload_name)
        if len(data) > uvp.MAX_FILE_BYTES:
            receipt.note = (f"niet opgeslagen: groter dan "
                            f"{uvp.MAX_FILE_BYTES // (1024 * 1024)} MB")
            return receipt
        name = safe_name(upload_name)
        digest = _sha256(data)
        with self.work.lock.hold():
            folder = self.work.part(quarter, RETURNS)
            for path in self.work.returns(quarter):
                if _sha256(path.read_bytes()) == digest:
                    receipt.stored_as = path.name
                    receipt.note = (f"hetzelfde bestand als '{path.name}' (zelfde inhoud); "
                                    "niet nog eens opgeslagen")
                    receipt.outcome = self.outcome(quarter, path)
                    return receipt
            stored = self.work.free_name(folder, name)
            if stored != name:
                receipt.note = (f"er was al een bestand '{name}'; dit is opgeslagen als "
                                f"'{stored}'. Is het een verbeterde versie? Zet dan het oude "
                                "apart")
            elif stored != re.split(r"[\\/]", upload_name)[-1]:
                receipt.note = f"opgeslagen als '{stored}'"
            write_new(folder / stored, data)
        receipt.stored_as = stored
        receipt.outcome = self.outcome(quarter, folder / stored)
        return receipt

    def outcome(self, quarter: Quarter, path: Path) -> Outcome:
        """The validation of a stored return: remembered, or made now and remembered."""
        data = path.read_bytes()
        digest = _sha256(data)
        remembered = self._load_state(quarter, f"controle/{path.name}.json")
        # Made by this version for these bytes, with every field an outcome has now.
        if remembered and remembered.get("sha256") == digest \
                and remembered.get("version") == uvp.__version__ \
                and set(remembered) == {item.name for item in fields(Outcome)}:
            return Outcome(**remembered)
        upload = io.BytesIO(data)
        upload.name = path.name
        report = uvp.validate(self.programme, [upload])
        line = report.files[0]
        outcome = Outcome(
            path.name, digest, len(data), datetime.fromtimestamp(path.stat().st_mtime)
            .strftime("%d-%m-%Y %H:%M"), regie=line.regie, saved_by=line.saved_by,
            saved_at=line.saved_at, rows=line.rows_read, errors=line.errors,
            warnings=line.warnings, status=line.status, quarter=line.quarter, kind=line.kind,
            lines=[{"ernst": finding.severity, "plaats": finding.location,
                    "melding": finding.message, "regel": f"{finding.severity}: {finding}"}
                   for finding in report.findings])
        self._save_state(quarter, f"controle/{path.name}.json", asdict(outcome))
        return outcome

    def outcomes(self, quarter: Quarter) -> list[Outcome]:
        """The validation of every return of ``quarter``."""
        return [self.outcome(quarter, path) for path in self.work.returns(quarter)]

    def set_aside(self, quarter: Quarter, name: str) -> str:
        """Take a return out of the merge: it moves to ``vervangen/`` (never deleted).

        Raises:
            UvpError: there is no return of that name.
        """
        with self.work.lock.hold():
            # Only a file the Retouren page lists: also one the AOV put there by hand, under a
            # name the cockpit would not have chosen.
            path = next((path for path in self.work.returns(quarter) if path.name == name), None)
            if path is None:
                raise UvpError(f"'{name}' staat niet (meer) bij de retouren van {quarter.label}")
            target = self.work.set_aside(path, quarter)
            (self._state_folder(quarter) / "controle" / f"{path.name}.json").unlink(
                missing_ok=True)
        return self.work.relative(target)

    # --- merge ----------------------------------------------------------------------------

    def merge(self, quarter: Quarter) -> dict[str, Any]:
        """Merge the quarter's returns on the last stand and write the stand.

        The previous stand of this quarter is kept in ``vervangen/`` first. The work-folder lock
        is held throughout, so a second merge (another tab, another server) waits.

        Raises:
            UvpError: there are no returns, or a file cannot be read or written.
        """
        with self.work.lock.hold():
            returns = self.work.returns(quarter)
            if not returns:
                raise UvpError(f"er zijn nog geen retouren voor {quarter.label}")
            base = self.previous_stand(quarter)
            result = self._merge_files(returns, base, quarter)
            stand = self.work.stand(quarter)
            if stand.exists():
                self.work.keep_copy(stand, quarter)
            result.write(stand, force=True)
            # As JSON and back: the page gets exactly what a later visit loads from disk.
            data = json.loads(result.to_json())
            data.update({"gemaakt": _now(), "stand": stand.name,
                         "basis": base.name if base else "", "schoon": result.clean,
                         **self._inputs_now(quarter)})
            self._save_state(quarter, "samenvoeging.json", data)
        return data

    def _merge_files(self, returns: list[Path], base: Path | None,
                     quarter: Quarter) -> uvp.MergeResult:
        handles = [path.open("rb") for path in returns]
        try:
            return uvp.merge(self.programme, handles, base=base, quarter=quarter.label)
        finally:
            for handle in handles:
                handle.close()

    def _inputs_now(self, quarter: Quarter) -> dict[str, Any]:
        """The fingerprints of what a merge of ``quarter`` reads: its returns and its base."""
        base = self.previous_stand(quarter)
        return {"retouren": {path.name: _sha256(path.read_bytes())
                             for path in self.work.returns(quarter)},
                "basis_sha256": _sha256(base.read_bytes()) if base else ""}

    def last_merge(self, quarter: Quarter) -> dict[str, Any] | None:
        """The last merge of ``quarter`` as data, with ``verouderd``: why it is out of date, or
        empty."""
        data = self._load_state(quarter, "samenvoeging.json")
        if not data or not self.work.stand(quarter).is_file():
            return None
        data["verouderd"] = self._why_stale(quarter, data)
        return data

    def _why_stale(self, quarter: Quarter, merged: dict[str, Any]) -> str:
        """What changed in the returns or the previous stand since ``merged`` was made."""
        now = self._inputs_now(quarter)
        if now["retouren"] != merged.get("retouren"):
            return "er zijn sinds deze samenvoeging retouren bijgekomen of apart gezet"
        base = self.previous_stand(quarter)
        if (base.name if base else "") != merged.get("basis", ""):
            return (f"er is sinds deze samenvoeging een andere vorige stand ({base.name})" if base
                    else f"de vorige stand ({merged['basis']}) is er niet meer")
        if now["basis_sha256"] != merged.get("basis_sha256", now["basis_sha256"]):
            return f"de vorige stand ({merged['basis']}) is na deze samenvoeging opnieuw gemaakt"
        return ""

    # --- report ---------------------------------------------------------------------------

    def report(self, quarter: Quarter, file_format: str) -> Path:
        """The progress summary of ``quarter`` (all stands up to it as trend), made when stale.

        Raises:
            UvpError: the quarter has no stand yet.
        """
        if not self.work.stand(quarter).is_file():
            raise UvpError(f"er is nog geen stand voor {quarter.label}; voeg eerst de "
                           "retouren samen")
        target = self.work.report(quarter, file_format)
        if target.is_file() and self._report_sources(quarter).get(file_format) == \
                self._stands_now(quarter):
            return target
        with self.work.lock.hold():
            made_from = self._stands_now(quarter)  # a merge may have finished meanwhile
            stands = self.work.stands(self.quarters, until=quarter)
            summary = uvp.summarise(self.programme, stands)
            summary.write(target, file_format=file_format, force=True)
            sources = self._report_sources(quarter)
            sources[file_format] = made_from
            self._save_state(quarter, "voortgang.json", sources)
        return target

    def _report_sources(self, quarter: Quarter) -> dict[str, Any]:
        """Per format, the stands the quarter's report was made from (see :meth:`_stands_now`)."""
        return self._load_state(quarter, "voortgang.json") or {}

    def _stands_now(self, quarter: Quarter) -> list[list[Any]]:
        """The stands a report of ``quarter`` reads, each as name, time and size.

        Not only the newest time: a stand the AOV took out of the folder, or put back from a
        back-up with its old time, changes the trend too.
        """
        stands = []
        for path in self.work.stands(self.quarters, until=quarter):
            status = path.stat()
            stands.append([self.work.relative(path), status.st_mtime_ns, status.st_size])
        return stands

    def budget_csv(self) -> bytes:
        """The budget tables as one Dutch CSV."""
        buffer = io.BytesIO()
        uvp.budget(self.programme, buffer, file_format="csv")
        return buffer.getvalue()

    def budget_xlsx(self) -> bytes:
        """The budget tables as a workbook."""
        buffer = io.BytesIO()
        uvp.budget(self.programme, buffer, file_format="xlsx")
        return buffer.getvalue()

    def check(self) -> Any:
        """``uvp-excel check`` of the programme (counts and anomalies), made once."""
        if self._check is None:
            self._check = uvp.check_programme(self.programme)
        return self._check

    # --- what the pages remember ----------------------------------------------------------

    def _state_folder(self, quarter: Quarter) -> Path:
        return self.work.part(quarter, STATE)

    def _load_state(self, quarter: Quarter, name: str) -> dict[str, Any] | None:
        path = self.work.folder(quarter) / STATE / name
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing or damaged: the pages show what the files say

    def _save_state(self, quarter: Quarter, name: str, data: dict[str, Any]) -> None:
        path = self._state_folder(quarter) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        write_over(path, text.encode("utf-8"))
