"""Write a programme as the YAML folder a policy officer would write by hand.

The folder stays the storage because its diffs are readable, so the output follows the hand-written
files of ``source_data/heiloo-2024-2025``: the same key order, block style for long texts (``>-``
folded at 100 columns, ``|-`` for texts with line breaks), short lists and column definitions on
one line, and quotes only where YAML needs them. Every scalar is checked against the loader, so
what is written reads back as exactly the same text.
"""

from __future__ import annotations

import json
import re
import textwrap
from functools import lru_cache

import yaml

from uvp_excel.source.model import (
    Activity,
    BudgetPost,
    BudgetTable,
    Programme,
    Section,
    Status,
)
from uvp_excel.source.notes import Notes
from uvp_excel.yamlio import LINE_LOADER

WIDTH = 100
# A post or total on one line reads best in a table; the hand-written files allow such lines a
# little past the text width.
FLOW_WIDTH = 120
FLOW_SPECIALS = frozenset(",[]{}#")
# Characters YAML treats as line breaks or does not allow raw: only written as escapes.
ESCAPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


@lru_cache(maxsize=65536)
def _plain_is_safe(text: str, flow: bool) -> bool:
    """True when ``text`` written without quotes reads back as the same string."""
    if not text or text != text.strip() or "\n" in text or "\t" in text or ESCAPED.search(text):
        return False
    if flow and FLOW_SPECIALS & set(text):
        return False
    document, expected = (f"k: [{text}]\n", {"k": [text]}) if flow \
        else (f"k: {text}\n", {"k": text})
    try:
        return yaml.load(document, Loader=LINE_LOADER) == expected  # noqa: S506
    except yaml.YAMLError:
        return False


def scalar(text: str, flow: bool = False) -> str:
    """Return ``text`` as a one-line YAML scalar: plain when safe, else double-quoted."""
    if _plain_is_safe(text, flow):
        return text
    # A JSON string is a valid YAML double-quoted scalar (same escapes); what JSON leaves raw
    # but YAML would read as a line break or refuse is escaped too.
    quoted = json.dumps(text, ensure_ascii=False)
    return ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def comment(text: str) -> str:
    """A one-line ``# …`` comment: user text with line breaks and control characters removed."""
    return "# " + " ".join(ESCAPED.sub(" ", text).replace("\r", " ").split())


def comment_block(text: str, indent: int = 0) -> list[str]:
    """A note as comment lines, its own line breaks kept (control characters removed)."""
    pad = " " * indent
    lines = ESCAPED.sub(" ", text).replace("\r", "").split("\n")
    return [f"{pad}# {line.rstrip()}" if line.strip() else f"{pad}#" for line in lines]


def number(value: float | int, unit: str = "euro") -> str:
    """Return an amount the way people type it: ``61862``, ``3.71``; fte as ``1.00``."""
    if unit == "fte" and round(value, 2) == value:
        return f"{value:.2f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


def _foldable(text: str) -> bool:
    return bool(text) and "\n" not in text and "\t" not in text and "  " not in text \
        and text == text.strip() and not ESCAPED.search(text) and "\r" not in text


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    return bool(text) and not text[0].isspace() and all(
        line == line.rstrip() and "\t" not in line for line in lines) and \
        text == text.strip() and not ESCAPED.search(text) and "\r" not in text


def text_field(key: str, text: str, indent: int) -> list[str]:
    """Return the lines of ``key: text`` at ``indent``, folded or literal when long."""
    pad = " " * indent
    one_line = f"{pad}{key}: {scalar(text)}"
    if "\n" in text and _literal_ok(text):
        return [f"{pad}{key}: |-", *(f"{pad}  {line}" if line else "" for line in text.split("\n"))]
    if len(one_line) <= WIDTH or not _foldable(text):
        return [one_line]
    # Break only at single spaces, so folding gives back exactly the same text.
    lines = textwrap.wrap(text, width=WIDTH - indent - 2, break_long_words=False,
                          break_on_hyphens=False)
    if " ".join(lines) != text:
        return [one_line]
    return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in lines)]


