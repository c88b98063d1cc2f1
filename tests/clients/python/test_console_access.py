"""Who may use the admin console at /console, and what its user page's actions do, driven with
`requests` as a browser would (the CSRF token read out of each page's form).

With admin keys (`--admin-access-key-id`/`--admin-secret-access-key`):
* a console page without a session sends the browser to /console/signin?next=…; a form posted
  without one is refused (403) and changes nothing; this holds for every route the console's
  Rust sources register (read out of their `.route("…", …)` calls), so a new route is covered
  the day it is added;
* a wrong secret gets the sign-in page again with 401; the right key a 303 and the session
  cookie `cognate_console` (HttpOnly, SameSite=Strict, Path=/console);
* a form posted without its CSRF token, or with another one, is refused (403) and changes
  nothing; with it, it works;
* signing out ends the session on the server: the old cookie no longer opens a page;
* the 11th sign-in from one address within a minute is refused with 429, right key or not.

Without admin keys (the console is open on loopback):
* every page forbids framing (`frame-ancestors 'none'`) and runs no script;
* the user page lists the user's devices and forgets one; "Reset MFA" lets the user sign in
  without a code; "Sign out everywhere" ends the user's refresh tokens; "Disable user access",
  "Enable user access" and "Reset password" do what AdminDisableUser, AdminEnableUser and
  AdminResetUserPassword do.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests

import harness
from console_forms import csrf_token
from device_helpers import confirm_new_device, tokens_of
from harness import CognateServer, PgDatabase, SmsSink, SmtpSink, boto3_client
from helpers import password_auth, refresh
from mfa_helpers import Authenticator, assert_code, enable_software_token, error_of
from test_srp_clients import Srp

BACKENDS = harness.backends_from_env()

KEYS = ("AKIDCONSOLETEST", "console-test-secret")
SESSION = "cognate_console"
CSRF_COOKIE = "cognate_console_csrf"
PASSWORD = "Console-Passw0rd!"

# --------------------------------------------------------------------------- page helpers


def describe(r: requests.Response) -> str:
    return f"{r.request.method} {r.request.url} → HTTP {r.status_code}\n{r.text[:2000]}"


def csrf_of(r: requests.Response) -> str:
    """The CSRF token of the page's forms."""
    assert r.status_code == 200, describe(r)
    return csrf_token(r.text)


def assert_page_headers(r: requests.Response) -> None:
    """The console's pages are never framed and run no script."""
    csp = r.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp, f"CSP {csp!r}\n{describe(r)}"
    assert "script-src" not in csp, f"CSP {csp!r}"
    assert "<script" not in r.text.lower(), describe(r)


def set_cookies(r: requests.Response) -> list[str]:
    return r.raw.headers.getlist("Set-Cookie")


def sign_in_redirect(r: requests.Response, page: str) -> None:
    """`r` sends the browser to the sign-in page, to come back to `page`."""
    assert r.status_code == 302, describe(r)
    location = urlsplit(r.headers["Location"])
    assert location.path == "/console/signin", r.headers["Location"]
    assert parse_qs(location.query).get("next") == [page], r.headers["Location"]
    assert_page_headers(r)


def pools(admin) -> set[tuple[str, str]]:
    """Every pool of the server, as (id, name)."""
    return {(p["Id"], p["Name"]) for p in admin.list_user_pools(MaxResults=60)["UserPools"]}


def pool_form(name: str, **extra: str) -> dict[str, str]:
    return {"pool_name": name, "sign_in": "email", "min_length": "8", "mfa": "OFF", **extra}


# --------------------------------------------------------------------------- a server with admin keys


@pytest.fixture(scope="module", params=BACKENDS)
def _keyed(request, tmp_path_factory):
    backend = request.param
    workdir = tmp_path_factory.mktemp(f"cognate-console-{backend}")
    smtp = SmtpSink().start()
    sms = SmsSink().start()
    database = PgDatabase().create() if backend == "postgres" else None
    srv = CognateServer(
        backend,
        workdir,
        smtp,
        sms,
        database=database,
        data_dir=None if database else workdir / "data",
        admin_keys=KEYS,
        name="cognate-keyed",
    )
    try:
        srv.start()
        yield srv
    finally:
        try:
            srv.stop()
        finally:
            smtp.stop()
            sms.stop()
            if database is not None:
                database.drop()


