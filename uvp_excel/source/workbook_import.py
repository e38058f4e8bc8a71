"""``uvp-excel source import``: check a programme workbook and write the programme folder.

Everything is checked at once and reported with tab › cell; with any error nothing is written.
Missing IDs are assigned in the style of the section's other IDs (``P1-07``, ``A-1.1-03``, ``F-08``)
and never reuse an ID of the folder being replaced. The YAML is written to a temporary folder,
loaded back with the same loader ``build`` uses and compared with what was read, and only then
moved into place; over an existing folder the changes are shown first and ``--force`` is needed.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from uvp_excel import contract
from uvp_excel.errors import FileError, SourceDataError
from uvp_excel.findings import ERROR, Finding
from uvp_excel.output import os_reason
from uvp_excel.returns.archive import UnreadableWorkbookError
from uvp_excel.source.anomalies import find_anomalies
from uvp_excel.source.diff import describe_changes, note_changes, same_programme
from uvp_excel.source.loader import load_programme, ranked_sections
from uvp_excel.source.model import Activity, Programme, Status
from uvp_excel.source.notes import Notes, read_notes
from uvp_excel.source.programme_workbook import FIXED_TABS
from uvp_excel.source.workbook_cells import address, open_programme_workbook
from uvp_excel.source.workbook_read import WorkbookDraft, WorkbookReader, unreadable_finding
from uvp_excel.source.workbook_read_budget import read_budget_tabs
from uvp_excel.source.yaml_writer import programme_files
from uvp_excel.workbook.instructions import status_meaning

# The files of a programme folder; anything else in a folder being replaced is kept.
PROGRAMME_FILE = re.compile(r"^(programma|afkortingen|statussen)\.yaml$|^(secties|begroting)/")
THEME_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s|$)")
ACTIVITY_COLUMNS = {"afwijking-geen-regie": 5, "afwijking-geen-planning": 7}
REPORTED_BY_READER = {"afwijking-planning-vrij"}


@dataclass
class ImportResult:
    """The outcome of one import: findings, the changes to an existing folder, what was done."""

    target: Path
    findings: list[Finding] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    programme: Programme | None = None
    existed: bool = False
    written: bool = False

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error."""
        return any(finding.severity == ERROR for finding in self.findings)


def read_programme_workbook(path: Path, name: str = "",
                            existing: Programme | None = None) -> WorkbookDraft:
    """Read and check a programme workbook; ``draft.programme`` is set when it has no errors.

    Args:
        path: the workbook.
        name: how the file is named in messages (default: the path as given).
        existing: the programme of the folder being replaced: a new activity never gets one of
            its IDs, and a row without ID that is the same activity there keeps that ID.
    """
    name = name or str(path)
    try:
        raw = open_programme_workbook(path)
    except UnreadableWorkbookError as problem:
        draft = WorkbookDraft()
        draft.findings.append(unreadable_finding(name, problem))
        return draft
    reader = WorkbookReader(raw, name)
    kind = reader.kind_problem()
    if kind:  # one line, not one per missing tab and per tab it does not know
        reader.add(kind)
        return reader.draft
    try:
        reader.read_programme()
        reader.read_sections()
        reader.read_activities()
        budget_tabs = read_budget_tabs(reader)
        reader.read_abbreviations()
        reader.read_statuses()
    except UnreadableWorkbookError as problem:
        reader.draft.findings.append(unreadable_finding(name, problem))
        return reader.draft
    reader.check_tab_names()
    reader.check_unknown_tabs({tab.lower() for tab in FIXED_TABS} | budget_tabs)
    if not reader.draft.has_errors:
        reader.draft.programme = _assemble(reader, existing)
    return reader.draft


def _assemble(reader: WorkbookReader, existing: Programme | None) -> Programme:
    draft = reader.draft
    activities = _assign_ids(reader, existing)
    if existing is not None:
        _check_renumbered(reader, activities, existing)
    sections = ranked_sections([
        replace(section, activities=tuple(activity for activity in activities
                                          if activity.section_key == section.key), file="")
        for section in draft.sections])
    values = draft.values
    first, last = values.get("periode.van") or 0, values.get("periode.tot") or 0
    return Programme(
        gemeente=values.get("gemeente") or "", title=values.get("titel") or "",
        short_name=values.get("kort") or "", first_year=first, last_year=last,
        ivb_first_year=values.get("ivb_periode.van") or first,
        ivb_last_year=values.get("ivb_periode.tot") or last,
        version=values.get("versie") or "", version_date=values.get("versiedatum"),
        sections=sections, budget_tables=tuple(replace(table, file="") for table in draft.tables),
        abbreviations=tuple(draft.abbreviations), ivb=values.get("ivb") or "",
        statuses=_own_statuses(draft.statuses))


