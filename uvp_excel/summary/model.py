"""The progress summary, computed once and rendered by every format.

*Peildatum* (reference date): the date against which "behind schedule" is judged. An activity is
*achter op schema* when its planned end — the chosen *Kwartaal*, else the end parsed from the
document's *Planning* — lies before the peildatum and its status is not final (Afgerond,
Vervallen). Recurring and conditional work (doorlopend, indien nodig, jaarlijks, …) is never behind
schedule; it is listed as recurring. Planning text that cannot be read is listed, not guessed.

The JSON form (:meth:`Summary.to_dict`) is a stable shape for other tools::

    {"programma": {...}, "peildatum": "2024-09-30", "kwartaal": "Q3 2024",
     "statussen": [...], "totaal": Telling, "per_sectie": [Telling], "per_regie": [Telling],
     "lijsten": {"conflicten": [Conflict],
                 "achter_op_schema": [Rij], "vertraagd": [Rij], "vervallen": [Rij],
                 "afgerond_sinds_vorige_stand": [Rij], "zonder_update": [Rij],
                 "terugkerend": [Rij], "planning_onleesbaar": [Rij]},
     "trend": {"kwartalen": [{"kwartaal", "aantallen": {status: n}, "geen_status"}],
               "veranderd": [{"id", "van", "naar"}]},
     "meldingen": [Finding]}

A *Telling* has ``sleutel``, ``naam``, ``activiteiten``, ``verwijzingen``, ``per_status``
(status → count), ``geen_status``, ``aandeel_afgerond`` (0–1), ``achter_op_schema`` and
``zonder_update``. A *Rij* has ``id``, ``sectie``, ``tabblad``, ``maatregel``, ``regie``,
``planning``, ``status``, ``kwartaal``, ``toelichting``, ``gepland_einde`` and ``ingevuld_door``.
A *Conflict* (an open conflict of the stand's merge: the stand keeps the value it started from)
has ``id``, ``sectie``, ``tabblad``, ``maatregel``, ``regie``, ``veld``, ``stand_houdt`` and
``voorstellen``: a list of ``{"waarde", "bronnen"}``, each source written ``bestand › tabblad ›
cel``.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, BinaryIO

from uvp_excel.findings import ERROR


@dataclass
class Count:
    """Counts for one section, one regie or the whole programme."""

    key: str
    name: str
    activities: int = 0
    references: int = 0
    per_status: dict[str, int] = field(default_factory=dict)
    no_status: int = 0
    behind: int = 0
    no_update: int = 0
    finished_status: str = "Afgerond"

    @property
    def share_finished(self) -> float:
        """Share of activities with the finished status (0 when there are none)."""
        return self.per_status.get(self.finished_status, 0) / self.activities \
            if self.activities else 0.0

    def to_dict(self) -> dict:
        """The JSON shape of a Telling."""
        return {"sleutel": self.key, "naam": self.name, "activiteiten": self.activities,
                "verwijzingen": self.references, "per_status": dict(self.per_status),
                "geen_status": self.no_status,
                "aandeel_afgerond": round(self.share_finished, 4),
                "achter_op_schema": self.behind, "zonder_update": self.no_update}


@dataclass(frozen=True)
class Row:
    """One activity in a list of the summary."""

    id: str
    section: str
    tab: str
    maatregel: str
    regie: str
    planning: str
    status: str
    kwartaal: str
    toelichting: str
    planned_end: str
    filled_by: str

    def to_dict(self) -> dict:
        """The JSON shape of a Rij."""
        data = asdict(self)
        return {"id": data["id"], "sectie": data["section"], "tabblad": data["tab"],
                "maatregel": data["maatregel"], "regie": data["regie"],
                "planning": data["planning"], "status": data["status"],
                "kwartaal": data["kwartaal"], "toelichting": data["toelichting"],
                "gepland_einde": data["planned_end"], "ingevuld_door": data["filled_by"]}


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict in the summary: the field, what the stand keeps, each proposal."""

    id: str
    section: str
    tab: str
    maatregel: str
    regie: str
    field: str
    kept: str
    proposals: tuple[tuple[str, tuple[str, ...]], ...]

    def to_dict(self) -> dict:
        """The JSON shape of a Conflict."""
        return {"id": self.id, "sectie": self.section, "tabblad": self.tab,
                "maatregel": self.maatregel, "regie": self.regie, "veld": self.field,
                "stand_houdt": self.kept,
                "voorstellen": [{"waarde": value, "bronnen": list(sources)}
                                for value, sources in self.proposals]}


LIST_TITLES = {
    "conflicten": "Open conflicten (de stand houdt de waarde van vóór de samenvoeging)",
    "achter_op_schema": "Achter op schema",
    "vertraagd": "Vertraagd",
    "vervallen": "Vervallen",
    "afgerond_sinds_vorige_stand": "Afgerond sinds de vorige stand",
    "zonder_update": "Zonder enige update",
    "terugkerend": "Terugkerend, voorwaardelijk of doorlopend werk (nooit achter op schema)",
    "planning_onleesbaar": "Zonder leesbare planning of kwartaal (niet geraden)",
}
"""Every list of the summary in report order, with the titles of the default vocabulary.

The keys are the JSON shape; the titles of the lists about a status (:data:`STATUS_LISTS`) are
made from the programme's own status names by :func:`list_title`.
"""

