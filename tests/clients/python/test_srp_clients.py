"""SRP sign-in (InitiateAuth USER_SRP_AUTH → RespondToAuthChallenge PASSWORD_VERIFIER) with the
real client libraries, and the protocol's edge cases on the wire.

* Amplify JS v6 (seed 001's code) → js/amplify_srp.test.mjs, through `node --test`; the Python
  side answers the verification-code look-ups of the Node process from its SMTP sink.
* amazon-cognito-identity-js → js/identity_js_srp.test.mjs, through `node --test`.
* pycognito: `Cognito.authenticate` (its `AWSSRP`), `check_token`, `renew_access_token`.
* boto3 + pycognito's `AWSSRP` math for the edge cases: no Session, tampered signature, clock
  skew, replayed SECRET_BLOCK, unknown users, flows not enabled, lockout, two nodes.

Expected Cognito behaviour follows /work/shared/reference/cognito-protocol-notes.md §3-§4.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import os
import re
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pycognito
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP, N_HEX, compute_hkdf, calculate_u, hex_to_long, pad_hex

import harness
from helpers import (
    admin_create_confirmed_user,
    attrs_dict,
    create_client,
    jwt_claims,
    make_client,
    new_email,
    new_password,
    password_auth,
    sign_up,
    sign_up_and_confirm,
)

INCORRECT = "Incorrect username or password."
LOCKED = "Password attempts exceeded"
NOT_YET = "not supported by this server"
N = hex_to_long(N_HEX)
HEX_RE = re.compile(r"^[0-9a-fA-F]+$")
B64_RE = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


# ============================================================================================
# SRP client on the wire (pycognito's AWSSRP does the math; we choose what to send)
# ============================================================================================


def cognito_timestamp(when: datetime.datetime | None = None) -> str:
    """`Tue Nov 3 04:07:06 UTC 2026` (day not zero-padded), as every client formats it."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    return AWSSRP.get_cognito_formatted_timestamp(when)


class Srp:
    """One SRP sign-in attempt: InitiateAuth, then any number of PASSWORD_VERIFIER answers."""

    def __init__(self, cognito, pool_id: str, client_id: str, username: str, password: str,
                 client_secret: str | None = None):
        self.cognito = cognito
        self.pool_id = pool_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.aws = AWSSRP(username=username, password=password, pool_id=pool_id, client_id=client_id,
                          client=cognito, client_secret=client_secret)
        self.auth_params = self.aws.get_auth_params()
        self.challenge: dict | None = None

    def initiate(self, **param_overrides) -> dict:
        params = dict(self.auth_params, **param_overrides)
        self.challenge = self.cognito.initiate_auth(
            ClientId=self.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=params)
        assert self.challenge.get("ChallengeName") == "PASSWORD_VERIFIER", self.challenge
        return self.challenge

    @property
    def params(self) -> dict:
        assert self.challenge is not None, "initiate() first"
        return self.challenge["ChallengeParameters"]

    def signature(self, timestamp: str, password: str | None = None) -> str:
        p = self.params
        key = self.aws.get_password_authentication_key(
            p["USER_ID_FOR_SRP"], self.aws.password if password is None else password,
            hex_to_long(p["SRP_B"]), p["SALT"])
        msg = (self.pool_id.split("_", 1)[1].encode() + p["USER_ID_FOR_SRP"].encode()
               + base64.standard_b64decode(p["SECRET_BLOCK"]) + timestamp.encode())
        return base64.standard_b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()

    def responses(self, *, timestamp: str | None = None, signature: str | None = None,
                  password: str | None = None, **extra) -> dict:
        """ChallengeResponses as pycognito builds them (USERNAME = the challenge's USERNAME)."""
        p = self.params
        timestamp = timestamp or cognito_timestamp()
        out = {
            "USERNAME": p["USERNAME"],
            "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
            "TIMESTAMP": timestamp,
            "PASSWORD_CLAIM_SIGNATURE": signature or self.signature(timestamp, password),
        }
        if self.client_secret is not None:
            out["SECRET_HASH"] = AWSSRP.get_secret_hash(p["USERNAME"], self.client_id, self.client_secret)
        out.update(extra)
        return out

    def respond(self, responses: dict | None = None, *, session: bool = False, cognito=None) -> dict:
        """RespondToAuthChallenge; `session=True` forwards the challenge's Session (Amplify and
        identity-js do), `False` sends none (pycognito)."""
        kwargs = {}
        if session and self.challenge.get("Session"):
            kwargs["Session"] = self.challenge["Session"]
        return (cognito or self.cognito).respond_to_auth_challenge(
            ClientId=self.client_id, ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=responses or self.responses(), **kwargs)


