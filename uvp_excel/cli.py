"""The ``uvp-excel`` command line: thin click commands over the core modules.

Each command parses its options, calls one core function, prints the result and maps errors to exit
codes: 0 success, 1 a problem in the data or files, 2 wrong usage. Users never see a traceback
unless they ask for one with ``--debug``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from uvp_excel import __version__, dutch_click
from uvp_excel.errors import SourceDataError, UvpError
from uvp_excel.findings import count_of
from uvp_excel.resources import default_source_dir

if TYPE_CHECKING:
    from uvp_excel.inputs import RowInput
    from uvp_excel.source.model import Programme

# Before the decorators below run: click names its parameter types ("path", "file") at that time.
dutch_click.install()

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# --help lists the commands in the order of the quarterly workflow, not alphabetically.
WORKFLOW_ORDER = ("build", "split", "validate", "merge", "summary", "budget", "check", "serve",
                  "source", "new", "export", "import")


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


def output_option(default_name: str) -> Callable[[Callable], Callable]:
    """The shared ``-o/--output PAD`` option; ``default_name`` says what it is without."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, metavar="PAD",
                        help=f"Het uitvoerbestand (standaard in de huidige map: {default_name}).")


# Each command says what --kwartaal means for it: build and split hand out a workbook for that
# quarter; merge gives the stand that quarter.
HANDOUT_QUARTER_HELP = ("Het rapportagekwartaal van de werkmap, een kwartaal uit de keuzelijst "
                        "Kwartaal (standaard het huidige kwartaal).")
STAND_QUARTER_HELP = ("Het kwartaal van de stand (standaard dat waarvoor de ingevulde "
                      "werkmappen zijn uitgedeeld).")


def quarter_option(help_text: str) -> Callable[[Callable], Callable]:
    """The shared ``--kwartaal "Q3 2024"`` option, with the command's own help text."""
    return click.option("--kwartaal", "quarter", metavar='"Q3 2024"', help=help_text)


def warn_default_quarter(programme: Programme, quarter: str | None) -> None:
    """Warn on stderr when no --kwartaal was given and today lies outside the programme."""
    from uvp_excel.workbook.build import default_quarter_warning

    warning = default_quarter_warning(programme) if quarter is None else ""
    if warning:
        click.echo(f"Waarschuwing: {warning}.", err=True)


def from_option(command):
    """The shared ``--from STAND.xlsx`` option: pre-fill the input columns from a stand."""
    return click.option("--from", "stand", metavar="STAND.xlsx",
                        type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Vul de invulkolommen vooraf in met de waarden uit een eerdere "
                             "stand.")(command)


def base_option(command: Callable) -> Callable:
    """The shared ``--base WERKMAP`` option of validate, merge and summary."""
    return click.option(
        "--base", "base_path", metavar="WERKMAP",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="De vorige stand (of een uitgedeelde werkmap): de stand begint met haar waarden. "
             "Elke ingevulde werkmap wordt vergeleken met de waarden waarmee hij zelf is "
             "uitgedeeld.")(command)


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


def read_handout_stand(programme: Programme, stand: Path | None) -> dict[str, RowInput] | None:
    """Read ``--from STAND``: its values, after warning about open conflicts and hand edits."""
    if stand is None:
        return None
    from uvp_excel.merging.record import handout_warnings, read_stand

    read = read_stand(stand, programme)
    print_findings(handout_warnings(read))
    return read.values


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
    budgettabellen (budget), controleer de programmagegevens zelf (check) en schrijf het
    programma in Excel (source). Of doe het hele kwartaal in de browser (serve).
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


@command(short_help="Controleer de programmagegevens en toon de afwijkingen.")
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


