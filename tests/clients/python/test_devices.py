"""Trusted devices (device tracking, remembered devices, DEVICE_SRP_AUTH) with real clients.

* Amplify JS v6 → js/amplify_devices.test.mjs: signIn with MFA → (rememberDevice) → fetchDevices →
  signOut → signIn without MFA through DEVICE_SRP_AUTH → forgetDevice → MFA again; one pool with
  "User opt-in" (SMS MFA), one with "Always remember" (TOTP).
* amazon-cognito-identity-js → js/identity_js_devices.test.mjs: mfaRequired → ConfirmDevice →
  setDeviceStatusRemembered → listDevices → DEVICE_SRP_AUTH sign-in → refreshSession →
  forgetDevice → mfaRequired again; a stale device key is dropped and the sign-in retried.
* boto3, with the device SRP computed by pycognito's aws_srp (device_helpers.py): NewDeviceMetadata,
  ConfirmDevice, the device challenges after every first factor, the device operations (user and
  admin), device attributes, the refusals, and refresh tokens bound to a device.

Expected behaviour: /work/shared/reference/cognito-protocol-notes.md §3.4, §4.1-4.3, §5.11, §6.
"""

from __future__ import annotations

import base64
import datetime
import json
import time

import pytest
import requests

from pycognito.aws_srp import AWSSRP, long_to_hex

from device_helpers import (
    ALL_PASSWORD_FLOWS,
    DEVICE_KEY_RE,
    FIRST_FACTORS,
    NOT_REMEMBERED,
    REMEMBERED,
    STATUS_ATTR,
    Device,
    DeviceSrp,
    access_device_key,
    admin_list_all,
    answer_sms_mfa,
    confirm_new_device,
    create_device_pool,
    device_attrs,
    device_challenge_username,
    device_configuration,
    device_sign_in,
    enroll_device,
    first_factor,
    new_sms_user,
    new_totp_user,
    password_sign_in,
    remembered_status,
    set_sms_mfa,
    sms_count,
    tokens_of,
)
from helpers import create_client, refresh
from mfa_helpers import assert_code, error_of, msg_of
from test_srp_clients import Srp, run_node_test


@pytest.fixture
def always_pool(cognito):
    """Device tracking, "Always remember", remembered devices may skip MFA."""
    return create_device_pool(cognito, bypass=True, user_prompt=False)


@pytest.fixture
def opt_in_pool(cognito):
    """Device tracking, "User opt-in" (remembered only after UpdateDeviceStatus), MFA bypass."""
    return create_device_pool(cognito, bypass=True, user_prompt=True)


def enrolled(server, cognito, pool, **kwargs):
    """A user whose first device is confirmed (and remembered in an "Always remember" pool), with
    SMS MFA turned on afterwards → (user, device)."""
    user = new_sms_user(server, cognito, pool, mfa=False)
    device, _ = enroll_device(cognito, user, **kwargs)
    set_sms_mfa(cognito, user, True)
    return user, device


# ============================================================================================
# Node
# ============================================================================================


@pytest.mark.js
def test_amplify_devices(server, cognito, node_bin, codes, opt_in_pool, always_pool):
    sms_user = new_sms_user(server, cognito, opt_in_pool)
    totp_user, app = new_totp_user(server, cognito, always_pool)
    proc = run_node_test(node_bin, "amplify_devices.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "OPT_IN_POOL_ID": opt_in_pool["pool_id"],
        "OPT_IN_CLIENT_ID": opt_in_pool["client_id"],
        "SMS_USERNAME": sms_user.email,
        "SMS_PASSWORD": sms_user.password,
        "SMS_PHONE": sms_user.phone,
        "SMS_CODE_URL": codes.sms_code_url,
        "ALWAYS_POOL_ID": always_pool["pool_id"],
        "ALWAYS_CLIENT_ID": always_pool["client_id"],
        "TOTP_USERNAME": totp_user.email,
        "TOTP_PASSWORD": totp_user.password,
        "TOTP_SECRET": app.secret,
        "TOTP_LAST_STEP": str(app.last_step),
        "USER_SUBS": json.dumps({sms_user.email: sms_user.sub, totp_user.email: totp_user.sub}),
    }, timeout=280)
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
    # The SMS user got an MFA code at the first sign-in, at the sign-in from the known but not
    # yet remembered device, after forgetDevice, and after the stale device key was dropped: four.
    purposes = [m.purpose for m in server.sms.messages_to(sms_user.phone)]
    assert purposes.count("mfa") == 4, purposes
    # What is left: the opt-in user's last device was never remembered; the always-remember
    # user's device from the last sign-in is.
    devices, _ = admin_list_all(cognito, sms_user)
    assert devices == [], devices
    devices, _ = admin_list_all(cognito, totp_user)
    assert len(devices) == 1 and device_attrs(devices[0])[STATUS_ATTR] == REMEMBERED, devices


