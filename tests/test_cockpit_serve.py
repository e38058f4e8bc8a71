"""``uvp-excel serve`` as a user starts it: the address with the token, a page, Ctrl+C."""

from __future__ import annotations

import http.cookiejar
import re
import signal
import socket
import subprocess
import sys
import urllib.request

from tests.conftest import MINI_SOURCE


def start(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "uvp_excel", "serve", "--no-browser",
                             "--source", str(MINI_SOURCE), *arguments],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_prints_the_address_serves_pages_and_stops_on_ctrl_c(tmp_path):
    server = start("--map", str(tmp_path / "MAP"), "--port", "0")
    try:
        first = server.stderr.readline()
        match = re.fullmatch(r"De cockpit draait op (http://127\.0\.0\.1:(\d+)/\?token=\S+)\n",
                             first)
        assert match, first
        assert server.stderr.readline() == ("Open dat adres in de browser (het bevat de "
                                            "toegangscode). Stoppen: Ctrl+C.\n")
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with browser.open(match.group(1), timeout=30) as response:
            page = response.read().decode("utf-8")
            assert response.status == 200
            assert response.url == f"http://127.0.0.1:{match.group(2)}/"  # token gone
        assert "Volgende stap: <a" in page
        assert (tmp_path / "MAP").is_dir()
    finally:
        server.send_signal(signal.SIGINT)
        _, rest = server.communicate(timeout=30)
    assert server.returncode == 0
    assert rest == "De cockpit is gestopt.\n"  # no request log: it would show the token


def test_a_port_in_use_is_a_dutch_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "uvp_excel", "serve", "--no-browser",
                               "--map", str(tmp_path), "--port", str(port)],
                              capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr == (f"Fout: poort {port} op 127.0.0.1 is niet te gebruiken (al in "
                           "gebruik); kies een andere met --port, of --port 0 voor een vrije\n")
