"""The programme as typed, immutable data.

Domain words (Dutch, as the users say them):
- *programma*: one uitvoeringsprogramma (UVP) of one gemeente;
- *sectie*: a prioriteit (P1–P4), the strategisch thema (S1) or a bijlage (A–F), one tab each;
- *maatregel* / activiteit: one row of a section's table, identified by a stable ``id``;
- *regie*: the team(s) leading an activity; *verwijzing*: a row that only points to another section;
- *begroting*: the financial and staffing tables of sections 6.2 and 6.4.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from uvp_excel.source.planning import Planning, parse_planning

# The kinds of section (``soort``) and the units of a budget table a programme may use: what the
# programme folder's loader and the programme workbook's dropdowns and reader accept.
SECTION_KINDS = ("prioriteit", "strategisch thema", "bijlage")
BUDGET_UNITS = ("euro", "fte")

@dataclass(frozen=True)
class Activity:
    """One row of a section table."""

    id: str
    section_key: str
    maatregel: str
    thema: str = ""
    item: str = ""
    regie: tuple[str, ...] = ()
    stakeholders: tuple[str, ...] = ()
    planning_text: str = ""
    verwijzing: str = ""
    line: int = 0

    @property
    def is_reference(self) -> bool:
        """True for rows that only say "Zie prioriteit …"."""
        return bool(self.verwijzing)

    @property
    def regie_text(self) -> str:
        """The regie as the document writes it ("OOV en Samenleven")."""
        return " en ".join(self.regie)

    @property
    def stakeholders_text(self) -> str:
        """The stakeholders joined as in the document."""
        return ", ".join(self.stakeholders)

    @property
    def planning(self) -> Planning:
        """The planning text parsed into start, end and recurrence."""
        return parse_planning(self.planning_text)


@dataclass(frozen=True)
class Section:
    """A prioriteit, the strategisch thema or a bijlage: one activity tab."""

    key: str
    kind: str
    number: str
    title: str
    tab_name: str
    activities: tuple[Activity, ...]
    intro: str = ""
    doelstelling_kind: str = ""
    doelstelling: str = ""
    veiligheidsvelden: tuple[str, ...] = ()
    file: str = ""
    # The place of a prioriteit among the programme's prioriteiten (1, 2, …); 0 for other kinds.
    rank: int = 0

    @property
    def heading(self) -> str:
        """Return the heading as the document numbers it ("2.1 Ondermijnende criminaliteit")."""
        if self.kind == "bijlage":
            return f"Bijlage {self.number}: {self.title}"
        if self.kind == "prioriteit":
            rank = f" {self.rank}" if self.rank else ""
            return f"{self.number} Prioriteit{rank}: {self.title}"
        return f"{self.number} Strategisch thema: {self.title}"

    @property
    def own_activities(self) -> tuple[Activity, ...]:
        """Activities that are not mere references to another section."""
        return tuple(activity for activity in self.activities if not activity.is_reference)


@dataclass(frozen=True)
class BudgetColumn:
    """One numeric column of a financial table."""

    key: str
    header: str
    year: int


@dataclass(frozen=True)
class Correction:
    """A value the document evidently meant, kept beside what it printed."""

    value: float
    note: str


@dataclass(frozen=True)
class BudgetPost:
    """One row of a financial table; ``amounts`` holds what the document prints."""

    description: str
    amounts: Mapping[str, float | None]
    group: str = ""
    verdeling: str = ""
    remark: str = ""
    corrections: dict[str, Correction] = field(default_factory=dict)
    line: int = 0

    def amount(self, column_key: str, corrected: bool = True) -> float | None:
        """Return the amount in a column, corrected where the data carries a correction."""
        if corrected and column_key in self.corrections:
            return self.corrections[column_key].value
        return self.amounts.get(column_key)


@dataclass(frozen=True)
class StatedTotal:
    """A total as the document states it, over some columns (and optionally one group)."""

    label: str
    columns: tuple[str, ...]
    value: float
    group: str = ""


@dataclass(frozen=True)
class TextClaim:
    """A number the running text states about a table ("in totaal 10,87 fte")."""

    text: str
    value: float
    compare_with: str


@dataclass(frozen=True)
class BudgetTable:
    """A financial or staffing table of section 6.2/6.4."""

    key: str
    title: str
    tab_name: str
    source: str
    unit: str
    columns: tuple[BudgetColumn, ...]
    posts: tuple[BudgetPost, ...]
    totals: tuple[StatedTotal, ...] = ()
    claims: tuple[TextClaim, ...] = ()
    file: str = ""

    def computed_total(self, total: StatedTotal, corrected: bool = True) -> float:
        """Return the sum the stated ``total`` should equal."""
        posts = [post for post in self.posts if not total.group or post.group == total.group]
        amounts = (post.amount(key, corrected) for post in posts for key in total.columns)
        return round(sum(amount for amount in amounts if amount is not None), 2)


@dataclass(frozen=True)
class BudgetAmount:
    """One amount of a financial table in long format (a row of a pivot-table source)."""

    table: str
    group: str
    post: str
    verdeling: str
    column: str
    year: int
    amount: float
    unit: str

    def texts(self) -> tuple[str, str, str, str, str]:
        """The five text columns: table, group, post, verdeling, column."""
        return (self.table, self.group, self.post, self.verdeling, self.column)


@dataclass(frozen=True)
class Abbreviation:
    """One entry of bijlage G."""

    abbreviation: str
    meaning: str


@dataclass(frozen=True)
class Status:
    """One value of the status dropdown, with how it is shown and judged."""

    name: str
    fill: str
    font: str
    needs_explanation: bool
    is_final: bool
    meaning: str = ""
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    """A whole uitvoeringsprogramma as loaded from a source folder."""

    gemeente: str
    title: str
    short_name: str
    first_year: int
    last_year: int
    ivb_first_year: int
    ivb_last_year: int
    version: str
    version_date: date | None
    sections: tuple[Section, ...]
    budget_tables: tuple[BudgetTable, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()
    ivb: str = ""
    source_dir: Path | None = None
    # The programme's own status vocabulary; empty means the default of templates/werkmap.yaml.
    statuses: tuple[Status, ...] = ()

    @property
    def identity(self) -> str:
        """The stable identity a returned workbook is matched by."""
        return self.short_name

    def activities(self) -> Iterator[Activity]:
        """Yield every activity of every section in tab order."""
        for section in self.sections:
            yield from section.activities

    def budget_amounts(self) -> Iterator[BudgetAmount]:
        """Yield every amount of every financial table in long format, corrections applied."""
        for table in self.budget_tables:
            for post in table.posts:
                for column in table.columns:
                    amount = post.amount(column.key)
                    if amount is not None:
                        yield BudgetAmount(table.title, post.group, post.description,
                                           post.verdeling, column.header, column.year, amount,
                                           table.unit)

    def section(self, key: str) -> Section:
        """Return the section with ``key``."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