@pytest.fixture
def keyed(_keyed, request):
    """The module's server with admin keys (its log is shown when a test fails)."""
    request.node._cognate_servers = [_keyed]
    return _keyed


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def open_sign_in(srv: CognateServer, page: str = "/console/pools") -> tuple[requests.Session, str]:
    """A browser at the sign-in page: its session and the form's CSRF token."""
    s = requests.Session()
    r = s.get(f"{srv.endpoint}/console/signin", params={"next": page})
    assert_page_headers(r)
    return s, csrf_of(r)


def post_sign_in(s: requests.Session, srv: CognateServer, csrf: str, secret: str,
                 page: str = "/console/pools") -> requests.Response:
    r = s.post(
        f"{srv.endpoint}/console/signin",
        data={"_csrf": csrf, "next": page, "key_id": KEYS[0], "secret": secret},
        allow_redirects=False,
    )
    assert_page_headers(r)
    return r


def signed_in(srv: CognateServer) -> requests.Session:
    s, csrf = open_sign_in(srv)
    r = post_sign_in(s, srv, csrf, KEYS[1])
    assert r.status_code == 303, describe(r)
    assert s.cookies.get(SESSION), set_cookies(r)
    return s


def test_without_a_session_pages_send_to_sign_in_and_forms_change_nothing(keyed):
    e = keyed.endpoint
    admin = boto3_client(e, *KEYS)
    before = pools(admin)
    s = requests.Session()
    sign_in_redirect(s.get(f"{e}/console/pools", allow_redirects=False), "/console/pools")
    sign_in_redirect(s.get(f"{e}/console/pools/new", allow_redirects=False), "/console/pools/new")

    # a browser that holds a CSRF token (from the sign-in page) but no session
    page = s.get(f"{e}/console/signin", params={"next": "/console/pools/new"})
    assert_page_headers(page)
    csrf = csrf_of(page)
    name = f"console-no-session-{secrets.token_hex(4)}"
    r = s.post(f"{e}/console/pools/new", data=pool_form(name, _csrf=csrf), allow_redirects=False)
    assert r.status_code == 403, describe(r)
    assert_page_headers(r)
    assert pools(admin) == before


# --------------------------------------------------------------------------- every console route

CONSOLE_SRC = harness.REPO / "crates" / "cognate-http" / "src" / "console"
ROUTE_CALL = re.compile(r"\.route\(")
STR_CONST = re.compile(r"\bconst\s+(\w+)\s*:\s*&(?:'static\s+)?str\s*=\s*\"([^\"]*)\"\s*;")
METHOD_CALL = re.compile(r"\b(get|post|put|patch|delete|head|options|any|on)\s*\(")
# Pages anyone may open: the sign-in page itself and the stylesheet it uses.
PUBLIC_GETS = {"/console/signin", "/console/static/console.css"}
# Forms anyone may post: signing in.
PUBLIC_POSTS = {"/console/signin"}


def _closing(text: str, start: int) -> int:
    """The index of the parenthesis closing the one opened just before `start` (string
    literals skipped; route calls hold no escaped quotes)."""
    depth, i = 1, start
    while True:
        c = text[i]
        if c == '"':
            i = text.index('"', i + 1)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1


def _first_argument(args: str) -> tuple[str, str]:
    """A call's arguments split after the first one: (first, the rest)."""
    depth, i = 0, 0
    while i < len(args):
        c = args[i]
        if c == '"':
            i = args.index('"', i + 1)
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            return args[:i].strip(), args[i + 1 :]
        i += 1
    return args.strip(), ""


def _route_path(expr: str, consts: dict[str, str], where: str) -> str:
    """The path a `.route(…)` call's first argument spells: a string literal, a string
    constant of the file, or `&format!("…")` over such constants."""
    m = re.fullmatch(r'"([^"]*)"', expr)
    if m:
        return m.group(1)
    if expr in consts:
        return consts[expr]
    m = re.fullmatch(r'&\s*format!\(\s*"([^"]*)"\s*\)', expr)
    if m:

        def constant(name: re.Match) -> str:
            assert name.group(1) in consts, f"{where}: {{{name.group(1)}}} in {expr} is no string constant of the file"
            return consts[name.group(1)]

        out = []
        for part in re.split(r"(\{\{|\}\})", m.group(1)):
            out.append({"{{": "{", "}}": "}"}.get(part) or re.sub(r"\{(\w+)\}", constant, part))
        return "".join(out)
    raise AssertionError(f"{where}: cannot read the path of .route({expr}, …); teach this test that form")


