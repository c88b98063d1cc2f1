"""A scripted browser for the hosted sign-in pages: a `requests` session that keeps cookies,
reads forms out of the HTML (hidden fields included, as a browser submits them) and follows
redirects until one leaves for the app's callback URL."""

from __future__ import annotations

import base64
import hashlib
import html.parser
import secrets
import urllib.parse

import requests


class _Forms(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.errors: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}, "names": []})
        elif tag == "input" and self.forms:
            name = a.get("name")
            if name:
                self.forms[-1]["names"].append(name)
                kind = a.get("type", "text")
                if kind == "radio":
                    if "checked" in a:
                        self.forms[-1]["fields"][name] = a.get("value", "")
                else:
                    self.forms[-1]["fields"].setdefault(name, a.get("value", ""))
        elif tag == "p" and "error" in (a.get("class") or ""):
            self._in = "error"
            self.errors.append("")
        elif tag == "h1":
            self._in = "h1"

    def handle_endtag(self, tag):
        if tag in ("p", "h1"):
            self._in = None

    def handle_data(self, data):
        if self._in == "error":
            self.errors[-1] += data
        elif self._in == "h1":
            self.title += data


class Page:
    def __init__(self, response: requests.Response):
        self.response = response
        self.status = response.status_code
        self.url = response.url
        self.text = response.text
        parser = _Forms()
        parser.feed(self.text)
        self.forms = parser.forms
        self.errors = [e.strip() for e in parser.errors]
        self.title = parser.title.strip()

    def form(self, action_path: str) -> dict:
        for f in self.forms:
            if urllib.parse.urlsplit(f["action"]).path == action_path:
                return f
        raise AssertionError(f"no form posting to {action_path} on {self.title!r}: {[f['action'] for f in self.forms]}")

    def __repr__(self) -> str:
        return f"<Page {self.status} {self.title!r} errors={self.errors}>"


class Browser:
    """Cookies, forms and redirects; `landed` is the callback URL the flow ended on."""

    def __init__(self, endpoint: str, callback_prefix: str, also: list[str] | None = None):
        self.endpoints = [endpoint.rstrip("/")] + [e.rstrip("/") for e in also or []]
        self.turn = 0
        self.callback_prefix = callback_prefix
        self.session = requests.Session()
        self.landed: str | None = None
        self.served_by: list[str] = []

    @property
    def endpoint(self) -> str:
        """The node the next request goes to: with `also`, each request goes to the next node."""
        return self.endpoints[self.turn % len(self.endpoints)]

    def _next(self) -> str:
        endpoint = self.endpoint
        self.turn += 1
        self.served_by.append(endpoint)
        return endpoint

    def _follow(self, response: requests.Response):
        for _ in range(10):
            if response.status_code not in (301, 302, 303, 307):
                return Page(response)
            location = response.headers["Location"]
            if location.startswith(self.callback_prefix) or not location.startswith(("/", *self.endpoints)):
                self.landed = location
                return location
            url = urllib.parse.urljoin(self._next() + "/", location)
            response = self.session.get(url, allow_redirects=False, timeout=10)
        raise AssertionError("too many redirects")

    def get(self, path_or_url: str, **params):
        url = path_or_url if path_or_url.startswith("http") else self._next() + path_or_url
        return self._follow(self.session.get(url, params=params or None, allow_redirects=False, timeout=10))

    def submit(self, page: Page, action_path: str, **values):
        form = page.form(action_path)
        fields = dict(form["fields"])
        fields.update(values)
        url = urllib.parse.urljoin(self._next() + "/", form["action"])
        return self._follow(self.session.post(url, data=fields, allow_redirects=False, timeout=10))


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(url: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(url)
    return dict(urllib.parse.parse_qsl(parts.query or parts.fragment))
