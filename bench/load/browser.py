"""What a simulated user's browser does: keep its cookies, submit a page's forms as they are, sign in."""

import re
import threading
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.load.server import HOST, PASSWORD


class FormReader(HTMLParser):
    """Collects the fields of the POST forms of a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                fields[a["name"]] = a.get("value") or ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            fields[self._textarea] = ""

    def handle_data(self, data) -> None:
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(body: str) -> list[dict]:
    reader = FormReader()
    reader.feed(body)
    return reader.forms


def form_with(body: str, *names: str) -> dict | None:
    """The fields of the page's first POST form that has one of these fields (None when there is none)."""
    forms = [f for f in post_forms(body) if any(name in f["fields"] for name in names)]
    return dict(forms[0]["fields"]) if forms else None


def links(body: str, pattern: str) -> list[str]:
    """The page's links whose address matches `pattern` (a regular expression on the whole path), each once."""
    return list(dict.fromkeys(m for m in re.findall(r'href="(/[^"]*)"', body) if re.fullmatch(pattern, m)))


class Browser:
    """One simulated user's connection and cookies (the session and CSRF cookies)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None, timeout: float = 15) -> tuple[int, str, str]:
        assert path.startswith("/"), path  # this driver only ever talks to 127.0.0.1
        connection = HTTPConnection(HOST, self.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()


# Password hashing is slow on purpose: a few sign-ins at a time, before the measured run starts.
SIGN_INS_AT_ONCE = threading.Semaphore(2)


def sign_in(browser: Browser, username: str) -> int:
    with SIGN_INS_AT_ONCE:
        browser.request("GET", "/accounts/login/")
        status, _, _ = browser.request(
            "POST",
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")},
            timeout=120,
        )
    if status != 302:
        raise RuntimeError(f"the sign-in form answered {status}")
    return 1