def srp_sign_in(cognito, pool: dict, username: str, password: str, *, session: bool = False) -> dict:
    """Full SRP sign-in; returns the RespondToAuthChallenge output, or raises the ClientError of
    whichever step refused."""
    s = Srp(cognito, pool["pool_id"], pool["client_id"], username, password)
    s.initiate()
    return s.respond(session=session)


def assert_error(exc: BaseException, code: str, message: str | None = None) -> None:
    assert isinstance(exc, ClientError), f"expected {code}, got {exc!r}"
    err = exc.response["Error"]
    assert err["Code"] == code, f"expected {code}, got {err['Code']}: {err.get('Message')!r}"
    if message is not None:
        assert err.get("Message") == message, f"{code}: {err.get('Message')!r} != {message!r}"


def refused(fn, *args, **kwargs) -> ClientError:
    try:
        out = fn(*args, **kwargs)
    except ClientError as e:
        return e
    pytest.fail(f"expected a refusal, got {out!r}")


def assert_tokens(out: dict, pool: dict, sub: str, email: str) -> dict:
    assert "ChallengeName" not in out, out
    ar = out["AuthenticationResult"]
    assert ar["TokenType"] == "Bearer" and ar["ExpiresIn"] == 3600
    idc, acc = jwt_claims(ar["IdToken"]), jwt_claims(ar["AccessToken"])
    assert idc["sub"] == sub and idc["cognito:username"] == sub and idc["email"] == email
    assert idc["aud"] == pool["client_id"] and idc["token_use"] == "id"
    assert acc["sub"] == sub and acc["username"] == sub and acc["client_id"] == pool["client_id"]
    assert acc["token_use"] == "access"
    assert isinstance(ar.get("RefreshToken"), str) and ar["RefreshToken"]
    return ar


@pytest.fixture
def user(server, cognito, seed_pool):
    return sign_up_and_confirm(server, cognito, seed_pool)


# ============================================================================================
# Node: Amplify v6 and amazon-cognito-identity-js
# ============================================================================================


def run_node_test(node_bin: str, test_file: str, env_extra: dict[str, str], timeout: float = 180):
    env = dict(os.environ)
    env.update(env_extra)
    env.setdefault("NODE_OPTIONS", "")
    return subprocess.run(
        [node_bin, "--test", "--test-reporter=spec", test_file],
        cwd=harness.JS_DIR, env=env, capture_output=True, text=True, timeout=timeout,
    )


class MailCodeServer:
    """GET /code?to=<address> → the newest unseen 6-digit code the server e-mailed to <address>
    (waits for it up to 20 s; 404 if none arrives). Lets a Node test read the SMTP sink."""

    def __init__(self, smtp: harness.SmtpSink):
        sink = smtp

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):
                pass

            def do_GET(self):  # noqa: N802 (http.server API)
                q = parse_qs(urlparse(self.path).query)
                to = (q.get("to") or [""])[0]
                try:
                    code, status = sink.wait_for_code(to, timeout=20), 200
                except TimeoutError as e:
                    code, status = str(e), 404
                body = code.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer((harness.LOCALHOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="mail-codes", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://{harness.LOCALHOST}:{self.httpd.server_address[1]}/code"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def mail_codes(server):
    srv = MailCodeServer(server.smtp)
    try:
        yield srv
    finally:
        srv.close()


@pytest.mark.js
def test_amplify_v6_seed001_srp(server, cognito, seed_pool, node_bin, mail_codes):
    email, password = new_email("amplify"), new_password()
    proc = run_node_test(node_bin, "amplify_srp.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "POOL_ID": seed_pool["pool_id"],
        "CLIENT_ID": seed_pool["client_id"],
        "USERNAME": email,
        "PASSWORD": password,
        "CODE_URL": mail_codes.url,
    })
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
    # What the Amplify run left on the server.
    got = cognito.admin_get_user(UserPoolId=seed_pool["pool_id"], Username=email)
    assert got["UserStatus"] == "CONFIRMED"
    assert attrs_dict(got["UserAttributes"])["name"] == "Renamed Tester"


@pytest.mark.js
def test_identity_js_srp(server, cognito, seed_pool, node_bin, user):
    proc = run_node_test(node_bin, "identity_js_srp.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "POOL_ID": seed_pool["pool_id"],
        "CLIENT_ID": seed_pool["client_id"],
        "USERNAME": user.email,
        "PASSWORD": user.password,
        "USER_SUB": user.sub,
    })
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"