@pytest.mark.js
def test_identity_js_devices(server, cognito, node_bin, codes, opt_in_pool):
    user = new_sms_user(server, cognito, opt_in_pool)
    proc = run_node_test(node_bin, "identity_js_devices.test.mjs", {
        "COGNATE_ENDPOINT": server.endpoint,
        "POOL_ID": opt_in_pool["pool_id"],
        "CLIENT_ID": opt_in_pool["client_id"],
        "USERNAME": user.email,
        "PASSWORD": user.password,
        "USER_SUB": user.sub,
        "PHONE": user.phone,
        "SMS_CODE_URL": codes.sms_code_url,
    })
    print(proc.stdout)
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode})\n{proc.stdout}\n{proc.stderr}"
    # MFA codes: first sign-in, after forgetDevice, after the stale key was dropped.
    purposes = [m.purpose for m in server.sms.messages_to(user.phone)]
    assert purposes.count("mfa") == 3, purposes


# ============================================================================================
# NewDeviceMetadata and ConfirmDevice
# ============================================================================================


def test_new_device_metadata_only_in_tracking_pools(server, cognito, seed_pool, always_pool):
    # seed 001's pool has no DeviceConfiguration: no device metadata, no device_key claim
    plain = new_sms_user(server, cognito, seed_pool, mfa=False)
    ar = tokens_of(password_sign_in(cognito, plain))
    assert "NewDeviceMetadata" not in ar, ar
    assert access_device_key(ar) is None
    assert "DeviceConfiguration" not in cognito.describe_user_pool(UserPoolId=seed_pool["pool_id"])["UserPool"]

    described = cognito.describe_user_pool(UserPoolId=always_pool["pool_id"])["UserPool"]
    assert described["DeviceConfiguration"] == device_configuration(bypass=True, user_prompt=False)
    user = new_sms_user(server, cognito, always_pool, mfa=False)
    keys = set()
    for how in ("password", "srp-initiate"):  # both first factors hand out a device
        ar = tokens_of(first_factor(cognito, user, None, how))
        md = ar.get("NewDeviceMetadata")
        assert md, f"{how}: no NewDeviceMetadata in {ar!r}"
        assert DEVICE_KEY_RE.match(md["DeviceKey"]), md
        assert isinstance(md["DeviceGroupKey"], str) and md["DeviceGroupKey"], md
        # the access token of that sign-in already names the new device; the ID token does not
        assert access_device_key(ar) == md["DeviceKey"]
        keys.add(md["DeviceKey"])
    assert len(keys) == 2, "every sign-in without a DEVICE_KEY is a new device"


@pytest.mark.parametrize("user_prompt", [False, True], ids=["always-remember", "user-opt-in"])
def test_confirm_device_user_confirmation_necessary(server, cognito, user_prompt):
    pool = create_device_pool(cognito, user_prompt=user_prompt)
    user = new_sms_user(server, cognito, pool, mfa=False)
    ar = tokens_of(password_sign_in(cognito, user))
    device, confirmed = confirm_new_device(cognito, ar, name="my laptop")
    assert confirmed["UserConfirmationNecessary"] is user_prompt, confirmed
    got = cognito.get_device(AccessToken=ar["AccessToken"], DeviceKey=device.key)["Device"]
    assert got["DeviceKey"] == device.key
    attrs = device_attrs(got)
    assert attrs["device_name"] == "my laptop"
    assert attrs[STATUS_ATTR] == (NOT_REMEMBERED if user_prompt else REMEMBERED), attrs
    if user_prompt:  # the user says yes
        cognito.update_device_status(AccessToken=ar["AccessToken"], DeviceKey=device.key,
                                     DeviceRememberedStatus=REMEMBERED)
        assert remembered_status(cognito, user, device.key) == REMEMBERED


# ============================================================================================
# Remembered device: DEVICE_SRP_AUTH instead of MFA
# ============================================================================================


