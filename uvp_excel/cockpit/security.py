"""The cockpit's guard: only the AOV's own browser, on this computer, may use it.

- The server listens on 127.0.0.1 only.
- The first visit carries the access token (``/?token=…``, printed by ``uvp-excel serve``); it is
  then kept in an HttpOnly, SameSite=Strict cookie and taken out of the address bar, so it does
  not end up in the history or in a screenshot. Every request without it is refused (403).
- The Host header must be ``127.0.0.1:PORT`` or ``localhost:PORT``: a page on another site that
  points its own name at 127.0.0.1 (DNS rebinding) is refused.
- Every form POST carries a CSRF token, on top of the SameSite cookie.
- Every response forbids inline script, framing and outside addresses (Content-Security-Policy).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from base64 import b64encode
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask, Response, redirect, render_template, request
from werkzeug.wrappers.response import Response as BaseResponse

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def csp_for(html: str) -> str:
    """The policy for a page of our own that carries its styles inline (the progress report,
    the refusal page): those exact style blocks are allowed by their hash; scripts stay
    limited to the cockpit's own file."""
    hashes = "".join(f" 'sha256-{b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
                     for style in STYLE_BLOCK.findall(html))
    return CSP.replace("style-src 'self'", f"style-src 'self'{hashes}")


@dataclass
class Guard:
    """The secrets of one server run and the port it listens on."""

    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @property
    def cookie(self) -> str:
        """Cookies do not tell ports apart: one name per port keeps two cockpits apart."""
        return f"uvp_cockpit_{self.port}"

    @property
    def hosts(self) -> set[str]:
        """The Host headers a browser on this computer sends."""
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    def address(self) -> str:
        """The address to open, with the token."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


def same(given: str | None, secret: str) -> bool:
    """Compare a secret in constant time (any text, also non-ASCII, is simply unequal)."""
    return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"),
                                                     secret.encode("utf-8"))


def refuse(reason: str, status: int = 403) -> Response:
    """A calm Dutch page that says why the request was refused."""
    page = render_template("geweigerd.html.j2", reason=reason)
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp_for(page)
    return response


def install(app: Flask, guard: Guard) -> None:
    """Check every request and mark every response."""

    @app.before_request
    def check_request() -> BaseResponse | None:
        if request.host not in guard.hosts:
            return refuse("Dit adres hoort niet bij de cockpit. Open de cockpit met het adres "
                          "dat 'uvp-excel serve' toont (http://127.0.0.1:…).")
        given = request.args.get("token")
        if given is not None:
            if not same(given, guard.token):
                return refuse("Deze toegangscode is niet (meer) geldig. Gebruik het adres dat "
                              "'uvp-excel serve' bij de laatste start toonde.")
            return _enter(guard)
        if not same(request.cookies.get(guard.cookie), guard.token):
            return refuse("Geen toegang. Open de cockpit met het adres dat 'uvp-excel serve' "
                          "toont; daarin staat de toegangscode (?token=…).")
        if request.method == "POST" and not same(request.form.get("csrf"), guard.csrf):
            return refuse("Dit formulier is verlopen of komt niet uit de cockpit. Laad de "
                          "pagina opnieuw en probeer het nog eens.")
        return None

    @app.after_request
    def mark_response(response: BaseResponse) -> BaseResponse:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.context_processor
    def form_token() -> dict[str, str]:
        return {"csrf": guard.csrf}


def _enter(guard: Guard) -> BaseResponse:
    """Keep the token in a cookie and show the same page without it in the address."""
    rest = [(key, value) for key, value in request.args.items(multi=True) if key != "token"]
    target = request.path + (f"?{urlencode(rest)}" if rest else "")
    response = redirect(target, code=303)
    response.set_cookie(guard.cookie, guard.token, httponly=True, samesite="Strict",
                        path="/")
    return response
