"""Helpers for the trusted-device tests (test_devices.py).

* pools with device tracking (`DeviceConfiguration`) and SMS MFA users;
* the client side of devices, computed with pycognito's `aws_srp` (no re-implementation of the
  math): `confirm_new_device` (ConfirmDevice with a verifier from `generate_hash_device`) and
  `DeviceSrp` (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER, signature from
  `AWSSRP.get_device_authentication_key`);
* `first_factor`: the password step of a sign-in (USER_SRP_AUTH, USER_PASSWORD_AUTH or
  ADMIN_USER_PASSWORD_AUTH) with a DEVICE_KEY, returning the server's answer to that step;
* `device_sign_in`: the whole remembered-device sign-in.

Expected behaviour: /work/shared/reference/cognito-protocol-notes.md §3.4, §4.1-4.3, §5.11.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import hmac
import re

from pycognito.aws_srp import AWSSRP, generate_hash_device, hex_to_long, long_to_hex

from helpers import User, attrs_dict, create_client, create_pool, jwt_claims, new_phone, sign_up_and_confirm
from mfa_helpers import Authenticator, enable_software_token
from test_srp_clients import Srp

DEVICE_KEY_RE = re.compile(
    r"^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
REMEMBERED = "remembered"
NOT_REMEMBERED = "not_remembered"
STATUS_ATTR = "dev:device_remembered_status"

# Seed 001's client flows plus the admin password flow, for the AdminInitiateAuth variants.
ALL_PASSWORD_FLOWS = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
]


# --------------------------------------------------------------------------- pools and users


def device_configuration(*, bypass: bool = True, user_prompt: bool = False) -> dict:
    """`ChallengeRequiredOnNewDevice` = bypass (a remembered device may skip MFA);
    `DeviceOnlyRememberedOnUserPrompt` = user_prompt ("User opt-in" vs "Always remember")."""
    return {"ChallengeRequiredOnNewDevice": bypass, "DeviceOnlyRememberedOnUserPrompt": user_prompt}


def create_device_pool(cognito, *, bypass: bool = True, user_prompt: bool = False,
                       tracking: bool = True) -> dict:
    """A seed-001 pool (MFA OPTIONAL, SMS) with device tracking, and a client that also allows
    ADMIN_USER_PASSWORD_AUTH → {"pool_id", "client_id", "device_configuration"}."""
    extra = {"DeviceConfiguration": device_configuration(bypass=bypass, user_prompt=user_prompt)} if tracking else {}
    pool_id = create_pool(cognito, PoolName="device-pool", **extra)
    client = create_client(cognito, pool_id, ClientName="device-client", ExplicitAuthFlows=ALL_PASSWORD_FLOWS)
    return {"pool_id": pool_id, "client_id": client["ClientId"], "device_configuration": extra.get("DeviceConfiguration")}


@dataclasses.dataclass
class SmsUser:
    email: str
    password: str
    sub: str
    phone: str
    pool_id: str
    client_id: str


def new_sms_user(server, cognito, pool: dict, *, mfa: bool = True) -> SmsUser:
    """A confirmed user with a phone number; with `mfa`, SMS MFA enabled and preferred."""
    phone = new_phone()
    u = sign_up_and_confirm(server, cognito, pool, phone_number=phone)
    user = SmsUser(u.email, u.password, u.sub, phone, pool["pool_id"], pool["client_id"])
    if mfa:
        set_sms_mfa(cognito, user, True)
    return user


def set_sms_mfa(cognito, user: SmsUser, enabled: bool) -> None:
    cognito.admin_set_user_mfa_preference(
        UserPoolId=user.pool_id, Username=user.email,
        SMSMfaSettings={"Enabled": enabled, "PreferredMfa": enabled})


def new_totp_user(server, cognito, pool: dict) -> tuple[User, Authenticator]:
    """A confirmed user with an authenticator app, TOTP MFA preferred (software-token MFA is
    switched on for the pool first) → (user, app)."""
    enable_software_token(cognito, pool["pool_id"])
    user = sign_up_and_confirm(server, cognito, pool)
    token = tokens_of(password_sign_in(cognito, user))["AccessToken"]
    app = Authenticator(cognito.associate_software_token(AccessToken=token)["SecretCode"])
    assert cognito.verify_software_token(AccessToken=token, UserCode=app.code())["Status"] == "SUCCESS"
    cognito.set_user_mfa_preference(AccessToken=token,
                                    SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    return user, app


def sms_count(server, user: SmsUser) -> int:
    return len(server.sms.messages_to(user.phone))


# --------------------------------------------------------------------------- sign-in helpers


def password_sign_in(cognito, user, **auth_params) -> dict:
    """USER_PASSWORD_AUTH with extra AuthParameters (e.g. DEVICE_KEY); the raw response."""
    params = {"USERNAME": user.email, "PASSWORD": user.password, **auth_params}
    return cognito.initiate_auth(ClientId=user.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params)


def answer_sms_mfa(server, cognito, user: SmsUser, challenge: dict, **responses) -> dict:
    """Answer an SMS_MFA challenge with the code the server sent; the raw response."""
    assert challenge.get("ChallengeName") == "SMS_MFA", challenge
    code = server.sms.wait_for_code(user.phone)
    username = challenge["ChallengeParameters"].get("USER_ID_FOR_SRP", user.email)
    return cognito.respond_to_auth_challenge(
        ClientId=user.client_id, ChallengeName="SMS_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, "SMS_MFA_CODE": code, **responses})


def tokens_of(resp: dict) -> dict:
    assert "AuthenticationResult" in resp and "ChallengeName" not in resp, f"expected tokens, got {resp!r}"
    return resp["AuthenticationResult"]


# --------------------------------------------------------------------------- devices


@dataclasses.dataclass
class Device:
    """What a client keeps about a device: its key, the group key and the random password whose
    verifier went to ConfirmDevice."""

    key: str
    group_key: str
    password: str
    name: str | None = None


def confirm_new_device(cognito, auth_result: dict, name: str = "pytest-device") -> tuple[Device, dict]:
    """ConfirmDevice for the NewDeviceMetadata of `auth_result` (an AuthenticationResult), as
    Amplify / identity-js / pycognito do → (Device, ConfirmDevice response)."""
    md = auth_result.get("NewDeviceMetadata")
    assert md, f"no NewDeviceMetadata in {auth_result!r}"
    password, verifier_config = generate_hash_device(md["DeviceGroupKey"], md["DeviceKey"])
    resp = cognito.confirm_device(
        AccessToken=auth_result["AccessToken"], DeviceKey=md["DeviceKey"],
        DeviceSecretVerifierConfig=verifier_config, DeviceName=name)
    return Device(md["DeviceKey"], md["DeviceGroupKey"], password, name), resp


def enroll_device(cognito, user, name: str = "pytest-device", *, remember: bool | None = None) -> tuple[Device, dict]:
    """Sign in without MFA (the user has none yet), confirm the new device and, with
    `remember=True/False`, set its status with UpdateDeviceStatus → (Device, ConfirmDevice response)."""
    ar = tokens_of(password_sign_in(cognito, user))
    device, confirmed = confirm_new_device(cognito, ar, name)
    if remember is not None:
        cognito.update_device_status(AccessToken=ar["AccessToken"], DeviceKey=device.key,
                                     DeviceRememberedStatus=REMEMBERED if remember else NOT_REMEMBERED)
    return device, confirmed


def cognito_timestamp(when: datetime.datetime | None = None) -> str:
    return AWSSRP.get_cognito_formatted_timestamp(when or datetime.datetime.now(datetime.timezone.utc))


class DeviceSrp:
    """The device half of a sign-in: DEVICE_SRP_AUTH (SRP_A) → DEVICE_PASSWORD_VERIFIER (proof).

    `admin=True` answers with AdminRespondToAuthChallenge. The math is pycognito's (the device's
    SRP identity is DeviceGroupKey + DeviceKey, its password the random device password)."""

    def __init__(self, cognito, pool: dict, device: Device, *, admin: bool = False):
        self.cognito = cognito
        self.pool = pool
        self.device = device
        self.admin = admin
        self.aws = AWSSRP(username=device.key, password=device.password, pool_id=pool["pool_id"],
                          client_id=pool["client_id"], client=cognito, device_key=device.key,
                          device_group_key=device.group_key, device_password=device.password)
        self.challenge: dict | None = None  # the DEVICE_PASSWORD_VERIFIER challenge

    def _respond(self, name: str, responses: dict, session: str | None) -> dict:
        kwargs = {"Session": session} if session else {}
        if self.admin:
            return self.cognito.admin_respond_to_auth_challenge(
                UserPoolId=self.pool["pool_id"], ClientId=self.pool["client_id"], ChallengeName=name,
                ChallengeResponses=responses, **kwargs)
        return self.cognito.respond_to_auth_challenge(
            ClientId=self.pool["client_id"], ChallengeName=name, ChallengeResponses=responses, **kwargs)

    def start(self, username: str, session: str | None) -> dict:
        """Answer DEVICE_SRP_AUTH; returns (and keeps) the DEVICE_PASSWORD_VERIFIER challenge."""
        out = self._respond("DEVICE_SRP_AUTH", {
            "USERNAME": username, "DEVICE_KEY": self.device.key, "SRP_A": long_to_hex(self.aws.large_a_value),
        }, session)
        assert out.get("ChallengeName") == "DEVICE_PASSWORD_VERIFIER", out
        self.challenge = out
        return out

    @property
    def params(self) -> dict:
        assert self.challenge is not None, "start() first"
        return self.challenge["ChallengeParameters"]

    def signature(self, timestamp: str, password: str | None = None) -> str:
        p = self.params
        key = self.aws.get_device_authentication_key(
            self.device.group_key, self.device.key, self.device.password if password is None else password,
            hex_to_long(p["SRP_B"]), p["SALT"])
        msg = (self.device.group_key.encode() + self.device.key.encode()
               + base64.standard_b64decode(p["SECRET_BLOCK"]) + timestamp.encode())
        return base64.standard_b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()

    def responses(self, *, password: str | None = None, **overrides) -> dict:
        p = self.params
        timestamp = cognito_timestamp()
        out = {
            "USERNAME": p["USERNAME"],
            "DEVICE_KEY": self.device.key,
            "PASSWORD_CLAIM_SECRET_BLOCK": p["SECRET_BLOCK"],
            "TIMESTAMP": timestamp,
            "PASSWORD_CLAIM_SIGNATURE": self.signature(timestamp, password),
        }
        out.update(overrides)
        return out

    def finish(self, responses: dict | None = None) -> dict:
        """Answer DEVICE_PASSWORD_VERIFIER (with the challenge's Session); the raw response."""
        return self._respond("DEVICE_PASSWORD_VERIFIER", responses or self.responses(),
                             self.challenge.get("Session"))


# First-factor variants: how the DEVICE_KEY travels with the password step.
#   srp-initiate   USER_SRP_AUTH, DEVICE_KEY in InitiateAuth AuthParameters (pycognito)
#   srp-verifier   USER_SRP_AUTH, DEVICE_KEY in the PASSWORD_VERIFIER ChallengeResponses
#                  (Amplify v6 and amazon-cognito-identity-js)
#   password       USER_PASSWORD_AUTH, DEVICE_KEY in AuthParameters
#   admin-password ADMIN_USER_PASSWORD_AUTH (AdminInitiateAuth), DEVICE_KEY in AuthParameters
FIRST_FACTORS = ["srp-initiate", "srp-verifier", "password", "admin-password"]


def first_factor(cognito, user, device_key: str | None, how: str = "password") -> dict:
    """The password step of a sign-in carrying `device_key`; returns the answer to that step
    (tokens, DEVICE_SRP_AUTH, SMS_MFA, ...) and raises the step's ClientError."""
    pool_id, client_id = user.pool_id, user.client_id
    dk = {"DEVICE_KEY": device_key} if device_key else {}
    if how == "password":
        return password_sign_in(cognito, user, **dk)
    if how == "admin-password":
        return cognito.admin_initiate_auth(
            UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.email, "PASSWORD": user.password, **dk})
    if how in ("srp-initiate", "srp-verifier"):
        s = Srp(cognito, pool_id, client_id, user.email, user.password)
        s.initiate(**(dk if how == "srp-initiate" else {}))
        return s.respond(s.responses(**(dk if how == "srp-verifier" else {})), session=True)
    raise ValueError(how)