@pytest.mark.parametrize("how", FIRST_FACTORS)
def test_remembered_device_skips_mfa(server, cognito, always_pool, how):
    user, device = enrolled(server, cognito, always_pool)
    # without the device key the user gets the SMS challenge...
    assert password_sign_in(cognito, user).get("ChallengeName") == "SMS_MFA"
    server.sms.wait_for_code(user.phone)
    sent = sms_count(server, user)

    # ...with it, the device proves itself instead
    ch = first_factor(cognito, user, device.key, how)
    assert ch.get("ChallengeName") == "DEVICE_SRP_AUTH", ch
    assert ch.get("Session"), "the device challenge continues the sign-in session"
    assert "AuthenticationResult" not in ch
    d = DeviceSrp(cognito, always_pool, device, admin=how == "admin-password")
    verifier = d.start(device_challenge_username(ch, user, how), ch["Session"])
    p = verifier["ChallengeParameters"]
    assert set(p) >= {"SRP_B", "SALT", "SECRET_BLOCK", "USERNAME"}, p
    assert p["USERNAME"] == user.sub
    out = d.finish()
    ar = tokens_of(out)
    assert "NewDeviceMetadata" not in ar, "a known device is not new"
    assert access_device_key(ar) == device.key
    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    assert sms_count(server, user) == sent, "no MFA code was sent"


def test_device_sign_in_is_repeatable_and_updates_last_authenticated(server, cognito, always_pool):
    user, device = enrolled(server, cognito, always_pool)
    before = cognito.admin_get_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=device.key)["Device"]
    time.sleep(1.1)
    for how in ("password", "srp-verifier"):
        device_sign_in(cognito, user, device, how)
    after = cognito.admin_get_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=device.key)["Device"]
    if "DeviceLastAuthenticatedDate" in before:
        assert after["DeviceLastAuthenticatedDate"] > before["DeviceLastAuthenticatedDate"], (before, after)
    else:
        assert after["DeviceLastAuthenticatedDate"] >= after["DeviceCreateDate"], after
    assert after["DeviceCreateDate"] == before["DeviceCreateDate"]


def test_not_remembered_device_gets_mfa(server, cognito, opt_in_pool):
    """User opt-in: a confirmed device is known but not remembered until the user says so."""
    user, device = enrolled(server, cognito, opt_in_pool)
    assert remembered_status(cognito, user, device.key) == NOT_REMEMBERED
    ch = first_factor(cognito, user, device.key, "password")
    assert ch.get("ChallengeName") == "SMS_MFA", f"not remembered: MFA as usual, got {ch!r}"
    ar = tokens_of(answer_sms_mfa(server, cognito, user, ch, DEVICE_KEY=device.key))
    assert "NewDeviceMetadata" not in ar, "the device is known, just not remembered"
    assert access_device_key(ar) == device.key

    # the user remembers it: the next sign-in skips MFA
    cognito.update_device_status(AccessToken=ar["AccessToken"], DeviceKey=device.key,
                                 DeviceRememberedStatus=REMEMBERED)
    device_sign_in(cognito, user, device, "srp-verifier")
    # and forgets to remember it again (admin): MFA again
    cognito.admin_update_device_status(UserPoolId=user.pool_id, Username=user.email, DeviceKey=device.key,
                                       DeviceRememberedStatus=NOT_REMEMBERED)
    assert first_factor(cognito, user, device.key, "srp-verifier").get("ChallengeName") == "SMS_MFA"


def test_no_bypass_means_mfa_even_on_a_remembered_device(server, cognito):
    pool = create_device_pool(cognito, bypass=False, user_prompt=False)
    user, device = enrolled(server, cognito, pool)
    assert remembered_status(cognito, user, device.key) == REMEMBERED
    for how in ("password", "srp-initiate"):
        ch = first_factor(cognito, user, device.key, how)
        assert ch.get("ChallengeName") == "SMS_MFA", f"{how}: bypass is off, got {ch!r}"
    ar = tokens_of(answer_sms_mfa(server, cognito, user, ch, DEVICE_KEY=device.key))
    assert "NewDeviceMetadata" not in ar
    assert access_device_key(ar) == device.key


def pycognito_device_srp(user, device: Device, cognito) -> AWSSRP:
    """pycognito's own SRP client for `user` on `device` (its sign-in sends no Session)."""
    return AWSSRP(username=user.email, password=user.password, pool_id=user.pool_id,
                  client_id=user.client_id, client=cognito, device_key=device.key,
                  device_group_key=device.group_key, device_password=device.password)


