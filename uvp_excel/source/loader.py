"""Load a programme folder (``source_data/<programma>/``) into the typed model.

Every problem of every file is gathered; when there is any, :class:`SourceDataError` carries them
all, each with file, entry and line, so a policy officer can fix the whole folder in one go.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from uvp_excel import contract
from uvp_excel.errors import FileError, SourceDataError
from uvp_excel.findings import Finding, make_finding
from uvp_excel.source.fields import FieldReader
from uvp_excel.source.model import (
    BUDGET_UNITS,
    SECTION_KINDS,
    Abbreviation,
    Activity,
    BudgetColumn,
    BudgetPost,
    BudgetTable,
    Correction,
    Programme,
    Section,
    StatedTotal,
    Status,
    TextClaim,
)
from uvp_excel.yamlio import LineDict, load_yaml

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# 'kort' names the output files (uvp-heiloo-2024-2025.xlsx): a plain file name, no folders.
SHORT_NAME_PATTERN = ID_PATTERN

PROGRAMME_FIELDS = ("gemeente", "titel", "kort", "periode", "ivb_periode", "ivb", "versie",
                    "versiedatum", "secties", "begroting")
SECTION_FIELDS = ("sleutel", "soort", "nummer", "titel", "tabnaam", "inleiding", "doelstelling",
                  "veiligheidsvelden", "activiteiten")
ACTIVITY_FIELDS = ("id", "thema", "item", "maatregel", "regie", "stakeholders", "planning",
                   "verwijzing")
TABLE_FIELDS = ("sleutel", "titel", "tabnaam", "bron", "eenheid", "kolommen", "posten", "totalen",
                "vermeldingen")
POST_FIELDS = ("omschrijving", "groep", "verdeling", "bedragen", "opmerking", "correcties")
STATUS_FIELDS = ("naam", "kleur", "tekstkleur", "toelichting_nodig", "klaar", "betekenis",
                 "synoniemen")
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")


def load_programme(source_dir: Path | str) -> Programme:
    """Load and validate a programme folder.

    Args:
        source_dir: the folder holding ``programma.yaml``.

    Returns:
        The :class:`Programme`.

    Raises:
        FileError: the folder or ``programma.yaml`` is missing or not valid YAML.
        SourceDataError: the data has problems; ``findings`` lists all of them.
    """
    folder = Path(source_dir)
    if not (folder / "programma.yaml").is_file():
        raise FileError(f"{folder}: geen programmamap (programma.yaml ontbreekt)")
    loader = _ProgrammeLoader(folder)
    programme = loader.load()
    if loader.findings:
        raise SourceDataError(loader.findings)
    return programme


class _ProgrammeLoader:
    """Reads one folder; collects findings from all its files."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.findings: list[Finding] = []

    def _read(self, relative: str) -> Any:
        try:
            return load_yaml(self.folder / relative, relative)
        except FileError as problem:
            cell = f"regel {problem.line}" if problem.line else ""
            self.findings.append(make_finding("bron-bestand", file=relative, cell=cell,
                                              reason=problem.reason))
            return None

    def _reader(self, relative: str) -> FieldReader:
        reader = FieldReader(relative)
        # The reader's list is shared, so findings keep the order in which files are read.
        reader.findings = self.findings
        return reader

    def load(self) -> Programme:
        fields = self._reader("programma.yaml")
        data = fields.mapping(self._read("programma.yaml"), "", PROGRAMME_FIELDS,
                              ("gemeente", "titel", "kort", "periode", "versie", "secties"))
        first, last = self._period(fields, data, "periode")
        ivb_first, ivb_last = self._period(fields, data, "ivb_periode") if "ivb_periode" in data \
            else (first, last)
        sections = self._sections(fields.text_list(data, "secties", ""))
        if data and not sections and not self.findings:
            fields.problem("bron-geen-secties", "secties", data.line)
        self._check_references(sections)
        tables = tuple(table for table in (self._budget_table(key)
                                           for key in fields.text_list(data, "begroting", ""))
                       if table)
        self._check_tab_names(sections, tables)
        short_name = fields.text(data, "kort", "")
        if short_name and not SHORT_NAME_PATTERN.match(short_name):
            fields.problem("bron-kort", "kort", data.line, value=short_name)
        return Programme(
            gemeente=fields.text(data, "gemeente", ""),
            title=fields.text(data, "titel", ""),
            short_name=short_name,
            first_year=first, last_year=last, ivb_first_year=ivb_first, ivb_last_year=ivb_last,
            version=fields.text(data, "versie", ""),
            version_date=self._date(fields, data, "versiedatum"),
            sections=sections,
            budget_tables=tables,
            abbreviations=self._abbreviations(),
            ivb=fields.text(data, "ivb", ""),
            source_dir=self.folder,
            statuses=self._statuses(),
        )

    @staticmethod
    def _period(fields: FieldReader, data: LineDict, key: str) -> tuple[int, int]:
        period = fields.mapping(data.get(key), key, ("van", "tot"), ("van", "tot"))
        if not period:
            return 0, 0
        first, last = fields.year(period, "van", key), fields.year(period, "tot", key)
        if first and last and first > last:
            fields.problem("bron-jaren", key, period.line, value=f"{first}–{last}")
        return first, last

    @staticmethod
    def _date(fields: FieldReader, data: LineDict, key: str) -> date | None:
        text = fields.text(data, key, "")
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            fields.problem("bron-veld-type", "", data.line, field=key,
                           expected="een datum (JJJJ-MM-DD)", value=text)
            return None

    # --- sections -------------------------------------------------------------------------

    def _sections(self, keys: tuple[str, ...]) -> tuple[Section, ...]:
        fields = self._reader("programma.yaml")
        seen: set[str] = set()
        sections = []
        for key in keys:
            if key in seen:
                fields.problem("bron-sectie-dubbel", "secties", value=key)
                continue
            seen.add(key)
            relative = f"secties/{key}.yaml"
            if not (self.folder / relative).is_file():
                fields.problem("bron-sectie-ontbreekt", "secties", value=key, expected=relative)
                continue
            sections.append(self._section(key, relative))
        for path in sorted((self.folder / "secties").glob("*.yaml")):
            if path.stem not in seen:
                fields.problem("bron-sectie-vergeten", "secties", value=f"secties/{path.name}")
        self._check_unique_ids(sections)
        return ranked_sections(sections)

    def _section(self, key: str, relative: str) -> Section:
        fields = self._reader(relative)
        data = fields.mapping(self._read(relative), "", SECTION_FIELDS,
                              ("sleutel", "soort", "nummer", "titel", "tabnaam"))
        if data and data.get("sleutel") != key:
            fields.problem("bron-sectie-sleutel", "sleutel", data.line,
                           value=data.get("sleutel"), expected=key)
        kind = fields.text(data, "soort", "")
        if kind and kind not in SECTION_KINDS:
            fields.problem("bron-soort-onbekend", "soort", data.line, value=kind,
                           allowed=", ".join(SECTION_KINDS))
        goal = fields.mapping(data.get("doelstelling", {}), "doelstelling",
                              ("soort", "tekst"))
        activities = tuple(
            activity for activity in (
                self._activity(fields, key, raw, index)
                for index, raw in enumerate(fields.entries(data, "activiteiten", ""), start=1))
            if activity)
        return Section(
            key=key, kind=kind, number=fields.text(data, "nummer", ""),
            title=fields.text(data, "titel", ""), tab_name=fields.text(data, "tabnaam", ""),
            activities=activities, intro=fields.text(data, "inleiding", ""),
            doelstelling_kind=fields.text(goal, "soort", "doelstelling") if goal else "",
            doelstelling=fields.text(goal, "tekst", "doelstelling") if goal else "",
            veiligheidsvelden=fields.text_list(data, "veiligheidsvelden", ""),
            file=relative,
        )

    @staticmethod
    def _activity(fields: FieldReader, section_key: str, raw: object,
                  index: int) -> Activity | None:
        entry = f"activiteit {index}"
        if isinstance(raw, dict) and raw.get("id"):
            entry = str(raw["id"])
        data = fields.mapping(raw, entry, ACTIVITY_FIELDS, ("id", "maatregel"))
        if data is None:
            return None
        activity_id = fields.text(data, "id", entry)
        if activity_id and not ID_PATTERN.match(activity_id):
            fields.problem("bron-id-vorm", entry, data.line, value=activity_id)
        return Activity(
            id=activity_id, section_key=section_key,
            maatregel=fields.text(data, "maatregel", entry),
            thema=fields.text(data, "thema", entry), item=fields.text(data, "item", entry),
            regie=fields.text_list(data, "regie", entry),
            stakeholders=fields.text_list(data, "stakeholders", entry),
            planning_text=fields.text(data, "planning", entry),
            verwijzing=fields.text(data, "verwijzing", entry), line=data.line,
        )

    def _check_unique_ids(self, sections: list[Section]) -> None:
        first_file: dict[str, str] = {}
        for section in sections:
            for activity in section.activities:
                if not activity.id:
                    continue
                if activity.id in first_file:
                    self._reader(section.file).problem(
                        "bron-id-dubbel", activity.id, activity.line, value=activity.id,
                        other=first_file[activity.id])
                else:
                    first_file[activity.id] = section.file

    def _check_references(self, sections: tuple[Section, ...]) -> None:
        keys = {section.key for section in sections}
        for section in sections:
            fields = self._reader(section.file)
            for activity in section.activities:
                if activity.verwijzing and activity.verwijzing not in keys:
                    fields.problem("bron-verwijzing", activity.id, activity.line,
                                   value=activity.verwijzing)

    def _check_tab_names(self, sections: tuple[Section, ...],
                         tables: tuple[BudgetTable, ...]) -> None:
        """Every section and budget table needs a tab name Excel accepts and no other tab has."""
        taken: dict[str, str] = {}
        named = [(section.tab_name, section.file) for section in sections]
        named += [(table.tab_name, table.file) for table in tables]
        for name, file in named:
            reason = tab_name_problem(name, taken)
            if reason:
                self._reader(file).problem("bron-tabnaam", "tabnaam", value=_visible(name),
                                           reason=reason)
            taken.setdefault(name.lower(), file)

    # --- budget tables --------------------------------------------------------------------

    def _budget_table(self, key: str) -> BudgetTable | None:
        relative = f"begroting/{key}.yaml"
        fields = self._reader(relative)
        data = fields.mapping(self._read(relative), "", TABLE_FIELDS,
                              ("sleutel", "titel", "tabnaam", "eenheid", "kolommen", "posten"))
        if not data:
            return None
        unit = fields.text(data, "eenheid", "")
        if unit and unit not in BUDGET_UNITS:
            fields.problem("bron-eenheid", "eenheid", data.line, value=unit)
        columns = self._budget_columns(fields, data)
        keys = {column.key for column in columns}
        return BudgetTable(
            key=fields.text(data, "sleutel", ""), title=fields.text(data, "titel", ""),
            tab_name=fields.text(data, "tabnaam", ""), source=fields.text(data, "bron", ""),
            unit=unit, columns=columns,
            posts=tuple(self._budget_post(fields, raw, index, keys)
                        for index, raw in enumerate(fields.entries(data, "posten", ""), start=1)
                        if isinstance(raw, dict)),
            totals=tuple(self._stated_total(fields, raw, keys)
                         for raw in fields.entries(data, "totalen", "")
                         if fields.mapping(raw, "totalen", ("label", "kolommen", "waarde", "groep"),
                                           ("label", "kolommen", "waarde"))),
            claims=tuple(TextClaim(fields.text(raw, "tekst", "vermeldingen"),
                                   fields.number(raw.get("waarde"), "waarde", "vermeldingen",
                                                 raw.line) or 0.0,
                                   fields.text(raw, "vergelijk", "vermeldingen"))
                         for raw in fields.entries(data, "vermeldingen", "")
                         if fields.mapping(raw, "vermeldingen", ("tekst", "waarde", "vergelijk"),
                                           ("tekst", "waarde", "vergelijk"))),
            file=relative,
        )

    @staticmethod
    def _budget_columns(fields: FieldReader, data: LineDict) -> tuple[BudgetColumn, ...]:
        columns: list[BudgetColumn] = []
        for raw in fields.entries(data, "kolommen", ""):
            column = fields.mapping(raw, "kolommen", ("sleutel", "kop", "jaar"),
                                    ("sleutel", "kop", "jaar"))
            if not column:
                continue
            key = fields.text(column, "sleutel", "kolommen")
            if key in {existing.key for existing in columns}:
                fields.problem("bron-kolom-dubbel", "kolommen", column.line, value=key)
            columns.append(BudgetColumn(key, fields.text(column, "kop", "kolommen"),
                                        fields.year(column, "jaar", "kolommen")))
        return tuple(columns)

    @staticmethod
    def _budget_post(fields: FieldReader, raw: object, index: int, keys: set[str]) -> BudgetPost:
        entry = f"post {index}"
        data = fields.mapping(raw, entry, POST_FIELDS, ("omschrijving",))
        amounts = {}
        for key, value in (data.get("bedragen") or {}).items():
            if str(key) not in keys:
                fields.problem("bron-kolom-onbekend", entry, data.line, value=key)
            amounts[str(key)] = fields.number(value, f"bedragen.{key}", entry, data.line)
        corrections = {}
        for key, value in (data.get("correcties") or {}).items():
            correction = fields.mapping(value, entry, ("waarde", "toelichting"),
                                        ("waarde", "toelichting"))
            if str(key) not in keys:
                fields.problem("bron-kolom-onbekend", entry, data.line, value=key)
            if correction:
                corrections[str(key)] = Correction(
                    fields.number(correction.get("waarde"), "correcties.waarde", entry,
                                  correction.line) or 0.0,
                    fields.text(correction, "toelichting", entry))
        return BudgetPost(
            description=fields.text(data, "omschrijving", entry), amounts=amounts,
            group=fields.text(data, "groep", entry),
            verdeling=fields.text(data, "verdeling", entry),
            remark=fields.text(data, "opmerking", entry), corrections=corrections, line=data.line)

    @staticmethod
    def _stated_total(fields: FieldReader, raw: LineDict, keys: set[str]) -> StatedTotal:
        columns = fields.text_list(raw, "kolommen", "totalen")
        for key in columns:
            if key not in keys:
                fields.problem("bron-kolom-onbekend", "totalen", raw.line, value=key)
        return StatedTotal(fields.text(raw, "label", "totalen"), columns,
                           fields.number(raw.get("waarde"), "waarde", "totalen", raw.line) or 0.0,
                           fields.text(raw, "groep", "totalen"))

    # --- the programme's own status vocabulary ---------------------------------------------

    def _statuses(self) -> tuple[Status, ...]:
        """Read ``statussen.yaml`` when the programme has one (else the template default)."""
        relative = "statussen.yaml"
        if not (self.folder / relative).is_file():
            return ()
        fields = self._reader(relative)
        data = fields.mapping(self._read(relative), "", ("statussen",), ("statussen",))
        statuses = [status for index, raw in enumerate(fields.entries(data, "statussen", ""),
                                                       start=1)
                    if (status := _status(fields, raw, index))]
        for problem in vocabulary_problems(statuses):
            fields.problem("bron-statussen", "statussen", getattr(data, "line", 0),
                           reason=problem)
        return tuple(statuses)

    # --- abbreviations --------------------------------------------------------------------

    def _abbreviations(self) -> tuple[Abbreviation, ...]:
        relative = "afkortingen.yaml"
        if not (self.folder / relative).is_file():
            return ()
        fields = self._reader(relative)
        data = self._read(relative) or []
        if not isinstance(data, list):
            fields.problem("bron-geen-lijst", "", field="afkortingen")
            return ()
        result = []
        for index, raw in enumerate(data, start=1):
            entry = fields.mapping(raw, f"afkorting {index}", ("afkorting", "betekenis"),
                                   ("afkorting", "betekenis"))
            if entry:
                result.append(Abbreviation(fields.text(entry, "afkorting", ""),
                                           fields.text(entry, "betekenis", "")))
        return tuple(result)


