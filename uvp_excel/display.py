"""Show text from foreign files safely: one message is one line, and nothing drives the terminal.

A cell value or a file name may hold line breaks, escape sequences (ESC, BEL), bidirectional
overrides or bytes that are not UTF-8. Printed as they are, they forge lines (``fout: nep.xlsx``),
recolour or clear the terminal, or crash the print. Every message shows them visibly instead:
``\\n`` for a line break, ``␛`` for ESC, ``�`` for a direction override or a broken byte,
``<U+2028>`` for another invisible control.
"""

from __future__ import annotations

import os
import re

CONTROL_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x7f": "␡"}
# C0 controls become their Unicode control pictures (ESC → ␛, BEL → ␇).
CONTROL_NAMES.update({chr(code): chr(0x2400 + code) for code in range(32)
                      if chr(code) not in CONTROL_NAMES})
# Characters that change how the rest of a line is shown, or break it, without being C0 controls.
INVISIBLE = re.compile("[\x80-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                       "\ud800-\udfff]")
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
NEEDS_WORK = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069"
                        "\ufeff\ud800-\udfff]")


def visible(text: str) -> str:
    """Return ``text`` on one line with every control character made visible."""
    if not NEEDS_WORK.search(text):
        return text  # the common case, kept fast
    text = "".join(CONTROL_NAMES.get(char, char) for char in text)
    return INVISIBLE.sub(_code_point, text)


def _code_point(match: re.Match) -> str:
    char = match.group()
    # A byte that was not UTF-8 (surrogate escape), or a direction control (the cockpit shows
    # those the same way): the replacement character.
    if 0xD800 <= ord(char) <= 0xDFFF or DIRECTION_CONTROLS.match(char):
        return "\ufffd"
    return f"<U+{ord(char):04X}>"


def shortened(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()}… ({len(text):,} tekens)".replace(",", ".")


def file_label(path: str | os.PathLike[str]) -> str:
    """A file name as messages show it: bytes that are not UTF-8 as ``�``, controls visible."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return visible(text)
