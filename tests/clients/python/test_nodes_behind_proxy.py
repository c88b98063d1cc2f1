"""Three nodes on one PostgreSQL database behind a reverse proxy (Debian's nginx, round robin),
as a deployment runs them: every step of a sign-in may reach another node.

* SRP (pycognito's AWSSRP), TOTP MFA set up and answered, refresh, GetUser, global sign-out:
  consecutive calls land on different nodes and everything holds across them (one issuer,
  challenge sessions, the TOTP step just used, revocation).
* One node killed with SIGKILL while clients sign in through the proxy: only requests that
  node had in flight fail; the proxy sends the rest to the others.

nginx is Debian's binary taken out of its package by tests/clients/setup.sh (no service, no
port but the test's own).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

import harness
from helpers import admin_create_confirmed_user, create_seed_pool, jwt_claims
from mfa_helpers import Authenticator, enable_software_token

pytestmark = pytest.mark.skipif(
    "postgres" not in harness.backends_from_env(), reason="nodes share a PostgreSQL database"
)

NGINX_CONF = """
daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream cognate {{
        {servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://cognate;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            add_header X-Cognate-Node $upstream_addr always;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    venv_copy = Path(harness.__file__).resolve().parents[3] / ".venv" / "bin" / "nginx"
    binary = shutil.which("nginx") or str(venv_copy)
    assert Path(binary).exists(), "nginx missing: run tests/clients/setup.sh"
    return binary


class Nginx:
    """nginx on `port`, balancing round robin over `upstreams` (host:port)."""

    def __init__(self, workdir: Path, upstreams: list[str], port: int) -> None:
        self.dir = workdir
        self.port = port
        servers = "\n        ".join(f"server {u} max_fails=1 fail_timeout=30s;" for u in upstreams)
        conf = workdir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=workdir, servers=servers, port=port))
        self.proc = subprocess.Popen(
            [nginx_binary(), "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        harness.poll(self._up, 10, what="nginx answering")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _up(self) -> bool:
        assert self.proc.poll() is None, (self.dir / "error.log").read_text()
        try:
            return requests.get(f"{self.url}/health", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def cluster(server_factory, tmp_path):
    """Three nodes on one database, the first recording the proxy's URL as the issuer's base,
    and nginx in front of them."""
    proxy_port = harness.free_port()
    # The same users sign in again and again: the abuse limits would refuse them.
    first = server_factory("--rate-limits", "off", backend="postgres",
                           public_url=f"http://127.0.0.1:{proxy_port}")
    nodes = [first] + [server_factory("--rate-limits", "off", database_of=first) for _ in range(2)]
    nginx = Nginx(tmp_path, [f"127.0.0.1:{n.port}" for n in nodes], proxy_port)
    try:
        yield nodes, nginx
    finally:
        nginx.stop()


def node_of(response: dict) -> str:
    return response["ResponseMetadata"]["HTTPHeaders"]["x-cognate-node"]


def test_srp_mfa_refresh_and_sign_out_hop_between_nodes(cluster):
    nodes, nginx = cluster
    idp = harness.boto3_client(nginx.url)
    pool = create_seed_pool(idp, ExplicitAuthFlows=[
        "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    enable_software_token(idp, pool["pool_id"])
    user = admin_create_confirmed_user(idp, pool)
    seen: list[str] = []

    # SRP: InitiateAuth and RespondToAuthChallenge (PASSWORD_VERIFIER) on different nodes.
    srp = AWSSRP(username=user.email, password=user.password, pool_id=pool["pool_id"],
                 client_id=pool["client_id"], client=idp)
    start = idp.initiate_auth(ClientId=pool["client_id"], AuthFlow="USER_SRP_AUTH",
                              AuthParameters=srp.get_auth_params())
    seen.append(node_of(start))
    done = idp.respond_to_auth_challenge(
        ClientId=pool["client_id"], ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.process_challenge(start["ChallengeParameters"], srp.get_auth_params()))
    seen.append(node_of(done))
    assert seen[0] != seen[1], seen
    access = done["AuthenticationResult"]["AccessToken"]

    # TOTP set up through the proxy, then a sign-in that answers SOFTWARE_TOKEN_MFA elsewhere.
    associated = idp.associate_software_token(AccessToken=access)
    app = Authenticator(associated["SecretCode"])
    verified = idp.verify_software_token(AccessToken=access, UserCode=app.code())
    assert verified["Status"] == "SUCCESS"
    preference = idp.set_user_mfa_preference(
        AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    seen += [node_of(associated), node_of(verified), node_of(preference)]

    challenge = idp.initiate_auth(
        ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    answered = idp.respond_to_auth_challenge(
        ClientId=pool["client_id"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": user.email, "SOFTWARE_TOKEN_MFA_CODE": app.code()})
    seen += [node_of(challenge), node_of(answered)]
    assert node_of(challenge) != node_of(answered)
    tokens = answered["AuthenticationResult"]
    assert jwt_claims(tokens["IdToken"])["iss"] == f"{nginx.url}/{pool['pool_id']}"

    # Refresh and read on other nodes; sign out on one, refused on every node after.
    refreshed = idp.initiate_auth(
        ClientId=pool["client_id"], AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    got = idp.get_user(AccessToken=refreshed["AuthenticationResult"]["AccessToken"])
    signed_out = idp.global_sign_out(AccessToken=tokens["AccessToken"])
    seen += [node_of(refreshed), node_of(got), node_of(signed_out)]
    for node in nodes:
        direct = harness.boto3_client(node.endpoint)
        with pytest.raises(ClientError) as refused:
            direct.get_user(AccessToken=refreshed["AuthenticationResult"]["AccessToken"])
        assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
        with pytest.raises(ClientError) as refused:
            direct.initiate_auth(ClientId=pool["client_id"], AuthFlow="REFRESH_TOKEN_AUTH",
                                 AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
        assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    print(f"\ncalls by node: {dict(Counter(seen))}")
    assert len(set(seen)) == 3, seen


def test_a_node_killed_mid_run_fails_at_most_its_in_flight_requests(cluster):
    nodes, nginx = cluster
    idp = harness.boto3_client(nginx.url)
    pool = create_seed_pool(idp)
    workers = 6
    users = [admin_create_confirmed_user(idp, pool) for _ in range(workers)]
    outcomes: Counter[str] = Counter()
    by_node: Counter[str] = Counter()
    lock = threading.Lock()
    stopping = threading.Event()

    def sign_in(user) -> None:
        client = harness.boto3_client(nginx.url)
        while not stopping.is_set():
            try:
                out = client.initiate_auth(
                    ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                    AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
                assert "AuthenticationResult" in out
                outcome, node = "ok", node_of(out)
            except ClientError as e:
                outcome, node = e.response["Error"]["Code"], "-"
            with lock:
                outcomes[outcome] += 1
                by_node[node] += 1

    threads = [threading.Thread(target=sign_in, args=(u,), daemon=True) for u in users]
    for t in threads:
        t.start()
    try:
        harness.poll(lambda: outcomes["ok"] >= 150, 60, what="150 sign-ins through the proxy")
        victim = nodes[1]
        os.killpg(victim.proc.pid, signal.SIGKILL)
        victim.proc.wait(10)
        harness._LIVE_PROCESSES.discard(victim.proc)
        killed_at = outcomes["ok"]
        harness.poll(lambda: outcomes["ok"] >= killed_at + 300, 60, what="300 sign-ins after the kill")
    finally:
        stopping.set()
        for t in threads:
            t.join(30)
    failed = sum(n for outcome, n in outcomes.items() if outcome != "ok")
    print(f"\nsign-ins through the proxy: {dict(outcomes)}; by node: {dict(by_node)}")
    assert failed <= workers, outcomes