@command(short_help="Maak de werkmap die regiehouders invullen.")
@source_option
@output_option("uvp-heiloo-2024-2025.xlsx, naar de korte naam van het programma")
@quarter_option(HANDOUT_QUARTER_HELP)
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
    from uvp_excel.source.loader import load_programme
    from uvp_excel.workbook.build import BuildRequest, build_workbook

    request = BuildRequest(source_dir or default_source_dir(), output, quarter, force, stand)
    programme = load_programme(request.source_dir)
    path, result = build_workbook(request, inputs=read_handout_stand(programme, stand),
                                  programme=programme)
    warn_default_quarter(programme, quarter)
    click.echo(f"Werkmap geschreven: {path} "
               f"({count_of(result.activity_count, 'activiteit', 'activiteiten')} en "
               f"{count_of(result.reference_count, 'verwijzing', 'verwijzingen')} op "
               f"{count_of(len(result.tabs), 'tabblad', 'tabbladen')})", err=True)


@command(short_help="Schrijf alleen de financiële tabellen (xlsx of csv).")
@source_option
@output_option("uvp-heiloo-2024-2025-begroting.xlsx of .csv")
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


@command(short_help="Controleer ingevulde werkmappen zonder ze samen te voegen.")
@files_argument
@source_option
@base_option
@quarter_option(STAND_QUARTER_HELP)
@json_option
@reports_errors
def validate(paths: tuple[Path, ...], source_dir: Path | None, base_path: Path | None,
             quarter: str | None, as_json: bool) -> None:
    """Controleer ingevulde werkmappen zonder ze samen te voegen.

    Leest alle bestanden (mappen worden doorzocht op .xlsx en .xlsm), meldt alle fouten,
    conflicten en waarschuwingen van alle bestanden, elk met bestand, tabblad en cel, en zegt per
    bestand wat merge ermee zal doen (met dezelfde --base en --kwartaal). Exitcode 0 als merge
    schoon zou samenvoegen, anders 1.

    Voorbeeld:

        uvp-excel validate ingevuld-q4/ --base stand-q3-2024.xlsx
    """
    from uvp_excel.merging.merge import plan_merge
    from uvp_excel.source.loader import load_programme
    from uvp_excel.workbook.build import reporting_quarter

    programme = load_programme(source_dir or default_source_dir())
    chosen = reporting_quarter(programme, quarter)
    on_file, bar = progress(list(paths), "Werkmappen controleren")
    result = plan_merge(list(paths), programme, base_path=base_path, quarter=chosen,
                        on_file=on_file)
    if bar:
        bar.__exit__(None, None, None)
    if as_json:
        click.echo(result.to_json())
    else:
        print_findings(result.report.findings)
        click.echo("Wat merge met elk bestand doet:")
        for line in result.summaries:
            click.echo(f"  {line.name}: {line.plan}")
    outcome = "" if result.returns_read else \
        "; geen enkele ingevulde werkmap om samen te voegen: merge schrijft geen stand"
    click.echo(f"Gecontroleerd: {result.headline()}{outcome}", err=True)
    sys.exit(0 if result.clean and result.returns_read else 1)


@command(short_help="Voeg ingevulde werkmappen samen tot één stand.")
@files_argument
@source_option
@output_option("uvp-heiloo-2024-2025-stand-Q3-2024.xlsx, naar het programma en het "
               "kwartaal van de stand")
@base_option
@quarter_option(STAND_QUARTER_HELP)
@click.option("--strict", is_flag=True,
              help="Schrijf geen stand als een bestand fouten heeft.")