def console_routes() -> list[tuple[str, frozenset[str], str]]:
    """Every `.route(path, methods)` of the console's Rust sources: (path, {"get", "post"…},
    where it is registered)."""
    routes = []
    files = sorted(CONSOLE_SRC.rglob("*.rs"))
    assert files, f"no Rust sources under {CONSOLE_SRC}"
    for f in files:
        text = re.sub(r"^[ \t]*//[^\n]*", "", f.read_text(), flags=re.M)
        consts = dict(STR_CONST.findall(text))
        for call in ROUTE_CALL.finditer(text):
            where = f"{f.relative_to(harness.REPO)}:{text.count(chr(10), 0, call.start()) + 1}"
            args = text[call.end() : _closing(text, call.end())]
            first, rest = _first_argument(args)
            path = _route_path(first, consts, where)
            methods = frozenset(METHOD_CALL.findall(rest))
            assert methods, f"{where}: no method in .route({args})"
            assert methods <= {"get", "post"}, f"{where}: {path} serves {sorted(methods)}; teach this test"
            routes.append((path, methods, where))
    return routes


def filled(path: str, values: dict[str, str]) -> str:
    """`path` with each `{name}` (or `{*name}`) replaced by its value, or a made-up one."""
    return re.sub(
        r"\{\*?(\w+)\}", lambda m: values.get(m.group(1), f"made-up-{m.group(1).replace('_', '-')}"), path
    )


def test_every_console_route_needs_a_session(keyed):
    routes = console_routes()
    served = {path: methods for path, methods, _ in routes}
    assert len(served) == len(routes), "a path registered twice"
    # The reading found the console's routes, all of them, in each of the forms they are written.
    assert len(routes) >= 40, sorted(served)
    assert served.get("/console/pools/new") == {"get", "post"}, served.get("/console/pools/new")
    assert served.get("/console/signout") == {"post"}
    assert served.get("/console/pools/{pool_id}/users/{username}") == {"get"}
    assert served.get("/console/pools/{pool_id}/users/{username}/devices/{device_key}/forget") == {"get", "post"}
    assert served.get("/console/pools/{pool_id}/clients/{client_id}/edit") == {"get", "post"}

    e = keyed.endpoint
    admin = boto3_client(e, *KEYS)
    suffix = secrets.token_hex(4)
    pool_name = f"console-routes-{suffix}"
    pool_id = admin.create_user_pool(PoolName=pool_name)["UserPool"]["Id"]
    try:
        client_id = admin.create_user_pool_client(UserPoolId=pool_id, ClientName="console-routes")[
            "UserPoolClient"
        ]["ClientId"]
        username = f"ann-{suffix}"
        admin.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
        values = {
            "pool_id": pool_id,
            "client_id": client_id,
            "username": username,
            "device_key": "us-east-1_0f0e0d0c-0b0a-4908-8706-050403020100",
        }

        def state():
            def answer(r: dict) -> dict:
                return {k: v for k, v in r.items() if k != "ResponseMetadata"}

            return (
                pools(admin),
                answer(admin.describe_user_pool(UserPoolId=pool_id)),
                answer(admin.get_user_pool_mfa_config(UserPoolId=pool_id)),
                answer(admin.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)),
                answer(admin.admin_get_user(UserPoolId=pool_id, Username=username)),
            )

        before = state()
        # A browser with a good CSRF token (the sign-in page's) and no session: a refusal is for
        # want of the session. The fields would change something on any form that took them.
        s = requests.Session()
        csrf = csrf_of(s.get(f"{e}/console/signin"))
        data = {
            "_csrf": csrf,
            "pool_name": f"console-routes-new-{suffix}",
            "sign_in": "email",
            "min_length": "12",
            "mfa": "OPTIONAL",
            "factor": "SOFTWARE_TOKEN_MFA",
            "confirm": pool_name,
            "client_name": "console-routes-new",
            "username": f"bob-{suffix}",
            "email": f"bob-{suffix}@example.com",
            "tracking": "always",
            "recovery": "admin_only",
            "sns_caller_arn": "arn:aws:iam::123456789012:role/CognitoSMS",
            "reply_to": "help@example.com",
            "phone": "+6591234567",
            "default_sms_type": "Promotional",
        }
        for path, methods, where in routes:
            page = filled(path, values)
            url = e + page
            r = s.get(url, allow_redirects=False)
            if path in PUBLIC_GETS:
                assert r.status_code == 200, f"{where}\n{describe(r)}"
            elif "get" in methods:
                sign_in_redirect(r, page)
            else:
                assert r.status_code == 405, f"{where}\n{describe(r)}"
            if path in PUBLIC_POSTS:
                continue
            r = s.post(url, data=data, allow_redirects=False)
            if "post" in methods:
                assert r.status_code == 403, f"{where}\n{describe(r)}"
                assert "Your console session has ended" in r.text, f"{where}\n{describe(r)}"
                assert_page_headers(r)
            else:
                assert r.status_code == 405, f"{where}\n{describe(r)}"
        assert s.cookies.get(SESSION) is None
        assert state() == before
    finally:
        admin.delete_user_pool(UserPoolId=pool_id)