def test_pycognito_authenticate_user_with_device(server, cognito, always_pool):
    """pycognito's AWSSRP.authenticate_user: USER_SRP_AUTH with DEVICE_KEY, then PASSWORD_VERIFIER,
    DEVICE_SRP_AUTH (the same A) and DEVICE_PASSWORD_VERIFIER, all without Session."""
    user, device = enrolled(server, cognito, always_pool)
    sent = sms_count(server, user)
    for _ in range(2):
        ar = tokens_of(pycognito_device_srp(user, device, cognito).authenticate_user())
        assert access_device_key(ar) == device.key
        assert "NewDeviceMetadata" not in ar
        assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    assert sms_count(server, user) == sent, "no MFA code was sent"


def test_sessionless_device_answers_must_continue_a_sign_in(server, cognito, always_pool):
    """Without Session, DEVICE_SRP_AUTH is accepted only with the A of a password step that just
    passed, once; DEVICE_PASSWORD_VERIFIER only with the block of such a sign-in, once."""
    user, device = enrolled(server, cognito, always_pool)
    client_id = always_pool["client_id"]

    def device_srp_auth(aws: AWSSRP) -> dict:
        return cognito.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="DEVICE_SRP_AUTH",
            ChallengeResponses={"USERNAME": user.email, "DEVICE_KEY": device.key,
                                "SRP_A": long_to_hex(aws.large_a_value)})

    # an A that never passed the password step
    stranger = pycognito_device_srp(user, device, cognito)
    assert_code(error_of(device_srp_auth, stranger), "NotAuthorizedException")

    # the password step, as pycognito answers it (no Session)
    aws = pycognito_device_srp(user, device, cognito)
    ch = cognito.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=aws.get_auth_params())
    step = cognito.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=aws.process_challenge(ch["ChallengeParameters"], aws.get_auth_params()))
    assert step.get("ChallengeName") == "DEVICE_SRP_AUTH", step
    # another client of the pool cannot pick it up
    other = create_client(cognito, user.pool_id, ClientName="other", ExplicitAuthFlows=ALL_PASSWORD_FLOWS)
    e = error_of(cognito.respond_to_auth_challenge, ClientId=other["ClientId"], ChallengeName="DEVICE_SRP_AUTH",
                 ChallengeResponses={"USERNAME": user.email, "DEVICE_KEY": device.key,
                                     "SRP_A": long_to_hex(aws.large_a_value)})
    assert_code(e, "NotAuthorizedException")

    verifier = device_srp_auth(aws)
    assert verifier.get("ChallengeName") == "DEVICE_PASSWORD_VERIFIER", verifier
    assert_code(error_of(device_srp_auth, aws), "NotAuthorizedException")  # used up
    answer = aws.process_device_challenge(verifier["ChallengeParameters"])
    finish = lambda: cognito.respond_to_auth_challenge(  # noqa: E731
        ClientId=client_id, ChallengeName="DEVICE_PASSWORD_VERIFIER", ChallengeResponses=answer)
    assert access_device_key(tokens_of(finish())) == device.key
    assert_code(error_of(finish), "NotAuthorizedException")  # used up


# ============================================================================================
# Refusals
# ============================================================================================


def test_wrong_device_proof_refused(server, cognito, always_pool):
    user, device = enrolled(server, cognito, always_pool)

    def device_step():
        ch = first_factor(cognito, user, device.key, "password")
        assert ch.get("ChallengeName") == "DEVICE_SRP_AUTH", ch
        d = DeviceSrp(cognito, always_pool, device)
        d.start(device_challenge_username(ch, user, "password"), ch["Session"])
        return d

    d = device_step()  # proof with another device password
    assert_code(error_of(d.finish, d.responses(password=device.password + "x")), "NotAuthorizedException")
    d = device_step()  # a flipped bit in the signature
    good = d.responses()
    sig = bytearray(base64.b64decode(good["PASSWORD_CLAIM_SIGNATURE"]))
    sig[0] ^= 1
    bad = dict(good, PASSWORD_CLAIM_SIGNATURE=base64.b64encode(bytes(sig)).decode())
    assert_code(error_of(d.finish, bad), "NotAuthorizedException")
    d = device_step()  # a correct proof, but naming another (unknown) device key
    other_key = device.key[:-1] + ("1" if device.key.endswith("0") else "0")
    assert_code(error_of(d.finish, dict(d.responses(), DEVICE_KEY=other_key)),
                "NotAuthorizedException", "ResourceNotFoundException")
    # the device still works
    device_sign_in(cognito, user, device, "password")