STATUS_LISTS = ("vertraagd", "vervallen", "afgerond_sinds_vorige_stand")
# Titles for a vocabulary without a status of that kind (the list then stays empty).
NO_STATUS_TITLES = {"vertraagd": "Lopend, met verplichte toelichting",
                    "vervallen": "Gestopt, met verplichte toelichting",
                    "afgerond_sinds_vorige_stand": "Afgerond sinds de vorige stand"}


def either(names: list[str]) -> str:
    """The names as one Dutch alternative: ``Loopt achter``, ``A of B``, ``A, B of C``."""
    return " of ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def list_title(key: str, statuses: list[str]) -> str:
    """The title of list ``key``; a list about a status is named with ``statuses``.

    Args:
        key: the list's JSON key (``vertraagd``, ``zonder_update``, …).
        statuses: the programme's statuses that put an activity on the list (empty for the
            lists that are not about a status).
    """
    if key not in STATUS_LISTS:
        return LIST_TITLES[key]
    if not statuses:
        return NO_STATUS_TITLES[key]
    if key == "afgerond_sinds_vorige_stand":
        return f"{either(statuses)} sinds de vorige stand"
    return either(statuses)


def as_label(title: str) -> str:
    """A title as a word in running text: ``Vertraagd`` → ``vertraagd``, ``OM-zaak`` stays."""
    return " ".join(word[:1].lower() + word[1:] if word[1:2].islower() or len(word) == 1
                    else word for word in title.split(" "))


@dataclass
class TrendPoint:
    """Status counts of one stand."""

    quarter: str
    per_status: dict[str, int]
    no_status: int


@dataclass
class Summary:
    """Everything the progress summary reports."""

    programme: dict
    peildatum: date
    quarter: str
    statuses: list[str]
    total: Count
    per_section: list[Count]
    per_regie: list[Count]
    lists: dict[str, list]
    trend: list[TrendPoint] = field(default_factory=list)
    changed: list[tuple[str, str, str]] = field(default_factory=list)
    findings: list = field(default_factory=list)
    # Fill colour per status, in dropdown order (the programme's own vocabulary or the default).
    status_colours: dict[str, str] = field(default_factory=dict)
    # The statuses that close an activity ("Afgerond", "Vervallen"), for the report's texts.
    final_statuses: list[str] = field(default_factory=list)
    # Per list about a status (STATUS_LISTS): the programme's statuses that put a row on it.
    list_statuses: dict[str, list[str]] = field(default_factory=dict)
    # The stands and returns it was made from (set by the public API), never to be overwritten.
    sources: list = field(default_factory=list)

    @property
    def list_titles(self) -> dict[str, str]:
        """The title of every list, in report order, in the programme's own status words."""
        return {key: list_title(key, self.list_statuses.get(key, [])) for key in LIST_TITLES}

    @property
    def clean(self) -> bool:
        """True when no input had errors and the stand has no open conflicts."""
        return not self.lists.get("conflicten") and \
            not any(finding.severity == ERROR for finding in self.findings)

    def write(self, target: str | os.PathLike[str] | BinaryIO, *,
              file_format: str | None = None,
              force: bool = False) -> str:
        """Write the summary to a path (atomically) or a binary file object.

        Args:
            target: where to write.
            file_format: ``html``, ``md``, ``csv``, ``json`` or ``xlsx``; default from the suffix
                of ``target`` (html for a file object without a name).
            force: overwrite an existing file.

        Returns:
            The format written.

        Raises:
            ParameterError: unknown format, or ``target`` is one of the inputs.
            OutputExistsError: ``target`` exists and ``force`` is false.
        """
        from uvp_excel.output import chosen_format, write_to  # noqa: PLC0415
        from uvp_excel.summary.run import FORMATS, write_summary_to  # noqa: PLC0415

        chosen = chosen_format(target, file_format, FORMATS, "html")
        write_to(target, force, self.sources,
                 lambda temporary: write_summary_to(self, temporary, chosen))
        return chosen

    def to_dataframe(self) -> Any:  # a pandas DataFrame; pandas is an optional extra
        """The counts per section, per regie and in total as a pandas DataFrame."""
        from uvp_excel.frames import summary_frame  # noqa: PLC0415

        return summary_frame(self)

    def to_dict(self) -> dict:
        """The summary as plain data (the documented JSON shape)."""
        return {
            "programma": self.programme,
            "peildatum": self.peildatum.isoformat(),
            "kwartaal": self.quarter,
            "statussen": self.statuses,
            "totaal": self.total.to_dict(),
            "per_sectie": [count.to_dict() for count in self.per_section],
            "per_regie": [count.to_dict() for count in self.per_regie],
            "lijsten": {key: [row.to_dict() for row in rows] for key, rows in self.lists.items()},
            "trend": {"kwartalen": [{"kwartaal": point.quarter, "aantallen": point.per_status,
                                     "geen_status": point.no_status} for point in self.trend],
                      "veranderd": [{"id": activity_id, "van": old, "naar": new}
                                    for activity_id, old, new in self.changed]},
            "meldingen": [finding.to_dict() for finding in self.findings],
        }
