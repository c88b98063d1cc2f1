"""The running server's contract: options from a TOML file and from COGNATE_* variables, the
refusal to expose admin operations without keys, and delivery failures reported to clients."""

import os
import subprocess
import time

import pytest
import requests

from harness import cognate_binary, free_port
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
        cognito = make_client(f"http://127.0.0.1:{port}")
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