# ============================================================================================
# pycognito
# ============================================================================================


def pycognito_user(server, pool: dict, username: str, **kwargs) -> Cognito:
    """pycognito pointed at the server: boto3 gets endpoint_url, and pycognito then fetches the
    JWKS from `{endpoint_url}/{pool_id}/.well-known/jwks.json` and checks iss = that base."""
    return Cognito(
        pool["pool_id"], pool["client_id"], username=username, user_pool_region="us-east-1",
        boto3_client_kwargs={
            "endpoint_url": server.endpoint.rstrip("/"),
            "aws_access_key_id": "AKIDEXAMPLE",
            "aws_secret_access_key": "dummy-secret",
        },
        botocore_config=Config(retries={"max_attempts": 0, "mode": "standard"}),
        **kwargs,
    )


def test_pycognito_authenticate(server, seed_pool, user):
    u = pycognito_user(server, seed_pool, user.email)
    u.authenticate(password=user.password)  # USER_SRP_AUTH via AWSSRP; verifies both JWTs
    issuer = f"{server.endpoint.rstrip('/')}/{seed_pool['pool_id']}"
    assert u.token_type == "Bearer"
    assert u.id_claims["sub"] == user.sub
    assert u.id_claims["email"] == user.email
    assert u.id_claims["cognito:username"] == user.sub
    assert u.id_claims["aud"] == seed_pool["client_id"]
    assert u.id_claims["iss"] == issuer
    assert u.id_claims["token_use"] == "id"
    assert u.id_claims["email_verified"] is True
    assert u.access_claims["sub"] == user.sub
    assert u.access_claims["username"] == user.sub
    assert u.access_claims["client_id"] == seed_pool["client_id"]
    assert u.access_claims["token_use"] == "access"
    assert "aws.cognito.signin.user.admin" in u.access_claims["scope"].split()
    assert u.access_claims["exp"] - u.access_claims["iat"] == 3600
    assert isinstance(u.refresh_token, str) and u.refresh_token
    me = u.get_user()
    assert me.sub == user.sub and me.email == user.email


def test_pycognito_wrong_password(server, seed_pool, user):
    u = pycognito_user(server, seed_pool, user.email)
    with pytest.raises(ClientError) as ei:
        u.authenticate(password=user.password + "x")
    assert_error(ei.value, "NotAuthorizedException", INCORRECT)
    assert ei.value.operation_name == "RespondToAuthChallenge", "refused at the verifier step"
    assert u.access_token is None


def test_pycognito_check_token_and_renew(server, seed_pool, user, monkeypatch):
    u = pycognito_user(server, seed_pool, user.email)
    u.authenticate(password=user.password)
    first_access, first_refresh = u.access_token, u.refresh_token

    assert u.check_token() is False, "a fresh token is not expired"
    assert u.access_token == first_access

    time.sleep(1.1)  # new iat
    u.renew_access_token()  # REFRESH_TOKEN_AUTH; verifies the new tokens against the JWKS
    assert u.access_token != first_access
    assert u.refresh_token == first_refresh, "no rotation: the refresh token is kept"
    assert u.access_claims["sub"] == user.sub
    assert u.id_claims["email"] == user.email

    # check_token(renew=True) on an expired token: make pycognito's clock read two hours later.
    real_datetime, real_timedelta, real_timezone = datetime.datetime, datetime.timedelta, datetime.timezone

    class _Later(real_datetime):
        @classmethod
        def now(cls, tz=None):
            return real_datetime.now(tz) + real_timedelta(hours=2)

    class _ClockModule:
        datetime = _Later
        timedelta = real_timedelta
        timezone = real_timezone

    second_access = u.access_token
    time.sleep(1.1)
    monkeypatch.setattr(pycognito, "datetime", _ClockModule)
    assert u.check_token() is True
    monkeypatch.undo()
    assert u.access_token != second_access, "check_token renewed the access token"
    assert u.get_user().sub == user.sub


