"""Dutch for click's own texts ("Usage:", "Show this message and exit.", error messages).

Click marks its user-facing strings with ``gettext``; we route those calls through a small table,
so ``--help`` and usage errors read Dutch like the rest of the tool. Unknown strings stay English
rather than fail.
"""

from __future__ import annotations

from typing import Any

import click._textwrap
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

TRANSLATIONS = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Probeer '{command} {option}' voor hulp.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Missing command.": "Geen opdracht gegeven.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Aborted!": "Afgebroken.",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "deprecated": "verouderd",
    "(dynamic)": "(wisselend)",
    "env var: {var}": "omgevingsvariabele: {var}",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "Positional arguments": "Argumenten",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "Option {name!r} requires {nargs} arguments.": "Optie {name!r} heeft {nargs} waarden nodig.",
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is geen van {choices}.",
    "Did you mean {possibility}?": "Bedoelde u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelde u een van: {possibilities}?)",
}


def _gettext(message: str) -> str:
    return TRANSLATIONS.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


class _WholeWordWrapper(click._textwrap.TextWrapper):
    """Click's help wrapper, but never breaking at a hyphen: the help names files and dates
    (``uvp-heiloo-2024-2025.xlsx``, ``30-09-2024``) that must stay whole to be copied."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("break_on_hyphens", False)
        super().__init__(*args, **kwargs)


def install() -> None:
    """Route click's gettext calls through the Dutch table; wrap help at spaces only."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.types):
        setattr(module, "_", _gettext)  # noqa: B010 - click's own name for gettext
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", _ngettext)  # noqa: B010
    setattr(click._textwrap, "TextWrapper", _WholeWordWrapper)  # noqa: B010 (a class, typed)
