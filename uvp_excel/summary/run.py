"""``uvp-excel summary``: read stands or returns, compute the summary, write it in one format."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO

from uvp_excel.errors import CommandUsageError, UvpError
from uvp_excel.output import atomic_output, programme_inputs
from uvp_excel.source.model import Programme
from uvp_excel.summary.compute import compute_summary, load_points
from uvp_excel.summary.model import Summary
from uvp_excel.summary.render import render_csv, render_html, render_json, render_markdown

TEXT_RENDERERS = {"html": render_html, "md": render_markdown, "json": render_json}


def parse_peildatum(text: str | None) -> date | None:
    """Read ``--peildatum JJJJ-MM-DD``.

    Raises:
        CommandUsageError: not a date.
    """
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandUsageError(f"--peildatum '{text}' is geen datum; schrijf JJJJ-MM-DD, "
                                "bijvoorbeeld 2024-09-30") from None


def summarise(paths: list[Path], programme: Programme, peildatum: date | None) -> Summary:
    """Read the inputs and compute the summary.

    Raises:
        UvpError: no stand or return could be read (the findings say why).
    """
    points, findings = load_points(paths, programme)
    if not points:
        reasons = "; ".join(str(finding) for finding in findings) or "geen bestanden"
        raise UvpError(f"geen stand of ingevulde werkmap kunnen lezen: {reasons}")
    summary = compute_summary(programme, points, peildatum, findings)
    summary.sources = [*paths, *programme_inputs(programme)]  # never to be written over
    return summary


def default_summary_path(programme: Programme, summary: Summary, file_format: str) -> Path:
    """``uvp-heiloo-2024-2025-voortgang-Q3-2024.html`` in the current folder."""
    quarter = summary.quarter.replace(" ", "-") or "onbekend"
    return Path.cwd() / f"{programme.short_name}-voortgang-{quarter}.{file_format}"


FORMATS = ("html", "md", "csv", "json", "xlsx")


def write_summary(summary: Summary, target: Path, file_format: str, force: bool) -> None:
    """Write the summary atomically in ``file_format``, never over one of its sources."""
    with atomic_output(target, force, summary.sources) as temporary:
        write_summary_to(summary, temporary, file_format)


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
