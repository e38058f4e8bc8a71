"""Run the cockpit: a threaded Werkzeug server on 127.0.0.1, until Ctrl+C."""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from uvp_excel.cockpit.app import create_app
from uvp_excel.cockpit.security import Guard
from uvp_excel.cockpit.steps import Cockpit
from uvp_excel.errors import FileError

HOST = "127.0.0.1"  # never another interface: the cockpit is for this computer only


class QuietHandler(WSGIRequestHandler):
    """No line per request: the first request's address carries the access token."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        return


def start_server(folder: Path, source: Path | None, port: int) -> tuple[BaseWSGIServer, Guard]:
    """Load the programme, open the work folder and bind the server (not yet serving).

    Raises:
        FileError: the port is taken or cannot be used.
        UvpError: the programme or the work folder cannot be loaded.
    """
    cockpit = Cockpit(folder, source)
    guard = Guard()
    try:
        server = make_server(HOST, port, create_app(cockpit, guard), threaded=True,
                             request_handler=QuietHandler)
    except OSError as error:
        raise FileError(f"poort {port} op {HOST} is niet te gebruiken ({error.strerror or error}); "
                        "kies een andere met --port, of --port 0 voor een vrije") from None
    guard.port = server.server_port
    return server, guard


def serve(server: BaseWSGIServer, guard: Guard, open_browser: bool,
          say: Callable[[str], None]) -> None:
    """Serve until Ctrl+C; open the browser at the address with the token first."""
    say(f"De cockpit draait op {guard.address()}")
    say("Open dat adres in de browser (het bevat de toegangscode). Stoppen: Ctrl+C.")
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(guard.address(),), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    say("De cockpit is gestopt.")
