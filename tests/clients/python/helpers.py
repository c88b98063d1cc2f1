"""Shared helpers for the boto3 compatibility tests.

Owned by the compatibility-test author (not the harness): sign-up/confirm helpers, JWT
decoding and RS256 verification without third-party crypto packages, SECRET_HASH, message
sink inspection, and the exact pool/client definitions of the seed documents.

Only the standard library, boto3/botocore, pytest and requests are used.
"""

from __future__ import annotations

import base64
import dataclasses
import email
import email.message
import email.policy
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from typing import Any, Callable, Iterable

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"

# --------------------------------------------------------------------------------------------
# Seed definitions (copied argument for argument from the seed documents)
# --------------------------------------------------------------------------------------------

# Seed 001, step 2: `aws cognito-idp create-user-pool ...`
SEED001_POOL_ARGS: dict[str, Any] = {
    "PoolName": "mfa-sms-pool",
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 8,
            "RequireUppercase": True,
            "RequireLowercase": True,
            "RequireNumbers": True,
            "RequireSymbols": False,
        }
    },
    "UsernameAttributes": ["email"],
    "AutoVerifiedAttributes": ["email"],
    "MfaConfiguration": "OPTIONAL",
    "SmsAuthenticationMessage": "Your MFA code is {####}",
    "SmsConfiguration": {
        "SnsCallerArn": "arn:aws:iam::123456789012:role/CognitoMFASMSRole",
        "ExternalId": "mfa-sms-external-id",
    },
    "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
    "UsernameConfiguration": {"CaseSensitive": False},
    "Schema": [
        {"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": True},
        {"Name": "phone_number", "AttributeDataType": "String", "Mutable": True, "Required": False},
        {"Name": "name", "AttributeDataType": "String", "Mutable": True, "Required": True},
    ],
}

# Seed 001, step 3: `aws cognito-idp create-user-pool-client ...` (UserPoolId added by caller)
SEED001_CLIENT_ARGS: dict[str, Any] = {
    "ClientName": "mfa-sms-client",
    "GenerateSecret": False,
    "ExplicitAuthFlows": [
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_SRP_AUTH",
    ],
    "PreventUserExistenceErrors": "ENABLED",
    "EnableTokenRevocation": True,
    "AuthSessionValidity": 3,
    "AccessTokenValidity": 60,
    "IdTokenValidity": 60,
    "RefreshTokenValidity": 30,
    "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
}

# Seed 002: the Terraform `aws_cognito_user_pool "main"` (both resource blocks merged), as the
# AWS provider sends it to CreateUserPool. software_token_mfa_configuration is applied by the
# provider with a separate SetUserPoolMfaConfig call (see SEED002_MFA_CONFIG_ARGS).
SEED002_POOL_ARGS: dict[str, Any] = {
    "PoolName": "my-app-user-pool",
    "MfaConfiguration": "OPTIONAL",
    "SmsConfiguration": {
        "ExternalId": "cognito-sms-external",
        "SnsCallerArn": "arn:aws:iam::123456789012:role/cognito-sms-role",
        "SnsRegion": "us-east-1",
    },
    "SmsAuthenticationMessage": "Your sign-in code for MyApp is {####}",
    "UsernameAttributes": ["email"],
    "AutoVerifiedAttributes": ["email"],
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 12,
            "RequireLowercase": True,
            "RequireUppercase": True,
            "RequireNumbers": True,
            "RequireSymbols": True,
            "TemporaryPasswordValidityDays": 7,
        }
    },
    "DeviceConfiguration": {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": True,
    },
}

SEED002_MFA_CONFIG_ARGS: dict[str, Any] = {
    "MfaConfiguration": "OPTIONAL",
    "SoftwareTokenMfaConfiguration": {"Enabled": True},
    "SmsMfaConfiguration": {
        "SmsAuthenticationMessage": "Your sign-in code for MyApp is {####}",
        "SmsConfiguration": {
            "ExternalId": "cognito-sms-external",
            "SnsCallerArn": "arn:aws:iam::123456789012:role/cognito-sms-role",
            "SnsRegion": "us-east-1",
        },
    },
}

