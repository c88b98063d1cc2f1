"""The server under load when its process or its database connections go away.

* SIGTERM while clients sign up: the server stops accepting, finishes what it has started,
  exits 0, and every sign-up it acknowledged is there after a restart.
* SIGKILL while clients sign up: no graceful anything, and still every acknowledged sign-up
  is there after a restart (each write is durable before its answer).
* PostgreSQL connections cut while clients sign in and read (`pg_terminate_backend` on every
  connection of the node, again and again): no client sees an InternalErrorException, since
  an operation cut by a lost connection runs once more on a fresh one.

Each test prints its counts (quoted in notes).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter

import pytest
from botocore.exceptions import ClientError

import harness
from helpers import admin_create_confirmed_user, create_seed_pool, new_email, new_password

WORKERS = 6
BACKENDS = harness.backends_from_env()


class SignUpLoad:
    """Threads that sign users up as fast as the server answers, each keeping the usernames
    the server acknowledged (HTTP 200) and counting what else happened."""

    def __init__(self, server: harness.CognateServer, pool: dict) -> None:
        self.server = server
        self.pool = pool
        self.acknowledged: list[str] = []
        self.outcomes: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(WORKERS)]

    def _run(self) -> None:
        idp = harness.boto3_client(self.server.endpoint)
        while not self.stopping.is_set():
            username = new_email("load")
            try:
                idp.admin_create_user(
                    UserPoolId=self.pool["pool_id"], Username=username,
                    TemporaryPassword=new_password(), MessageAction="SUPPRESS",
                    UserAttributes=[{"Name": "email", "Value": username},
                                    {"Name": "name", "Value": "Load Test"}],
                )
            except ClientError as e:
                outcome = e.response["Error"]["Code"]
            except Exception as e:  # the connection went with the process
                outcome = type(e).__name__
                time.sleep(0.01)
            else:
                outcome = "acknowledged"
                with self.lock:
                    self.acknowledged.append(username)
            with self.lock:
                self.outcomes[outcome] += 1

    def __enter__(self) -> "SignUpLoad":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for t in self.threads:
            t.join(30)

    def wait_for(self, count: int, timeout: float = 60) -> None:
        try:
            harness.poll(lambda: len(self.acknowledged) >= count, timeout,
                         what=f"{count} acknowledged sign-ups")
        except TimeoutError as e:
            raise TimeoutError(f"{e}; outcomes: {dict(self.outcomes)}") from None


def missing_after_restart(server: harness.CognateServer, pool: dict, usernames: list[str]) -> list[str]:
    idp = harness.boto3_client(server.endpoint)
    missing = []
    for username in usernames:
        try:
            idp.admin_get_user(UserPoolId=pool["pool_id"], Username=username)
        except ClientError as e:
            assert e.response["Error"]["Code"] == "UserNotFoundException", e
            missing.append(username)
    return missing


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigterm_under_load_exits_0_and_loses_no_acknowledged_write(server_factory, backend):
    node = server_factory(backend=backend)
    pool = create_seed_pool(harness.boto3_client(node.endpoint))
    with SignUpLoad(node, pool) as load:
        load.wait_for(300)
        proc = node.proc
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
    harness._LIVE_PROCESSES.discard(proc)
    print(f"\n[{backend}] SIGTERM under load: {dict(load.outcomes)}; exit status {proc.returncode}")
    assert proc.returncode == 0, node.log_tail()
    assert "stopped" in node.log_tail(20), node.log_tail()
    node.start()
    missing = missing_after_restart(node, pool, load.acknowledged)
    print(f"[{backend}] {len(load.acknowledged)} acknowledged, {len(missing)} missing after restart")
    assert missing == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_under_load_loses_no_acknowledged_write(server_factory, backend):
    node = server_factory(backend=backend)
    pool = create_seed_pool(harness.boto3_client(node.endpoint))
    with SignUpLoad(node, pool) as load:
        load.wait_for(300)
        proc = node.proc
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
        # What was acknowledged is fixed from here: the process that could answer is gone.
        acknowledged = list(load.acknowledged)
    harness._LIVE_PROCESSES.discard(proc)
    assert proc.returncode == -signal.SIGKILL
    node.start()
    missing = missing_after_restart(node, pool, acknowledged)
    print(f"\n[{backend}] SIGKILL under load: {dict(load.outcomes)}; "
          f"{len(acknowledged)} acknowledged, {len(missing)} missing after restart")
    assert missing == []


def _cut_connections(database: str) -> int:
    """Terminates every connection to `database` (the node's), as a failover would."""
    with harness._pg_connect() as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return len(rows)


@pytest.mark.skipif("postgres" not in BACKENDS, reason="PostgreSQL only")
def test_cut_postgres_connections_do_not_reach_clients(server_factory):
    # The same users sign in again and again: the abuse limits would refuse them.
    node = server_factory("--rate-limits", "off", backend="postgres")
    idp = harness.boto3_client(node.endpoint)
    pool = create_seed_pool(idp)
    users = [admin_create_confirmed_user(idp, pool) for _ in range(WORKERS)]
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    stopping = threading.Event()

    def sign_in_and_read(user) -> None:
        client = harness.boto3_client(node.endpoint)
        while not stopping.is_set():
            try:
                tokens = client.initiate_auth(
                    ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                    AuthParameters={"USERNAME": user.email, "PASSWORD": user.password},
                )["AuthenticationResult"]
                client.get_user(AccessToken=tokens["AccessToken"])
                client.admin_get_user(UserPoolId=pool["pool_id"], Username=user.email)
                outcome = "ok"
            except ClientError as e:
                outcome = e.response["Error"]["Code"]
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=sign_in_and_read, args=(u,), daemon=True) for u in users]
    for t in threads:
        t.start()
    cuts = terminated = 0
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(1.0)
            terminated += _cut_connections(node.database.name)
            cuts += 1
    finally:
        stopping.set()
        for t in threads:
            t.join(30)
    print(f"\n{cuts} cuts ended {terminated} connections; rounds of three calls: {dict(outcomes)}")
    assert terminated > cuts, "the cuts ended no connections"
    assert outcomes["ok"] > 0
    assert set(outcomes) == {"ok"}, node.log_tail(40)