def _own_statuses(statuses: list[Status] | None) -> tuple[Status, ...]:
    """The programme's own list, or () when it is the default list unchanged."""
    if statuses is None:
        return ()
    default = [replace(status, meaning=status_meaning(status))
               for status in contract.default_statuses()]
    return () if list(statuses) == default else tuple(statuses)


def _assign_ids(reader: WorkbookReader, existing: Programme | None) -> list[Activity]:
    """Give every activity without an ID its ID in the existing folder, or the next free one.

    A row whose ID was never copied back into the workbook after an earlier import is the same
    activity (same section, same maatregel) as in the folder, so it keeps that ID.
    """
    draft = reader.draft
    in_use = {activity.id for activity in draft.activities if activity.id}
    known = {(activity.section_key, activity.maatregel): activity.id
             for activity in (existing.activities() if existing else ())
             if activity.id not in in_use}
    taken = in_use | {activity.id for activity in (existing.activities() if existing else ())}
    kinds = {section.key: section.kind for section in draft.sections}
    result = []
    for activity, row, note in zip(draft.activities, draft.activity_rows, draft.activity_notes,
                                   strict=True):
        if not activity.id:
            new_id = known.pop((activity.section_key, activity.maatregel), "")
            kind = "programma-id-herkend" if new_id else "programma-id-toegekend"
            new_id = new_id or next_id(activity, kinds.get(activity.section_key, ""), taken)
            in_use.add(new_id)
            taken.add(new_id)
            activity = replace(activity, id=new_id)  # noqa: PLW2901 - the row gets its ID
            reader.add(kind, draft.activities_tab, address(row, 1), new_id)
        draft.id_rows[activity.id] = row
        draft.notes.activities[activity.id] = note
        result.append(activity)
    return result


def _check_renumbered(reader: WorkbookReader, activities: list[Activity],
                      existing: Programme) -> None:
    """Warn when an ID now belongs to what another ID was: a renumbering, not an edit.

    Returned workbooks and stands find their rows by ID; "P1-03 moves up to P1-02 after P1-02
    was dropped" would put last quarter's status of P1-02 on another activity.
    """
    before = {activity.id: activity for activity in existing.activities()}
    texts = Counter((activity.section_key, activity.maatregel)
                    for activity in existing.activities())
    old_ids = {(activity.section_key, activity.maatregel): activity.id
               for activity in existing.activities()
               if texts[(activity.section_key, activity.maatregel)] == 1}  # a row printed twice
    for activity in activities:
        other = old_ids.get((activity.section_key, activity.maatregel), activity.id)
        if activity.id in before and other != activity.id and \
                before[activity.id].maatregel != activity.maatregel:
            reader.add("programma-id-verschoven", reader.draft.activities_tab,
                       address(reader.draft.id_rows[activity.id], 1), activity.id, other=other)


def next_id(activity: Activity, kind: str, taken: set[str]) -> str:
    """The next free ID for ``activity``: ``P1-07``, or ``A-1.1-03`` in a bijlage with themes.

    The section's existing IDs decide the style: a bijlage whose IDs carry the theme number
    (``A-1.1-02``) gets one too, a section with plain numbers (``F-07``) gets a plain number.
    """
    key = activity.section_key
    theme = THEME_NUMBER.match(activity.thema)
    plain = re.compile(rf"^{re.escape(key)}-(\d+)$")
    themed = re.compile(rf"^{re.escape(key)}-\d+(?:\.\d+)*-(\d+)$")
    own = [activity_id for activity_id in taken if activity_id.startswith(f"{key}-")]
    uses_themes = any(themed.match(activity_id) for activity_id in own) or (
        not any(plain.match(activity_id) for activity_id in own) and kind == "bijlage")
    prefix = f"{key}-{theme.group(1)}" if theme and uses_themes else key
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [int(match.group(1)) for activity_id in taken
               if (match := pattern.match(activity_id))]
    return f"{prefix}-{max(numbers, default=0) + 1:02d}"