def test_sign_in_with_an_admin_key(keyed):
    s, csrf = open_sign_in(keyed)

    r = post_sign_in(s, keyed, csrf, "not-the-secret")
    assert r.status_code == 401, describe(r)
    assert 'role="alert"' in r.text, describe(r)
    assert not any(c.startswith(f"{SESSION}=") for c in set_cookies(r)), set_cookies(r)
    assert s.cookies.get(SESSION) is None

    r = post_sign_in(s, keyed, csrf, KEYS[1])
    assert r.status_code == 303, describe(r)
    assert r.headers["Location"] == "/console/pools"
    cookie = next((c for c in set_cookies(r) if c.startswith(f"{SESSION}=")), None)
    assert cookie, set_cookies(r)
    attributes = [a.strip() for a in cookie.split(";")]
    assert attributes[0] != f"{SESSION}=", cookie
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/console"):
        assert attribute in attributes, cookie

    r = s.get(f"{keyed.endpoint}/console/pools", allow_redirects=False)
    assert r.status_code == 200, describe(r)
    assert_page_headers(r)
    assert "User pools" in r.text
    assert KEYS[0] in r.text, "the page names the signed-in key"


def test_a_form_without_its_csrf_token_changes_nothing(keyed):
    e = keyed.endpoint
    admin = boto3_client(e, *KEYS)
    s = signed_in(keyed)
    csrf = csrf_of(s.get(f"{e}/console/pools/new"))
    before = pools(admin)

    name = f"console-csrf-{secrets.token_hex(4)}"
    for token in (None, "x" * len(csrf)):
        data = pool_form(name) if token is None else pool_form(name, _csrf=token)
        r = s.post(f"{e}/console/pools/new", data=data, allow_redirects=False)
        assert r.status_code == 403, describe(r)
        assert_page_headers(r)
        assert pools(admin) == before

    r = s.post(f"{e}/console/pools/new", data=pool_form(name, _csrf=csrf), allow_redirects=False)
    assert r.status_code == 303, describe(r)
    location = urlsplit(r.headers["Location"])
    m = re.fullmatch(r"/console/pools/([^/]+)", location.path)
    assert m and "notice" in parse_qs(location.query), r.headers["Location"]
    pool = admin.describe_user_pool(UserPoolId=m.group(1))["UserPool"]
    assert pool["Name"] == name
    assert pool.get("UsernameAttributes") == ["email"]
    admin.delete_user_pool(UserPoolId=pool["Id"])


def test_signing_out_ends_the_session(keyed):
    e = keyed.endpoint
    admin = boto3_client(e, *KEYS)
    s = signed_in(keyed)
    old = s.cookies.get(SESSION)
    csrf = csrf_of(s.get(f"{e}/console/pools"))
    before = pools(admin)

    r = s.post(f"{e}/console/signout", data={"_csrf": csrf}, allow_redirects=False)
    assert r.status_code == 303, describe(r)
    assert urlsplit(r.headers["Location"]).path == "/console/signin"
    assert_page_headers(r)

    # the browser forgets the cookie; a copy of it opens nothing either
    jar = {SESSION: old, CSRF_COOKIE: csrf}
    sign_in_redirect(requests.get(f"{e}/console/pools", cookies=jar, allow_redirects=False), "/console/pools")
    name = f"console-signed-out-{secrets.token_hex(4)}"
    r = requests.post(f"{e}/console/pools/new", cookies=jar, data=pool_form(name, _csrf=csrf), allow_redirects=False)
    assert r.status_code == 403, describe(r)
    assert pools(admin) == before


