"""What every ``uvp-excel`` command shares: options, Dutch error handling, printing, exit codes.

The commands themselves (:mod:`uvp_excel.cli`, :mod:`uvp_excel.cli_source`) only parse their
options, call one function of the public API and print what it returns.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar, cast

import click

from uvp_excel import dutch_click
from uvp_excel.errors import SourceDataError, UvpError

if TYPE_CHECKING:
    from uvp_excel.findings import Finding
    from uvp_excel.merging.collect import Candidate
    from uvp_excel.source.model import Programme

# Before the decorators below run: click names its parameter types ("path", "file") at that time.
dutch_click.install()

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# --help lists the commands in the order of the quarterly workflow, not alphabetically.
WORKFLOW_ORDER = ("build", "split", "validate", "merge", "summary", "budget", "check", "serve",
                  "source", "new", "export", "import")
# How the command line spells the library's parameters in a message (see UvpError.spelled).
OPTION_OF_PARAMETER = {"quarter": "--kwartaal", "peildatum": "--peildatum", "force": "--force",
                       "file_format": "--format", "output": "-o", "base": "--base",
                       "port": "--port"}


class WorkflowGroup(click.Group):
    """A click group that lists its commands in workflow order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [name for name in WORKFLOW_ORDER if name in self.commands]
        return known + sorted(set(self.commands) - set(known))


class Outcome(Protocol):
    """A result that knows whether the user has to act (exit code 1) or not (0)."""

    @property
    def clean(self) -> bool: ...


def exit_by(outcome: Outcome) -> NoReturn:
    """The one exit-code rule of every command that reports on data: 0 clean, 1 act."""
    sys.exit(0 if outcome.clean else 1)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a Dutch error line to stderr and exit with ``code``."""
    from uvp_excel.display import visible  # noqa: PLC0415

    click.echo(f"Fout: {visible(message)}", err=True)
    sys.exit(code)


def error_message(error: UvpError) -> str:
    """The error's message with its argument spelled as this command line's option."""
    option = OPTION_OF_PARAMETER.get(error.parameter or "")
    return error.spelled(option) if option else str(error)


def reports_errors(command: F) -> F:
    """Turn the tool's errors into Dutch messages and exit codes (traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:
            if debug:
                raise
            fail_with(error)

    return cast(F, wrapper)  # functools.wraps keeps what click reads of the command


def fail_with(error: Exception) -> NoReturn:
    """Report ``error`` as the Dutch line(s) a user reads."""
    if isinstance(error, SourceDataError):
        for finding in error.findings:
            click.echo(f"Fout: {finding}", err=True)
    if isinstance(error, UvpError):
        fail(error_message(error), error.exit_code)
    fail(f"interne fout ({error.__class__.__name__}: {error}). Draai de opdracht opnieuw "
         "met 'uvp-excel --debug …' en meld de uitvoer aan de beheerder van uvp-excel.")


def subcommand(group: click.Group, *args: Any, **kwargs: Any) -> Decorator:
    """Register a subcommand of ``group`` with Dutch usage text and Dutch error handling."""
    kwargs.setdefault("options_metavar", "[OPTIES]")

    def register(function: F) -> F:
        return cast(F, group.command(*args, **kwargs)(reports_errors(function)))

    return register


def programme_option(command: F) -> F:
    """``--source MAP``: the programme, loaded once and passed as ``programme``."""

    @functools.wraps(command)
    def with_programme(*args: Any, source_dir: Path | None, **kwargs: Any) -> Any:
        import uvp_excel as uvp  # noqa: PLC0415

        return command(*args, programme=uvp.load_programme(source_dir), **kwargs)

    return click.option(
        "--source", "source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None, metavar="MAP",
        help="Map met de programmagegevens (standaard: het meegeleverde programma van Heiloo).",
    )(cast(F, with_programme))


def force_option(help_text: str = "Overschrijf een bestaand uitvoerbestand.") -> Decorator:
    """The shared ``--force`` flag: overwrite an existing output."""
    return click.option("--force", is_flag=True, help=help_text)


