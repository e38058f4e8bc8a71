"""Render the summary as html, md, csv or json (xlsx lives in :mod:`uvp_excel.summary.xlsx`).

The html and md layouts are Jinja2 templates in ``templates/``; the html is one self-contained
file (inline CSS and SVG, no scripts, no external addresses) that prints on A4.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from html import escape

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from uvp_excel import __version__
from uvp_excel.display import visible
from uvp_excel.findings import json_text
from uvp_excel.output import csv_cell
from uvp_excel.resources import templates_dir
from uvp_excel.summary.charts import stacked_bars, trend_columns
from uvp_excel.summary.model import Count, Summary, as_label

COMPACT_LISTS = {"zonder_update", "terugkerend"}


def dutch_date(day: date) -> str:
    """``30-09-2024``."""
    return day.strftime("%d-%m-%Y")


def percent(share: float) -> str:
    """``35%``."""
    return f"{round(share * 100)}%"


def markdown_cell(text: object) -> str:
    """Text safe inside a markdown table cell: one line, no raw HTML, no control characters.

    A toelichting like ``<script>…`` or ``<img onerror=…>`` would run where the memo's markdown
    is shown as a web page; as entities it reads the same and runs nowhere.
    """
    line = escape(str(text or "").replace("\r\n", " ").replace("\n", " "), quote=False)
    return visible(line).replace("|", "\\|")


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(str(templates_dir())),
                              autoescape=select_autoescape(["html.j2"]), trim_blocks=True,
                              lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(datum=dutch_date, procent=percent, cel=markdown_cell)
    return environment


def _series(count: Count, statuses: list[str]) -> list[int]:
    return [count.no_status] + [count.per_status.get(name, 0) for name in statuses]


def _html_count_table(summary: Summary) -> Callable[[list[Count], str], Markup]:
    def table(counts: list[Count], label: str) -> Markup:
        heads = "".join(f'<th class="n">{escape(name)}</th>' for name in summary.statuses)
        rows = []
        for count in [*counts, summary.total]:
            css = ' class="totaal"' if count is summary.total else ""
            cells = "".join(f'<td class="n">{value}</td>'
                            for value in _series(count, summary.statuses))
            rows.append(f"<tr{css}><td>{escape(count.name)}</td><td class=\"n\">"
                        f"{count.activities}</td>{cells}<td class=\"n\">"
                        f"{percent(count.share_finished)}</td><td class=\"n\">{count.behind}</td>"
                        f"<td class=\"n\">{count.no_update}</td></tr>")
        return Markup(  # noqa: S704 - every text in it went through escape()
            f"<table class=\"tellingen\"><thead><tr><th>{escape(label)}</th>"
            f"<th class=\"n\">Activiteiten</th>"
            f"<th class=\"n\">Geen status</th>{heads}<th class=\"n\">% afgerond</th>"
            f"<th class=\"n\">Achter op schema</th><th class=\"n\">Zonder update</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>")
    return table


def _markdown_count_table(summary: Summary) -> Callable[[list[Count], str], str]:
    def table(counts: list[Count], label: str) -> str:
        heads = " | ".join(summary.statuses)
        lines = [f"| {label} | Activiteiten | Geen status | {heads} | % afgerond | "
                 "Achter op schema | Zonder update |",
                 "|---|" + "---:|" * (len(summary.statuses) + 5)]
        for count in [*counts, summary.total]:
            name = f"**{count.name}**" if count is summary.total else markdown_cell(count.name)
            values = " | ".join(str(value) for value in _series(count, summary.statuses))
            lines.append(f"| {name} | {count.activities} | {values} | "
                         f"{percent(count.share_finished)} | {count.behind} | "
                         f"{count.no_update} |")
        return "\n".join(lines)
    return table


def render_html(summary: Summary) -> str:
    """The self-contained html report."""
    section_rows = [(count.name, _series(count, summary.statuses))
                    for count in summary.per_section]
    trend_points = [(point.quarter, [point.no_status] + [point.per_status.get(name, 0)
                                                         for name in summary.statuses])
                    for point in summary.trend]
    template = _environment().get_template("voortgang.html.j2")
    return template.render(
        s=summary, count_table=_html_count_table(summary), list_titles=summary.list_titles,
        delayed=as_label(summary.list_titles["vertraagd"]), compact_lists=COMPACT_LISTS,
        section_chart=Markup(stacked_bars(section_rows, summary.status_colours)),  # noqa: S704
        trend_chart=Markup(trend_columns(trend_points, summary.status_colours))  # noqa: S704
        if trend_points else "",
        version=__version__, today=date.today())


def render_markdown(summary: Summary) -> str:
    """The same content as markdown, for pasting into a memo."""
    template = _environment().get_template("voortgang.md.j2")
    return template.render(s=summary, count_table=_markdown_count_table(summary),
                           list_titles=summary.list_titles,
                           delayed=as_label(summary.list_titles["vertraagd"]),
                           compact_lists=COMPACT_LISTS)


CSV_HEADERS_START = ["niveau", "sleutel", "naam", "activiteiten", "verwijzingen", "geen status"]
CSV_HEADERS_END = ["aandeel afgerond", "achter op schema", "zonder update"]


def render_csv(summary: Summary) -> str:
    """The per-section and per-regie tables as one Dutch CSV (``;``, decimal comma)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([*CSV_HEADERS_START, *(name.lower() for name in summary.statuses),
                     *CSV_HEADERS_END])
    levels = [("sectie", count) for count in summary.per_section]
    levels += [("regie", count) for count in summary.per_regie]
    levels.append(("totaal", summary.total))
    for level, count in levels:
        writer.writerow([level, csv_cell(count.key), csv_cell(count.name), count.activities,
                         count.references, count.no_status,
                         *(count.per_status.get(name, 0) for name in summary.statuses),
                         f"{count.share_finished:.4f}".replace(".", ","), count.behind,
                         count.no_update])
    return buffer.getvalue()


def render_json(summary: Summary) -> str:
    """The summary model as JSON (shape documented in :mod:`uvp_excel.summary.model`)."""
    return json_text(summary.to_dict())
