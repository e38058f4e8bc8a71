"""``uvp-excel summary``: read stands or returns, compute the summary, write it in one format."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO

from uvp_excel.errors import OPTION, ParameterError, UvpError
from uvp_excel.findings import Finding, make_finding
from uvp_excel.merging.resolve import shown
from uvp_excel.output import programme_inputs
from uvp_excel.source.model import Programme
from uvp_excel.summary.compute import compute_summary
from uvp_excel.summary.model import Summary
from uvp_excel.summary.points import load_points
from uvp_excel.summary.render import render_csv, render_html, render_json, render_markdown

TEXT_RENDERERS = {"html": render_html, "md": render_markdown, "json": render_json}


def parse_peildatum(text: str | None) -> date | None:
    """Read the peildatum as the workbook reads a date: ``30-09-2024``, ``30-9-24`` (20xx),
    ``30/09/2024``, ``2024-09-30`` or ``30 september 2024``.

    Raises:
        ParameterError: not a date.
    """
    if not text:
        return None
    from uvp_excel.returns.normalise import parse_text_date  # noqa: PLC0415

    day = parse_text_date(text)
    if day is None:
        raise ParameterError("peildatum", f"{OPTION} '{text}' is geen datum; schrijf "
                             "bijvoorbeeld 30-09-2024 of 2024-09-30")
    return day


def summarise(paths: list[Path | BinaryIO], programme: Programme, peildatum: date | None,
              base_path: Path | BinaryIO | None = None) -> Summary:
    """Read the inputs and compute the summary.

    Args:
        paths: stands, returns, folders and file objects; returns are merged on the latest
            stand.
        programme: the programme.
        peildatum: the reference date (default: the end of the latest stand's quarter).
        base_path: ``--base``: merge the returns on this stand instead.

    Raises:
        UvpError: no stand or return could be read (the findings say why).
    """
    points, findings = load_points(paths, programme, base_path)
    if not points:
        reasons = "; ".join(str(finding) for finding in findings) or "geen bestanden"
        raise UvpError(f"geen stand of ingevulde werkmap kunnen lezen: {reasons}")
    # Conflicts are a list of their own in the summary; their findings would say it twice.
    findings = [finding for finding in findings if finding.kind != "merge-conflict"]
    summary = compute_summary(programme, points, peildatum, findings)
    summary.sources = [*paths, base_path, *programme_inputs(programme)]  # never written over
    return summary


def conflict_lines(summary: Summary) -> list[Finding]:
    """One line per open conflict of the summarised stand, as merge prints them."""
    return [make_finding("merge-conflict", id=row.id, field=row.field, base=shown(row.kept),
                         proposals="; ".join(f"{shown(value)} in {', '.join(sources)}"
                                             for value, sources in row.proposals))
            for row in summary.lists["conflicten"]]


def default_summary_path(programme: Programme, summary: Summary, file_format: str) -> Path:
    """``uvp-heiloo-2024-2025-voortgang-Q3-2024.html`` in the current folder."""
    quarter = summary.quarter.replace(" ", "-") or "onbekend"
    return Path.cwd() / f"{programme.short_name}-voortgang-{quarter}.{file_format}"


FORMATS = ("html", "md", "csv", "json", "xlsx")


def write_summary_to(summary: Summary, target: Path | BinaryIO, file_format: str) -> None:
    """Write the summary in ``file_format`` to a path or a binary file object."""
    if file_format == "xlsx":
        from uvp_excel.summary.xlsx import write_summary_xlsx  # noqa: PLC0415

        write_summary_xlsx(str(target) if isinstance(target, Path) else target, summary)
        return
    if file_format == "csv":
        data = render_csv(summary).encode("utf-8-sig")
    else:
        data = TEXT_RENDERERS[file_format](summary).encode("utf-8")
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)