def test_pycognito_client_with_secret(server, cognito, seed_pool, user):
    c = create_client(cognito, seed_pool["pool_id"], ClientName="srp-secret", GenerateSecret=True)
    pool = {"pool_id": seed_pool["pool_id"], "client_id": c["ClientId"]}
    u = pycognito_user(server, pool, user.email, client_secret=c["ClientSecret"])
    u.authenticate(password=user.password)  # SECRET_HASH of the e-mail, then of the sub
    assert u.id_claims["sub"] == user.sub and u.id_claims["aud"] == c["ClientId"]
    # Without the secret hash the client is refused before any challenge.
    with pytest.raises(ClientError) as ei:
        pycognito_user(server, pool, user.email).authenticate(password=user.password)
    assert_error(ei.value, "NotAuthorizedException")
    assert ei.value.operation_name == "InitiateAuth"


def test_pycognito_admin_set_password_and_change_password(server, cognito, seed_pool):
    """The SRP verifier follows every way a password is set."""
    u1 = admin_create_confirmed_user(cognito, seed_pool)  # AdminSetUserPassword(Permanent)
    p = pycognito_user(server, seed_pool, u1.email)
    p.authenticate(password=u1.password)
    assert p.id_claims["sub"] == u1.sub

    new = new_password()
    p.change_password(u1.password, new)  # ChangePassword with the SRP-issued access token
    with pytest.raises(ClientError) as ei:
        pycognito_user(server, seed_pool, u1.email).authenticate(password=u1.password)
    assert_error(ei.value, "NotAuthorizedException", INCORRECT)
    q = pycognito_user(server, seed_pool, u1.email)
    q.authenticate(password=new)
    assert q.id_claims["sub"] == u1.sub


def test_pycognito_pool_with_plain_usernames(server, cognito):
    """Without UsernameAttributes the SRP identity (USER_ID_FOR_SRP) is the username itself."""
    pool_id = cognito.create_user_pool(
        PoolName="plain-usernames",
        Policies={"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
                                     "RequireNumbers": True, "RequireSymbols": False}},
        UsernameConfiguration={"CaseSensitive": False},
    )["UserPool"]["Id"]
    client_id = create_client(cognito, pool_id, ClientName="plain")["ClientId"]
    username, password = f"srp-user-{os.urandom(4).hex()}", new_password()
    cognito.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=password, Permanent=True)
    pool = {"pool_id": pool_id, "client_id": client_id}

    s = Srp(cognito, pool_id, client_id, username, password)
    ch = s.initiate()
    assert ch["ChallengeParameters"]["USER_ID_FOR_SRP"] == username
    assert ch["ChallengeParameters"]["USERNAME"] == username
    assert "AuthenticationResult" in s.respond()

    u = pycognito_user(server, pool, username.upper())  # case-insensitive pool
    u.authenticate(password=password)
    assert u.access_claims["username"] == username


# ============================================================================================
# The protocol on the wire
# ============================================================================================


def test_password_verifier_challenge_shape(cognito, seed_pool, user):
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    ch = s.initiate()
    p = ch["ChallengeParameters"]
    assert set(p) >= {"SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"}, p
    assert p["USER_ID_FOR_SRP"] == user.sub and p["USERNAME"] == user.sub
    assert HEX_RE.match(p["SALT"]) and HEX_RE.match(p["SRP_B"]), p
    assert hex_to_long(p["SRP_B"]) % N != 0
    assert B64_RE.match(p["SECRET_BLOCK"]), "standard base64 with padding (pycognito decodes strictly)"
    base64.b64decode(p["SECRET_BLOCK"], validate=True)
    if "Session" in ch:
        assert 20 <= len(ch["Session"]) <= 2048
    # A new attempt gets a new server ephemeral and a new secret block, the same salt.
    s2 = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    p2 = s2.initiate()["ChallengeParameters"]
    assert p2["SRP_B"] != p["SRP_B"] and p2["SECRET_BLOCK"] != p["SECRET_BLOCK"]
    assert hex_to_long(p2["SALT"]) == hex_to_long(p["SALT"])


