"""The one exception family of uvp-excel.

The core raises these; only the command line turns them into a Dutch one-line message and an exit
code. Every message is Dutch and names the file (and where possible the tab and cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uvp_excel.findings import Finding


# Where a message names the argument it is about; each face fills in its own spelling. A NUL
# cannot occur in a file name or a cell, so no user text in the message is ever taken for it.
OPTION = "\x00option\x00"


class UvpError(Exception):
    """Base of every error a user can cause; ``str(error)`` is the Dutch message.

    A message about an argument names it as :data:`OPTION` in ``template``: ``str(error)`` spells
    it as the library's parameter (``quarter``), and :meth:`spelled` as a face's own spelling
    (the command line passes ``--kwartaal``), so the library never talks about command-line flags.
    """

    exit_code = 1
    parameter: str | None = None  # the argument the message is about, when there is one

    def __init__(self, message: str = "", *, parameter: str | None = None,
                 spelling: str | None = None) -> None:
        self.template = message
        if parameter is not None:
            self.parameter = parameter
        super().__init__(self.spelled(spelling or self.parameter or ""))

    def spelled(self, option: str) -> str:
        """The message with its argument spelled as ``option``."""
        return self.template.replace(OPTION, option)


class CommandUsageError(UvpError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2


class ParameterError(CommandUsageError):
    """A library call got a value it cannot use; ``parameter`` names the argument."""

    def __init__(self, parameter: str, message: str, *, spelling: str | None = None) -> None:
        super().__init__(message, parameter=parameter, spelling=spelling)


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
    """The output file exists and overwriting was not asked for (``force``)."""

    parameter = "force"

    def __init__(self, message: str) -> None:
        super().__init__(message, spelling="force=True")


class FileError(UvpError):
    """A file cannot be read or written.

    ``reason`` is the message without the file name and ``line`` the line it concerns (0 when
    none), so callers that already show the file can report the reason alone.
    """

    def __init__(self, message: str, reason: str = "", line: int = 0):
        super().__init__(message)
        self.reason = reason or message
        self.line = line
