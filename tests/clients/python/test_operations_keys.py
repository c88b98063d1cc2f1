"""The operator's commands on a deployment, driven through the real binary:

* `cognate keys list|rotate|retire` while the server runs: both generations in the JWKS, tokens
  of the older key still valid (GetUser, and PyJWT against the JWKS) until it is retired, new
  sign-ins signed with the new key, the current key not retirable; on PostgreSQL a second node
  that has not read the new keys yet accepts a token signed with them;
* `cognate master-key rotate`: after a restart with the new key file, passwords, authenticator
  apps, remembered devices and refresh tokens still work, and the old key is refused;
* `cognate backup` / `cognate restore` on SQLite (the backup taken while serving), and the
  README's pg_dump / pg_restore procedure on PostgreSQL (the empty database made by the harness
  instead of createdb).
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess

import jwt  # PyJWT
import pytest
import requests

import harness
from device_helpers import (
    Device,
    SmsUser,
    access_device_key,
    create_device_pool,
    device_sign_in,
    enroll_device,
    new_sms_user,
    new_totp_user,
    password_sign_in,
    set_sms_mfa,
    sms_count,
    tokens_of,
)
from helpers import User, create_seed_pool, decode_jwt, make_client, refresh, sign_in, sign_up_and_confirm
from mfa_helpers import Authenticator

BACKENDS = harness.backends_from_env()
# Nodes read a pool's signing keys again every second instead of every minute.
QUICK_KEY_REFRESH = ("--signing-key-refresh-secs", "1")


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


# --------------------------------------------------------------------------- helpers


def kid(token: str) -> str:
    return decode_jwt(token)[0]["kid"]


def jwks(node: harness.CognateServer, pool_id: str) -> list[dict]:
    r = requests.get(f"{node.endpoint}/{pool_id}/.well-known/jwks.json", timeout=10)
    r.raise_for_status()
    return r.json()["keys"]


def wait_for_jwks(node: harness.CognateServer, pool_id: str, kids: set[str]) -> list[dict]:
    """The pool's JWKS once it lists exactly `kids` (the node reads the keys again first)."""

    def listed():
        keys = jwks(node, pool_id)
        return keys if {k["kid"] for k in keys} == kids else None

    return harness.poll(listed, timeout=15, interval=0.2, what=f"the JWKS to list {sorted(kids)}")


def listed_keys(node: harness.CognateServer, pool_id: str) -> list[dict]:
    """`cognate keys list` as dicts (kid, use, generation, created, status)."""
    out = node.storage_command("keys", "list", "--pool", pool_id).stdout
    rows = [line.split() for line in out.splitlines() if line.strip()]
    assert rows and rows[0] == ["KID", "USE", "GENERATION", "CREATED", "STATUS"], out
    return [
        {"kid": r[0], "use": r[1], "generation": int(r[2]), "created": r[3], "status": r[4]}
        for r in rows[1:]
    ]


def failed_command(node: harness.CognateServer, *args: str) -> str:
    """Runs `cognate <args>` on the node's storage, which must fail; its output."""
    with pytest.raises(RuntimeError) as refused:
        node.storage_command(*args)
    return str(refused.value)


def verified(token: str, keys: list[dict], audience: str | None = None) -> dict:
    """The claims of `token`, verified by PyJWT with the JWKS key its header names."""
    header = jwt.get_unverified_header(token)
    jwk = next(k for k in keys if k["kid"] == header["kid"])
    return jwt.decode(
        token,
        key=jwt.PyJWK(jwk).key,
        algorithms=["RS256"],
        audience=audience,
        options={"verify_aud": audience is not None},
    )


def run(*cmd: str) -> subprocess.CompletedProcess:
    done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{cmd} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def is_refused(cognito, access_token: str) -> bool:
    try:
        cognito.get_user(AccessToken=access_token)
    except cognito.exceptions.NotAuthorizedException:
        return True
    return False


@dataclasses.dataclass
class Enrolled:
    """Users of every kind of secret at rest: a password, an authenticator app, a device."""

    pool: dict
    password_user: User
    totp_user: User
    app: Authenticator
    device_user: SmsUser
    device: Device


def enroll(node: harness.CognateServer, cognito) -> Enrolled:
    pool = create_device_pool(cognito)
    password_user = sign_up_and_confirm(node, cognito, pool)
    totp_user, app = new_totp_user(node, cognito, pool)
    device_user = new_sms_user(node, cognito, pool, mfa=False)
    device, _ = enroll_device(cognito, device_user)
    set_sms_mfa(cognito, device_user, True)
    return Enrolled(pool, password_user, totp_user, app, device_user, device)