@pytest.mark.parametrize("how", ["password", "srp-verifier"])
def test_forgotten_device_is_not_found(server, cognito, always_pool, how):
    user, device = enrolled(server, cognito, always_pool)
    cognito.admin_forget_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=device.key)
    e = error_of(first_factor, cognito, user, device.key, how)
    assert_code(e, "ResourceNotFoundException")
    assert "Device" in msg_of(e), msg_of(e)
    assert e.operation_name == ("InitiateAuth" if how == "password" else "RespondToAuthChallenge")
    # without the key the user is a stranger again: MFA, then a new device
    ch = first_factor(cognito, user, None, how)
    ar = tokens_of(answer_sms_mfa(server, cognito, user, ch))
    assert ar["NewDeviceMetadata"]["DeviceKey"] != device.key


def test_forgotten_device_retry_same_challenge(server, cognito, always_pool):
    """Amplify and identity-js answer `Device does not exist.` by dropping the key and answering
    the same PASSWORD_VERIFIER challenge again (same Session and SECRET_BLOCK)."""
    user, device = enrolled(server, cognito, always_pool)
    cognito.admin_forget_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=device.key)
    s = Srp(cognito, user.pool_id, user.client_id, user.email, user.password)
    s.initiate()
    e = error_of(s.respond, s.responses(DEVICE_KEY=device.key), session=True)
    assert_code(e, "ResourceNotFoundException")
    assert msg_of(e) == "Device does not exist.", msg_of(e)
    out = s.respond(s.responses(), session=True)
    assert out.get("ChallengeName") == "SMS_MFA", out


def test_device_key_of_another_user_is_not_found(server, cognito, always_pool):
    alice, alice_device = enrolled(server, cognito, always_pool)
    bob, bob_device = enrolled(server, cognito, always_pool)
    # Bob signing in with Alice's device
    e = error_of(first_factor, cognito, bob, alice_device.key, "password")
    assert_code(e, "ResourceNotFoundException")
    # Bob's token and Bob's name do not reach Alice's device
    bob_token = tokens_of(device_sign_in(cognito, bob, bob_device))["AccessToken"]
    assert_code(error_of(cognito.get_device, AccessToken=bob_token, DeviceKey=alice_device.key),
                "ResourceNotFoundException")
    assert_code(error_of(cognito.forget_device, AccessToken=bob_token, DeviceKey=alice_device.key),
                "ResourceNotFoundException")
    assert_code(error_of(cognito.admin_get_device, UserPoolId=bob.pool_id, Username=bob.email,
                         DeviceKey=alice_device.key), "ResourceNotFoundException")
    assert [d["DeviceKey"] for d in admin_list_all(cognito, bob)[0]] == [bob_device.key]
    # Alice's device is untouched
    device_sign_in(cognito, alice, alice_device)


# ============================================================================================
# Device operations
# ============================================================================================


def test_admin_device_operations(server, cognito, opt_in_pool):
    user = new_sms_user(server, cognito, opt_in_pool, mfa=False)
    phone, laptop = (enroll_device(cognito, user, name, remember=True)[0] for name in ("phone", "laptop"))
    kiosk, _ = enroll_device(cognito, user, "kiosk")  # confirmed, never remembered

    got = cognito.admin_get_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=laptop.key)["Device"]
    assert got["DeviceKey"] == laptop.key and device_attrs(got)["device_name"] == "laptop"
    assert remembered_status(cognito, user, kiosk.key) == NOT_REMEMBERED

    # AdminListDevices lists the remembered devices, one per page with Limit=1
    devices, calls = admin_list_all(cognito, user, limit=1)
    assert sorted(d["DeviceKey"] for d in devices) == sorted([phone.key, laptop.key]), devices
    assert calls >= 2
    assert all(device_attrs(d)[STATUS_ATTR] == REMEMBERED for d in devices)
    first = cognito.admin_list_devices(UserPoolId=user.pool_id, Username=user.email, Limit=1)
    assert len(first["Devices"]) == 1 and first.get("PaginationToken"), first

    cognito.admin_update_device_status(UserPoolId=user.pool_id, Username=user.email, DeviceKey=phone.key,
                                       DeviceRememberedStatus=NOT_REMEMBERED)
    assert remembered_status(cognito, user, phone.key) == NOT_REMEMBERED
    assert [d["DeviceKey"] for d in admin_list_all(cognito, user)[0]] == [laptop.key]
    cognito.admin_update_device_status(UserPoolId=user.pool_id, Username=user.email, DeviceKey=kiosk.key,
                                       DeviceRememberedStatus=REMEMBERED)
    assert sorted(d["DeviceKey"] for d in admin_list_all(cognito, user)[0]) == sorted([laptop.key, kiosk.key])

    cognito.admin_forget_device(UserPoolId=user.pool_id, Username=user.email, DeviceKey=laptop.key)
    e = error_of(cognito.admin_get_device, UserPoolId=user.pool_id, Username=user.email, DeviceKey=laptop.key)
    assert_code(e, "ResourceNotFoundException")
    assert [d["DeviceKey"] for d in admin_list_all(cognito, user)[0]] == [kiosk.key]
    assert_code(error_of(cognito.admin_forget_device, UserPoolId=user.pool_id, Username=user.email,
                         DeviceKey=laptop.key), "ResourceNotFoundException")


