"""Reading and posting the admin console's HTML forms the way a browser without script does,
for the console's tests: the CSRF token of a page (`csrf_token`), the fields a form sends
(`form_fields`, `replaced`), `ConsoleBrowser`, one cookie jar at the console that GETs pages
and posts forms without following redirects, and `deleted_afterwards` for pool fixtures."""

from __future__ import annotations

import contextlib
import html
import re
from html.parser import HTMLParser

import requests
from botocore.exceptions import ClientError

CSRF_FIELD = re.compile(r'<input[^>]*\bname="_csrf"[^>]*\bvalue="([^"]+)"')


def csrf_token(page: str) -> str:
    """The CSRF token of the page's forms (its `_csrf` hidden field), entities decoded."""
    m = CSRF_FIELD.search(page)
    assert m, f"no _csrf field on the page:\n{page[:3000]}"
    return html.unescape(m.group(1))


class _FormFields(HTMLParser):
    """The fields a browser sends for the form posting to `action`: named inputs (checkboxes
    and radios only when ticked, disabled ones never), each select at its chosen option, and
    text areas."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._inside = False
        self._select: list | None = None  # [name, chosen, first]
        self._textarea: list | None = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._inside = a.get("action") == self.action
            self.found = self.found or self._inside
            return
        if not self._inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "reset"):
                self.fields.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select" and self._select is not None:
            name, chosen, first = self._select
            self.fields.append((name, chosen if chosen is not None else (first or "")))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1]))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(page: str, action: str) -> list[tuple[str, str]]:
    """What a browser sends for the page's form posting to `action`, its `_csrf` field among
    them."""
    reader = _FormFields(action)
    reader.feed(page)
    reader.close()
    assert reader.found, f"no form posting to {action} on the page:\n{page[:3000]}"
    assert any(name == "_csrf" for name, _ in reader.fields), "the form carries no _csrf field"
    return reader.fields


def replaced(fields: list[tuple[str, str]], name: str, *values: str) -> list[tuple[str, str]]:
    """`fields` with every `name` field replaced by `values` (none: the field is left out)."""
    return [(k, v) for k, v in fields if k != name] + [(name, v) for v in values]


class ConsoleBrowser:
    """A browser at the console: one cookie jar (the CSRF cookie), no redirects followed. Used
    as a context manager, it closes its session at the end."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.session = requests.Session()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def get(self, path: str, status: int = 200) -> str:
        r = self.session.get(self.endpoint + path, allow_redirects=False, timeout=10)
        assert r.status_code == status, f"GET {path}: {r.status_code}\n{r.text[:3000]}"
        return r.text

    def post(self, path: str, fields, status: int) -> requests.Response:
        r = self.session.post(self.endpoint + path, data=fields, allow_redirects=False, timeout=10)
        assert r.status_code == status, f"POST {path}: {r.status_code}\n{r.text[:3000]}"
        return r


def deleted_afterwards(cognito, pool_id: str):
    """Yields `pool_id`, then deletes the pool (one already deleted is fine): the body of a
    pool fixture, as `yield from deleted_afterwards(cognito, pool_id)`."""
    try:
        yield pool_id
    finally:
        with contextlib.suppress(ClientError):
            cognito.delete_user_pool(UserPoolId=pool_id)