def assert_everyone_signs_in(node: harness.CognateServer, cognito, e: Enrolled) -> None:
    ar = sign_in(cognito, e.password_user)
    assert cognito.get_user(AccessToken=ar["AccessToken"])["Username"] == e.password_user.sub

    challenge = password_sign_in(cognito, e.totp_user)
    assert challenge.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", challenge
    answered = cognito.respond_to_auth_challenge(
        ClientId=e.pool["client_id"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": e.totp_user.email, "SOFTWARE_TOKEN_MFA_CODE": e.app.code()})
    assert cognito.get_user(AccessToken=tokens_of(answered)["AccessToken"])["Username"] == e.totp_user.sub

    # The remembered device proves itself (device SRP) instead of an SMS code.
    sent = sms_count(node, e.device_user)
    out = tokens_of(device_sign_in(cognito, e.device_user, e.device))
    assert access_device_key(out) == e.device.key
    assert sms_count(node, e.device_user) == sent, "no MFA code was sent"


# --------------------------------------------------------------------------- signing keys


def test_a_rotated_key_signs_new_tokens_and_old_tokens_live_until_their_key_is_retired(server_factory, backend):
    node = server_factory(*QUICK_KEY_REFRESH, backend=backend)
    cognito = make_client(node.endpoint)
    pool = create_seed_pool(cognito)
    pool_id, client_id = pool["pool_id"], pool["client_id"]
    user = sign_up_and_confirm(node, cognito, pool)
    before = sign_in(cognito, user)

    old = listed_keys(node, pool_id)
    old_kids = {k["kid"] for k in old}
    assert old_kids == {kid(before["IdToken"]), kid(before["AccessToken"])}
    assert all(k["status"] == "current" and k["generation"] == 1 for k in old), old

    other = None
    if backend == "postgres":
        # A second node that reads keys only every minute, and has read them now.
        other = server_factory(database_of=node)
        c2 = make_client(other.endpoint)
        assert c2.get_user(AccessToken=before["AccessToken"])["Username"] == user.sub

    rotated = node.storage_command("keys", "rotate", "--pool", pool_id).stdout
    keys = listed_keys(node, pool_id)
    assert len(keys) == 4, keys
    current = {k["use"]: k["kid"] for k in keys if k["status"] == "current"}
    assert set(current) == {"id", "access"} and not set(current.values()) & old_kids, keys
    assert all(k["generation"] == 2 for k in keys if k["status"] == "current"), keys
    for new_kid in current.values():
        assert new_kid in rotated, rotated

    # The running node serves both generations, and a token issued before still holds.
    published = wait_for_jwks(node, pool_id, old_kids | set(current.values()))
    assert cognito.get_user(AccessToken=before["AccessToken"])["Username"] == user.sub
    assert verified(before["AccessToken"], published)["username"] == user.sub
    assert verified(before["IdToken"], published, audience=client_id)["sub"] == user.sub

    # New sign-ins (and refreshes) are signed with the new keys.
    after = sign_in(cognito, user)
    assert kid(after["AccessToken"]) == current["access"]
    assert kid(after["IdToken"]) == current["id"]
    assert verified(after["AccessToken"], published)["username"] == user.sub
    assert verified(after["IdToken"], published, audience=client_id)["sub"] == user.sub
    renewed = refresh(cognito, client_id, before["RefreshToken"])["AuthenticationResult"]
    assert kid(renewed["AccessToken"]) == current["access"]

    if other is not None:
        # A token signed with a key the other node has not read makes it read the keys at once.
        harness.poll(lambda: not is_refused(c2, after["AccessToken"]), timeout=5, interval=0.2,
                     what="the other node to accept a token signed with the new key")
        assert {k["kid"] for k in jwks(other, pool_id)} == old_kids | set(current.values())

    # The current keys cannot be retired.
    refusal = failed_command(node, "keys", "retire", "--pool", pool_id, "--kid", current["access"])
    assert "cannot be retired" in refusal and "current" in refusal, refusal
    refusal = failed_command(node, "keys", "retire", "--pool", pool_id, "--kid", "no-such-kid")
    assert "has no signing key no-such-kid" in refusal, refusal

    for old_kid in sorted(old_kids):
        done = node.storage_command("keys", "retire", "--pool", pool_id, "--kid", old_kid)
        assert f"Retired {old_kid}" in done.stdout, done.stdout
    assert {k["kid"] for k in listed_keys(node, pool_id)} == set(current.values())

    # Once the node reads the keys again, the old key and its tokens are gone.
    wait_for_jwks(node, pool_id, set(current.values()))
    harness.poll(lambda: is_refused(cognito, before["AccessToken"]), timeout=15, interval=0.2,
                 what="the token of a retired key to be refused")
    assert cognito.get_user(AccessToken=after["AccessToken"])["Username"] == user.sub


# --------------------------------------------------------------------------- master key


def test_master_key_rotation_keeps_every_secret_working_and_refuses_the_old_key(server_factory, backend, tmp_path):
    node = server_factory(backend=backend)
    cognito = make_client(node.endpoint)
    e = enroll(node, cognito)
    before = sign_in(cognito, e.password_user)
    kids = {k["kid"] for k in jwks(node, e.pool["pool_id"])}

    node.stop()
    old_key = node.master_key_file
    new_key = tmp_path / "rotated-master.key"
    done = node.storage_command("master-key", "rotate", "--new-key-file", str(new_key))
    assert "Sealed again" in done.stdout, done.stdout
    assert new_key.stat().st_mode & 0o777 == 0o600
    assert new_key.read_text().strip() != old_key.read_text().strip()

    node.master_key_file = new_key
    node.start()
    cognito = make_client(node.endpoint)
    assert {k["kid"] for k in jwks(node, e.pool["pool_id"])} == kids, "the signing keys are the same keys"
    assert_everyone_signs_in(node, cognito, e)
    # Tokens and refresh tokens issued under the old key still work.
    assert cognito.get_user(AccessToken=before["AccessToken"])["Username"] == e.password_user.sub
    assert refresh(cognito, e.pool["client_id"], before["RefreshToken"])["AuthenticationResult"]

    # The old key opens nothing any more: a node given it refuses to start.
    node.stop()
    node.master_key_file = old_key
    with pytest.raises(harness.ServerStartError):
        node.start()
    log = node.log_path.read_text()
    assert "does not open this database's secrets" in log, log[-3000:]
    refusal = failed_command(node, "keys", "list", "--pool", e.pool["pool_id"])
    assert "does not open this database's secrets" in refusal, refusal


# --------------------------------------------------------------------------- backups


@pytest.mark.skipif("sqlite" not in BACKENDS, reason="SQLite not selected")
def test_sqlite_backup_while_serving_restores_into_a_new_data_dir(server_factory, tmp_path):
    node = server_factory(backend="sqlite")
    cognito = make_client(node.endpoint)
    e = enroll(node, cognito)
    before = sign_in(cognito, e.password_user)

    backup = tmp_path / "cognate.backup"
    done = node.storage_command("backup", "--to", str(backup))
    assert backup.is_file() and "master key" in done.stdout, done.stdout
    refusal = failed_command(node, "backup", "--to", str(backup))
    assert "exists already" in refusal, refusal
    refusal = failed_command(node, "restore", "--from", str(backup))
    assert "restore only into a data folder without a database" in refusal, refusal
    late = sign_up_and_confirm(node, cognito, e.pool)  # after the backup: not in it
    node.stop()

    restored = server_factory(backend="sqlite", start=False)
    database = restored.data_dir / "cognate.db"
    stranger = tmp_path / "stranger.db"
    conn = sqlite3.connect(stranger)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    refusal = failed_command(restored, "restore", "--from", str(stranger))
    assert "no master key" in refusal, refusal
    shutil.copyfile(node.master_key_file, restored.master_key_file)
    refusal = failed_command(restored, "restore", "--from", str(stranger))
    assert "is not a Cognate database" in refusal, refusal
    assert not database.exists()

    done = restored.storage_command("restore", "--from", str(backup))
    assert "Restored" in done.stdout, done.stdout
    restored.sms_sandbox = True  # the SMS account is as the backed-up node left it
    restored.start()
    c = make_client(restored.endpoint)
    assert_everyone_signs_in(restored, c, e)
    assert c.get_user(AccessToken=before["AccessToken"])["Username"] == e.password_user.sub
    assert refresh(c, e.pool["client_id"], before["RefreshToken"])["AuthenticationResult"]
    with pytest.raises(c.exceptions.UserNotFoundException):
        c.admin_get_user(UserPoolId=e.pool["pool_id"], Username=late.email)


@pytest.mark.skipif("postgres" not in BACKENDS, reason="PostgreSQL not selected")
def test_postgres_pg_dump_and_pg_restore_as_the_readme_says(server_factory, tmp_path):
    node = server_factory(backend="postgres")
    cognito = make_client(node.endpoint)
    pool = create_seed_pool(cognito)
    user = sign_up_and_confirm(node, cognito, pool)
    before = sign_in(cognito, user)

    refusal = failed_command(node, "backup", "--to", str(tmp_path / "cognate.backup"))
    assert "pg_dump" in refusal, refusal
    dump = tmp_path / "cognate.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", node.database.url)  # while serving
    late = sign_up_and_confirm(node, cognito, pool)
    node.stop()

    target = harness.PgDatabase().create()
    restored = None
    try:
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target.url}", str(dump))
        restored = server_factory(backend="postgres", start=False)
        restored.database = target
        restored.master_key_file = node.master_key_file
        refusal = failed_command(restored, "restore", "--from", str(dump))
        assert "pg_restore" in refusal, refusal
        restored.sms_sandbox = True
        restored.start()
        c = make_client(restored.endpoint)
        ar = sign_in(c, user)
        assert c.get_user(AccessToken=ar["AccessToken"])["Username"] == user.sub
        assert c.get_user(AccessToken=before["AccessToken"])["Username"] == user.sub
        assert refresh(c, pool["client_id"], before["RefreshToken"])["AuthenticationResult"]
        with pytest.raises(c.exceptions.UserNotFoundException):
            c.admin_get_user(UserPoolId=pool["pool_id"], Username=late.email)
    finally:
        if restored is not None:
            restored.stop()
        target.drop()