@pytest.mark.parametrize("with_session", [False, True], ids=["no-session(pycognito)", "session(amplify)"])
def test_password_verifier_with_and_without_session(cognito, seed_pool, user, with_session):
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s.initiate()
    out = s.respond(session=with_session)
    ar = assert_tokens(out, seed_pool, user.sub, user.email)
    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    assert out.get("ChallengeParameters", {}) == {}


def test_tampered_signature_refused(cognito, seed_pool, user):
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s.initiate()
    good = s.responses()
    sig = bytearray(base64.b64decode(good["PASSWORD_CLAIM_SIGNATURE"]))
    sig[0] ^= 0x01
    bad = dict(good, PASSWORD_CLAIM_SIGNATURE=base64.b64encode(bytes(sig)).decode())
    assert_error(refused(s.respond, bad), "NotAuthorizedException", INCORRECT)
    # The signature binds the timestamp: a valid signature over another timestamp fails too.
    s2 = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s2.initiate()
    r = s2.responses()
    other = cognito_timestamp(datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=30))
    assert other != r["TIMESTAMP"]
    assert_error(refused(s2.respond, dict(r, TIMESTAMP=other)), "NotAuthorizedException", INCORRECT)
    # A changed SECRET_BLOCK, even with a signature computed over the changed block, is refused.
    s3 = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s3.initiate()
    block = bytearray(base64.b64decode(s3.params["SECRET_BLOCK"]))
    block[len(block) // 2] ^= 0x01
    s3.challenge["ChallengeParameters"]["SECRET_BLOCK"] = base64.b64encode(bytes(block)).decode()
    assert_error(refused(s3.respond), "NotAuthorizedException")
    # The user can still sign in.
    assert "AuthenticationResult" in srp_sign_in(cognito, seed_pool, user.email, user.password)


@pytest.mark.parametrize("minutes", [-10, 10])
def test_timestamp_ten_minutes_off_refused(cognito, seed_pool, user, minutes):
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s.initiate()
    skewed = cognito_timestamp(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes))
    # correctly signed over the skewed timestamp: only the clock check can refuse it
    assert_error(refused(s.respond, s.responses(timestamp=skewed)), "NotAuthorizedException")
    assert "AuthenticationResult" in srp_sign_in(cognito, seed_pool, user.email, user.password)


def test_timestamp_format_is_checked(cognito, seed_pool, user):
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s.initiate()
    iso = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    # correctly signed, but not Cognito's format: a server that cannot read the time cannot
    # check the skew, so it must refuse
    e = refused(s.respond, s.responses(timestamp=iso))
    assert e.response["Error"]["Code"] in ("NotAuthorizedException", "InvalidParameterException"), e


def test_secret_block_reuse_after_success_refused(cognito, seed_pool, user):
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, user.password)
    s.initiate()
    first = s.responses()
    assert "AuthenticationResult" in s.respond(first)
    # the identical message again (no Session, as pycognito), and with the Session if any
    assert_error(refused(s.respond, first), "NotAuthorizedException")
    assert_error(refused(s.respond, first, session=True), "NotAuthorizedException")
    # freshly signed with a later timestamp over the same secret block
    time.sleep(1.1)
    assert_error(refused(s.respond, s.responses()), "NotAuthorizedException")