def ranked_sections(sections: list[Section]) -> tuple[Section, ...]:
    """Number the prioriteiten 1, 2, … in tab order ("Prioriteit 2"), whatever their keys."""
    ranked, rank = [], 0
    for section in sections:
        rank += section.kind == "prioriteit"
        ranked.append(replace(section, rank=rank) if section.kind == "prioriteit" else section)
    return tuple(ranked)


def _visible(text: str) -> str:
    """``text`` with control characters written out (``\\n``), so a message stays one line."""
    return "".join(repr(character)[1:-1] if unicodedata.category(character) == "Cc"
                   else character for character in text)


def tab_name_problem(name: str, taken: dict[str, str] | set[str]) -> str:
    """Return why ``name`` cannot be a tab name ('' when it can).

    Args:
        name: the tab name a section or budget table asks for.
        taken: the names (lower case) already given out; as a dict, with where each was taken
            (the file), which the message then names.
    """
    reason = _excel_tab_rule(name)
    if reason:
        return reason
    if contract.is_reserved_sheet_name(name):
        return ("is de naam van een tabblad dat uvp-excel of Excel zelf gebruikt ("
                + ", ".join(f"{reserved}…" if reserved in contract.RESERVED_SHEET_PREFIXES
                            else reserved for reserved in contract.RESERVED_SHEET_NAMES) + ")")
    if name.lower() in taken:
        where = f" in {taken[name.lower()]}" if isinstance(taken, dict) else ""
        return (f"komt al voor{where} (Excel maakt geen verschil tussen hoofd- en kleine "
                "letters)")
    return ""