def test_the_eleventh_sign_in_within_a_minute_is_refused(server_factory, backend):
    # a server of its own: every attempt from this address counts, right or wrong
    node = server_factory(backend=backend, admin_keys=KEYS)
    s, csrf = open_sign_in(node)
    answers = [post_sign_in(s, node, csrf, f"wrong-{n}").status_code for n in range(1, 12)]
    assert answers == [401] * 10 + [429], answers
    r = post_sign_in(s, node, csrf, KEYS[1])
    assert r.status_code == 429, describe(r)
    assert s.cookies.get(SESSION) is None


# --------------------------------------------------------------------------- the open console


@pytest.fixture(scope="module")
def actions(cognito):
    """A pool that remembers every device (no MFA bypass), with optional MFA and a client
    allowing SRP, password, admin password and refresh sign-ins."""
    pool_id = cognito.create_user_pool(
        PoolName=f"console-actions-{secrets.token_hex(3)}",
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": False, "DeviceOnlyRememberedOnUserPrompt": False},
    )["UserPool"]["Id"]
    enable_software_token(cognito, pool_id)
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="console-actions",
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]
    return {"pool_id": pool_id, "client_id": client["ClientId"]}


def new_user(cognito, pool: dict) -> str:
    """A confirmed user with a verified e-mail address and PASSWORD; its user name."""
    username = f"ann-{secrets.token_hex(4)}"
    cognito.admin_create_user(
        UserPoolId=pool["pool_id"],
        Username=username,
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": f"{username}@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    cognito.admin_set_user_password(UserPoolId=pool["pool_id"], Username=username, Password=PASSWORD, Permanent=True)
    return username


def user_page(server, pool: dict, username: str) -> str:
    return f"{server.endpoint}/console/pools/{pool['pool_id']}/users/{quote(username, safe='')}"


def press(server, pool: dict, username: str, action: str) -> requests.Response:
    """Presses the user page's button that posts to `…/users/{username}/{action}`."""
    s = requests.Session()
    page = user_page(server, pool, username)
    csrf = csrf_of(s.get(page))
    r = s.post(f"{page}/{action}", data={"_csrf": csrf}, allow_redirects=False)
    assert r.status_code == 303, describe(r)
    assert_page_headers(r)
    return r


def sign_in_tokens(cognito, pool: dict, username: str) -> dict:
    return tokens_of(password_auth(cognito, pool["client_id"], username, PASSWORD))


def test_every_page_forbids_framing_and_runs_no_script(server, cognito, actions):
    pool = actions
    username = new_user(cognito, pool)
    base = f"{server.endpoint}/console"
    p = f"{base}/pools/{pool['pool_id']}"
    c = f"{p}/clients/{pool['client_id']}"
    u = f"{p}/users/{quote(username, safe='')}"
    pages = [
        f"{base}/pools", f"{base}/pools/new", p, f"{p}/delete",
        f"{p}/sign-in", f"{p}/authentication-methods",
        f"{p}/clients", f"{p}/clients/new", c, f"{c}/attributes", f"{c}/edit", f"{c}/delete",
        f"{p}/users", f"{p}/users/new", u, f"{u}/attributes", f"{u}/delete",
        f"{base}/sms", f"{base}/inbox",
    ]
    s = requests.Session()
    for url in pages:
        r = s.get(url, allow_redirects=False)
        assert r.status_code == 200, describe(r)
        assert_page_headers(r)
    # the ones that answer otherwise carry the same headers
    r = s.get(f"{base}/sms/exit-sandbox", allow_redirects=False)  # the account is out of the sandbox
    assert r.status_code in (200, 302, 303), describe(r)
    assert_page_headers(r)
    r = s.get(f"{base}/pools/us-east-1_AAAAAAAAA", allow_redirects=False)
    assert r.status_code == 404, describe(r)
    assert_page_headers(r)
    r = s.get(f"{p}/users", params={"filter": "not a filter"}, allow_redirects=False)
    assert r.status_code in (200, 400), describe(r)
    assert 'role="alert"' in r.text, f"the refused filter is explained\n{describe(r)}"
    assert_page_headers(r)
    for url in (base, f"{base}/signin"):
        r = s.get(url, allow_redirects=False)
        assert r.status_code == 302, describe(r)
        assert r.headers["Location"] == "/console/pools"
        assert_page_headers(r)


def test_the_user_page_lists_a_device_and_forgets_it(server, cognito, actions):
    pool = actions
    username = new_user(cognito, pool)
    srp = Srp(cognito, pool["pool_id"], pool["client_id"], username, PASSWORD)
    srp.initiate()
    device, _ = confirm_new_device(cognito, tokens_of(srp.respond(session=True)), "console laptop")
    listed = cognito.admin_list_devices(UserPoolId=pool["pool_id"], Username=username)["Devices"]
    assert [d["DeviceKey"] for d in listed] == [device.key]

    r = requests.get(user_page(server, pool, username))
    assert r.status_code == 200, describe(r)
    assert device.key in r.text, "the user page lists the device"

    press(server, pool, username, f"devices/{quote(device.key, safe='')}/forget")
    assert cognito.admin_list_devices(UserPoolId=pool["pool_id"], Username=username)["Devices"] == []
    r = requests.get(user_page(server, pool, username))
    assert device.key not in r.text, "the forgotten device is no longer listed"


def test_reset_mfa_lets_the_user_sign_in_without_a_code(server, cognito, actions):
    pool = actions
    username = new_user(cognito, pool)
    token = sign_in_tokens(cognito, pool, username)["AccessToken"]
    app = Authenticator(cognito.associate_software_token(AccessToken=token)["SecretCode"])
    assert cognito.verify_software_token(AccessToken=token, UserCode=app.code())["Status"] == "SUCCESS"
    cognito.admin_set_user_mfa_preference(
        UserPoolId=pool["pool_id"], Username=username,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    challenge = password_auth(cognito, pool["client_id"], username, PASSWORD)
    assert challenge.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", challenge

    press(server, pool, username, "reset-mfa")

    sign_in_tokens(cognito, pool, username)
    admin = cognito.admin_initiate_auth(
        UserPoolId=pool["pool_id"], ClientId=pool["client_id"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    tokens_of(admin)
    user = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)
    assert "SOFTWARE_TOKEN_MFA" not in user.get("UserMFASettingList", []), user
    assert "SMS_MFA" not in user.get("UserMFASettingList", []), user


def test_sign_out_everywhere_ends_the_refresh_tokens(server, cognito, actions):
    pool = actions
    username = new_user(cognito, pool)
    refresh_token = sign_in_tokens(cognito, pool, username)["RefreshToken"]
    assert "AuthenticationResult" in refresh(cognito, pool["client_id"], refresh_token)

    press(server, pool, username, "sign-out")

    e = error_of(refresh, cognito, pool["client_id"], refresh_token)
    assert_code(e, "NotAuthorizedException")


def test_disable_enable_and_reset_password(server, cognito, actions):
    pool = actions
    username = new_user(cognito, pool)

    press(server, pool, username, "disable")
    assert cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)["Enabled"] is False
    e = error_of(password_auth, cognito, pool["client_id"], username, PASSWORD)
    assert_code(e, "NotAuthorizedException")

    press(server, pool, username, "enable")
    assert cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)["Enabled"] is True
    sign_in_tokens(cognito, pool, username)

    press(server, pool, username, "reset-password")
    assert cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)["UserStatus"] == "RESET_REQUIRED"
    assert server.smtp.wait_for_code(f"{username}@example.com"), "the reset code was e-mailed"


