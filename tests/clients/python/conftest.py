"""Fixtures for the Cognate end-to-end suite (real server binary, real clients).

Fixtures (names are an interface other test files rely on):
  server          module-scoped, parametrized over backends (COGNATE_TEST_BACKENDS, default
                  "sqlite,postgres"): a running `cognate serve` with .endpoint, .backend, .smtp,
                  .sms, .log_path, .stop(), .start(), .admin_keys
  server_factory  function-scoped: server_factory(*extra_args, backend=None, database_of=None,
                  admin_keys=None, public_url=None, env=None, start=True) -> extra server.
                  database_of=srv: same database (PostgreSQL) or data dir (SQLite) and same
                  master key file (one cluster); without public_url the node adopts the issuer
                  URL the database records
  cognito         boto3 cognito-idp client for `server`
  seed_pool       pool + app client created exactly like seed 001 steps 2 and 3
  aws_cli         aws_cli(cmdline, check=True) through the venv's real AWS CLI
  unique_email    unique_email() -> fresh address
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import harness
from harness import (
    CognateServer,
    PgDatabase,
    SmsSink,
    SmtpSink,
    backends_from_env,
    boto3_client,
    make_aws_cli,
)

BACKENDS = backends_from_env()


# --------------------------------------------------------------------------- session checks


@pytest.fixture(scope="session", autouse=True)
def _session_checks():
    if "postgres" in BACKENDS:
        reason = harness.pg_available()
        if reason is not None:
            pytest.exit(
                f"PostgreSQL at {harness.PG_ADMIN_URL} is not reachable ({reason}). Start it, or run "
                f"with COGNATE_TEST_BACKENDS=sqlite.",
                returncode=3,
            )
        harness.drop_orphaned_databases()
    yield


# --------------------------------------------------------------------------- building blocks


class _Resources:
    """Everything one server owns: its sinks, its database, its process."""

    def __init__(self) -> None:
        self.servers: list[CognateServer] = []
        self.sinks: list[SmtpSink | SmsSink] = []
        self.databases: list[PgDatabase] = []

    def new_server(
        self,
        workdir: Path,
        backend: str,
        *,
        name: str = "cognate",
        database_of: CognateServer | None = None,
        admin_keys: tuple[str, str] | None = None,
        public_url: str | None = None,
        extra_args=(),
        env: dict[str, str] | None = None,
        start: bool = True,
        sms_sandbox: bool = False,
    ) -> CognateServer:
        if start and not harness.cognate_binary().exists():
            raise harness.ServerStartError(
                f"cognate binary not found at {harness.cognate_binary()}. Build it with "
                f"`cargo build -p cognate-server` (honours CARGO_TARGET_DIR) or set COGNATE_BIN."
            )
        smtp = SmtpSink().start()
        self.sinks.append(smtp)
        sms = SmsSink().start()
        self.sinks.append(sms)
        database = None
        data_dir = None
        master_key_file = None
        if database_of is not None:
            backend = database_of.backend
            database = database_of.database
            data_dir = database_of.data_dir
            master_key_file = database_of.master_key_file
        elif backend == "postgres":
            database = PgDatabase().create()
            self.databases.append(database)
        else:
            data_dir = workdir / "data"
        srv = CognateServer(
            backend,
            workdir,
            smtp,
            sms,
            database=database,
            data_dir=data_dir,
            admin_keys=admin_keys,
            public_url=public_url,
            extra_args=extra_args,
            env=env,
            name=name,
            master_key_file=master_key_file,
            # a node joining another's database finds its SMS account as that node left it
            sms_sandbox=sms_sandbox or database_of is not None,
        )
        self.servers.append(srv)
        if start:
            srv.start()
        return srv

    def close(self) -> None:
        errors = []
        for srv in reversed(self.servers):
            try:
                srv.stop()
            except Exception as e:  # keep cleaning up
                errors.append(e)
        for sink in self.sinks:
            try:
                sink.stop()
            except Exception as e:
                errors.append(e)
        for db in self.databases:
            try:
                db.drop()
            except Exception as e:
                errors.append(e)
        if errors:
            raise errors[0]


def _current_backend(request) -> str | None:
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None:
        return callspec.params.get("server")
    return None


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", params=BACKENDS)
def server(request, tmp_path_factory):
    backend = request.param
    workdir = tmp_path_factory.mktemp(f"cognate-{backend}")
    res = _Resources()
    try:
        srv = res.new_server(workdir, backend)
        yield srv
    finally:
        res.close()


@pytest.fixture
def server_factory(request, tmp_path_factory):
    res = _Resources()
    started: list[CognateServer] = []
    request.node._cognate_servers = started  # for the failure report hook

    def factory(
        *extra_args: str,
        backend: str | None = None,
        database_of: CognateServer | None = None,
        admin_keys: tuple[str, str] | None = None,
        public_url: str | None = None,
        env: dict[str, str] | None = None,
        start: bool = True,
        sms_sandbox: bool = False,
    ) -> CognateServer:
        if backend is None:
            backend = database_of.backend if database_of else (_current_backend(request) or BACKENDS[0])
        n = len(started) + 1
        workdir = tmp_path_factory.mktemp(f"cognate-extra{n}-{backend}")
        srv = res.new_server(
            workdir,
            backend,
            name=f"cognate-extra{n}",
            database_of=database_of,
            admin_keys=admin_keys,
            public_url=public_url,
            extra_args=extra_args,
            env=env,
            start=False,
            sms_sandbox=sms_sandbox,
        )
        started.append(srv)
        if start:
            srv.start()
        return srv

    try:
        yield factory
    finally:
        res.close()


@pytest.fixture(scope="module")
def cognito(server):
    return boto3_client(server.endpoint)


@pytest.fixture
def seed_pool(cognito):
    """User pool and app client created with the arguments of seed 001 steps 2 and 3."""
    pool = cognito.create_user_pool(
        PoolName="mfa-sms-pool",
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 8,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": False,
            }
        },
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        MfaConfiguration="OPTIONAL",
        SmsAuthenticationMessage="Your MFA code is {####}",
        SmsConfiguration={
            "SnsCallerArn": "arn:aws:iam::123456789012:role/CognitoMFASMSRole",
            "ExternalId": "mfa-sms-external-id",
        },
        EmailConfiguration={"EmailSendingAccount": "COGNITO_DEFAULT"},
        UsernameConfiguration={"CaseSensitive": False},
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": True},
            {"Name": "phone_number", "AttributeDataType": "String", "Mutable": True, "Required": False},
            {"Name": "name", "AttributeDataType": "String", "Mutable": True, "Required": True},
        ],
    )
    pool_id = pool["UserPool"]["Id"]
    client_id = None
    try:
        client = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="mfa-sms-client",
            GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
            PreventUserExistenceErrors="ENABLED",
            EnableTokenRevocation=True,
            AuthSessionValidity=3,
            AccessTokenValidity=60,
            IdTokenValidity=60,
            RefreshTokenValidity=30,
            TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        )
        client_id = client["UserPoolClient"]["ClientId"]
        yield {"pool_id": pool_id, "client_id": client_id}
    finally:
        if client_id:
            try:
                cognito.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
            except Exception:
                pass
        try:
            cognito.delete_user_pool(UserPoolId=pool_id)
        except Exception:
            pass


@pytest.fixture
def aws_cli(server, tmp_path):
    return make_aws_cli(server.endpoint, tmp_path / "aws")


@pytest.fixture(scope="session", name="unique_email")
def _unique_email_fixture():
    return harness.unique_email


@pytest.fixture
def node_bin():
    node = shutil.which("node")
    if not node:
        pytest.fail("node not found on PATH (Node >= 20 required)")
    if not (harness.JS_DIR / "node_modules").is_dir():
        pytest.fail(f"{harness.JS_DIR}/node_modules missing: run tests/clients/setup.sh")
    return node


# --------------------------------------------------------------------------- failure report


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    servers: list[CognateServer] = []
    srv = item.funcargs.get("server") if hasattr(item, "funcargs") else None
    if isinstance(srv, CognateServer):
        servers.append(srv)
    servers += [s for s in getattr(item, "_cognate_servers", []) if isinstance(s, CognateServer)]
    lines = int(os.environ.get("COGNATE_TEST_LOG_LINES", "60"))
    for s in servers:
        report.sections.append(
            (
                f"{s.name} [{s.backend}] log tail ({s.log_path})",
                s.log_tail(lines),
            )
        )


@pytest.fixture
def codes(server):
    """Serves the codes `server` sent (by e-mail and SMS) over HTTP, for the Node tests."""
    from mfa_helpers import CodeServer

    srv = CodeServer(server.smtp, server.sms)
    try:
        yield srv
    finally:
        srv.close()
