"""The running server's contract: options from a TOML file and from COGNATE_* variables, the
refusal to expose admin operations without keys, `cognate sms …` refusing storage no server has
created, and delivery failures reported to clients."""

import base64
import os
import subprocess
import time

import pytest
import requests

from harness import PgDatabase, backends_from_env, cognate_binary, free_port, pg_available
from helpers import make_client, sign_in, sign_up_and_confirm

pytestmark = pytest.mark.timeout(120)


def _env(extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COGNATE_")}
    env.update(extra)
    return env


def _wait_healthy(proc, port, log):
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited early:\n{log.read_text()}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"server not healthy:\n{log.read_text()}")


def test_options_come_from_a_toml_file_and_the_environment(tmp_path):
    port = free_port()
    config = tmp_path / "cognate.toml"
    config.write_text(
        f'listen = "127.0.0.1:{port}"\n'
        f'data_dir = "{tmp_path / "data"}"\n'
        'region = "eu-west-2"\n'
        'public_url = "http://from-the-file.example"\n'
    )
    log = tmp_path / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(cognate_binary()), "serve", "--config", str(config)],
            env=_env({"COGNATE_PUBLIC_URL": "https://issuer.example.com/"}),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(proc, port, log)
        # An unsigned request gets the configured region (a signed one, its own).
        cognito = make_client(f"http://127.0.0.1:{port}", unsigned=True)
        pool_id = cognito.create_user_pool(PoolName="from-config")["UserPool"]["Id"]
        assert pool_id.startswith("eu-west-2_"), pool_id
        discovery = requests.get(
            f"http://127.0.0.1:{port}/{pool_id}/.well-known/openid-configuration", timeout=5
        ).json()
        # The environment wins over the file.
        assert discovery["issuer"] == f"https://issuer.example.com/{pool_id}"
        assert (tmp_path / "data" / "cognate.db").exists()
        assert (tmp_path / "data" / "master.key").stat().st_mode & 0o777 == 0o600
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_unknown_keys_in_the_config_file_stop_the_server(tmp_path):
    config = tmp_path / "cognate.toml"
    config.write_text('listen = "127.0.0.1:0"\nlisten_adress = "typo"\n')
    done = subprocess.run(
        [str(cognate_binary()), "serve", "--config", str(config)],
        env=_env({}), capture_output=True, text=True, timeout=30,
    )
    assert done.returncode != 0
    assert "listen_adress" in done.stderr


def test_a_non_loopback_address_without_admin_keys_is_refused(tmp_path):
    done = subprocess.run(
        [str(cognate_binary()), "serve", "--listen", "0.0.0.0:0", "--data-dir", str(tmp_path)],
        env=_env({}), capture_output=True, text=True, timeout=30,
    )
    assert done.returncode != 0
    assert "admin keys" in done.stderr
    assert not (tmp_path / "cognate.db").exists(), "nothing may be created before refusing"


def _sms_sandbox_enter(*storage):
    return subprocess.run(
        [str(cognate_binary()), "sms", "sandbox", "enter", *storage],
        env=_env({}), capture_output=True, text=True, timeout=60,
    )


def _master_key_file(path):
    path.write_text(base64.b64encode(os.urandom(32)).decode() + "\n")
    return path


def test_sms_commands_on_an_empty_data_dir_create_nothing(tmp_path):
    data = tmp_path / "data"
    done = _sms_sandbox_enter("--data-dir", str(data))
    assert done.returncode != 0
    assert f"no master key at {data / 'master.key'}" in done.stderr, done.stderr
    assert "start `cognate serve` once" in done.stderr, done.stderr
    assert not data.exists(), "nothing may be created"

    data.mkdir()
    key = _master_key_file(tmp_path / "master.key")
    done = _sms_sandbox_enter("--data-dir", str(data), "--master-key-file", str(key))
    assert done.returncode != 0
    assert f"no Cognate database at {data / 'cognate.db'}" in done.stderr, done.stderr
    assert list(data.iterdir()) == [], "nothing may be created"


@pytest.mark.skipif("postgres" not in backends_from_env(), reason="PostgreSQL not selected")
def test_sms_commands_on_a_database_without_cognate_schema_create_nothing(tmp_path):
    if reason := pg_available():
        pytest.skip(reason)
    import psycopg

    database = PgDatabase().create()
    try:
        key = _master_key_file(tmp_path / "master.key")
        done = _sms_sandbox_enter("--database-url", database.url, "--master-key-file", str(key))
        assert done.returncode != 0
        assert "the PostgreSQL database has no Cognate schema" in done.stderr, done.stderr
        assert "start `cognate serve` once" in done.stderr, done.stderr
        with psycopg.connect(database.url, connect_timeout=5) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
        assert tables == (0,), "nothing may be created"
    finally:
        database.drop()


def test_a_failed_sms_delivery_is_a_code_delivery_failure(server, cognito, seed_pool):
    user = sign_up_and_confirm(server, cognito, seed_pool)
    access = sign_in(cognito, user)["AccessToken"]
    cognito.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "phone_number", "Value": "+15557654321"}]
    )
    server.sms.status_code = 500
    try:
        with pytest.raises(cognito.exceptions.CodeDeliveryFailureException):
            cognito.get_user_attribute_verification_code(AccessToken=access, AttributeName="phone_number")
    finally:
        server.sms.status_code = 200
    sent = cognito.get_user_attribute_verification_code(AccessToken=access, AttributeName="phone_number")
    assert sent["CodeDeliveryDetails"]["DeliveryMedium"] == "SMS"
    assert server.sms.wait_for_code("+15557654321")
