"""Read YAML safely and remember on which line each mapping started.

Source-data errors must name the file and the entry; the line number lets a policy officer jump
straight to it in their editor.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from uvp_excel.errors import FileError


class LineDict(dict):
    """A dict that knows the 1-based line of the YAML mapping it came from."""

    line: int = 0


# libyaml's C parser is ~10x faster than the pure-Python one; a programme of 10,000
# activities depends on it. Both are safe loaders.
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    """Safe loader that returns :class:`LineDict` for every mapping."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# Dates stay text: "versiedatum: 2024-05-29" is parsed by the loader where it is expected, and
# nothing else in the data silently turns into a date object.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


# The loader the programme folder is read with; the YAML writer checks its scalars against it.
LINE_LOADER = _LineLoader


def load_yaml(path: Path, display_name: str | None = None) -> Any:
    """Parse one YAML file; mappings become :class:`LineDict`.

    Raises:
        FileError: the file is missing, unreadable or not valid YAML (message in Dutch).
    """
    name = display_name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileError(f"{name}: bestand niet gevonden", "bestand niet gevonden") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"kan het bestand niet lezen ({exc.__class__.__name__})"
        raise FileError(f"{name}: {reason}", reason) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        where = f" › regel {line}" if line else ""
        reason = f"geen geldige YAML ({getattr(exc, 'problem', None) or 'onbekende fout'})"
        raise FileError(f"{name}{where}: {reason}", reason, line) from None
