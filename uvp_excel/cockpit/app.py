"""The cockpit's pages: Start, Uitdelen, Retouren, Samenvoegen, Voortgang, Budget, Programma.

Flask with Jinja2 templates from ``templates/cockpit/``. Each route asks
:class:`~uvp_excel.cockpit.steps.Cockpit` for the state or the step and renders it; every form
works without JavaScript (the script only adds drag and drop and a progress bar). A POST answers
with a redirect to a page (post/redirect/get), so reloading never repeats an upload or a merge.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from typing import Any

from flask import Flask, Response, abort, redirect, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers.response import Response as BaseResponse

import uvp_excel as uvp
from uvp_excel.cockpit import pages
from uvp_excel.cockpit.security import Guard, csp_for, install, refuse
from uvp_excel.cockpit.steps import REPORT_FORMATS, Cockpit
from uvp_excel.cockpit.workfolder import HANDOUT, Quarter
from uvp_excel.resources import templates_dir

MAX_UPLOAD_FILES = 100
# One request may carry several returns; each is bounded by the reader's own limit.
MAX_REQUEST_BYTES = 4 * uvp.MAX_FILE_BYTES
MAX_NOTICES = 100
DOWNLOAD_TYPES = {".xlsx": pages.XLSX, ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
                  ".csv": "text/csv", ".zip": "application/zip", ".html": "text/html",
                  ".md": "text/markdown", ".json": "application/json"}
# The limit for a form's text fields (the form tokens, a file name). Werkzeug also applies it to
# its read buffer, which holds one 64 KiB chunk plus the bytes it keeps back when a chunk ends
# in a line break: a limit of one chunk refused ordinary returns as "te groot".
MAX_FORM_TEXT_BYTES = 1024 * 1024
LOG = logging.getLogger("uvp_excel.cockpit")


class CockpitFlask(Flask):
    """Flask, with every template escaped (ours end in ``.html.j2``, which Flask would skip)."""

    def select_jinja_autoescape(self, filename: str | None) -> bool:
        return True


class Notices:
    """What a POST wants the next page to say, kept in memory under a random key."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()

    def put(self, items: list[dict[str, Any]]) -> str:
        key = secrets.token_urlsafe(8)
        self._items[key] = items
        while len(self._items) > MAX_NOTICES:
            self._items.popitem(last=False)
        return key

    def get(self, key: str | None) -> list[dict[str, Any]]:
        return self._items.get(key or "", [])


def create_app(cockpit: Cockpit, guard: Guard) -> Flask:
    """The cockpit as a WSGI application."""
    folder = templates_dir() / "cockpit"
    app = CockpitFlask(__name__, template_folder=str(folder),
                       static_folder=str(folder / "static"), static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, MAX_FORM_PARTS=MAX_UPLOAD_FILES + 10,
                      MAX_FORM_MEMORY_SIZE=MAX_FORM_TEXT_BYTES)
    app.jinja_env.finalize = pages.shown
    app.jinja_env.filters.update(euro=pages.euro, aantal=pages.count_text,
                                 samenvatting=pages.merge_line, veld=pages.field_label,
                                 opmerkingen=pages.file_notes)
    install(app, guard)
    views = Views(cockpit)
    app.context_processor(views.common)
    for rule, endpoint, methods in ROUTES:
        app.add_url_rule(rule, endpoint, getattr(views, endpoint), methods=methods)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(Exception, _failed)
    return app


GET, POST = ["GET"], ["POST"]
ROUTES = [
    ("/", "home", GET), ("/<slug>/", "start", GET),
    ("/<slug>/uitdelen", "handout", GET), ("/<slug>/uitdelen", "hand_out", POST),
    ("/<slug>/uitdelen.zip", "handout_zip", GET),
    ("/<slug>/retouren", "returns", GET), ("/<slug>/retouren", "upload", POST),
    ("/<slug>/retouren/apart", "set_aside", POST),
    ("/<slug>/samenvoegen", "merged", GET), ("/<slug>/samenvoegen", "merge", POST),
    ("/<slug>/voortgang", "progress", GET),
    ("/<slug>/voortgang.<file_format>", "progress_file", GET),
    ("/budget", "budget", GET), ("/budget.<file_format>", "budget_file", GET),
    ("/programma", "programme", GET),
    ("/bestand/<path:relative>", "download", GET),
]


