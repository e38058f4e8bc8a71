"""uvp-excel: the Uitvoeringsprogramma Integrale Veiligheid as a working Excel instrument.

The public API (see :mod:`uvp_excel.api`)::

    import uvp_excel as uvp
    prog = uvp.load_programme()
    result = uvp.merge(prog, ["ingevuld/"], base="stand-q2.xlsx")
    result.write("stand-q3.xlsx")

``import uvp_excel`` stays light: the functions are loaded on first use, so the command line
starts fast and a notebook pays only for what it calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "MAX_FILE_BYTES",
    "FileError",
    "Finding",
    "MergeResult",
    "OutputExistsError",
    "ParameterError",
    "Programme",
    "Report",
    "SourceDataError",
    "Summary",
    "UvpError",
    "__version__",
    "budget",
    "build",
    "check_programme",
    "export_programme",
    "import_programme",
    "load_programme",
    "merge",
    "split",
    "summarise",
    "validate",
]

if TYPE_CHECKING:
    from uvp_excel.api import (
        budget,
        build,
        check_programme,
        export_programme,
        import_programme,
        load_programme,
        merge,
        split,
        summarise,
        validate,
    )
    from uvp_excel.errors import (
        FileError,
        OutputExistsError,
        ParameterError,
        SourceDataError,
        UvpError,
    )
    from uvp_excel.findings import Finding, Report
    from uvp_excel.merging.merge import MergeResult
    from uvp_excel.returns.archive import MAX_FILE_BYTES
    from uvp_excel.source.model import Programme
    from uvp_excel.summary.model import Summary

_HOMES = {
    "budget": "uvp_excel.api", "build": "uvp_excel.api", "load_programme": "uvp_excel.api",
    "merge": "uvp_excel.api", "split": "uvp_excel.api", "summarise": "uvp_excel.api",
    "validate": "uvp_excel.api", "check_programme": "uvp_excel.api",
    "export_programme": "uvp_excel.api", "import_programme": "uvp_excel.api",
    "FileError": "uvp_excel.errors", "OutputExistsError": "uvp_excel.errors",
    "ParameterError": "uvp_excel.errors", "SourceDataError": "uvp_excel.errors",
    "UvpError": "uvp_excel.errors",
    "Finding": "uvp_excel.findings", "Report": "uvp_excel.findings",
    "MergeResult": "uvp_excel.merging.merge", "Programme": "uvp_excel.source.model",
    "MAX_FILE_BYTES": "uvp_excel.returns.archive",
    "Summary": "uvp_excel.summary.model",
}


def __getattr__(name: str) -> Any:
    """Load a public name on first use (PEP 562)."""
    if name not in _HOMES:
        raise AttributeError(f"module 'uvp_excel' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    value = getattr(import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