def test_user_device_operations(server, cognito, opt_in_pool):
    user = new_sms_user(server, cognito, opt_in_pool, mfa=False)
    first, _ = enroll_device(cognito, user, "first", remember=True)
    second, _ = enroll_device(cognito, user, "second", remember=True)
    token = tokens_of(password_sign_in(cognito, user))["AccessToken"]  # a third, unconfirmed sign-in

    assert cognito.get_device(AccessToken=token, DeviceKey=first.key)["Device"]["DeviceKey"] == first.key
    keys, pagination, pages = [], None, 0
    while True:
        page = cognito.list_devices(AccessToken=token, Limit=1, **({"PaginationToken": pagination} if pagination else {}))
        assert len(page["Devices"]) <= 1
        keys += [d["DeviceKey"] for d in page["Devices"]]
        pages += 1
        pagination = page.get("PaginationToken")
        if not pagination or pages > 10:
            break
    assert sorted(keys) == sorted([first.key, second.key])

    cognito.update_device_status(AccessToken=token, DeviceKey=first.key, DeviceRememberedStatus=NOT_REMEMBERED)
    listed = cognito.list_devices(AccessToken=token, Limit=60)["Devices"]
    assert [d["DeviceKey"] for d in listed] == [second.key]
    cognito.forget_device(AccessToken=token, DeviceKey=second.key)
    assert cognito.list_devices(AccessToken=token, Limit=60)["Devices"] == []
    assert_code(error_of(cognito.get_device, AccessToken=token, DeviceKey=second.key), "ResourceNotFoundException")
    assert remembered_status(cognito, user, first.key) == NOT_REMEMBERED  # not forgotten


def test_device_attributes_and_dates(server, cognito, always_pool):
    started = time.time()
    user, device = enrolled(server, cognito, always_pool, name="Pixel 9")
    token = tokens_of(device_sign_in(cognito, user, device))["AccessToken"]
    # the wire: dates are epoch seconds (JSON numbers), attributes a Name/Value list
    r = requests.post(f"{server.endpoint}/", timeout=10, data=json.dumps({"AccessToken": token, "DeviceKey": device.key}),
                      headers={"Content-Type": "application/x-amz-json-1.1",
                               "X-Amz-Target": "AWSCognitoIdentityProviderService.GetDevice"})
    assert r.status_code == 200, r.text
    raw = r.json()["Device"]
    for k in ("DeviceCreateDate", "DeviceLastModifiedDate", "DeviceLastAuthenticatedDate"):
        assert isinstance(raw[k], (int, float)), f"{k}: {raw[k]!r}"
        assert started - 5 <= raw[k] <= time.time() + 5, f"{k}: {raw[k]} not about now ({started})"
    assert raw["DeviceCreateDate"] <= raw["DeviceLastModifiedDate"]
    attrs = device_attrs(raw)
    assert attrs["device_name"] == "Pixel 9"
    assert attrs["last_ip_used"] == "127.0.0.1"
    assert attrs["device_status"] == "valid"
    assert attrs[STATUS_ATTR] == REMEMBERED
    assert all(set(a) == {"Name", "Value"} for a in raw["DeviceAttributes"]), raw["DeviceAttributes"]

    # a status change moves DeviceLastModifiedDate (boto3 parses the dates)
    before = cognito.get_device(AccessToken=token, DeviceKey=device.key)["Device"]
    assert isinstance(before["DeviceCreateDate"], datetime.datetime)
    time.sleep(1.1)
    cognito.update_device_status(AccessToken=token, DeviceKey=device.key, DeviceRememberedStatus=NOT_REMEMBERED)
    after = cognito.get_device(AccessToken=token, DeviceKey=device.key)["Device"]
    assert after["DeviceLastModifiedDate"] > before["DeviceLastModifiedDate"]
    assert after["DeviceCreateDate"] == before["DeviceCreateDate"]