POOL_ID_RE = re.compile(r"^us-east-1_[0-9A-Za-z]{9}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
CODE_RE = re.compile(r"^\d{6}$")

STANDARD_ATTRIBUTES = [
    "sub", "name", "given_name", "family_name", "middle_name", "nickname",
    "preferred_username", "profile", "picture", "website", "email", "email_verified",
    "gender", "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified",
    "address", "updated_at",
]


# --------------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------------

def new_email(prefix: str = "u") -> str:
    """A unique, lower-case e-mail address."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}@example.com"


def new_password() -> str:
    """A password that satisfies 8+/upper/lower/number (and symbols, for stricter pools)."""
    return f"Aa1!{secrets.token_hex(6)}Zz9"


def new_phone() -> str:
    """A unique-enough E.164 number in the 555 range."""
    return "+1555" + "".join(str(secrets.randbelow(10)) for _ in range(7))


def wrong_code(code: str) -> str:
    """A six-digit code guaranteed to differ from `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --------------------------------------------------------------------------------------------
# boto3 clients
# --------------------------------------------------------------------------------------------

def make_client(
    endpoint: str,
    *,
    access_key: str = "AKIDEXAMPLE",
    secret_key: str = "dummy-secret",
    unsigned: bool = False,
    parameter_validation: bool = True,
    region: str = REGION,
):
    """A cognito-idp client for `endpoint`, retries disabled (LimitExceededException is a
    throttling code botocore would otherwise retry)."""
    kwargs: dict[str, Any] = {
        "retries": {"max_attempts": 0, "mode": "standard"},
        "parameter_validation": parameter_validation,
    }
    if unsigned:
        kwargs["signature_version"] = UNSIGNED
    return boto3.client(
        "cognito-idp",
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(**kwargs),
    )


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------

def err_code(exc: BaseException | pytest.ExceptionInfo) -> str:
    e = exc.value if isinstance(exc, pytest.ExceptionInfo) else exc
    assert isinstance(e, ClientError), f"expected a ClientError, got {e!r}"
    return e.response["Error"]["Code"]


def err_msg(exc: BaseException | pytest.ExceptionInfo) -> str:
    e = exc.value if isinstance(exc, pytest.ExceptionInfo) else exc
    assert isinstance(e, ClientError), f"expected a ClientError, got {e!r}"
    return e.response["Error"].get("Message", "")


def call_error(fn: Callable[..., Any], *args, **kwargs) -> ClientError:
    """Call `fn` and return the ClientError it raises (fails the test if it succeeds)."""
    try:
        result = fn(*args, **kwargs)
    except ClientError as e:
        return e
    pytest.fail(f"{getattr(fn, '__name__', fn)} unexpectedly succeeded: {result!r}")


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------

@dataclasses.dataclass
class User:
    email: str
    password: str
    sub: str  # also the internal Username in email-as-username pools
    pool_id: str
    client_id: str

    @property
    def username(self) -> str:
        return self.sub


def attrs_list(attrs: dict[str, str]) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in attrs.items()]


def attrs_dict(attrs: Iterable[dict[str, str]]) -> dict[str, str]:
    return {a["Name"]: a["Value"] for a in attrs}


def sign_up(cognito, client_id: str, email_addr: str, password: str, name: str = "Test User",
            **extra_attrs: str) -> dict:
    attrs = {"email": email_addr}
    if name is not None:
        attrs["name"] = name
    attrs.update(extra_attrs)
    return cognito.sign_up(
        ClientId=client_id,
        Username=email_addr,
        Password=password,
        UserAttributes=attrs_list(attrs),
    )


def sign_up_and_confirm(server, cognito, pool: dict, email_addr: str | None = None,
                        password: str | None = None, name: str = "Test User",
                        **extra_attrs: str) -> User:
    """SignUp + ConfirmSignUp with the code that arrived at the SMTP sink."""
    email_addr = email_addr or new_email()
    password = password or new_password()
    resp = sign_up(cognito, pool["client_id"], email_addr, password, name=name, **extra_attrs)
    code = server.smtp.wait_for_code(email_addr)
    cognito.confirm_sign_up(ClientId=pool["client_id"], Username=email_addr, ConfirmationCode=code)
    return User(email_addr, password, resp["UserSub"], pool["pool_id"], pool["client_id"])


def admin_create_confirmed_user(cognito, pool: dict, email_addr: str | None = None,
                                password: str | None = None, name: str = "Test User") -> User:
    """AdminCreateUser (no message) + AdminSetUserPassword(Permanent) → CONFIRMED user with a
    verified email. No e-mail is sent, so it does not consume sink codes."""
    email_addr = email_addr or new_email()
    password = password or new_password()
    resp = cognito.admin_create_user(
        UserPoolId=pool["pool_id"],
        Username=email_addr,
        UserAttributes=attrs_list({"email": email_addr, "email_verified": "true", "name": name}),
        MessageAction="SUPPRESS",
    )
    sub = attrs_dict(resp["User"]["Attributes"])["sub"]
    cognito.admin_set_user_password(
        UserPoolId=pool["pool_id"], Username=email_addr, Password=password, Permanent=True
    )
    return User(email_addr, password, sub, pool["pool_id"], pool["client_id"])


def password_auth(cognito, client_id: str, username: str, password: str, **extra) -> dict:
    params = {"USERNAME": username, "PASSWORD": password}
    params.update(extra)
    return cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                 AuthParameters=params)


def sign_in(cognito, user: User, client_id: str | None = None) -> dict:
    """USER_PASSWORD_AUTH; returns AuthenticationResult (asserts no challenge)."""
    resp = password_auth(cognito, client_id or user.client_id, user.email, user.password)
    assert "AuthenticationResult" in resp, f"expected tokens, got challenge: {resp!r}"
    return resp["AuthenticationResult"]


def refresh(cognito, client_id: str, refresh_token: str, **extra) -> dict:
    params = {"REFRESH_TOKEN": refresh_token}
    params.update(extra)
    return cognito.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                 AuthParameters=params)


# --------------------------------------------------------------------------------------------
# Pools and clients created inside a test
# --------------------------------------------------------------------------------------------

def create_pool(cognito, **overrides) -> str:
    args = json.loads(json.dumps(SEED001_POOL_ARGS))
    args.update(overrides)
    return cognito.create_user_pool(**args)["UserPool"]["Id"]


def create_client(cognito, pool_id: str, **overrides) -> dict:
    args = dict(SEED001_CLIENT_ARGS)
    args.update(overrides)
    return cognito.create_user_pool_client(UserPoolId=pool_id, **args)["UserPoolClient"]


def create_code_client(cognito, pool_id: str, name: str, callback: str) -> dict:
    """A public app client of `pool_id` for the authorization-code flow with the `openid` scope
    and one callback URL → {"pool_id", "client_id"}."""
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName=name, AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], CallbackURLs=[callback],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]
    return {"pool_id": pool_id, "client_id": client["ClientId"]}


def create_seed_pool(cognito, **client_overrides) -> dict:
    """A fresh pool + client exactly as seed 001 steps 2-3 → {"pool_id", "client_id"}."""
    pool_id = create_pool(cognito)
    client = create_client(cognito, pool_id, **client_overrides)
    return {"pool_id": pool_id, "client_id": client["ClientId"]}


# --------------------------------------------------------------------------------------------
# SECRET_HASH
# --------------------------------------------------------------------------------------------

def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    digest = hmac.new(client_secret.encode("utf-8"), (username + client_id).encode("utf-8"),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


# --------------------------------------------------------------------------------------------
# JWT
# --------------------------------------------------------------------------------------------

def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode_jwt(token: str) -> tuple[dict, dict]:
    """(header, payload) of a compact JWS, without verification."""
    parts = token.split(".")
    assert len(parts) == 3, f"not a compact JWS (got {len(parts)} parts)"
    return json.loads(b64url_decode(parts[0])), json.loads(b64url_decode(parts[1]))


def jwt_claims(token: str) -> dict:
    return decode_jwt(token)[1]


_SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def verify_rs256(token: str, jwk: dict) -> bool:
    """RSASSA-PKCS1-v1_5 / SHA-256 verification of `token` with an RSA JWK (pure Python)."""
    header_b64, payload_b64, sig_b64 = token.split(".")
    n = int.from_bytes(b64url_decode(jwk["n"]), "big")
    e = int.from_bytes(b64url_decode(jwk["e"]), "big")
    k = (n.bit_length() + 7) // 8
    sig = b64url_decode(sig_b64)
    if len(sig) != k:
        return False
    em = pow(int.from_bytes(sig, "big"), e, n).to_bytes(k, "big")
    t = _SHA256_DIGEST_INFO + hashlib.sha256(f"{header_b64}.{payload_b64}".encode()).digest()
    if k < len(t) + 11:
        return False
    expected = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return hmac.compare_digest(em, expected)


def tamper_jwt_payload(token: str, **changes) -> str:
    """Re-encode the payload with `changes`, keeping the original header and signature."""
    h, p, s = token.split(".")
    payload = json.loads(b64url_decode(p))
    payload.update(changes)
    new_p = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).rstrip(b"=")
    return f"{h}.{new_p.decode()}.{s}"


# --------------------------------------------------------------------------------------------
# Message sinks (SMTP / SMS webhook). The harness does not promise a message type, so these
# helpers render whatever it stores (dict, email.message.Message, raw bytes/str, objects) as
# searchable text with MIME transfer encodings undone.
# --------------------------------------------------------------------------------------------

def _email_text(msg: email.message.Message) -> str:
    out = []
    for k, v in msg.items():
        out.append(f"{k}: {v}")
    for part in msg.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        if payload is None:
            payload = part.get_payload()
            out.append(payload if isinstance(payload, str) else str(payload))
        else:
            out.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(out)


def _looks_like_rfc822(text: str) -> bool:
    head = text.split("\n\n", 1)[0].split("\r\n\r\n", 1)[0]
    return bool(re.search(r"(?im)^(to|from|subject|content-type|mime-version):", head))


def message_text(m: Any) -> str:
    if isinstance(m, (bytes, bytearray)):
        raw = bytes(m)
        text = raw.decode("utf-8", "replace")
        if _looks_like_rfc822(text):
            return text + "\n" + _email_text(email.message_from_bytes(raw, policy=email.policy.compat32))
        return text
    if isinstance(m, email.message.Message):
        return _email_text(m)
    if isinstance(m, str):
        if _looks_like_rfc822(m):
            return m + "\n" + _email_text(email.message_from_string(m))
        return m
    if isinstance(m, dict):
        return "\n".join(f"{k}: {message_text(v)}" for k, v in m.items())
    if isinstance(m, (list, tuple, set)):
        return "\n".join(message_text(x) for x in m)
    if dataclasses.is_dataclass(m) and not isinstance(m, type):
        return message_text(dataclasses.asdict(m))
    if hasattr(m, "__dict__") and vars(m):
        return message_text(vars(m))
    return str(m)


def messages_to(sink, recipient: str) -> list[str]:
    """Texts of all messages in `sink` that mention `recipient` (case-insensitive)."""
    needle = recipient.lower()
    texts = [message_text(m) for m in list(sink.messages)]
    return [t for t in texts if needle in t.lower()]


def wait_for_message(sink, recipient: str, contains: str | None = None, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        for t in messages_to(sink, recipient):
            if contains is None or contains in t:
                return t
        if time.monotonic() > deadline:
            pytest.fail(
                f"no message to {recipient!r}"
                + (f" containing {contains!r}" if contains else "")
                + f" within {timeout}s; sink has {len(list(sink.messages))} message(s)"
            )
        time.sleep(0.1)


def assert_no_message(sink, recipient: str, wait: float = 2.0, before: int = 0) -> None:
    """Give the server `wait` seconds to (wrongly) send something to `recipient`; `before` is
    how many messages to that recipient existed before the operation under test."""
    time.sleep(wait)
    got = messages_to(sink, recipient)
    assert len(got) == before, f"unexpected message(s) to {recipient!r}: {got[before:]!r}"
