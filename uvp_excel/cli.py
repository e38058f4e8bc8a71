"""The ``uvp-excel`` command line: thin click commands over the core modules.

Each command parses its options, calls one core function, prints the result and maps errors to exit
codes: 0 success, 1 a problem in the data or files, 2 wrong usage. Users never see a traceback
unless they ask for one with ``--debug``.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from uvp_excel import __version__, dutch_click
from uvp_excel.errors import SourceDataError, UvpError
from uvp_excel.findings import count_of
from uvp_excel.resources import default_source_dir

# Before the decorators below run: click names its parameter types ("path", "file") at that time.
dutch_click.install()

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# --help lists the commands in the order of the quarterly workflow, not alphabetically.
WORKFLOW_ORDER = ("build", "split", "validate", "merge", "summary", "budget", "check")


class WorkflowGroup(click.Group):
    """A click group that lists its commands in workflow order."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = [name for name in WORKFLOW_ORDER if name in self.commands]
        return known + sorted(set(self.commands) - set(known))


def fail(message: str, code: int = 1) -> None:
    """Print a Dutch error line to stderr and exit with ``code``."""
    from uvp_excel.display import visible

    click.echo(f"Fout: {visible(message)}", err=True)
    sys.exit(code)


def reports_errors(command):
    """Turn the tool's errors into Dutch messages and exit codes (traceback only with --debug)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except SourceDataError as error:
            if debug:
                raise
            for finding in error.findings:
                click.echo(f"Fout: {finding}", err=True)
            fail(str(error), error.exit_code)
        except UvpError as error:
            if debug:
                raise
            fail(str(error), error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:
            if debug:
                raise
            fail(f"interne fout ({error.__class__.__name__}: {error}). Draai de opdracht opnieuw "
                 "met 'uvp-excel --debug …' en meld de uitvoer aan de beheerder van uvp-excel.")

    return wrapper


def source_option(command):
    """The shared ``--source DIR`` option: a programme folder, default the bundled Heiloo data."""
    return click.option(
        "--source", "source_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None, metavar="MAP",
        help="Map met de programmagegevens (standaard: het meegeleverde programma van Heiloo).",
    )(command)


def force_option(command):
    """The shared ``--force`` flag: overwrite an existing output."""
    return click.option("--force", is_flag=True,
                        help="Overschrijf een bestaand uitvoerbestand.")(command)


def output_option(command):
    """The shared ``-o/--output PAD`` option."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, metavar="PAD",
                        help="Het uitvoerbestand (standaard een naam uit het programma, in de "
                             "huidige map).")(command)


def quarter_option(command):
    """The shared ``--kwartaal`` option."""
    return click.option("--kwartaal", "quarter", metavar='"Q3 2024"',
                        help="Het rapportagekwartaal (standaard het huidige kwartaal; bij merge "
                             "dat van de ingevulde werkmappen).")(command)


def from_option(command):
    """The shared ``--from STAND.xlsx`` option: pre-fill the input columns from a stand."""
    return click.option("--from", "stand", metavar="STAND.xlsx",
                        type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Vul de invulkolommen vooraf in met de waarden uit een eerdere "
                             "stand.")(command)


def files_argument(command):
    """The shared FILE|DIR… argument of validate, merge and summary."""
    return click.argument("paths", nargs=-1, required=True, metavar="BESTAND|MAP...",
                          type=click.Path(exists=True, path_type=Path))(command)


def progress(paths: list[Path], label: str):
    """Return an ``on_file`` callback that shows a progress bar on stderr for many files."""
    from uvp_excel.merging.collect import collect

    total = len(collect(paths)) if sys.stderr.isatty() else 0
    if total < 10:  # a bar for a few files, or in a script or log, is noise
        return None, None
    bar = click.progressbar(length=total, label=label, file=sys.stderr)
    bar.__enter__()
    return (lambda candidate: bar.update(1)), bar


def check_output_first(output: Path, inputs: list, force: bool) -> None:
    """Fail before a long run, not after it: the output may not be an input nor exist unforced.

    The guard itself lives where files are written (:func:`uvp_excel.output.atomic_output`).
    """
    from uvp_excel.output import check_writable, refuse_input_as_output

    refuse_input_as_output(output, inputs)
    check_writable(output, force)