class Views:
    """One method per route; each asks the cockpit and renders, or redirects after a step."""

    def __init__(self, cockpit: Cockpit):
        self.cockpit = cockpit
        self.notices = Notices()

    def common(self) -> dict[str, Any]:
        """What every template may use."""
        cockpit = self.cockpit
        endpoint = "start" if request.endpoint == "home" else request.endpoint
        return {"programme": cockpit.programme, "quarters": cockpit.quarters,
                "current_quarter": cockpit.current_quarter(), "page_endpoint": endpoint,
                "work_root": str(cockpit.work.root), "version": uvp.__version__,
                "link": lambda path: url_for("download", relative=cockpit.work.relative(path)),
                "notices": self.notices.get(request.args.get("melding"))}

    def _quarter(self, slug: str) -> Quarter:
        quarter = self.cockpit.quarter(slug)
        if quarter is None:
            abort(404)
        return quarter

    def _back(self, endpoint: str, quarter: Quarter, items: list[dict[str, Any]]) -> BaseResponse:
        return redirect(url_for(endpoint, slug=quarter.slug, melding=self.notices.put(items)),
                        code=303)

    # --- pages ----------------------------------------------------------------------------

    def home(self) -> str:
        """Start of the current quarter."""
        return self.start(self.cockpit.current_quarter().slug)

    def start(self, slug: str) -> str:
        """The quarter's steps and what is done."""
        quarter = self._quarter(slug)
        return render_template("start.html.j2", quarter=quarter,
                               state=pages.quarter_state(self.cockpit, quarter),
                               overview=pages.quarters_overview(self.cockpit))

    def handout(self, slug: str) -> str:
        """Uitdelen: make the workbooks, who gets which file."""
        quarter = self._quarter(slug)
        return render_template("uitdelen.html.j2", quarter=quarter,
                               handout=self.cockpit.handout(quarter),
                               present=self.cockpit.work.files(quarter, HANDOUT),
                               base=self.cockpit.previous_stand(quarter))

    def returns(self, slug: str) -> str:
        """Retouren: upload, the validation of each file, which teams have returned."""
        quarter = self._quarter(slug)
        return render_template("retouren.html.j2", quarter=quarter,
                               state=pages.quarter_state(self.cockpit, quarter),
                               max_files=MAX_UPLOAD_FILES,
                               max_mb=uvp.MAX_FILE_BYTES // (1024 * 1024))

    def merged(self, slug: str) -> str:
        """Samenvoegen: the last merge as a page."""
        quarter = self._quarter(slug)
        return render_template("samenvoegen.html.j2", quarter=quarter,
                               state=pages.quarter_state(self.cockpit, quarter))

    def progress(self, slug: str) -> Response | str:
        """Voortgang: the summary's own html page, with the cockpit's bar."""
        quarter = self._quarter(slug)
        try:
            path = self.cockpit.report(quarter, "html")
        except uvp.UvpError as error:
            return render_template("bericht.html.j2", quarter=quarter, title="Voortgang",
                                   text=str(error))
        bar = render_template("balk.html.j2", quarter=quarter, formats=REPORT_FORMATS)
        return _report_page(path.read_text(encoding="utf-8"), bar)

    def budget(self) -> str:
        """The financial tables."""
        return render_template("budget.html.j2", quarter=None,
                               tables=pages.budget_tables(self.cockpit.programme))

    def programme(self) -> str:
        """``check``'s counts and anomalies."""
        return render_template("programma.html.j2", quarter=None, check=self.cockpit.check())

    # --- steps ----------------------------------------------------------------------------

    def hand_out(self, slug: str) -> BaseResponse:
        """Make the workbooks of the quarter."""
        quarter = self._quarter(slug)
        try:
            made = self.cockpit.hand_out(quarter, whole=request.form.get("soort") == "geheel",
                                         replace=request.form.get("vervang") == "ja")
            made_text = pages.count_text(len(made.files), "werkmap", "werkmappen")
            items = [{"soort": "goed", "tekst": f"{made_text} gemaakt voor {quarter.label}"}]
        except uvp.UvpError as error:
            items = [{"soort": "fout", "tekst": str(error)}]
        return self._back("handout", quarter, items)

    def upload(self, slug: str) -> BaseResponse:
        """Store and validate uploaded returns."""
        quarter = self._quarter(slug)
        items = pages.take_in(self.cockpit, quarter, request.files.getlist("bestanden"),
                              MAX_UPLOAD_FILES)
        return self._back("returns", quarter, items)

    def set_aside(self, slug: str) -> BaseResponse:
        """Take a return out of the merge (it moves to vervangen/)."""
        quarter = self._quarter(slug)
        name = request.form.get("bestand", "")
        try:
            moved = self.cockpit.set_aside(quarter, name)
            items = [{"soort": "goed", "tekst": f"'{name}' doet niet meer mee; het bestand "
                                                f"staat nu in {moved}"}]
        except uvp.UvpError as error:
            items = [{"soort": "fout", "tekst": str(error)}]
        return self._back("returns", quarter, items)

    def merge(self, slug: str) -> BaseResponse:
        """Merge the returns and write the stand."""
        quarter = self._quarter(slug)
        try:
            data = self.cockpit.merge(quarter)
            items = [{"soort": "goed" if data["schoon"] else "let-op",
                      "tekst": f"Samengevoegd: {pages.merge_line(data)}"}]
        except uvp.UvpError as error:
            items = [{"soort": "fout", "tekst": str(error)}]
        return self._back("merged", quarter, items)

    # --- downloads ------------------------------------------------------------------------

    def handout_zip(self, slug: str) -> Response:
        """All handed-out workbooks as one zip."""
        quarter = self._quarter(slug)
        if self.cockpit.handout(quarter) is None:
            abort(404)
        return _attachment(self.cockpit.handout_zip(quarter), f"uitdelen-{quarter.slug}.zip",
                           "application/zip")

    def progress_file(self, slug: str, file_format: str) -> Response:
        """The summary in one of its formats."""
        quarter = self._quarter(slug)
        if file_format not in REPORT_FORMATS:
            abort(404)
        try:
            path = self.cockpit.report(quarter, file_format)
        except uvp.UvpError:
            abort(404)
        return send_file(path, as_attachment=True, download_name=path.name)

    def budget_file(self, file_format: str) -> Response:
        """The budget tables as CSV or xlsx."""
        name = f"{self.cockpit.programme.short_name}-begroting.{file_format}"
        if file_format == "csv":
            return _attachment(self.cockpit.budget_csv(), name, "text/csv; charset=utf-8")
        if file_format == "xlsx":
            return _attachment(self.cockpit.budget_xlsx(), name, pages.XLSX)
        abort(404)

    def download(self, relative: str) -> Response:
        """A file of the work folder; nothing outside it, nothing of the cockpit's own."""
        if any(part.startswith(".") for part in relative.replace("\\", "/").split("/")):
            abort(404)
        path = self.cockpit.work.inside(relative)
        if path is None:
            abort(404)
        # A fixed type by extension, never one guessed: an upload named x.js or x.svg served as
        # script or image from this address would pass the CSP's 'self'.
        mimetype = DOWNLOAD_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return send_file(path, mimetype=mimetype, as_attachment=True, download_name=path.name)


def _too_large(error: HTTPException) -> Response:
    return refuse(f"Te veel of te grote bestanden in één keer: ten hoogste {MAX_UPLOAD_FILES} "
                  f"bestanden en samen {MAX_REQUEST_BYTES // (1024 * 1024)} MB, een werkmap "
                  f"ten hoogste {uvp.MAX_FILE_BYTES // (1024 * 1024)} MB. Er is niets "
                  "opgeslagen.", status=413)


def _failed(error: Exception) -> Response:
    """Every error as a calm Dutch page; never a traceback in the browser."""
    if isinstance(error, HTTPException):
        reasons = {404: "Deze pagina of dit bestand bestaat niet (meer).",
                   405: "Deze pagina kan zo niet gebruikt worden."}
        return refuse(reasons.get(error.code or 400, "De cockpit kan dit verzoek niet "
                                  "uitvoeren."), status=error.code or 400)
    if isinstance(error, uvp.UvpError):
        return refuse(str(error), status=400)
    LOG.exception("interne fout in de cockpit")
    # A page only reads; a step may have done part of its work before it failed.
    files = ("De bestanden in de werkmap zijn niet veranderd" if request.method == "GET" else
             "Kijk op de pagina van deze stap wat er al gedaan is")
    return refuse(f"Er ging iets mis in uvp-excel (interne fout: {error.__class__.__name__}). "
                  f"{files}; de melding staat in het venster van 'uvp-excel serve'.",
                  status=500)


def _attachment(data: bytes, name: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    return response


def _report_page(html: str, bar: str) -> Response:
    """The summary's own html file, with the cockpit's bar on top (its styles by their hash);
    direction controls typed into a toelichting show as U+FFFD, as on the other pages."""
    html = pages.DIRECTION_CONTROLS.sub("\ufffd", html)
    head = ('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n'
            '<link rel="stylesheet" href="/static/balk.css">\n'
            '<link rel="stylesheet" href="/static/voortgang.css">')
    page = html.replace("</head>", f"{head}\n</head>", 1).replace("<body>", f"<body>\n{bar}", 1)
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp_for(html)
    return response