def _excel_tab_rule(name: str) -> str:
    """Return which of Excel's rules for tab names ``name`` breaks ('' when none)."""
    if not name:
        return "is leeg"
    length = contract.excel_length(name)
    if length > contract.MAX_SHEET_NAME:
        return f"is langer dan {contract.MAX_SHEET_NAME} tekens ({length})"
    if contract.FORBIDDEN_SHEET_CHARACTERS & set(name) or name[0] == "'" or name[-1] == "'":
        return "bevat een teken dat Excel niet toestaat ([ ] : * ? / \\ of ' aan begin of eind)"
    if any(unicodedata.category(character) == "Cc" for character in name):
        return "bevat een stuurteken (zoals een regeleinde of tab)"
    return ""


def _status(fields: FieldReader, raw: object, index: int) -> Status | None:
    entry = f"status {index}"
    data = fields.mapping(raw, entry, STATUS_FIELDS, ("naam", "kleur", "tekstkleur"))
    if data is None:
        return None
    line = getattr(data, "line", 0)
    colours = [fields.text(data, key, entry) for key in ("kleur", "tekstkleur")]
    for key, colour in zip(("kleur", "tekstkleur"), colours, strict=True):
        if colour and not COLOUR_PATTERN.match(colour):
            fields.problem("bron-veld-type", entry, line, field=key,
                           expected="een kleur als #RRGGBB", value=colour)
    flags = []
    for key in ("toelichting_nodig", "klaar"):
        value = data.get(key, False)
        if not isinstance(value, bool):
            fields.problem("bron-veld-type", entry, line, field=key,
                           expected="true of false", value=value)
        flags.append(value is True)
    return Status(fields.text(data, "naam", entry), colours[0], colours[1], flags[0], flags[1],
                  fields.text(data, "betekenis", entry),
                  fields.text_list(data, "synoniemen", entry))


def vocabulary_problems(statuses: list[Status]) -> list[str]:
    """Return why a status list cannot serve a workbook (empty when it can)."""
    if not statuses:
        return ["de lijst is leeg"]
    problems = []
    seen: dict[str, str] = {}
    for status in statuses:
        if '"' in status.name or "," in status.name:
            problems.append(f"status '{status.name}' bevat een aanhalingsteken of komma; die "
                            "passen niet in een keuzelijst of formule van Excel")
        for word in (status.name, *status.synonyms):
            key = " ".join(word.lower().split())
            if key in seen and seen[key] != status.name:
                problems.append(f"'{word}' hoort bij zowel '{seen[key]}' als '{status.name}'")
            elif key in seen and word == status.name:
                problems.append(f"status '{word}' staat twee keer in de lijst")
            seen[key] = status.name
    if not any(status.is_final and not status.needs_explanation for status in statuses):
        problems.append("geen enkele status is 'klaar' zonder dat hij een toelichting vraagt; "
                        "de rapportage heeft zo'n status nodig om 'afgerond' te tellen")
    return problems
