"""Run the cockpit: a threaded Werkzeug server on 127.0.0.1, until Ctrl+C."""

from __future__ import annotations

import errno
import os
import socket
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
from uvp_excel.output import os_reason
from uvp_excel.source.model import Programme

HOST = "127.0.0.1"  # never another interface: the cockpit is for this computer only


class QuietHandler(WSGIRequestHandler):
    """No line per request: the first request's address carries the access token."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        return


def start_server(folder: Path, source: Path | Programme | None,
                 port: int) -> tuple[BaseWSGIServer, Guard]:
    """Load the programme, open the work folder and bind the server (not yet serving).

    Raises:
        FileError: the port is taken or cannot be used.
        UvpError: the programme or the work folder cannot be loaded.
    """
    cockpit = Cockpit(folder, source)
    guard = Guard()
    listener = _listen(port)
    # Werkzeug binds by itself only to print an English error and exit; a socket of our own
    # gives the AOV a Dutch one.
    server = make_server(HOST, port, create_app(cockpit, guard), threaded=True,
                         request_handler=QuietHandler, fd=listener.fileno())
    listener.close()  # the server holds its own copy
    guard.port = server.socket.getsockname()[1]
    return server, guard


def _listen(port: int) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows this option would let another program take the port
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((HOST, port))
        listener.listen(128)
    except OSError as error:
        listener.close()
        reason = "al in gebruik" if error.errno == errno.EADDRINUSE else os_reason(error)
        raise FileError(f"poort {port} op {HOST} is niet te gebruiken "
                        f"({reason}); kies een andere met --port, of --port 0 voor "
                        "een vrije") from None
    return listener


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