def test_unknown_user_gets_a_fake_challenge(cognito, seed_pool, user):
    """PreventUserExistenceErrors ENABLED: an unknown user gets a PASSWORD_VERIFIER challenge
    like a real one, and the answer fails like a wrong password, step for step."""
    pool_id, client_id = seed_pool["pool_id"], seed_pool["client_id"]
    ghost = new_email("ghost")

    def attempt(username: str, with_session: bool) -> tuple[dict, str, str]:
        s = Srp(cognito, pool_id, client_id, username, "Wrong1Password")
        ch = s.initiate()
        first = refused(s.respond, session=with_session)
        assert_error(first, "NotAuthorizedException", INCORRECT)
        again = refused(s.respond, session=True)  # the same challenge answered a second time
        return ch, again.response["Error"]["Code"], again.response["Error"].get("Message")

    real, real_code, real_msg = attempt(user.email, with_session=False)
    fake, fake_code, fake_msg = attempt(ghost, with_session=False)
    assert set(fake["ChallengeParameters"]) == set(real["ChallengeParameters"]), fake
    assert ("Session" in fake) == ("Session" in real)
    p = fake["ChallengeParameters"]
    assert HEX_RE.match(p["SALT"]) and HEX_RE.match(p["SRP_B"]) and B64_RE.match(p["SECRET_BLOCK"])
    assert hex_to_long(p["SRP_B"]) % N != 0
    # In a pool whose usernames are generated, a ghost's SRP identity is a UUID as a real
    # user's is, the same on every attempt.
    uuid_shape = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    assert uuid_shape.match(real["ChallengeParameters"]["USER_ID_FOR_SRP"])
    assert uuid_shape.match(p["USER_ID_FOR_SRP"]) and p["USERNAME"] == p["USER_ID_FOR_SRP"], p
    again = Srp(cognito, pool_id, client_id, ghost, "Wrong1Password").initiate()
    assert again["ChallengeParameters"]["USER_ID_FOR_SRP"] == p["USER_ID_FOR_SRP"]
    assert (fake_code, fake_msg) == (real_code, real_msg), "a spent challenge answers alike"
    # with the Session forwarded (Amplify, identity-js) the fake answer fails the same way
    attempt(ghost, with_session=True)


def test_unknown_user_legacy_client(cognito, seed_pool):
    c = create_client(cognito, seed_pool["pool_id"], ClientName="legacy",
                      PreventUserExistenceErrors="LEGACY")
    s = Srp(cognito, seed_pool["pool_id"], c["ClientId"], new_email("ghost"), new_password())
    e = refused(s.initiate)
    assert_error(e, "UserNotFoundException", "User does not exist.")