# --- writing the folder ----------------------------------------------------------------------


def import_programme_workbook(path: Path, target: Path, force: bool = False,
                              name: str = "") -> ImportResult:
    """Check ``path`` and write the programme folder ``target`` (see the module docstring).

    Raises:
        FileError: ``target`` exists and is not a programme folder, or cannot be written.
    """
    result = ImportResult(target)
    old = _existing_programme(target, result)
    draft = read_programme_workbook(path, name or str(path), old)
    result.findings = list(draft.findings)
    if draft.programme is None:
        return result
    workspace = Path(tempfile.mkdtemp(prefix=f".{target.name}-import-",
                                      dir=_parent(target)))
    try:
        loaded = _write_and_load(draft.programme, draft.notes, workspace / "programma")
        result.programme = loaded
        result.findings += _relocated_anomalies(loaded, draft, name or str(path))
        if old is not None:
            # The notes are comments, not data: compared apart, so a changed Notitie is written.
            result.changes = describe_changes(old, loaded) + note_changes(
                read_notes(old), read_notes(loaded), old, loaded)
        if result.existed and (not force or not result.changes):
            return result
        _carry_over(target, workspace / "programma")
        _swap(workspace / "programma", target, workspace)
        result.written = True
        return result
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def _parent(target: Path) -> Path:
    """The folder the programme folder goes in, made when missing (as split makes its folder)."""
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileError(f"{target.parent}: kan de map niet maken ({os_reason(error)})") from None
    return parent


def _existing_programme(target: Path, result: ImportResult) -> Programme | None:
    if not target.exists():
        return None
    if not target.is_dir():
        raise FileError(f"{target}: is een bestand, geen map")
    result.existed = True
    if not (target / "programma.yaml").is_file():
        if any(target.iterdir()):
            raise FileError(f"{target}: bestaat al en is geen programmamap (programma.yaml "
                            "ontbreekt); kies een nieuwe of lege map")
        result.existed = False
        return None
    try:
        return load_programme(target)
    except (SourceDataError, FileError):
        result.changes = ["De bestaande map is niet te laden; alles wordt vervangen."]
        return None


def _write_and_load(programme: Programme, notes: Notes, folder: Path) -> Programme:
    """Write the YAML files and load them back; what is read must be what was written."""
    for relative, text in programme_files(programme, notes).items():
        file = folder / relative
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
        except OSError as error:
            raise FileError(f"{folder}: kan niet schrijven ({os_reason(error)})") from None
    loaded = load_programme(folder)
    if not same_programme(programme, loaded):
        raise AssertionError("de geschreven YAML leest niet terug als dezelfde gegevens")
    return loaded


def _carry_over(target: Path, folder: Path) -> None:
    """Copy the files of an existing folder that are not programme data (notes, a README)."""
    if not target.is_dir():
        return
    for file in target.rglob("*"):
        relative = file.relative_to(target).as_posix()
        if file.is_file() and not PROGRAMME_FILE.match(relative):
            destination = folder / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, destination)


def _swap(folder: Path, target: Path, workspace: Path) -> None:
    """Move ``folder`` into place; an existing target is moved aside first, then removed."""
    try:
        if target.exists():
            target.rename(workspace / "oud")
        folder.rename(target)
    except OSError as error:
        if not target.exists() and (workspace / "oud").exists():
            (workspace / "oud").rename(target)
        raise FileError(f"{target}: kan de map niet vervangen ({os_reason(error)})") from None


def _relocated_anomalies(programme: Programme, draft: WorkbookDraft, name: str) -> list[Finding]:
    """The anomalies ``check`` would report, placed on the workbook's tabs and cells."""
    by_file = {table.file: draft.table_tabs.get(table.key, table.title)
               for table in programme.budget_tables}
    findings = []
    for finding in find_anomalies(programme):
        if finding.kind in REPORTED_BY_READER:
            continue
        if finding.file in by_file:
            findings.append(replace(finding, file=name, tab=by_file[finding.file], cell=""))
        elif finding.tab in draft.id_rows:
            column = ACTIVITY_COLUMNS.get(finding.kind, 1)
            findings.append(replace(finding, file=name, tab=draft.activities_tab,
                                    cell=address(draft.id_rows[finding.tab], column)))
        else:
            findings.append(replace(finding, file=name))
    return findings

