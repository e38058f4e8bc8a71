"""One quarter of the small test programme, as the cockpit tests and the browser test play it."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.returns import fill

__all__ = ["fill"]
from uvp_excel.cockpit.security import Guard

PORT = 5555
BASE_URL = f"http://127.0.0.1:{PORT}"
THV_ERROR = ("fout: uvp-proefdorp-2024-2025-THV.xlsx › P1 Ondermijning › H3: 'klaar?' is geen "
             "geldige status (kies uit: Niet gestart, In uitvoering, Vertraagd, Afgerond, "
             "Vervallen)")
HOSTILE_TEXTS = [
    "<script>alert('toelichting')</script>",
    '"><img src=x onerror=alert(1)>',
    "=HYPERLINK(\"http://voorbeeld.invalid\",\"klik\")",
    "{{ 7*7 }} {% raw %}",
    "Ünïcödé — “aanhalingstekens” & ampersand",
]


def guard() -> Guard:
    """A guard with fixed port and secrets, so tests can build addresses."""
    return Guard(port=PORT, token="toegang-voor-de-test",  # noqa: S106 - a test's own token
                 csrf="formulier-voor-de-test")


def fill_returns(handout: Path, target: Path, hostile: bool = False) -> list[Path]:
    """The three returns of the quarter, made from the handed-out workbooks in ``handout``.

    OOV finishes P1-01 and sets P1-03 to In uitvoering; Samenleven sets P1-03 to Vertraagd (a
    conflict with OOV); THV types ``klaar?`` as status of P1-02 (an error).
    """
    target.mkdir(parents=True, exist_ok=True)
    short = "uvp-proefdorp-2024-2025"
    explanation = HOSTILE_TEXTS[0] if hostile else "Wacht op de jongerenwerkers."
    return [
        fill((handout / f"{short}-OOV.xlsx").read_bytes(), target / f"{short}-OOV.xlsx",
             {("P1-01", "status"): "Afgerond", ("P1-03", "status"): "In uitvoering"},
             creator="Olga van OOV"),
        fill((handout / f"{short}-Samenleven.xlsx").read_bytes(),
             target / f"{short}-Samenleven.xlsx",
             {("P1-03", "status"): "Vertraagd", ("P1-03", "toelichting"): explanation},
             creator="Sam"),
        fill((handout / f"{short}-THV.xlsx").read_bytes(), target / f"{short}-THV.xlsx",
             {("P1-02", "status"): "klaar?"}, creator="Tim van THV"),
    ]
