"""What the cockpit's pages show, gathered from the steps as plain data for the templates."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from werkzeug.datastructures import FileStorage

import uvp_excel as uvp
from uvp_excel.cockpit.steps import WHOLE_WORKBOOK, Cockpit, HandOut, Outcome, Receipt
from uvp_excel.cockpit.workfolder import Quarter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOG = logging.getLogger("uvp_excel.cockpit")
# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): typed into a cell or a
# file name, they turn the rest of a line around in the browser.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


STAND_NOTE = ("let op: dit is een stand (gemaakt bij het samenvoegen), geen ingevulde werkmap: "
              "er is niets in veranderd, dus hij telt bij het samenvoegen niet mee. De cockpit "
              "neemt de stand van het vorige kwartaal zelf als basis.")
FILLED_STAND_NOTE = ("let op: dit is een stand (gemaakt bij het samenvoegen) waarin iemand iets "
                     "heeft ingevuld: wat daarin veranderd is, telt mee als een ingevulde "
                     "werkmap.")


def file_notes(outcome: Outcome, quarter: Quarter) -> list[str]:
    """What the cockpit adds to a return's own lines: it is a stand, or of another quarter."""
    if outcome.kind == "stand":
        return [STAND_NOTE if outcome.status.startswith("overgeslagen") else FILLED_STAND_NOTE]
    if outcome.quarter and outcome.quarter != quarter.label:
        return [f"let op: uitgedeeld voor {outcome.quarter}, niet voor {quarter.label}. Hoort "
                "deze werkmap bij een ander kwartaal? Zet hem dan apart en upload hem daar."]
    return []


