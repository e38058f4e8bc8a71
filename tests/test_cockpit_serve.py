"""``uvp-excel serve`` as a user starts it: the address with the token, a page, Ctrl+C."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import MINI_SOURCE


def start(*arguments: str) -> subprocess.Popen:
    # -X faulthandler: a server that does not stop shows where it hangs (see stop()).
    return subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "uvp_excel", "serve",
                             "--no-browser", "--source", str(MINI_SOURCE), *arguments],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(server: subprocess.Popen) -> str:
    """Ctrl+C, and the rest of what the server printed; a server still running after 30 s is
    aborted so the failure shows every thread's stack."""
    server.send_signal(signal.SIGINT)
    try:
        return server.communicate(timeout=30)[1]
    except subprocess.TimeoutExpired:
        server.send_signal(signal.SIGABRT)
        stacks = server.communicate(timeout=30)[1]
        pytest.fail(f"de cockpit stopte niet op Ctrl+C:\n{stacks}")


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
        rest = stop(server)
    assert server.returncode == 0
    assert rest == "De cockpit is gestopt.\n"  # no request log: it would show the token


def test_serve_opens_the_default_browser_at_the_address_with_the_token(tmp_path):
    """Python's webbrowser takes the default browser from BROWSER: a script that notes the
    address it is asked to open stands in for it."""
    calls = tmp_path / "geopend"  # one file per time the browser is started
    calls.mkdir()
    browser = tmp_path / "browser"
    # Written beside and then renamed: the test never reads half a file.
    browser.write_text(f"#!{sys.executable}\nimport os, sys\n"
                       f"name = os.path.join({str(calls)!r}, str(os.getpid()))\n"
                       "with open(name + '.deel', 'w', encoding='utf-8') as out:\n"
                       "    out.write(repr(sys.argv[1:]))\n"
                       "os.rename(name + '.deel', name + '.txt')\n", encoding="utf-8")
    browser.chmod(0o755)
    server = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "uvp_excel", "serve",
                               "--source",
                               str(MINI_SOURCE), "--map", str(tmp_path / "MAP"), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "BROWSER": str(browser)})
    try:
        address = server.stderr.readline().removeprefix("De cockpit draait op ").rstrip("\n")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=\S+", address), address
        deadline = time.monotonic() + 30  # a bound against hanging, not a speed test
        while not list(calls.glob("*.txt")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop(server)
    assert server.returncode == 0
    assert [path.read_text(encoding="utf-8") for path in calls.iterdir()] == [repr([address])]


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