def test_irreversible_actions_ask_first_and_asking_changes_nothing(server, cognito, actions):
    """The user page's Reset password, Reset MFA, Sign out everywhere and Delete user open a page
    that asks; only its form, posted, acts."""
    pool = actions
    username = new_user(cognito, pool)
    tokens = sign_in_tokens(cognito, pool, username)
    page = user_page(server, pool, username)
    s = requests.Session()
    user_html = s.get(page).text
    for action, button in [
        ("reset-password", "Reset password"),
        ("reset-mfa", "Reset MFA"),
        ("sign-out", "Sign out everywhere"),
        ("delete", "Delete user"),
    ]:
        url = f"{urlsplit(page).path}/{action}"
        assert f'method="get" action="{url}"' in user_html, (action, user_html[:2000])
        r = s.get(f"{page}/{action}", allow_redirects=False)
        assert r.status_code == 200, describe(r)
        assert_page_headers(r)
        assert f'method="post" action="{url}"' in r.text, r.text[:2000]
        assert f">{button}</button>" in r.text, r.text[:2000]
        assert "Cancel" in r.text
    user = cognito.admin_get_user(UserPoolId=pool["pool_id"], Username=username)
    assert user["UserStatus"] == "CONFIRMED" and user["Enabled"] is True
    refreshed = cognito.initiate_auth(
        ClientId=pool["client_id"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
    )
    assert refreshed["AuthenticationResult"]["AccessToken"]