# ============================================================================================
# Refresh tokens bound to a device
# ============================================================================================


def test_refresh_token_needs_its_device_key(server, cognito, always_pool):
    user = new_sms_user(server, cognito, always_pool, mfa=False)
    device, _ = enroll_device(cognito, user)
    other, _ = enroll_device(cognito, user, "other")
    set_sms_mfa(cognito, user, True)
    ar = tokens_of(device_sign_in(cognito, user, device))
    out = tokens_of(refresh(cognito, user.client_id, ar["RefreshToken"], DEVICE_KEY=device.key))
    assert access_device_key(out) == device.key
    assert "NewDeviceMetadata" not in out
    # GetTokensFromRefreshToken (Amplify v6's refresh) takes the key as DeviceKey
    out = cognito.get_tokens_from_refresh_token(ClientId=user.client_id, RefreshToken=ar["RefreshToken"],
                                                DeviceKey=device.key)["AuthenticationResult"]
    assert access_device_key(out) == device.key

    e = error_of(refresh, cognito, user.client_id, ar["RefreshToken"])
    assert_code(e, "NotAuthorizedException")
    e = error_of(refresh, cognito, user.client_id, ar["RefreshToken"], DEVICE_KEY=other.key)
    assert_code(e, "NotAuthorizedException", "ResourceNotFoundException")


def test_refresh_token_of_a_forgotten_device_fails(server, cognito, always_pool):
    user = new_sms_user(server, cognito, always_pool, mfa=False)
    ar = tokens_of(password_sign_in(cognito, user))
    device, _ = confirm_new_device(cognito, ar)
    # the refresh token of the sign-in that created the device belongs to that device
    assert access_device_key(tokens_of(refresh(cognito, user.client_id, ar["RefreshToken"],
                                               DEVICE_KEY=device.key))) == device.key
    cognito.forget_device(AccessToken=ar["AccessToken"], DeviceKey=device.key)
    for extra in ({"DEVICE_KEY": device.key}, {}):
        e = error_of(refresh, cognito, user.client_id, ar["RefreshToken"], **extra)
        assert_code(e, "NotAuthorizedException")
    # a fresh sign-in is unaffected
    assert tokens_of(password_sign_in(cognito, user))["NewDeviceMetadata"]["DeviceKey"] != device.key


def test_global_sign_out_and_mfa_changes_keep_the_device(server, cognito, always_pool):
    """Global sign-out revokes the device's refresh and access tokens but does not forget the
    device; changing the user's MFA settings neither forgets it nor revokes tokens."""
    user, device = enrolled(server, cognito, always_pool)
    ar = tokens_of(device_sign_in(cognito, user, device))
    cognito.admin_set_user_mfa_preference(UserPoolId=user.pool_id, Username=user.email,
                                          SMSMfaSettings={"Enabled": False, "PreferredMfa": False})
    set_sms_mfa(cognito, user, True)
    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
    tokens_of(refresh(cognito, user.client_id, ar["RefreshToken"], DEVICE_KEY=device.key))
    assert remembered_status(cognito, user, device.key) == REMEMBERED

    cognito.admin_user_global_sign_out(UserPoolId=user.pool_id, Username=user.email)
    e = error_of(refresh, cognito, user.client_id, ar["RefreshToken"], DEVICE_KEY=device.key)
    assert_code(e, "NotAuthorizedException")
    e = error_of(cognito.get_user, AccessToken=ar["AccessToken"])
    assert_code(e, "NotAuthorizedException")
    # the device is still remembered and still stands in for MFA
    assert remembered_status(cognito, user, device.key) == REMEMBERED
    sent = sms_count(server, user)
    fresh = tokens_of(device_sign_in(cognito, user, device))
    assert access_device_key(fresh) == device.key
    assert sms_count(server, user) == sent