def output_option(default_name: str) -> Decorator:
    """The shared ``-o/--output PAD`` option; ``default_name`` says what it is without."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, metavar="PAD",
                        help=f"Het uitvoerbestand (standaard in de huidige map: {default_name}).")


def folder_option(help_text: str) -> Decorator:
    """A required ``-o/--output MAP``: the folder a command writes into."""
    return click.option("-o", "--output", "folder", required=True, metavar="MAP",
                        type=click.Path(file_okay=False, path_type=Path), help=help_text)


# Each command says what --kwartaal means for it: build and split hand out a workbook for that
# quarter; merge gives the stand that quarter.
HANDOUT_QUARTER_HELP = ("Het rapportagekwartaal van de werkmap, een kwartaal uit de keuzelijst "
                        "Kwartaal (standaard het huidige kwartaal).")
STAND_QUARTER_HELP = ("Het kwartaal van de stand (standaard dat waarvoor de ingevulde "
                      "werkmappen zijn uitgedeeld).")


def quarter_option(help_text: str) -> Decorator:
    """The shared ``--kwartaal "Q3 2024"`` option, with the command's own help text."""
    return click.option("--kwartaal", "quarter", metavar='"Q3 2024"', help=help_text)


def from_option(command: F) -> F:
    """The shared ``--from STAND.xlsx`` option: pre-fill the input columns from a stand."""
    return click.option("--from", "stand", metavar="STAND.xlsx",
                        type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Vul de invulkolommen vooraf in met de waarden uit een eerdere "
                             "stand.")(command)


def base_option(command: F) -> F:
    """The shared ``--base WERKMAP`` option of validate, merge and summary."""
    return click.option(
        "--base", "base_path", metavar="WERKMAP",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="De vorige stand (of een uitgedeelde werkmap): de stand begint met haar waarden. "
             "Elke ingevulde werkmap wordt vergeleken met de waarden waarmee hij zelf is "
             "uitgedeeld.")(command)


def files_argument(command: F) -> F:
    """The shared FILE|DIR… argument of validate, merge and summary."""
    return click.argument("paths", nargs=-1, required=True, metavar="BESTAND|MAP...",
                          type=click.Path(exists=True, path_type=Path))(command)


def json_option(help_text: str = "Druk het verslag af als JSON (voor andere programma's)."
                ) -> Decorator:
    """The shared ``--json`` flag: print the outcome as data for other tools."""
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def warn_default_quarter(programme: Programme, quarter: str | None) -> None:
    """Warn on stderr when no --kwartaal was given and today lies outside the programme."""
    from uvp_excel.quarters import default_quarter_warning  # noqa: PLC0415

    warning = default_quarter_warning(programme, option="--kwartaal") if quarter is None else ""
    if warning:
        click.echo(f"Waarschuwing: {warning}.", err=True)


@contextmanager
def progress(paths: Iterable[Path], label: str) -> Iterator[Callable[[Candidate], None] | None]:
    """An ``on_file`` callback that shows a progress bar on stderr when there are many files."""
    from uvp_excel.merging.collect import collect  # noqa: PLC0415

    total = len(collect(list(paths))) if sys.stderr.isatty() else 0
    if total < 10:  # a bar for a few files, or in a script or log, is noise
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield lambda _candidate: bar.update(1)


def output_format(output: Path | None, known: tuple[str, ...], default: str) -> str:
    """The format ``-o`` names by its suffix (``voortgang.md`` → ``md``); ``default`` without -o.

    Raises:
        ParameterError: the suffix names no format the command writes.
    """
    from uvp_excel.output import suffix_format  # noqa: PLC0415

    return suffix_format(output, known, default) if output is not None else default


def in_current_folder(programme: Programme, tail: str) -> Path:
    """A default output: ``uvp-heiloo-2024-2025`` + ``tail`` in the current folder."""
    return Path.cwd() / f"{programme.short_name}{tail}"


def check_output_first(output: Path | None, inputs: list[Any], programme: Programme,
                       force: bool) -> None:
    """Fail before a long run, not after it: the output may not be an input (nor a file of the
    programme folder) nor exist unforced.

    The guard itself lives where files are written (:func:`uvp_excel.output.atomic_output`).
    """
    from uvp_excel.output import (  # noqa: PLC0415
        check_writable,
        programme_inputs,
        refuse_input_as_output,
    )

    if output is not None:
        refuse_input_as_output(output, [*inputs, *programme_inputs(programme)])
        check_writable(output, force)


def print_findings(findings: Iterable[Finding]) -> None:
    """Print findings one per line on stderr: ``severity: file › tab › cell: message``."""
    for finding in findings:
        click.echo(f"{finding.severity}: {finding}", err=True)


def say(line: str) -> None:
    """Print a line about what was done on stderr (stdout is for data)."""
    click.echo(line, err=True)