def shown(value: Any) -> Any:
    """Every value a template prints, with direction controls made visible as U+FFFD."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return DIRECTION_CONTROLS.sub("\ufffd", value)
    return value


def count_text(number: int, singular: str, plural: str) -> str:
    """``1 bestand``, ``2 bestanden``."""
    return f"{number} {singular if number == 1 else plural}"


def euro(value: float | None, unit: str = "euro") -> str:
    """``€ 141.800`` (or ``8,87`` for fte), the Dutch way; empty for no amount."""
    if value is None:
        return ""
    if unit == "fte":
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    whole = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return "€ " + (whole[:-3] if whole.endswith(",00") else whole)


def field_label(name: str) -> str:
    """``ingevuld_door`` → ``Ingevuld door``: the column header staff see in the workbook."""
    return name.replace("_", " ").capitalize()


@dataclass
class Team:
    """One line of "who has returned": a regie, its handed-out file and the returns from it."""

    regie: str
    file: str = ""
    activities: int = 0
    returns: list[str] = field(default_factory=list)


@dataclass
class Step:
    """One step of the quarter on the Start page."""

    title: str
    endpoint: str
    done: bool
    text: str


@dataclass
class QuarterState:
    """Everything the pages of one quarter show."""

    quarter: Quarter
    handout: HandOut | None
    outcomes: list[Outcome]
    teams: list[Team]
    merge: dict[str, Any] | None
    stand: Path | None
    base: Path | None
    steps: list[Step] = field(default_factory=list)

    @property
    def files_with_errors(self) -> int:
        """How many returns have at least one error."""
        return sum(1 for outcome in self.outcomes if outcome.errors)

    @property
    def missing_teams(self) -> list[Team]:
        """The teams that were handed a file and have not returned it yet."""
        return [team for team in self.teams if team.file and not team.returns]


def quarter_state(cockpit: Cockpit, quarter: Quarter) -> QuarterState:
    """Gather the state of ``quarter`` from its folder."""
    handout = cockpit.handout(quarter)
    # Files with errors first: they are what the AOV has to act on.
    outcomes = sorted(cockpit.outcomes(quarter), key=lambda outcome: not outcome.errors)
    stand = cockpit.work.stand(quarter)
    state = QuarterState(quarter, handout, outcomes, _teams(handout, outcomes),
                         cockpit.last_merge(quarter), stand if stand.is_file() else None,
                         cockpit.previous_stand(quarter))
    state.steps = _steps(state)
    return state


def _teams(handout: HandOut | None, outcomes: list[Outcome]) -> list[Team]:
    teams = {item["regie"]: Team(item["regie"], item["bestand"], item["activiteiten"])
             for item in (handout.files if handout else [])}
    for outcome in outcomes:
        regie = outcome.regie or (WHOLE_WORKBOOK if outcome.status == "gelezen" else "")
        if not regie or outcome.kind == "stand":
            continue  # unreadable, or nobody's return: it shows in the file list with why
        teams.setdefault(regie, Team(regie)).returns.append(outcome.name)
    return list(teams.values())


def _steps(state: QuarterState) -> list[Step]:
    handout, merge = state.handout, state.merge
    handed = (f"{count_text(len(handout.files), 'werkmap', 'werkmappen')} gemaakt op "
              f"{handout.made}" if handout else "nog niet gedaan")
    teams_total = len([team for team in state.teams if team.file])
    returned = (f"{count_text(len(state.outcomes), 'bestand', 'bestanden')} binnen"
                + (f", {teams_total - len(state.missing_teams)} van "
                   f"{count_text(teams_total, 'regieteam', 'regieteams')}"
                   if teams_total else "")
                + (f", {count_text(state.files_with_errors, 'bestand', 'bestanden')} met "
                   "fouten" if state.files_with_errors else ""))
    if merge:
        merged = f"stand gemaakt op {merge['gemaakt']}: {merge_line(merge)}"
        if merge.get("verouderd"):
            merged += f" — {merge['verouderd']}"
    else:
        merged = "nog geen stand"
    return [
        Step("Uitdelen", "handout", handout is not None, handed),
        Step("Retouren", "returns", bool(state.outcomes),
             returned if state.outcomes else "nog geen retouren"),
        Step("Samenvoegen", "merged", merge is not None and not merge.get("verouderd"),
             merged),
        Step("Voortgang", "progress", state.stand is not None,
             "de rapportage bij deze stand" if state.stand else "na het samenvoegen"),
    ]


def quarters_overview(cockpit: Cockpit) -> list[dict[str, Any]]:
    """Per quarter: does it have workbooks handed out, returns, a stand."""
    overview = []
    for quarter in cockpit.quarters:
        overview.append({"quarter": quarter, "uitgedeeld": cockpit.handout(quarter) is not None,
                         "retouren": len(cockpit.work.returns(quarter)),
                         "stand": cockpit.work.stand(quarter).is_file()})
    return overview


def merge_line(data: dict[str, Any]) -> str:
    """``3 bestanden, 12 wijzigingen, 1 conflict, 1 fout, 0 waarschuwingen``."""
    return (f"{count_text(len(data['bestanden']), 'bestand', 'bestanden')}, "
            f"{count_text(len(data['wijzigingen']), 'wijziging', 'wijzigingen')}, "
            f"{count_text(len(data['conflicten']), 'conflict', 'conflicten')}, "
            f"{count_text(data['fouten'], 'fout', 'fouten')}, "
            f"{count_text(data['waarschuwingen'], 'waarschuwing', 'waarschuwingen')}")


def take_in(cockpit: Cockpit, quarter: Quarter, uploads: list[FileStorage],
            max_files: int) -> list[dict[str, Any]]:
    """Store and validate uploaded files; one notice per file (a broken one costs only itself)."""
    chosen = [upload for upload in uploads if upload.filename]
    if not chosen:
        return [{"soort": "fout", "tekst": "Kies eerst één of meer bestanden."}]
    if len(chosen) > max_files:
        return [{"soort": "fout", "tekst": f"Te veel bestanden in één keer ({len(chosen)}); "
                                           f"ten hoogste {max_files}. Er is niets opgeslagen."}]
    notices = []
    for upload in chosen:
        data = upload.stream.read(uvp.MAX_FILE_BYTES + 1)
        try:
            receipt = cockpit.receive(quarter, upload.filename or "", data)
        except uvp.UvpError as error:
            notices.append({"soort": "fout", "tekst": f"{upload.filename}: {error}"})
            continue
        except Exception as error:  # one bad upload must not cost the others
            LOG.exception("upload %r", upload.filename)
            notices.append({"soort": "fout", "tekst": f"{upload.filename}: kon niet worden "
                            f"gecontroleerd (interne fout: {error.__class__.__name__})"})
            continue
        notices.append(_receipt_notice(receipt, quarter))
    return notices


def _receipt_notice(receipt: Receipt, quarter: Quarter) -> dict[str, Any]:
    outcome = receipt.outcome
    if outcome is None:
        return {"soort": "fout", "tekst": f"{receipt.upload_name}: {receipt.note}"}
    notes = file_notes(outcome, quarter)
    counts = (f"{count_text(outcome.errors, 'fout', 'fouten')}, "
              f"{count_text(outcome.warnings, 'waarschuwing', 'waarschuwingen')}")
    duplicate = receipt.note.startswith("hetzelfde bestand")
    text = f"{receipt.upload_name}: " + (receipt.note if duplicate else
                                         f"ontvangen en gecontroleerd — {counts}")
    if receipt.note and not duplicate:
        text += f" ({receipt.note})"
    kind = "fout" if outcome.errors else \
        "let-op" if receipt.note or outcome.warnings or notes else "goed"
    return {"soort": kind, "tekst": text, "bestand": outcome.name,
            "regels": [] if duplicate else [line["regel"] for line in outcome.lines] + notes}


def budget_tables(programme: uvp.Programme) -> list[dict[str, Any]]:
    """The financial tables as rows of Dutch text, with the check of the stated totals."""
    tables = []
    for table in programme.budget_tables:
        grouped = any(post.group for post in table.posts)
        rows = [{"groep": post.group, "post": post.description, "verdeling": post.verdeling,
                 "bedragen": [euro(post.amount(column.key), table.unit)
                              for column in table.columns],
                 "opmerking": post.remark} for post in table.posts]
        totals = []
        for total in table.totals:
            computed = table.computed_total(total)
            headers = {column.key: column.header for column in table.columns}
            totals.append({"label": total.label, "volgens": euro(total.value, table.unit),
                           "kolommen": ", ".join(headers.get(key, key) for key in total.columns)
                           + (f" ({total.group})" if total.group else ""),
                           "berekend": euro(computed, table.unit),
                           "klopt": abs(computed - total.value) < 0.005})
        tables.append({"title": table.title, "source": table.source, "unit": table.unit,
                       "grouped": grouped, "columns": [column.header for column in table.columns],
                       "rows": rows, "totals": totals})
    return tables
