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
from uvp_excel.resources import default_source_dir

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail(message: str, code: int = 1) -> None:
    """Print a Dutch error line to stderr and exit with ``code``."""
    click.echo(f"Fout: {message}", err=True)
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


def json_option(command):
    """The shared ``--json`` flag: print the report as data for other tools."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Druk het verslag af als JSON (voor andere programma's).")(command)


@click.group(context_settings=CONTEXT_SETTINGS, options_metavar="[OPTIES]",
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
@click.option("--kwartaal", "quarter", metavar='"Q3 2024"',
              help="Het rapportagekwartaal (standaard het huidige kwartaal).")
@force_option
@reports_errors
def build(source_dir: Path | None, output: Path | None, quarter: str | None,
          force: bool) -> None:
    """Maak de werkmap die regiehouders invullen.

    Zonder opties: de werkmap van het meegeleverde programma van Heiloo, als
    uvp-heiloo-2024-2025.xlsx in de huidige map. Eén tabblad per prioriteit, strategisch
    thema en bijlage, met keuzelijsten voor Status en Kwartaal, beveiligde programmateksten, een
    Overzicht dat meetelt, en de budgettabbladen voor Financiën en Control.

    Voorbeeld:

        uvp-excel build --kwartaal "Q3 2024" -o uvp-heiloo-q3-2024.xlsx
    """
    from uvp_excel.build import BuildRequest, build_workbook

    request = BuildRequest(source_dir or default_source_dir(), output, quarter, force)
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


def main() -> None:
    """Entry point of the ``uvp-excel`` console script."""
    dutch_click.install()
    cli(prog_name="uvp-excel")
