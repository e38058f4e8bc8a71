"""Inline SVG charts for the html report: no scripts, no external files, prints sharp."""

from __future__ import annotations

from html import escape

NO_STATUS_COLOUR = "#D9D9D9"
LABEL_WIDTH = 190
BAR_HEIGHT = 16
GAP = 6


def series_colours(status_colours: dict[str, str]) -> list[tuple[str, str]]:
    """(name, colour) for "Geen status" and every status, in legend order.

    The default statuses get stronger colours than their cell fills, which are too pale for a
    chart; a programme's own statuses are drawn in their own fill colours.
    """
    stronger = {"Niet gestart": "#A6A6A6", "In uitvoering": "#5B9BD5", "Vertraagd": "#ED7D31",
                "Afgerond": "#70AD47", "Vervallen": "#404040"}
    return [("Geen status", NO_STATUS_COLOUR)] + [
        (name, stronger.get(name, fill)) for name, fill in status_colours.items()]


def stacked_bars(rows: list[tuple[str, list[int]]], status_colours: dict[str, str],
                 width: int = 640) -> str:
    """Horizontal stacked bars: one row per label, one segment per series."""
    colours = series_colours(status_colours)
    biggest = max((sum(values) for _, values in rows), default=0) or 1
    scale = (width - LABEL_WIDTH - 40) / biggest
    height = len(rows) * (BAR_HEIGHT + GAP) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Status per onderdeel" '
             'font-family="Calibri, Carlito, Arial, sans-serif" font-size="11">']
    for index, (label, values) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end">'
                     f'{escape(label)}</text>')
        x = float(LABEL_WIDTH)
        for (name, colour), value in zip(colours, values, strict=True):
            if value:
                length = value * scale
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" '
                             f'height="{BAR_HEIGHT}" fill="{colour}"><title>{escape(name)}: '
                             f'{value}</title></rect>')
                x += length
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 12}">{sum(values)}</text>')
    parts.append(_legend(colours, height - 14))
    parts.append("</svg>")
    return "".join(parts)


def trend_columns(points: list[tuple[str, list[int]]], status_colours: dict[str, str],
                  width: int = 640) -> str:
    """Stacked columns per quarter: how the statuses moved over the stands."""
    colours = series_colours(status_colours)
    chart_height = 180
    biggest = max((sum(values) for _, values in points), default=0) or 1
    column_width = min(60, (width - 60) // max(len(points), 1) - 20)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{chart_height + 60}" viewBox="0 0 {width} {chart_height + 60}" role="img" '
             'aria-label="Trend van de statussen per kwartaal" '
             'font-family="Calibri, Carlito, Arial, sans-serif" font-size="11">']
    for index, (label, values) in enumerate(points):
        x = 40 + index * (column_width + 20)
        y = float(chart_height)
        for (name, colour), value in zip(colours, values, strict=True):
            if value:
                length = value / biggest * (chart_height - 10)
                y -= length
                parts.append(f'<rect x="{x}" y="{y:.1f}" width="{column_width}" '
                             f'height="{length:.1f}" fill="{colour}"><title>{escape(label)} '
                             f'{escape(name)}: {value}</title></rect>')
        parts.append(f'<text x="{x + column_width / 2:.1f}" y="{chart_height + 14}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    parts.append(_legend(colours, chart_height + 40))
    parts.append("</svg>")
    return "".join(parts)


def _legend(colours: list[tuple[str, str]], y: int) -> str:
    parts, x = [], 10
    for name, colour in colours:
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{x + 14}" y="{y}">{escape(name)}</text>')
        x += 16 + 7 * len(name)
    return "".join(parts)