def test_client_without_srp_flow(cognito, seed_pool, user):
    c = create_client(cognito, seed_pool["pool_id"], ClientName="no-srp",
                      ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    s = Srp(cognito, seed_pool["pool_id"], c["ClientId"], user.email, user.password)
    e = refused(s.initiate)
    assert_error(e, "InvalidParameterException")
    msg = e.response["Error"]["Message"]
    assert "USER_SRP_AUTH" in msg and "not enabled" in msg and NOT_YET not in msg, msg
    # ...and the seed client, which allows it, signs the same user in.
    assert "AuthenticationResult" in srp_sign_in(cognito, seed_pool, user.email, user.password)


def test_unconfirmed_and_disabled_users(server, cognito, seed_pool):
    email_addr, password = new_email(), new_password()
    sign_up(cognito, seed_pool["client_id"], email_addr, password)
    server.smtp.wait_for_code(email_addr)
    e = refused(srp_sign_in, cognito, seed_pool, email_addr, password)
    assert_error(e, "UserNotConfirmedException", "User is not confirmed.")

    u = admin_create_confirmed_user(cognito, seed_pool)
    cognito.admin_disable_user(UserPoolId=seed_pool["pool_id"], Username=u.email)
    e = refused(srp_sign_in, cognito, seed_pool, u.email, u.password)
    assert_error(e, "NotAuthorizedException", "User is disabled.")


@pytest.mark.parametrize("srp_a", ["0", N_HEX.lower(), format(2 * N, "x")], ids=["zero", "N", "2N"])
def test_srp_a_multiple_of_n_refused(cognito, seed_pool, user, srp_a):
    """A ≡ 0 (mod N) makes the session key 0 for anyone: it must never sign in."""
    s = Srp(cognito, seed_pool["pool_id"], seed_pool["client_id"], user.email, "not-the-password")
    try:
        s.initiate(SRP_A=srp_a)
    except ClientError as e:
        assert e.response["Error"]["Code"] in ("NotAuthorizedException", "InvalidParameterException"), e
        assert NOT_YET not in e.response["Error"].get("Message", "")
        return
    # The server issued a challenge: forge the proof with S = 0 and expect a refusal.
    p = s.params
    u = calculate_u(hex_to_long(srp_a), hex_to_long(p["SRP_B"]))
    key = compute_hkdf(bytearray.fromhex(pad_hex(0)), bytearray.fromhex(pad_hex(format(u, "x"))))
    ts = cognito_timestamp()
    msg = (seed_pool["pool_id"].split("_", 1)[1].encode() + p["USER_ID_FOR_SRP"].encode()
           + base64.standard_b64decode(p["SECRET_BLOCK"]) + ts.encode())
    sig = base64.standard_b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()
    assert_error(refused(s.respond, s.responses(timestamp=ts, signature=sig)), "NotAuthorizedException")


def test_lockout_after_five_wrong_srp_proofs(server, cognito, seed_pool, user):
    for i in range(5):
        e = refused(srp_sign_in, cognito, seed_pool, user.email, f"Wrong{i}Password")
        assert_error(e, "NotAuthorizedException", INCORRECT)
        assert e.operation_name == "RespondToAuthChallenge", f"attempt {i + 1}"
    started = time.monotonic()
    try:
        out = srp_sign_in(cognito, seed_pool, user.email, user.password)
    except ClientError as e:
        assert_error(e, "NotAuthorizedException", LOCKED)
    else:
        elapsed = time.monotonic() - started
        pytest.fail(f"signed in {elapsed:.2f}s after the fifth failure (the first lock lasts ~1 s): {out!r}")


def test_lockout_shared_between_srp_and_password_auth(server, cognito, seed_pool, user):
    for i in range(3):
        with pytest.raises(cognito.exceptions.NotAuthorizedException):
            password_auth(cognito, seed_pool["client_id"], user.email, f"Wrong{i}Password")
    for i in range(2):
        e = refused(srp_sign_in, cognito, seed_pool, user.email, f"WrongSrp{i}Password")
        assert_error(e, "NotAuthorizedException", INCORRECT)
    # Five failures in all: the right password is refused on both flows while locked.
    e = refused(srp_sign_in, cognito, seed_pool, user.email, user.password)
    assert_error(e, "NotAuthorizedException", LOCKED)
    e = refused(password_auth, cognito, seed_pool["client_id"], user.email, user.password)
    assert_error(e, "NotAuthorizedException", LOCKED)
    # The lock is temporary; then SRP works and a success clears the count.
    time.sleep(4)
    assert "AuthenticationResult" in srp_sign_in(cognito, seed_pool, user.email, user.password)
    for i in range(4):
        refused(srp_sign_in, cognito, seed_pool, user.email, f"Again{i}Password")
    assert "AuthenticationResult" in srp_sign_in(cognito, seed_pool, user.email, user.password)


@pytest.mark.parametrize("with_session", [False, True], ids=["no-session", "session"])
def test_two_nodes_initiate_on_one_respond_on_other(server, seed_pool, server_factory, with_session):
    if server.backend != "postgres":
        pytest.skip("clustering is only supported on PostgreSQL")
    node2 = server_factory(database_of=server)
    c1, c2 = make_client(server.endpoint), make_client(node2.endpoint)
    u = sign_up_and_confirm(server, c1, seed_pool)
    s = Srp(c1, seed_pool["pool_id"], seed_pool["client_id"], u.email, u.password)
    s.initiate()                                          # node 1
    out = s.respond(session=with_session, cognito=c2)     # node 2
    ar = assert_tokens(out, seed_pool, u.sub, u.email)
    assert c1.get_user(AccessToken=ar["AccessToken"])["Username"] == u.sub
    # and the other way round, with pycognito's full flow on node 2
    s2 = Srp(c2, seed_pool["pool_id"], seed_pool["client_id"], u.email, u.password)
    s2.initiate()
    assert_tokens(s2.respond(session=with_session, cognito=c1), seed_pool, u.sub, u.email)
    # a secret block used on one node is spent on the other too
    assert_error(refused(s.respond, s.responses(), cognito=c1), "NotAuthorizedException")
