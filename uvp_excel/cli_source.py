"""``uvp-excel source``: the programme itself as an Excel workbook (new, export, import)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import uvp_excel as uvp
from uvp_excel.cli_options import (
    WorkflowGroup,
    fail,
    folder_option,
    force_option,
    print_findings,
    programme_option,
    say,
    subcommand,
)
from uvp_excel.findings import count_of

if TYPE_CHECKING:
    from uvp_excel.source.model import Programme


@click.group(cls=WorkflowGroup, options_metavar="[OPTIES]",
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


def programme_counts(sections: int, activities: int, tables: int) -> str:
    """``11 secties, 110 activiteiten, 1 financiële tabel``."""
    return ", ".join((count_of(sections, "sectie", "secties"),
                      count_of(activities, "activiteit", "activiteiten"),
                      count_of(tables, "financiële tabel", "financiële tabellen")))


def workbook_output_option(command: Any) -> Any:
    """The required ``-o PAD.xlsx`` of source new and export."""
    return click.option("-o", "--output", required=True, metavar="PAD.xlsx",
                        type=click.Path(dir_okay=False, path_type=Path),
                        help="De programmawerkmap die geschreven wordt.")(command)


@subcommand(source, "new")
@workbook_output_option
@force_option()
def source_new(output: Path, force: bool) -> None:
    """Maak een lege programmawerkmap.

    Met de tabbladen Toelichting, Programma, Secties, Activiteiten, een financiële tabel,
    Afkortingen en Statussen (de standaardlijst, aan te passen). Vul hem in Excel in en lees hem
    in met 'uvp-excel source import'.

    Voorbeeld:

        uvp-excel source new -o programma-bergen.xlsx
    """
    result = uvp.export_programme(output, None, force=force)
    say(f"Lege programmawerkmap geschreven: {output} ({len(result.tabs)} tabbladen)")


@subcommand(source, "export", short_help="Schrijf een bestaand programma als programmawerkmap.")
@workbook_output_option
@programme_option
@force_option()
def source_export(output: Path, programme: Programme, force: bool) -> None:
    """Schrijf een bestaand programma als programmawerkmap (standaard dat van Heiloo).

    Zo begint een beleidsmedewerker aan een nieuwe versie vanaf het bestaande programma.

    Voorbeeld:

        uvp-excel source export -o programma-heiloo.xlsx
    """
    result = uvp.export_programme(output, programme, force=force)
    say(f"Programmawerkmap geschreven: {output} ("
        f"{programme_counts(result.sections, result.activities, result.budget_tables)})")


@subcommand(source, "import")
@click.argument("workbook", metavar="WERKMAP.xlsx",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@folder_option("De programmamap die geschreven wordt.")
@force_option("Vervang een bestaande programmamap (de wijzigingen worden eerst getoond).")
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
    result = uvp.import_programme(workbook, folder, force=force)
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
        say(f"{folder} is al gelijk aan {workbook}; niets geschreven")
        return
    if not result.written:
        fail(f"{folder} bestaat al; gebruik --force om de wijzigingen hierboven te schrijven "
             "(er is niets veranderd)")
    programme = result.programme
    assert programme is not None  # a folder is written only from a programme that loaded
    counts = programme_counts(len(programme.sections), len(list(programme.activities())),
                              len(programme.budget_tables))
    say(f"Programmamap geschreven: {folder} ({counts})")
