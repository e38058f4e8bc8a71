"""The ``uvp-excel`` command line: thin click commands over the public API (``import uvp_excel``).

Each command parses its options, calls one API function, prints the result and maps it to an
exit code: 0 success, 1 a problem in the data or files, 2 wrong usage. Users never see a traceback
unless they ask for one with ``--debug``. What the commands share lives in
:mod:`uvp_excel.cli_options`; the ``source`` group in :mod:`uvp_excel.cli_source`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import uvp_excel as uvp
from uvp_excel import __version__
from uvp_excel.cli_options import (
    CONTEXT_SETTINGS,
    HANDOUT_QUARTER_HELP,
    STAND_QUARTER_HELP,
    WorkflowGroup,
    base_option,
    check_output_first,
    exit_by,
    fail,
    files_argument,
    folder_option,
    force_option,
    from_option,
    in_current_folder,
    json_option,
    output_format,
    output_option,
    print_findings,
    programme_option,
    progress,
    quarter_option,
    say,
    subcommand,
    warn_default_quarter,
)
from uvp_excel.cli_source import source
from uvp_excel.findings import count_of

if TYPE_CHECKING:
    from uvp_excel.source.model import Programme


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


def command(*args: Any, **kwargs: Any) -> Any:
    """Register a subcommand of ``uvp-excel``."""
    return subcommand(cli, *args, **kwargs)


cli.add_command(source)


@command(short_help="Controleer de programmagegevens en toon de afwijkingen.")
@programme_option
@json_option()
def check(programme: Programme, as_json: bool) -> None:
    """Controleer de programmagegevens en toon de afwijkingen in het document.

    Telt de activiteiten per sectie en rekent na wat het document zelf zegt: totalen die niet
    kloppen, bedragen die verkeerd getypt lijken, dubbel afgedrukte rijen, het aantal fte in de
    tekst tegenover de tabel. Afwijkingen zijn waarschuwingen (exitcode 0); gegevens die niet te
    laden zijn geven exitcode 1.

    Voorbeeld:

        uvp-excel check --source source_data/heiloo-2024-2025
    """
    from uvp_excel.check import check_as_json, format_check

    result = uvp.check_programme(programme)
    click.echo(check_as_json(result) if as_json else format_check(result))


@command(short_help="Maak de werkmap die regiehouders invullen.")
@programme_option
@output_option("uvp-heiloo-2024-2025.xlsx, naar de korte naam van het programma")
@quarter_option(HANDOUT_QUARTER_HELP)
@from_option
@force_option()
def build(programme: Programme, output: Path | None, quarter: str | None,
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
    target = output or in_current_folder(programme, ".xlsx")
    result = uvp.build(programme, target, quarter=quarter, base=stand, force=force)
    print_findings(result.findings)
    warn_default_quarter(programme, quarter)
    say(f"Werkmap geschreven: {target} "
        f"({count_of(result.activity_count, 'activiteit', 'activiteiten')} en "
        f"{count_of(result.reference_count, 'verwijzing', 'verwijzingen')} op "
        f"{count_of(len(result.tabs), 'tabblad', 'tabbladen')})")


@command(short_help="Schrijf alleen de financiële tabellen (xlsx of csv).")
@programme_option
@output_option("uvp-heiloo-2024-2025-begroting.xlsx of .csv")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "csv"]),
              help="xlsx: de budgettabbladen; csv: één lange tabel "
              "(tabel;groep;post;verdeling;kolom;jaar;bedrag;eenheid) met decimale komma "
              "(standaard: volgens de extensie van -o, anders xlsx).")
@force_option()
def budget(programme: Programme, output: Path | None, file_format: str | None,
           force: bool) -> None:
    """Schrijf alleen de financiële tabellen, voor Financiën en Control.

    Als xlsx: één tabblad per financiële tabel van het programma (bij Heiloo de tabellen uit
    paragraaf 6.2 en 6.4), met getallen als getallen, totalen als SUM-formules en een controle
    op de totalen van het document, en een lange tabel voor draaitabellen. Als csv: die lange
    tabel met puntkomma's, decimale komma en UTF-8 met BOM, zodat Excel hem goed opent.

    Voorbeeld:

        uvp-excel budget -o begroting-oov.csv
    """
    chosen = file_format or output_format(output, ("xlsx", "csv"), "xlsx")
    target = output or in_current_folder(programme, f"-begroting.{chosen}")
    description = uvp.budget(programme, target, file_format=chosen, force=force)
    say(f"Budget geschreven: {target} ({description})")


@command(short_help="Controleer ingevulde werkmappen zonder ze samen te voegen.")
@files_argument
@programme_option
@base_option
@quarter_option(STAND_QUARTER_HELP)
@json_option()
def validate(paths: tuple[Path, ...], programme: Programme, base_path: Path | None,
             quarter: str | None, as_json: bool) -> None:
    """Controleer ingevulde werkmappen zonder ze samen te voegen.

    Leest alle bestanden (mappen worden doorzocht op .xlsx en .xlsm), meldt alle fouten,
    conflicten en waarschuwingen van alle bestanden, elk met bestand, tabblad en cel, en zegt per
    bestand wat merge ermee zal doen (met dezelfde --base en --kwartaal). Exitcode 0 als merge
    schoon zou samenvoegen, anders 1.

    Voorbeeld:

        uvp-excel validate ingevuld-q4/ --base stand-q3-2024.xlsx
    """
    # validate says what merge will do: it is the merge, without writing the stand.
    with progress(paths, "Werkmappen controleren") as on_file:
        result = uvp.merge(programme, paths, base=base_path, quarter=quarter, on_file=on_file)
    if as_json:
        click.echo(result.to_json())
    else:
        print_findings(result.findings)
        click.echo("Wat merge met elk bestand doet:")
        for line in result.files:
            click.echo(f"  {line.name}: {line.plan}")
    outcome = "" if result.returns_read else \
        "; geen enkele ingevulde werkmap om samen te voegen: merge schrijft geen stand"
    say(f"Gecontroleerd: {result.headline()}{outcome}")
    exit_by(result)


@command(short_help="Voeg ingevulde werkmappen samen tot één stand.")
@files_argument
@programme_option
@output_option("uvp-heiloo-2024-2025-stand-Q3-2024.xlsx, naar het programma en het "
               "kwartaal van de stand")
@base_option
@quarter_option(STAND_QUARTER_HELP)
@click.option("--strict", is_flag=True,
              help="Schrijf geen stand als een bestand fouten heeft.")
@force_option()
@json_option()
def merge(paths: tuple[Path, ...], programme: Programme, output: Path | None,
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
    check_output_first(output, [*paths, base_path], programme, force)
    with progress(paths, "Werkmappen samenvoegen") as on_file:
        result = uvp.merge(programme, paths, base=base_path, quarter=quarter, on_file=on_file)
    if as_json:
        click.echo(result.to_json())
    else:
        print_findings(result.findings)
    if strict and result.report.has_errors:
        fail("niet samengevoegd (--strict): er zijn fouten; zie de meldingen hierboven")
    quarter_name = str(result.quarter).replace(" ", "-")
    target = output or in_current_folder(programme, f"-stand-{quarter_name}.xlsx")
    written = result.write(target, force=force)
    say(f"Stand geschreven: {target} ({result.headline()}; "
        f"{count_of(written.activity_count, 'activiteit', 'activiteiten')})")
    exit_by(result)


@command(short_help="Maak één werkmap per regie, met alleen de rijen van die regie.")
@programme_option
@folder_option("De map waarin de werkmappen komen (wordt gemaakt als hij niet bestaat).")
@quarter_option(HANDOUT_QUARTER_HELP)
@from_option
@force_option("Overschrijf werkmappen die al in de map staan (zonder --force wordt dan niets "
              "geschreven).")
@json_option("Druk de lijst van regie, aantal activiteiten en bestand af als JSON.")
def split(programme: Programme, folder: Path, quarter: str | None, stand: Path | None,
          force: bool, as_json: bool) -> None:
    """Maak één werkmap per regie, met alleen de rijen van die regie.

    Een rij met twee teams in de regie ("OOV en Samenleven") gaat naar beide; rijen zonder regie
    komen in een werkmap "Zonder regie". Toont welke regie welk bestand krijgt.

    Voorbeeld:

        uvp-excel split -o uitdelen/ --kwartaal "Q3 2024"
    """
    from uvp_excel.workbook.split import format_index, index_as_json

    files = uvp.split(programme, folder, quarter=quarter, base=stand, force=force)
    print_findings(files.findings)
    warn_default_quarter(programme, quarter)
    click.echo(index_as_json(files) if as_json else format_index(files))
    say(f"{count_of(len(files), 'werkmap', 'werkmappen')} geschreven in {folder}")


@command(short_help="Maak de voortgangsrapportage voor teamoverleg en college.")
@files_argument
@programme_option
@output_option("uvp-heiloo-2024-2025-voortgang-Q3-2024.html, naar het programma, het "
               "kwartaal en het formaat")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "html", "md", "csv", "json"]),
              help="xlsx met grafieken, html voor het college (print op A4), md voor een memo, "
                   "csv met de tabellen per sectie en per regie, json voor andere programma's "
                   "(standaard: volgens de extensie van -o, anders html).")
@click.option("--peildatum", metavar="DATUM",
              help="De datum waartegen 'achter op schema' wordt bepaald, zoals 30-09-2024 of "
                   "2024-09-30 (standaard het einde van het kwartaal van de stand).")
@base_option
@force_option()
def summary(paths: tuple[Path, ...], programme: Programme, output: Path | None,
            file_format: str | None, peildatum: str | None, base_path: Path | None,
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
    from uvp_excel.summary.run import FORMATS, conflict_lines, default_summary_path

    chosen = file_format or output_format(output, FORMATS, "html")
    check_output_first(output, [*paths, base_path], programme, force)
    result = uvp.summarise(programme, paths, peildatum=peildatum, base=base_path)
    target = output or default_summary_path(programme, result, chosen)
    result.write(target, file_format=chosen, force=force)
    print_findings([*result.findings, *conflict_lines(result)])
    total = result.total
    conflicts = len(result.lists["conflicten"])
    open_conflicts = f"{count_of(conflicts, 'open conflict', 'open conflicten')}, " \
        if conflicts else ""
    say(f"Voortgang geschreven: {target} "
        f"({count_of(total.activities, 'activiteit', 'activiteiten')}, "
        f"{round(total.share_finished * 100)}% afgerond, {total.behind} achter op schema, "
        f"{open_conflicts}{count_of(len(result.findings), 'melding', 'meldingen')})")
    exit_by(result)


@command()
@click.option("--map", "folder", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, metavar="MAP",
              help="De werkmap met een map per kwartaal (wordt gemaakt als hij niet bestaat).")
@programme_option
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N",
              help="De poort op 127.0.0.1 (standaard een vrije poort).")
@click.option("--no-browser", is_flag=True, help="Open de browser niet zelf.")
def serve(folder: Path, programme: Programme, port: int, no_browser: bool) -> None:
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

    server, guard = start_server(folder, programme, port)
    run(server, guard, not no_browser, say)


def main() -> None:
    """Entry point of the ``uvp-excel`` console script."""
    cli(prog_name="uvp-excel")