@force_option
@json_option
@reports_errors
def merge(paths: tuple[Path, ...], source_dir: Path | None, output: Path | None,
          base_path: Path | None, quarter: str | None, strict: bool, force: bool,
          as_json: bool) -> None:
    """Voeg ingevulde werkmappen samen tot één stand, met een Importverslag.

    Per invulcel telt alleen wat iemand veranderd heeft ten opzichte van de waarde waarmee zijn
    werkmap is uitgedeeld. Twee verschillende wijzigingen van hetzelfde veld zijn één conflict:
    de stand houdt de waarde van vóór de samenvoeging en het Importverslag noemt elke waarde met
    bestand, tabblad en cel. Ingevuld door en Bijgewerkt op geven nooit een conflict: de stand
    krijgt alle namen en de laatste datum. Met --base begint de stand met de waarden van de
    vorige stand; is dat de stand van hetzelfde kwartaal, dan zijn de werkmappen late retouren
    en blijft de rest van die stand zoals hij was. Exitcode 0 als alles schoon is samengevoegd,
    1 bij fouten of conflicten (de stand wordt dan toch geschreven, behalve met --strict) en
    als geen enkele werkmap samen te voegen was (dan is er geen stand).

    Voorbeeld:

        uvp-excel merge ingevuld/ -o stand-q3-2024.xlsx

        uvp-excel merge ingevuld-q4/ --base stand-q3-2024.xlsx -o stand-q4-2024.xlsx
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
    click.echo(f"Stand geschreven: {target} ({result.headline()}; "
               f"{count_of(written.activity_count, 'activiteit', 'activiteiten')})", err=True)
    sys.exit(0 if result.clean else 1)


@command(short_help="Maak één werkmap per regie, met alleen de rijen van die regie.")
@source_option
@click.option("-o", "--output", "folder", required=True, metavar="MAP",
              type=click.Path(file_okay=False, path_type=Path),
              help="De map waarin de werkmappen komen (wordt gemaakt als hij niet bestaat).")
@quarter_option(HANDOUT_QUARTER_HELP)
@from_option
@click.option("--force", is_flag=True,
              help="Overschrijf werkmappen die al in de map staan (zonder --force wordt dan "
                   "niets geschreven).")
@click.option("--json", "as_json", is_flag=True,
              help="Druk de lijst van regie, aantal activiteiten en bestand af als JSON.")
@reports_errors
def split(source_dir: Path | None, folder: Path, quarter: str | None, stand: Path | None,
          force: bool, as_json: bool) -> None:
    """Maak één werkmap per regie, met alleen de rijen van die regie.

    Een rij met twee teams in de regie ("OOV en Samenleven") gaat naar beide; rijen zonder regie
    komen in een werkmap "Zonder regie". Toont welke regie welk bestand krijgt.

    Voorbeeld:

        uvp-excel split -o uitdelen/ --kwartaal "Q3 2024"
    """
    from uvp_excel.source.loader import load_programme
    from uvp_excel.workbook.build import reporting_quarter
    from uvp_excel.workbook.split import format_index, index_as_json, split_programme

    programme = load_programme(source_dir or default_source_dir())
    inputs = read_handout_stand(programme, stand)
    files = split_programme(programme, folder, quarter=reporting_quarter(programme, quarter),
                            inputs=inputs, force=force, sources=[stand])
    warn_default_quarter(programme, quarter)
    click.echo(index_as_json(files) if as_json else format_index(files))
    click.echo(f"{count_of(len(files), 'werkmap', 'werkmappen')} geschreven in {folder}",
               err=True)


@command(short_help="Maak de voortgangsrapportage voor teamoverleg en college.")
@files_argument
@source_option
@output_option("uvp-heiloo-2024-2025-voortgang-Q3-2024.html, naar het programma, het "
               "kwartaal en het formaat")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "html", "md", "csv", "json"]),
              default="html", show_default=True,
              help="xlsx met grafieken, html voor het college (print op A4), md voor een memo, "
                   "csv met de tabellen per sectie en per regie, json voor andere programma's.")
@click.option("--peildatum", metavar="DATUM",
              help="De datum waartegen 'achter op schema' wordt bepaald, zoals 30-09-2024 of "
                   "2024-09-30 (standaard het einde van het kwartaal van de stand).")
@base_option
@force_option
@reports_errors
def summary(paths: tuple[Path, ...], source_dir: Path | None, output: Path | None,
            file_format: str, peildatum: str | None, base_path: Path | None,
            force: bool) -> None:
    """Maak de voortgangsrapportage voor het teamoverleg en het college.

    Leest één of meer standen (van verschillende kwartalen: dan ook het verloop) en/of ingevulde
    werkmappen. Ingevulde werkmappen worden eerst in het geheugen samengevoegd op de laatste
    stand (of op --base), precies zoals merge dat doet, met hun meldingen. Per onderdeel en per
    regie: aantallen per status, aandeel afgerond, achter op schema en zonder update; lijsten
    van open conflicten en van vertraagde, vervallen en achterstallige activiteiten met hun
    toelichting. Exitcode 1 bij fouten of open conflicten (de rapportage wordt wel geschreven).

    Voorbeeld:

        uvp-excel summary stand-q2-2024.xlsx stand-q3-2024.xlsx --format html

        uvp-excel summary stand-q3-2024.xlsx ingevuld-q4/ --format md
    """
    from uvp_excel.source.loader import load_programme
    from uvp_excel.summary.run import (
        conflict_lines,
        default_summary_path,
        parse_peildatum,
        summarise,
        write_summary,
    )

    programme = load_programme(source_dir or default_source_dir())
    if output:
        check_output_first(output, [*paths, base_path], force)
    result = summarise(list(paths), programme, parse_peildatum(peildatum), base_path)
    target = output or default_summary_path(programme, result, file_format)
    write_summary(result, target, file_format, force)
    print_findings([*result.findings, *conflict_lines(result)])
    total = result.total
    conflicts = len(result.lists["conflicten"])
    open_conflicts = f"{count_of(conflicts, 'open conflict', 'open conflicten')}, " \
        if conflicts else ""
    click.echo(f"Voortgang geschreven: {target} "
               f"({count_of(total.activities, 'activiteit', 'activiteiten')}, "
               f"{round(total.share_finished * 100)}% afgerond, {total.behind} achter op schema, "
               f"{open_conflicts}{count_of(len(result.findings), 'melding', 'meldingen')})",
               err=True)
    errors = any(finding.severity == "fout" for finding in result.findings)
    sys.exit(1 if errors or conflicts else 0)


@command()
@click.option("--map", "folder", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, metavar="MAP",
              help="De werkmap met een map per kwartaal (wordt gemaakt als hij niet bestaat).")
@source_option
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N",
              help="De poort op 127.0.0.1 (standaard een vrije poort).")
@click.option("--no-browser", is_flag=True, help="Open de browser niet zelf.")
@reports_errors
def serve(folder: Path, source_dir: Path | None, port: int, no_browser: bool) -> None:
    """Open de cockpit: het hele kwartaal in de browser.

    Uitdelen, retouren uploaden (meteen gecontroleerd), samenvoegen, het Importverslag lezen, de
    voortgang en het budget bekijken en alles downloaden. Alles staat als gewone bestanden in
    de werkmap MAP, per kwartaal een map (Q3-2024/uitdelen, Q3-2024/retouren, de stand, de
    rapportage). Alleen bereikbaar vanaf deze computer, met de toegangscode in het adres dat
    de opdracht toont. Stoppen met Ctrl+C.

    Voorbeeld:

        uvp-excel serve --map ~/Documenten/UVP
    """
    from uvp_excel.cockpit.server import serve as run
    from uvp_excel.cockpit.server import start_server

    server, guard = start_server(folder, source_dir, port)
    run(server, guard, not no_browser, lambda line: click.echo(line, err=True))


@cli.group(cls=WorkflowGroup, options_metavar="[OPTIES]",
           subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
           short_help="Schrijf het programma zelf in Excel (new, export, import).")
def source() -> None:
    """Het programma zelf als Excel-werkmap, voor wie het programma schrijft.

    Begin met een lege programmawerkmap (new) of met een bestaand programma (export), schrijf het
    programma in Excel, en zet de werkmap om in de programmamap (import), die alles tegelijk
    controleert.

    Voorbeeld:

        uvp-excel source export -o programma.xlsx

        uvp-excel source import programma.xlsx -o source_data/heiloo-2026-2027
    """


def source_command(*args, **kwargs):
    """Register a subcommand of ``uvp-excel source`` with Dutch usage text."""
    kwargs.setdefault("options_metavar", "[OPTIES]")
    return source.command(*args, **kwargs)


def programme_counts(sections: int, activities: int, tables: int) -> str:
    """``11 secties, 110 activiteiten, 1 financiële tabel``."""
    return ", ".join((count_of(sections, "sectie", "secties"),
                      count_of(activities, "activiteit", "activiteiten"),
                      count_of(tables, "financiële tabel", "financiële tabellen")))


def workbook_output_option(command):
    """The required ``-o PAD.xlsx`` of source new and export."""
    return click.option("-o", "--output", required=True, metavar="PAD.xlsx",
                        type=click.Path(dir_okay=False, path_type=Path),
                        help="De programmawerkmap die geschreven wordt.")(command)


@source_command("new")
@workbook_output_option
@force_option
@reports_errors
def source_new(output: Path, force: bool) -> None:
    """Maak een lege programmawerkmap.

    Met de tabbladen Toelichting, Programma, Secties, Activiteiten, een financiële tabel,
    Afkortingen en Statussen (de standaardlijst, aan te passen). Vul hem in Excel in en lees hem
    in met 'uvp-excel source import'.

    Voorbeeld:

        uvp-excel source new -o programma-bergen.xlsx
    """
    from uvp_excel.source.workbook_export import export_workbook

    result = export_workbook(output, None, force)
    click.echo(f"Lege programmawerkmap geschreven: {output} ({len(result.tabs)} tabbladen)",
               err=True)


@source_command("export", short_help="Schrijf een bestaand programma als programmawerkmap.")
@workbook_output_option
@source_option
@force_option
@reports_errors
def source_export(output: Path, source_dir: Path | None, force: bool) -> None:
    """Schrijf een bestaand programma als programmawerkmap (standaard dat van Heiloo).

    Zo begint een beleidsmedewerker aan een nieuwe versie vanaf het bestaande programma.

    Voorbeeld:

        uvp-excel source export -o programma-heiloo.xlsx
    """
    from uvp_excel.source.loader import load_programme
    from uvp_excel.source.workbook_export import export_workbook

    programme = load_programme(source_dir or default_source_dir())
    result = export_workbook(output, programme, force)
    click.echo(f"Programmawerkmap geschreven: {output} ("
               f"{programme_counts(result.sections, result.activities, result.budget_tables)})",
               err=True)


@source_command("import")
@click.argument("workbook", metavar="WERKMAP.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "folder", required=True, metavar="MAP",
              type=click.Path(file_okay=False, path_type=Path),
              help="De programmamap die geschreven wordt.")
@click.option("--force", is_flag=True,
              help="Vervang een bestaande programmamap (de wijzigingen worden eerst getoond).")
@reports_errors
def source_import(workbook: Path, folder: Path, force: bool) -> None:
    """Controleer een programmawerkmap en schrijf de programmamap (YAML).

    Alles wordt tegelijk gecontroleerd; elke melding noemt tabblad en cel. Bij een fout wordt
    niets geschreven (exitcode 1). Activiteiten zonder ID krijgen een nieuw ID, dat gemeld
    wordt. Bestaat de map al, dan toont de opdracht wat er verandert en schrijft alleen met
    --force.

    Voorbeeld:

    \b
        uvp-excel source import programma-bergen.xlsx -o source_data/bergen-2025-2026
    """
    from uvp_excel.source.workbook_import import import_programme_workbook

    result = import_programme_workbook(workbook, folder, force)
    print_findings(result.findings)
    if result.has_errors:
        errors = sum(1 for finding in result.findings if finding.severity == "fout")
        fail(f"niets geschreven: {workbook} bevat {count_of(errors, 'fout', 'fouten')}; zie de "
             "meldingen hierboven")
    if result.changes:
        click.echo(f"Wijzigingen ten opzichte van {folder}:")
        for line in result.changes:
            click.echo(f"  {line}")
    if result.existed and not result.changes:
        click.echo(f"{folder} is al gelijk aan {workbook}; niets geschreven", err=True)
        return
    if not result.written:
        fail(f"{folder} bestaat al; gebruik --force om de wijzigingen hierboven te schrijven "
             "(er is niets veranderd)")
    programme = result.programme
    counts = programme_counts(len(programme.sections), sum(1 for _ in programme.activities()),
                              len(programme.budget_tables))
    click.echo(f"Programmamap geschreven: {folder} ({counts})", err=True)


def main() -> None:
    """Entry point of the ``uvp-excel`` console script."""
    cli(prog_name="uvp-excel")