def print_findings(findings) -> None:
    """Print findings one per line on stderr: ``file › tab › cell: message``."""
    for finding in findings:
        click.echo(f"{finding.severity}: {finding}", err=True)


def json_option(command):
    """The shared ``--json`` flag: print the report as data for other tools."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Druk het verslag af als JSON (voor andere programma's).")(command)


@click.group(cls=WorkflowGroup, context_settings=CONTEXT_SETTINGS, options_metavar="[OPTIES]",
             subcommand_metavar="OPDRACHT [ARGUMENTEN]...")
@click.version_option(__version__, "--version", prog_name="uvp-excel",
                      message="%(prog)s, versie %(version)s", help="Toon de versie en stop.")
@click.option("--debug", is_flag=True, help="Toon bij een fout de volledige Python-traceback.")
def cli(debug: bool) -> None:
    """uvp-excel: het Uitvoeringsprogramma Integrale Veiligheid als Excel-werkmap.

    Maak de werkmap (build), verdeel hem per regie (split), controleer en voeg de ingevulde
    werkmappen samen (validate, merge), maak de voortgangsrapportage (summary) en de
    budgettabellen (budget), en controleer de programmagegevens zelf (check).
    """
    stop_cleanly_on_sigterm()


def stop_cleanly_on_sigterm() -> None:
    """SIGTERM stops a run like Ctrl+C: temporary files and reading processes are cleaned up."""
    import signal
    import threading

    from uvp_excel.output import stop_on_sigterm

    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, stop_on_sigterm)


def command(*args, **kwargs):
    """Register a subcommand of ``uvp-excel`` with Dutch usage text."""
    kwargs.setdefault("options_metavar", "[OPTIES]")
    return cli.command(*args, **kwargs)


@command()
@source_option
@json_option
@reports_errors
def check(source_dir: Path | None, as_json: bool) -> None:
    """Controleer de programmagegevens en toon de afwijkingen in het document.

    Telt de activiteiten per sectie en rekent na wat het document zelf zegt: totalen die niet
    kloppen, bedragen die verkeerd getypt lijken, dubbel afgedrukte rijen, het aantal fte in de
    tekst tegenover de tabel. Afwijkingen zijn waarschuwingen (exitcode 0); gegevens die niet te
    laden zijn geven exitcode 1.

    Voorbeeld:

        uvp-excel check --source source_data/heiloo-2024-2025
    """
    from uvp_excel.check import check_as_json, check_programme, format_check

    result = check_programme(source_dir or default_source_dir())
    click.echo(check_as_json(result) if as_json else format_check(result))


@command()
@source_option
@output_option
@quarter_option
@from_option
@force_option
@reports_errors
def build(source_dir: Path | None, output: Path | None, quarter: str | None,
          stand: Path | None, force: bool) -> None:
    """Maak de werkmap die regiehouders invullen.

    Zonder opties: de werkmap van het meegeleverde programma van Heiloo, als
    uvp-heiloo-2024-2025.xlsx in de huidige map. Eén tabblad per prioriteit, strategisch
    thema en bijlage, met keuzelijsten voor Status en Kwartaal, beveiligde programmateksten, een
    Overzicht dat meetelt, en de budgettabbladen voor Financiën en Control.

    Voorbeeld:

        uvp-excel build --kwartaal "Q3 2024" -o uvp-heiloo-q3-2024.xlsx

        uvp-excel build --kwartaal "Q4 2024" --from stand-q3-2024.xlsx
    """
    from uvp_excel.workbook.build import BuildRequest, build_workbook

    request = BuildRequest(source_dir or default_source_dir(), output, quarter, force, stand)
    path, result = build_workbook(request)
    click.echo(f"Werkmap geschreven: {path} ({result.activity_count} activiteiten en "
               f"{result.reference_count} verwijzingen op {len(result.tabs)} tabbladen)",
               err=True)


@command()
@source_option
@output_option
@click.option("--format", "file_format", type=click.Choice(["xlsx", "csv"]), default="xlsx",
              show_default=True, help="xlsx: de budgettabbladen; csv: één lange tabel "
              "(tabel;groep;post;verdeling;kolom;jaar;bedrag;eenheid) met decimale komma.")
@force_option
@reports_errors
def budget(source_dir: Path | None, output: Path | None, file_format: str, force: bool) -> None:
    """Schrijf alleen de financiële tabellen, voor Financiën en Control.

    Als xlsx: één tabblad per tabel uit paragraaf 6.2 en 6.4 (getallen als getallen, totalen als
    SUM-formules, een controle op de totalen van het document) en een lange tabel voor
    draaitabellen. Als csv: die lange tabel met puntkomma's, decimale komma en UTF-8 met BOM,
    zodat Excel hem goed opent.

    Voorbeeld:

        uvp-excel budget --format csv -o begroting-ovv.csv
    """
    from uvp_excel.budget_export import export_budget
    from uvp_excel.source.loader import load_programme

    programme = load_programme(source_dir or default_source_dir())
    path, description = export_budget(programme, output, file_format, force)
    click.echo(f"Budget geschreven: {path} ({description})", err=True)


@command()
@files_argument
@source_option
@json_option
@reports_errors
def validate(paths: tuple[Path, ...], source_dir: Path | None, as_json: bool) -> None:
    """Controleer ingevulde werkmappen zonder ze samen te voegen.

    Leest alle bestanden (mappen worden doorzocht op .xlsx en .xlsm) en meldt alle fouten en
    waarschuwingen van alle bestanden, elk met bestand, tabblad en cel. Exitcode 0 als er geen
    fouten zijn, anders 1.

    Voorbeeld:

        uvp-excel validate ingevuld/
    """
    from uvp_excel.merging.merge import validate_returns
    from uvp_excel.source.loader import load_programme

    programme = load_programme(source_dir or default_source_dir())
    on_file, bar = progress(list(paths), "Werkmappen controleren")
    report = validate_returns(list(paths), programme, on_file)
    if bar:
        bar.__exit__(None, None, None)
    if as_json:
        click.echo(report.to_json())
    else:
        print_findings(report.findings)
        click.echo(f"Gecontroleerd: {report.summary_line()}", err=True)
    sys.exit(1 if report.has_errors else 0)


@command()
@files_argument
@source_option
@output_option
@click.option("--base", "base_path", metavar="WERKMAP",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="De werkmap of stand waarvan de waarden als 'uitgedeeld' gelden (standaard de "
                   "verborgen gegevens van elke werkmap zelf).")
@quarter_option
@click.option("--strict", is_flag=True,
              help="Schrijf geen stand als een bestand fouten heeft.")
@force_option
@json_option
@reports_errors
def merge(paths: tuple[Path, ...], source_dir: Path | None, output: Path | None,
          base_path: Path | None, quarter: str | None, strict: bool, force: bool,
          as_json: bool) -> None:
    """Voeg ingevulde werkmappen samen tot één stand, met een Importverslag.

    Per invulcel telt alleen wat iemand veranderd heeft ten opzichte van de uitgedeelde waarde.
    Twee verschillende wijzigingen van dezelfde cel zijn een conflict: de stand houdt de
    uitgedeelde waarde en het Importverslag noemt beide waarden en bestanden. Fouten,
    conflicten en overgeslagen bestanden staan in het Importverslag en op het scherm. Exitcode
    0 als alles schoon is samengevoegd, 1 bij fouten of conflicten (de stand wordt dan toch
    geschreven, behalve met --strict).

    Voorbeeld:

        uvp-excel merge ingevuld/ -o stand-q3-2024.xlsx
    """
    from uvp_excel.merging.merge import merge_returns, write_stand
    from uvp_excel.output import programme_inputs
    from uvp_excel.source.loader import load_programme
    from uvp_excel.workbook.build import default_output, reporting_quarter

    programme = load_programme(source_dir or default_source_dir())
    chosen = reporting_quarter(programme, quarter)
    if output:
        check_output_first(output, [*paths, base_path, *programme_inputs(programme)], force)
    on_file, bar = progress(list(paths), "Werkmappen samenvoegen")
    result = merge_returns(list(paths), programme, base_path=base_path, quarter=chosen,
                           on_file=on_file)
    if bar:
        bar.__exit__(None, None, None)
    if as_json:
        click.echo(result.to_json())
    else:
        print_findings(result.report.findings)
    if strict and result.report.has_errors:
        fail("niet samengevoegd (--strict): er zijn fouten; zie de meldingen hierboven")
    target = output or default_output(programme, f"-stand-{result.quarter}".replace(" ", "-"))
    written = write_stand(result, programme, target, force)
    outcome = result.outcome
    click.echo(f"Stand geschreven: {target} "
               f"({count_of(len(result.summaries), 'bestand', 'bestanden')}, "
               f"{count_of(len(outcome.changes), 'wijziging', 'wijzigingen')}, "
               f"{count_of(len(outcome.conflicts), 'conflict', 'conflicten')}, "
               f"{result.report.summary_line()}; {written.activity_count} activiteiten)",
               err=True)
    sys.exit(0 if result.clean else 1)


@command()
@source_option
@click.option("-o", "--output", "folder", required=True, metavar="MAP",
              type=click.Path(file_okay=False, path_type=Path),
              help="De map waarin de werkmappen komen (wordt gemaakt als hij niet bestaat).")
@quarter_option
@from_option
@force_option
@json_option
@reports_errors
def split(source_dir: Path | None, folder: Path, quarter: str | None, stand: Path | None,
          force: bool, as_json: bool) -> None:
    """Maak één werkmap per regie, met alleen de rijen van die regie.

    Een rij met twee teams in de regie ("OOV en Samenleven") gaat naar beide; rijen zonder regie
    komen in een werkmap "Zonder regie". Toont welke regie welk bestand krijgt.

    Voorbeeld:

        uvp-excel split -o uitdelen/ --kwartaal "Q3 2024"
    """
    from uvp_excel.merging.merge import read_base
    from uvp_excel.source.loader import load_programme
    from uvp_excel.workbook.build import reporting_quarter
    from uvp_excel.workbook.split import format_index, index_as_json, split_programme

    programme = load_programme(source_dir or default_source_dir())
    inputs = read_base(stand, programme) if stand else None
    files = split_programme(programme, folder, quarter=reporting_quarter(programme, quarter),
                            inputs=inputs, force=force, sources=[stand])
    click.echo(index_as_json(files) if as_json else format_index(files))
    click.echo(f"{len(files)} werkmappen geschreven in {folder}", err=True)


@command()
@files_argument
@source_option
@output_option
@click.option("--format", "file_format", type=click.Choice(["xlsx", "html", "md", "csv", "json"]),
              default="html", show_default=True,
              help="xlsx met grafieken, html voor het college (print op A4), md voor een memo, "
                   "csv met de tabellen per sectie en per regie, json voor andere programma's.")
@click.option("--peildatum", metavar="JJJJ-MM-DD",
              help="De datum waartegen 'achter op schema' wordt bepaald (standaard het einde "
                   "van het rapportagekwartaal van de stand).")
@force_option
@reports_errors
def summary(paths: tuple[Path, ...], source_dir: Path | None, output: Path | None,
            file_format: str, peildatum: str | None, force: bool) -> None:
    """Maak de voortgangsrapportage voor het teamoverleg en het college.

    Leest één of meer standen (van verschillende kwartalen: dan ook het verloop), of direct de
    ingevulde werkmappen (die dan eerst in het geheugen worden samengevoegd, met hun meldingen).
    Per onderdeel en per regie: aantallen per status, aandeel afgerond, achter op schema en
    zonder update; lijsten van vertraagde, vervallen en achterstallige activiteiten met hun
    toelichting.

    Voorbeeld:

        uvp-excel summary stand-q2-2024.xlsx stand-q3-2024.xlsx --format html
    """
    from uvp_excel.source.loader import load_programme
    from uvp_excel.summary.run import (
        default_summary_path,
        parse_peildatum,
        summarise,
        write_summary,
    )

    programme = load_programme(source_dir or default_source_dir())
    result = summarise(list(paths), programme, parse_peildatum(peildatum))
    target = output or default_summary_path(programme, result, file_format)
    write_summary(result, target, file_format, force)
    print_findings(result.findings)
    total = result.total
    click.echo(f"Voortgang geschreven: {target} ({total.activities} activiteiten, "
               f"{round(total.share_finished * 100)}% afgerond, {total.behind} achter op schema, "
               f"{count_of(len(result.findings), 'melding', 'meldingen')})", err=True)
    sys.exit(1 if any(finding.severity == "fout" for finding in result.findings) else 0)


def main() -> None:
    """Entry point of the ``uvp-excel`` console script."""
    cli(prog_name="uvp-excel")
