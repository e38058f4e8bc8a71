"""The public Python API: the whole quarter in a few calls, for notebooks, the cockpit and tests.

Every command of the command line is a thin layer over one of these functions::

    import uvp_excel as uvp

    prog = uvp.load_programme()                            # the bundled Heiloo programme
    uvp.build(prog, "werkmap.xlsx", quarter="Q3 2024")
    files = uvp.split(prog, "uitdelen/", quarter="Q3 2024")
    report = uvp.validate(prog, ["ingevuld/"])
    result = uvp.merge(prog, ["ingevuld/"], base="stand-q2.xlsx")
    result.write("stand-q3.xlsx")
    summary = uvp.summarise(prog, ["stand-q2.xlsx", "stand-q3.xlsx"])
    summary.write("voortgang.html")
    uvp.budget(prog, "begroting.csv")

Inputs and outputs are paths or binary file objects (``io.BytesIO`` included). Problems in the
data are returned as findings (``report.findings``, ``result.findings``); what a caller did wrong,
or a file that cannot be written, is raised as a :class:`~uvp_excel.errors.UvpError` with a Dutch
message.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from uvp_excel.errors import OPTION, ParameterError
from uvp_excel.output import chosen_format, file_object, programme_inputs, write_to
from uvp_excel.resources import default_source_dir

if TYPE_CHECKING:
    from uvp_excel.check import CheckResult
    from uvp_excel.findings import Finding, Report
    from uvp_excel.inputs import RowInput
    from uvp_excel.merging.collect import Candidate
    from uvp_excel.merging.merge import MergeResult
    from uvp_excel.source.model import Programme
    from uvp_excel.source.planning import Quarter
    from uvp_excel.source.workbook_export import ExportResult
    from uvp_excel.source.workbook_import import ImportResult
    from uvp_excel.summary.model import Summary
    from uvp_excel.workbook.split import SplitFiles
    from uvp_excel.workbook.writer import BuildResult

PathLike = str | os.PathLike[str]
Source = PathLike | BinaryIO
"""A workbook to read: a path, or a binary file object (its ``name`` is used in messages)."""
Target = PathLike | BinaryIO
"""Where to write: a path (written atomically), or a binary file object."""


def load_programme(source: PathLike | None = None) -> Programme:
    """Load a programme folder.

    Args:
        source: the folder holding ``programma.yaml``; None for the bundled Heiloo programme.

    Returns:
        The programme, checked.

    Raises:
        FileError: the folder or a file in it cannot be read.
        SourceDataError: the data has problems; ``error.findings`` lists all of them.
    """
    from uvp_excel.source.loader import load_programme as load  # noqa: PLC0415

    return load(Path(source) if source is not None else default_source_dir())


def build(programme: Programme, output: Target, *, quarter: str | Quarter | None = None,
          base: Source | None = None, force: bool = False) -> BuildResult:
    """Write the workbook staff fill in.

    Args:
        programme: the programme (see :func:`load_programme`).
        output: the workbook to write.
        quarter: the reporting quarter (``"Q3 2024"``); default the current quarter, kept within
            the programme's range.
        base: a stand (or returned workbook) whose values pre-fill the input columns.
        force: overwrite an existing file.

    Returns:
        What was written: tab names, number of activities and references, and ``findings``
        about ``base`` (open conflicts, values typed into a stand by hand).

    Raises:
        ParameterError: ``quarter`` is not a quarter of the programme, or ``output`` is an input.
        OutputExistsError: ``output`` exists and ``force`` is false.
        FileError: ``base`` cannot be read, or ``output`` cannot be written.
    """
    _checked(programme)
    from uvp_excel.workbook.writer import BuildSpec, write_workbook  # noqa: PLC0415

    chosen = _quarter(programme, quarter)
    inputs, findings = _read_handout(programme, base)
    spec = BuildSpec(programme, quarter=chosen, inputs=inputs)
    result = write_to(output, force, [base, *programme_inputs(programme)],
                      lambda target: write_workbook(_xlsx_target(target), spec))
    return dataclasses.replace(result, findings=tuple(findings))


def split(programme: Programme, folder: PathLike, *, quarter: str | Quarter | None = None,
          base: Source | None = None, force: bool = False) -> SplitFiles:
    """Write one workbook per regie into ``folder`` (made when missing).

    Args:
        programme: the programme.
        folder: where the workbooks go.
        quarter: the reporting quarter, as in :func:`build`.
        base: a stand whose values pre-fill the input columns.
        force: overwrite existing files (without it, nothing is written when one exists).

    Returns:
        One entry per workbook (regie, file, number of activities); ``files.findings`` says
        what to know about ``base``.

    Raises:
        ParameterError: ``programme`` is no programme, ``quarter`` is not a quarter of the
            programme, or a workbook would replace ``base``.
        OutputExistsError: a workbook exists and ``force`` is false (nothing is written).
        FileError: ``base`` cannot be read, or ``folder`` cannot be made or written.
    """
    _checked(programme)
    from uvp_excel.workbook.split import SplitFiles, split_programme  # noqa: PLC0415

    chosen = _quarter(programme, quarter)
    inputs, findings = _read_handout(programme, base)
    written = split_programme(programme, Path(folder), quarter=chosen, inputs=inputs,
                              force=force, sources=[base])
    return SplitFiles(written, findings)


def validate(programme: Programme, inputs: Iterable[Source], *, base: Source | None = None,
             quarter: str | Quarter | None = None,
             on_file: Callable[[Candidate], None] | None = None) -> Report:
    """Read returned workbooks and gather what merge would report about each file.

    Nothing is merged. A remark about the set as a whole (an activity no file holds) is left
    out, so one upload can be checked on its own; :func:`merge` reports those too.

    Args:
        programme: the programme the returns belong to.
        inputs: files, folders (searched for ``.xlsx``/``.xlsm``) and file objects.
        base: the stand the merge would start from, as in :func:`merge`.
        quarter: the stand's quarter, as in :func:`merge`.
        on_file: called before each file is read (for a progress bar).

    Returns:
        The report: ``report.findings``, ``report.has_errors``, and ``report.files`` with one
        line per file (``line.status``; ``line.plan`` says what merge will do with it).

    Raises:
        ParameterError: ``programme`` is no programme, ``inputs`` is empty or holds no path
            nor binary file object, or ``quarter`` is not a quarter of the programme.
        UvpError: ``base`` cannot be read, or ``inputs`` holds no workbook at all.
    """
    _checked(programme)
    from uvp_excel.merging.merge import validate_returns  # noqa: PLC0415

    return validate_returns(_sources(inputs), programme, on_file, base_path=_base_source(base),
                            quarter=_quarter(programme, quarter))


def merge(programme: Programme, inputs: Iterable[Source], *, base: Source | None = None,
          quarter: str | Quarter | None = None,
          on_file: Callable[[Candidate], None] | None = None) -> MergeResult:
    """Merge returned workbooks into one stand (write it with ``result.write(path)``).

    Args:
        programme: the programme the returns belong to.
        inputs: files, folders and file objects.
        base: the previous stand: the stand starts from its values, so activities nobody
            returned keep them (each return is still judged against the values it was itself
            handed out with); this quarter's own stand merges the inputs as late returns.
        quarter: the stand's reporting quarter (default: the quarter the returns were handed
            out for).
        on_file: called before each file is read (for a progress bar).

    Returns:
        The merge: ``result.changes``, ``result.conflicts``, ``result.findings``,
        ``result.clean``; ``result.write(target)`` writes the stand with its Importverslag.

    Raises:
        ParameterError: ``programme`` is no programme, ``inputs`` is empty or holds no path
            nor binary file object, or ``quarter`` is not a quarter of the programme.
        UvpError: ``base`` cannot be read, or ``inputs`` holds no workbook at all.
    """
    _checked(programme)
    from uvp_excel.merging.merge import merge_returns  # noqa: PLC0415

    return merge_returns(_sources(inputs), programme, base_path=_base_source(base),
                         quarter=_quarter(programme, quarter), on_file=on_file)


def summarise(programme: Programme, inputs: Iterable[Source], *,
              peildatum: date | str | None = None, base: Source | None = None) -> Summary:
    """Compute the progress summary from stands (several: with the trend) and/or returns.

    Args:
        programme: the programme.
        inputs: stands, returned workbooks, folders, file objects; returns are merged on the
            latest stand not after their quarter.
        peildatum: the date "achter op schema" is judged against (``date`` or ``"2024-09-30"``);
            default the end of the stand's reporting quarter.
        base: merge the returns on this stand instead, as :func:`merge` does.

    Returns:
        The summary: ``summary.to_dict()``, ``summary.write("voortgang.html")``.

    Raises:
        ParameterError: ``programme`` is no programme, ``inputs`` is empty or holds no path
            nor binary file object, or ``peildatum`` is no date.
        UvpError: nothing could be read as a stand or a return, or ``base`` cannot be read.
    """
    _checked(programme)
    from uvp_excel.summary.run import parse_peildatum  # noqa: PLC0415
    from uvp_excel.summary.run import summarise as compute  # noqa: PLC0415

    day = parse_peildatum(peildatum) if isinstance(peildatum, str) else _day(peildatum)
    sources = _sources(inputs)
    return compute(sources, programme, day, _base_source(base))


def budget(programme: Programme, output: Target, *, file_format: str | None = None,
           force: bool = False) -> str:
    """Write the budget tables as xlsx or as one long Dutch CSV.

    Args:
        programme: the programme.
        output: where to write.
        file_format: ``"xlsx"`` or ``"csv"``; default from the suffix of ``output`` (xlsx for a
            file object).
        force: overwrite an existing file.

    Returns:
        A Dutch description of what was written.

    Raises:
        ParameterError: ``programme`` is no programme, ``file_format`` (or the suffix of
            ``output``) is no format of the budget, or ``output`` is a programme file.
        OutputExistsError: ``output`` exists and ``force`` is false.
        FileError: ``output`` cannot be written.
    """
    _checked(programme)
    from uvp_excel.budget_export import write_budget  # noqa: PLC0415

    chosen = chosen_format(output, file_format, ("xlsx", "csv"), "xlsx")
    return write_to(output, force, programme_inputs(programme),
                    lambda target: write_budget(target, programme, chosen))


def check_programme(programme: Programme) -> CheckResult:
    """Count the programme's activities per section and find what the document contradicts.

    Args:
        programme: the programme.

    Returns:
        ``result.programme`` and ``result.anomalies`` (findings: totals that do not add up,
        amounts that look mistyped, rows printed twice, fte in the text against the table).

    Raises:
        ParameterError: ``programme`` is no programme.
    """
    _checked(programme)
    from uvp_excel.check import check_programme as check  # noqa: PLC0415

    return check(programme)


def export_programme(output: PathLike, programme: Programme | None = None, *,
                     force: bool = False) -> ExportResult:
    """Write a programme as a programme workbook, for the people who write the programme.

    Args:
        output: the workbook to write.
        programme: the programme; None for an empty programme workbook to fill in.
        force: overwrite an existing file.

    Returns:
        What was written: tabs and the number of sections, activities and budget tables.

    Raises:
        ParameterError: ``programme`` is no programme.
        OutputExistsError: ``output`` exists and ``force`` is false.
        FileError: ``output`` cannot be written.
    """
    if programme is not None:
        _checked(programme)
    from uvp_excel.source.workbook_export import export_workbook  # noqa: PLC0415

    return export_workbook(Path(output), programme, force)


def import_programme(workbook: PathLike, folder: PathLike, *,
                     force: bool = False) -> ImportResult:
    """Check a programme workbook and write it as a programme folder (YAML).

    Everything is checked at once; nothing is written when there is an error. Over an existing
    folder the changes are computed first and written only with ``force``.

    Args:
        workbook: the programme workbook.
        folder: the programme folder to write.
        force: replace an existing folder.

    Returns:
        ``result.findings``, ``result.has_errors``, ``result.changes`` (per activity and
        field), ``result.written`` and the loaded ``result.programme``.

    Raises:
        FileError: ``folder`` exists and is not a programme folder, or cannot be written.
    """
    from uvp_excel.source.workbook_import import import_programme_workbook  # noqa: PLC0415

    return import_programme_workbook(Path(workbook), Path(folder), force)


# --- helpers shared by the functions above and by the result objects ---------------------------


def _sources(inputs: Iterable[Source]) -> list[Path | BinaryIO]:
    """The inputs as paths and checked file objects.

    Raises:
        ParameterError: ``inputs`` is one file instead of a list, is empty, or holds something
            that is neither a path nor a binary file object open for reading.
    """
    if isinstance(inputs, (str, os.PathLike, bytes)) or hasattr(inputs, "read"):
        raise ParameterError("inputs", "geef een lijst van bestanden of mappen, ook als het er "
                             "één is")
    sources = [Path(item) if isinstance(item, (str, os.PathLike))
               else file_object(item, "inputs", in_list=True) for item in inputs]
    if not sources:
        raise ParameterError("inputs", f"{OPTION} is leeg; geef minstens één bestand of map")
    return sources


def _base_source(base: Source | None) -> Path | BinaryIO | None:
    """``base`` as a path or a checked file object."""
    if base is None:
        return None
    return Path(base) if isinstance(base, (str, os.PathLike)) else file_object(base, "base")


def _read_handout(programme: Programme,
                  base: Source | None) -> tuple[dict[str, RowInput], list[Finding]]:
    """The values a stand pre-fills a handout with, and what to know about them."""
    source = _base_source(base)
    if source is None:
        return {}, []
    from uvp_excel.merging.record import handout_warnings  # noqa: PLC0415
    from uvp_excel.returns.stand import read_stand  # noqa: PLC0415

    stand = read_stand(source, programme)
    return stand.values, handout_warnings(stand)


def _checked(programme: object) -> None:
    """Refuse something else than a programme before it fails deep inside a writer.

    Raises:
        ParameterError: ``programme`` is no :class:`Programme`.
    """
    from uvp_excel.source.model import Programme  # noqa: PLC0415

    if not isinstance(programme, Programme):
        raise ParameterError("programme", f"{OPTION} is {repr(programme)[:60]} "
                             f"({type(programme).__name__}), geen programma; laad het met "
                             "uvp.load_programme()")


def _day(peildatum: object) -> date | None:
    """A date as given (a datetime counts as its day).

    Raises:
        ParameterError: ``peildatum`` is neither a date nor None.
    """
    if peildatum is None or isinstance(peildatum, date):
        return peildatum.date() if isinstance(peildatum, datetime) else peildatum
    raise ParameterError("peildatum", f"{OPTION} {repr(peildatum)[:60]} "
                         f"({type(peildatum).__name__}) is geen datum; geef een date of tekst "
                         "als '30-09-2024'")


def _quarter(programme: Programme, quarter: str | Quarter | None) -> Quarter | None:
    """The quarter as given, checked against the programme's range (a Quarter by its text)."""
    from uvp_excel.quarters import reporting_quarter  # noqa: PLC0415

    return reporting_quarter(programme, None if quarter is None else str(quarter))


def _xlsx_target(target: Path | BinaryIO) -> str | BinaryIO:
    """xlsxwriter takes a file name as text, or a file object."""
    return str(target) if isinstance(target, Path) else target