def device_challenge_username(challenge: dict, user, how: str) -> str:
    """USERNAME for the DEVICE_SRP_AUTH answer, as the clients pick it: the challenge's USERNAME
    if any, else USER_ID_FOR_SRP (the sub) after SRP, else what the user typed (Amplify)."""
    given = challenge.get("ChallengeParameters", {}).get("USERNAME")
    return given or (user.sub if how.startswith("srp") else user.email)


def device_sign_in(cognito, user, device: Device, how: str = "password") -> dict:
    """A full remembered-device sign-in: password step → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER
    → the final response (asserted to carry tokens)."""
    ch = first_factor(cognito, user, device.key, how)
    assert ch.get("ChallengeName") == "DEVICE_SRP_AUTH", f"expected DEVICE_SRP_AUTH, got {ch!r}"
    pool = {"pool_id": user.pool_id, "client_id": user.client_id}
    d = DeviceSrp(cognito, pool, device, admin=how == "admin-password")
    d.start(device_challenge_username(ch, user, how), ch.get("Session"))
    out = d.finish()
    tokens_of(out)
    return out


# --------------------------------------------------------------------------- device records


def device_attrs(device_type: dict) -> dict:
    return attrs_dict(device_type.get("DeviceAttributes", []))


def remembered_status(cognito, user, device_key: str) -> str:
    got = cognito.admin_get_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=device_key)
    return device_attrs(got["Device"])[STATUS_ATTR]


def admin_list_all(cognito, user, limit: int = 60) -> tuple[list[dict], int]:
    """All AdminListDevices pages → (devices, number of calls)."""
    devices, token, calls = [], None, 0
    while True:
        kwargs = {"PaginationToken": token} if token else {}
        page = cognito.admin_list_devices(UserPoolId=user.pool_id, Username=user.email, Limit=limit, **kwargs)
        calls += 1
        devices += page.get("Devices", [])
        token = page.get("PaginationToken")
        if not token:
            return devices, calls
        assert calls < 50, "pagination does not end"


def access_device_key(auth_result: dict) -> str | None:
    return jwt_claims(auth_result["AccessToken"]).get("device_key")

