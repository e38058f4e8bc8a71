"""The one exception family of uvp-excel.

The core raises these; only the command line turns them into a Dutch one-line message and an exit
code. Every message is Dutch and names the file (and where possible the tab and cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uvp_excel.findings import Finding


class UvpError(Exception):
    """Base of every error a user can cause; ``str(error)`` is the Dutch message."""

    exit_code = 1


class CommandUsageError(UvpError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2


class ParameterError(CommandUsageError):
    """A library call got a value it cannot use; ``parameter`` names the argument.

    The message does not name a command-line option: the command line maps ``parameter`` to its
    own option when it shows the error.
    """

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter


class SourceDataError(UvpError):
    """The programme folder cannot be loaded; carries every problem found."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = list(findings)
        count = len(self.findings)
        noun = "probleem" if count == 1 else "problemen"
        super().__init__(f"de programmagegevens bevatten {count} {noun}")


class TemplateError(UvpError):
    """A file in templates/ is missing or malformed."""


class OutputExistsError(UvpError):
    """The output file exists and --force was not given."""


class FileError(UvpError):
    """A file cannot be read or written.

    ``reason`` is the message without the file name and ``line`` the line it concerns (0 when
    none), so callers that already show the file can report the reason alone.
    """

    def __init__(self, message: str, reason: str = "", line: int = 0):
        super().__init__(message)
        self.reason = reason or message
        self.line = line