def flow_list(items: tuple[str, ...] | list[str]) -> str:
    """Return ``[a, b, "c, d"]``."""
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def flow_map(pairs: list[tuple[str, str]]) -> str:
    """Return ``{a: 1, b: x}`` from already formatted values."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


# --- programma.yaml ------------------------------------------------------------------------


def programme_yaml(programme: Programme) -> str:
    """Return ``programma.yaml``."""
    lines = [comment(f"{programme.title} gemeente {programme.gemeente} ({programme.version}).")]
    lines += [
        f"gemeente: {scalar(programme.gemeente)}",
        f"titel: {scalar(programme.title)}",
        f"kort: {scalar(programme.short_name)}",
        f"periode: {{van: {programme.first_year}, tot: {programme.last_year}}}",
        f"ivb_periode: {{van: {programme.ivb_first_year}, tot: {programme.ivb_last_year}}}",
    ]
    if programme.ivb:
        lines.append(f"ivb: {scalar(programme.ivb)}")
    lines.append(f"versie: {scalar(programme.version)}")
    if programme.version_date:
        lines.append(f"versiedatum: {programme.version_date.isoformat()}")
    lines.append(f"secties: {flow_list([section.key for section in programme.sections])}")
    if programme.budget_tables:
        lines.append("begroting:")
        lines += [f"  - {scalar(table.key)}" for table in programme.budget_tables]
    return "\n".join(lines) + "\n"


# --- secties/<sleutel>.yaml ----------------------------------------------------------------


def default_section_note(section: Section, programme: Programme) -> str:
    """The opening comment of a section file whose Notitie is empty."""
    return f"{section.heading} van het {programme.title} ({programme.version})."


def default_table_note(table: BudgetTable) -> str:
    """The opening comment of a budget file whose Notitie is empty."""
    return f"{table.source}: tabel \"{table.title}\"." if table.source \
        else f"Tabel \"{table.title}\"."


def own_notes(notes: Notes, programme: Programme) -> Notes:
    """``notes`` without the opening comments this writer makes for an empty Notitie.

    Such a comment ("2.1 Prioriteit 1: … (versie 29 mei 2024).") is no note of the policy
    officer: it is written afresh, with the new version, each time.
    """
    def flat(text: str) -> str:
        return " ".join(text.split())

    defaults = {section.key: default_section_note(section, programme)
                for section in programme.sections}
    table_defaults = {table.key: default_table_note(table) for table in programme.budget_tables}
    return Notes(
        sections={key: "" if flat(text) == flat(defaults.get(key, "")) else text
                  for key, text in notes.sections.items()},
        activities=dict(notes.activities),
        tables={key: "" if flat(text) == flat(table_defaults.get(key, "")) else text
                for key, text in notes.tables.items()})


def section_yaml(section: Section, programme: Programme, notes: Notes | None = None) -> str:
    """Return ``secties/<sleutel>.yaml``; ``notes`` are written as comments."""
    notes = notes or Notes()
    note = notes.sections.get(section.key, "")
    lines = comment_block(note) if note else [comment(default_section_note(section, programme))]
    lines += [f"sleutel: {scalar(section.key)}", f"soort: {scalar(section.kind)}",
              f"nummer: {scalar(section.number)}", f"titel: {scalar(section.title)}",
              f"tabnaam: {scalar(section.tab_name)}"]
    if section.intro:
        lines += text_field("inleiding", section.intro, 0)
    if section.doelstelling or section.doelstelling_kind:
        lines.append("doelstelling:")
        lines += text_field("soort", section.doelstelling_kind, 2)
        lines += text_field("tekst", section.doelstelling, 2)
    if section.veiligheidsvelden:
        lines.append("veiligheidsvelden:")
        lines += [f"  - {scalar(field)}" for field in section.veiligheidsvelden]
    lines.append("activiteiten:" if section.activities else "activiteiten: []")
    for activity in section.activities:
        note = notes.activities.get(activity.id, "")
        lines += comment_block(note, 2) if note else []
        lines += activity_lines(activity)
    return "\n".join(lines) + "\n"


def activity_lines(activity: Activity) -> list[str]:
    """Return one activity as a block mapping in the list of a section."""
    lines = [f"  - id: {scalar(activity.id)}"]
    for key, text in (("thema", activity.thema), ("item", activity.item)):
        if text:
            lines += text_field(key, text, 4)
    lines += text_field("maatregel", activity.maatregel, 4)
    if len(activity.regie) == 1:
        lines += text_field("regie", activity.regie[0], 4)
    elif activity.regie:
        lines.append(f"    regie: {flow_list(activity.regie)}")
    if activity.stakeholders:
        lines.append(f"    stakeholders: {flow_list(activity.stakeholders)}")
    if activity.planning_text:
        lines += text_field("planning", activity.planning_text, 4)
    if activity.verwijzing:
        lines.append(f"    verwijzing: {scalar(activity.verwijzing)}")
    return lines


# --- begroting/<sleutel>.yaml --------------------------------------------------------------


def budget_yaml(table: BudgetTable, note: str = "") -> str:
    """Return ``begroting/<sleutel>.yaml``; ``note`` is written as its opening comment."""
    lines = comment_block(note) if note else [comment(default_table_note(table))]
    lines += [f"sleutel: {scalar(table.key)}", f"titel: {scalar(table.title)}",
              f"tabnaam: {scalar(table.tab_name)}"]
    if table.source:
        lines.append(f"bron: {scalar(table.source)}")
    lines.append(f"eenheid: {scalar(table.unit)}")
    lines.append("kolommen:")
    lines += [f"  - {flow_map([('sleutel', scalar(column.key, True)), ('kop', scalar(column.header, True)), ('jaar', str(column.year))])}"  # noqa: E501
              for column in table.columns]
    lines.append("posten:" if table.posts else "posten: []")
    for post in table.posts:
        lines += post_lines(post, [column.key for column in table.columns], table.unit)
    lines.append("totalen:" if table.totals else "totalen: []")
    for total in table.totals:
        pairs = [("label", scalar(total.label, True)), ("kolommen", flow_list(total.columns))]
        if total.group:
            pairs.append(("groep", scalar(total.group, True)))
        pairs.append(("waarde", number(total.value, table.unit)))
        lines.append(f"  - {flow_map(pairs)}")
    if table.claims:
        lines.append("vermeldingen:")
        for claim in table.claims:
            text = text_field("tekst", claim.text, 4)
            lines += ["  - " + text[0][4:], *text[1:]]
            lines += [f"    waarde: {number(claim.value, table.unit)}",
                      f"    vergelijk: {scalar(claim.compare_with)}"]
    return "\n".join(lines) + "\n"


def _amounts(post: BudgetPost, order: list[str], unit: str) -> str:
    present = [(key, post.amounts.get(key)) for key in order]
    return flow_map([(scalar(key, True), number(amount, unit)) for key, amount in present
                     if amount is not None])


def post_lines(post: BudgetPost, order: list[str], unit: str) -> list[str]:
    """Return one post: on one line when it fits and has no corrections, else as a block."""
    pairs = []
    if post.group:
        pairs.append(("groep", post.group))
    pairs.append(("omschrijving", post.description))
    if post.verdeling:
        pairs.append(("verdeling", post.verdeling))
    compact = [(key, scalar(value, True)) for key, value in pairs]
    compact.append(("bedragen", _amounts(post, order, unit)))
    if post.remark:
        compact.append(("opmerking", scalar(post.remark, True)))
    line = f"  - {flow_map(compact)}"
    if len(line) <= FLOW_WIDTH and not post.corrections:
        return [line]
    lines = []
    for key, value in pairs:
        lines += text_field(key, value, 4)
    lines[0] = "  - " + lines[0][4:]
    lines.append(f"    bedragen: {_amounts(post, order, unit)}")
    if post.remark:
        lines += text_field("opmerking", post.remark, 4)
    if post.corrections:
        lines.append("    correcties:")
        for key, correction in post.corrections.items():
            lines += [f"      {scalar(key)}:",
                      f"        waarde: {number(correction.value, unit)}"]
            lines += text_field("toelichting", correction.note, 8)
    return lines


# --- afkortingen.yaml and statussen.yaml ---------------------------------------------------


def abbreviations_yaml(programme: Programme) -> str:
    """Return ``afkortingen.yaml``."""
    lines = [comment(f"Afkortingen van het {programme.title} ({programme.version}).")]
    lines += [f"- {flow_map([('afkorting', scalar(entry.abbreviation, True)), ('betekenis', scalar(entry.meaning, True))])}"  # noqa: E501
              for entry in programme.abbreviations]
    return "\n".join(lines) + "\n"


def statuses_yaml(statuses: tuple[Status, ...]) -> str:
    """Return ``statussen.yaml``: the programme's own status list."""
    lines = ["# De statussen van dit programma, in de volgorde van de keuzelijst. Ze vervangen de",
             "# standaardlijst van templates/werkmap.yaml. toelichting_nodig: de status vraagt om",
             "# een toelichting; klaar: de activiteit is afgesloten (telt niet als achter op",
             "# schema).",
             "statussen:"]
    for status in statuses:
        lines.append(f"  - naam: {scalar(status.name)}")
        lines += [f"    kleur: \"{status.fill}\"", f"    tekstkleur: \"{status.font}\"",
                  f"    toelichting_nodig: {'true' if status.needs_explanation else 'false'}",
                  f"    klaar: {'true' if status.is_final else 'false'}"]
        if status.meaning:
            lines += text_field("betekenis", status.meaning, 4)
        if status.synonyms:
            lines.append(f"    synoniemen: {flow_list(status.synonyms)}")
    return "\n".join(lines) + "\n"


def programme_files(programme: Programme, notes: Notes | None = None) -> dict[str, str]:
    """Return every file of the programme folder: relative path → text.

    ``statussen.yaml`` is written only for a programme with its own status list.
    """
    notes = notes or Notes()
    files = {"programma.yaml": programme_yaml(programme)}
    for section in programme.sections:
        files[f"secties/{section.key}.yaml"] = section_yaml(section, programme, notes)
    for table in programme.budget_tables:
        files[f"begroting/{table.key}.yaml"] = budget_yaml(table, notes.tables.get(table.key, ""))
    if programme.abbreviations:
        files["afkortingen.yaml"] = abbreviations_yaml(programme)
    if programme.statuses:
        files["statussen.yaml"] = statuses_yaml(programme.statuses)
    return files

