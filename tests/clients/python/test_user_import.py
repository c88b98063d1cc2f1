"""Importing users from a CSV file as Cognito runs it: GetCSVHeader, CreateUserImportJob, the
file PUT to the job's PreSignedUrl (as the AWS guide's curl sends it), StartUserImportJob,
DescribeUserImportJob, ListUserImportJobs and StopUserImportJob through boto3 and the AWS CLI,
on both backends. Imported users are RESET_REQUIRED with their attributes and get a password
through ForgotPassword; bad rows are counted and the import goes on; the URL refuses a changed
signature, an expired expiry and a started job.
"""

import base64
import csv
import hashlib
import hmac
import io
import json
import re
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests

from helpers import attrs_dict, call_error, make_client, new_email, new_password

ROLE = "arn:aws:iam::123456789012:role/CognitoImportLogs"
STANDARD_COLUMNS = [
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
]
FINAL = ("Succeeded", "Failed", "Stopped", "Expired")
# The columns of most files here (any subset of the header, in any order, will do).
COLUMNS = ["cognito:username", "email", "email_verified", "cognito:mfa_enabled"]


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def _name(prefix: str = "u") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    """A file as spreadsheets write it: CRLF, fields quoted only when they must be."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue().encode()


def _row(username: str, email: str | None = None, **attrs: str) -> dict[str, str]:
    row = {
        "cognito:username": username,
        "email": email or new_email(username),
        "email_verified": "true",
        "cognito:mfa_enabled": "false",
    }
    row.update({k.replace("__", ":"): v for k, v in attrs.items()})
    return row


def _put(url: str, body: bytes) -> requests.Response:
    # The AWS guide uploads with: curl -v -T file -H "x-amz-server-side-encryption:aws:kms" URL
    return requests.put(
        url, data=body, headers={"x-amz-server-side-encryption": "aws:kms"}, timeout=120
    )


def _create(cognito, pool_id: str, name: str = "import") -> dict:
    return cognito.create_user_import_job(
        JobName=name, UserPoolId=pool_id, CloudWatchLogsRoleArn=ROLE
    )["UserImportJob"]


def _describe(cognito, pool_id: str, job_id: str) -> dict:
    return cognito.describe_user_import_job(UserPoolId=pool_id, JobId=job_id)["UserImportJob"]


def _wait(cognito, pool_id: str, job_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = _describe(cognito, pool_id, job_id)
        if job["Status"] in FINAL:
            return job
        assert time.monotonic() < deadline, f"job still {job['Status']}: {job!r}"
        time.sleep(0.2)


def _import(cognito, pool_id: str, body: bytes) -> dict:
    """Create, upload, start, and wait for the job to end."""
    job = _create(cognito, pool_id)
    r = _put(job["PreSignedUrl"], body)
    assert r.status_code == 200, r.text
    started = cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert started["UserImportJob"]["Status"] == "Pending"
    return _wait(cognito, pool_id, job["JobId"])


def _url_signature(server, pool_id: str, job_id: str, expires: str) -> str:
    """The URL's signature, computed as Cognate does from the server's master key (HKDF-SHA256
    subkey `cognate mac user-import-url`, then HMAC-SHA256 of `pool|job|expires`)."""
    key = base64.b64decode(Path(server.master_key_file).read_text().strip())
    prk = hmac.new(b"", key, hashlib.sha256).digest()
    subkey = hmac.new(prk, b"cognate mac user-import-url\x01", hashlib.sha256).digest()
    return hmac.new(subkey, f"{pool_id}|{job_id}|{expires}".encode(), hashlib.sha256).hexdigest()


def _s3_code(r: requests.Response) -> str | None:
    m = re.search(r"<Code>([^<]+)</Code>", r.text)
    return m.group(1) if m else None


@pytest.fixture
def import_pool(cognito):
    """A pool that verifies email automatically (as imports need), with a custom and a
    developer-only attribute, and an app client that signs in with passwords."""
    pool_id = cognito.create_user_pool(
        PoolName=_name("import"),
        AutoVerifiedAttributes=["email"],
        Schema=[
            {"Name": "team", "AttributeDataType": "String", "Mutable": True},
            {"Name": "tier", "AttributeDataType": "String", "DeveloperOnlyAttribute": True},
        ],
    )["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="importer",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    try:
        yield {"pool_id": pool_id, "client_id": client_id}
    finally:
        try:
            cognito.delete_user_pool(UserPoolId=pool_id)
        except Exception:
            pass


def test_csv_header_names_cognitos_columns_and_the_pools_custom_attributes(cognito, import_pool):
    pool_id = import_pool["pool_id"]
    header = cognito.get_csv_header(UserPoolId=pool_id)
    assert header["UserPoolId"] == pool_id
    # Developer-only attributes are not imported: only the API writes them.
    assert header["CSVHeader"] == STANDARD_COLUMNS + [
        "custom:team",
        "cognito:mfa_enabled",
        "cognito:username",
    ]
    e = call_error(cognito.get_csv_header, UserPoolId="us-east-1_nothere")
    assert _error(e) == ("ResourceNotFoundException", "User pool us-east-1_nothere does not exist.")


def test_a_new_job_waits_for_its_file(server, cognito, import_pool):
    pool_id = import_pool["pool_id"]
    before = datetime.now(timezone.utc)
    job = _create(cognito, pool_id, name="Nightly import, run 1")
    assert re.fullmatch(r"import-[0-9A-Za-z]{10}", job["JobId"]), job["JobId"]
    assert job["JobName"] == "Nightly import, run 1"
    assert job["UserPoolId"] == pool_id
    assert job["Status"] == "Created"
    assert job["CloudWatchLogsRoleArn"] == ROLE
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (0, 0, 0)
    assert abs((job["CreationDate"] - before).total_seconds()) < 60
    assert not {"StartDate", "CompletionDate", "CompletionMessage"} & set(job)

    url = urlparse(job["PreSignedUrl"])
    assert f"{url.scheme}://{url.netloc}" == server.endpoint
    assert url.path == f"/user-import/{job['JobId']}"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert set(query) == {"expires", "signature"}
    assert 3500 < int(query["expires"]) - time.time() <= 3600
    assert query["signature"] == _url_signature(server, pool_id, job["JobId"], query["expires"])
    assert _describe(cognito, pool_id, job["JobId"]) == job

    # Nothing to import yet.
    e = call_error(cognito.start_user_import_job, UserPoolId=pool_id, JobId=job["JobId"])
    assert _error(e)[0] == "InvalidParameterException"
    assert "CSV" in _error(e)[1]
    assert _describe(cognito, pool_id, job["JobId"])["Status"] == "Created"


def test_imported_users_reset_their_password_and_sign_in(server, cognito, import_pool):
    pool_id, client_id = import_pool["pool_id"], import_pool["client_id"]
    header = cognito.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    alice, bob = _name("alice"), _name("bob")
    alice_email = new_email("alice")
    rows = [
        _row(
            alice,
            alice_email,
            name="Liddell, Alice",
            custom__team='the "red" team',
            phone_number="+15555550100",
            phone_number_verified="false",
            updated_at="1700000000",
        ),
        _row(bob, email_verified="TRUE", given_name="Bob", address="1 Main St\nSpringfield"),
    ]
    job = _import(cognito, pool_id, _csv(header, rows))
    assert job["Status"] == "Succeeded", job
    assert (job["ImportedUsers"], job["FailedUsers"], job["SkippedUsers"]) == (2, 0, 0)
    assert job["CompletionMessage"] == "Import Job Completed Successfully."
    assert job["CreationDate"] <= job["StartDate"] <= job["CompletionDate"]

    got = cognito.admin_get_user(UserPoolId=pool_id, Username=alice)
    assert got["UserStatus"] == "RESET_REQUIRED"
    assert got["Enabled"] is True
    attrs = attrs_dict(got["UserAttributes"])
    assert attrs["name"] == "Liddell, Alice"
    assert attrs["custom:team"] == 'the "red" team'
    assert attrs["email"] == alice_email
    assert attrs["email_verified"] == "true"
    assert attrs["phone_number"] == "+15555550100"
    assert attrs["phone_number_verified"] == "false"
    assert attrs["updated_at"] == "1700000000"
    assert "sub" in attrs and "given_name" not in attrs
    bob_attrs = attrs_dict(cognito.admin_get_user(UserPoolId=pool_id, Username=bob)["UserAttributes"])
    assert bob_attrs["email_verified"] == "true"
    assert bob_attrs["address"] == "1 Main St\nSpringfield"

    # No password yet: signing in is refused until the user resets it.
    e = call_error(
        cognito.initiate_auth,
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": alice, "PASSWORD": new_password()},
    )
    assert _error(e) == ("PasswordResetRequiredException", "Password reset required for the user")

    sent = cognito.forgot_password(ClientId=client_id, Username=alice)["CodeDeliveryDetails"]
    assert sent["DeliveryMedium"] == "EMAIL"
    code = server.smtp.wait_for_code(alice_email)
    password = new_password()
    cognito.confirm_forgot_password(
        ClientId=client_id, Username=alice, ConfirmationCode=code, Password=password
    )
    assert cognito.admin_get_user(UserPoolId=pool_id, Username=alice)["UserStatus"] == "CONFIRMED"
    tokens = cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": alice, "PASSWORD": password},
    )["AuthenticationResult"]
    assert tokens["AccessToken"]


def test_bad_rows_are_counted_and_the_import_goes_on(cognito, import_pool):
    pool_id = import_pool["pool_id"]
    existing = _name("existing")
    assert _import(cognito, pool_id, _csv(COLUMNS, [_row(existing)]))["ImportedUsers"] == 1

    good = [_name("good") for _ in range(10)]
    header = COLUMNS + ["phone_number"]
    rows = [
        _row(good[0]),
        _row(existing),  # the username is taken
        _row(good[1], email="not-an-email"),  # not an address
        _row(good[2]),
        _row(good[3], email_verified="yes"),  # not a Boolean
        _row(good[4]),
        _row(_name("unverified"), email_verified="false"),  # no verified contact for the reset
        _row(_name("mfa"), **{"cognito:mfa_enabled": "true"}),  # SMS MFA without a phone
        _row(good[0]),  # the same username twice in one file
    ] + [_row(name) for name in good[5:]]
    body = _csv(header, rows) + b"short,row\r\n"  # too few fields
    job = _import(cognito, pool_id, body)
    # More users than failed rows: the job succeeds and counts the failures.
    assert job["Status"] == "Succeeded", job
    assert (job["ImportedUsers"], job["FailedUsers"], job["SkippedUsers"]) == (8, 7, 0)
    assert job["CompletionMessage"] == "Import Job Completed Successfully."
    for name in [good[0], good[2], good[4]] + good[5:]:
        assert cognito.admin_get_user(UserPoolId=pool_id, Username=name)["UserStatus"] == "RESET_REQUIRED"
    for name in (good[1], good[3]):
        e = call_error(cognito.admin_get_user, UserPoolId=pool_id, Username=name)
        assert _error(e)[0] == "UserNotFoundException"


def test_a_file_that_cannot_be_read_fails_the_job(cognito, import_pool):
    pool_id = import_pool["pool_id"]
    unknown = _import(cognito, pool_id, _csv(COLUMNS + ["favourite_colour"], [_row(_name())]))
    assert unknown["Status"] == "Failed", unknown
    assert "favourite_colour" in unknown["CompletionMessage"]
    assert unknown["ImportedUsers"] == 0 and "CompletionDate" in unknown

    no_mfa = _import(cognito, pool_id, _csv(["cognito:username", "email"], [{"cognito:username": "x"}]))
    assert no_mfa["Status"] == "Failed"
    assert "cognito:mfa_enabled" in no_mfa["CompletionMessage"]

    not_text = _import(cognito, pool_id, b"cognito:username,cognito:mfa_enabled\n\xff\xfe,false\n")
    assert not_text["Status"] == "Failed"

    # Every row failing is no success, as in Cognito.
    hopeless = _import(cognito, pool_id, _csv(COLUMNS, [_row(_name(), email="nope") for _ in range(3)]))
    assert hopeless["Status"] == "Failed", hopeless
    assert hopeless["FailedUsers"] == 3
    assert hopeless["CompletionMessage"] == (
        "Too many users have failed or been skipped during the import."
    )


def test_the_presigned_url_refuses_tampering_expiry_and_started_jobs(server, cognito, import_pool):
    pool_id = import_pool["pool_id"]
    job = _create(cognito, pool_id)
    other = _create(cognito, pool_id)
    url = urlparse(job["PreSignedUrl"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    base = f"{url.scheme}://{url.netloc}{url.path}"
    body = _csv(COLUMNS, [_row(_name())])

    def put(path: str = base, **params: str) -> requests.Response:
        q = {**query, **params}
        return _put(f"{path}?{urlencode(q)}" if q else path, body)

    flipped = query["signature"][:-1] + ("0" if query["signature"][-1] != "0" else "1")
    other_query = {k: v[0] for k, v in parse_qs(urlparse(other["PreSignedUrl"]).query).items()}
    refused = [
        put(signature=flipped),
        put(expires=str(int(query["expires"]) + 3600)),
        put(signature=other_query["signature"], expires=other_query["expires"]),
        put(path=f"{url.scheme}://{url.netloc}/user-import/import-0000000000"),
        _put(base, body),  # no query at all
    ]
    for r in refused:
        assert r.status_code == 403, r.text
        assert _s3_code(r) == "SignatureDoesNotMatch", r.text
        assert r.headers["content-type"].startswith("application/xml")

    # A correctly signed URL whose hour is over.
    past = str(int(time.time()) - 1)
    expired = put(expires=past, signature=_url_signature(server, pool_id, job["JobId"], past))
    assert (expired.status_code, _s3_code(expired)) == (403, "AccessDenied"), expired.text
    assert "expired" in expired.text
    assert _describe(cognito, pool_id, job["JobId"])["Status"] == "Created"

    # The real URL works (again and again) until the job starts.
    assert put().status_code == 200
    ok = put()
    assert (ok.status_code, ok.text) == (200, "")
    cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    late = put()
    assert (late.status_code, _s3_code(late)) == (403, "AccessDenied"), late.text
    assert _wait(cognito, pool_id, job["JobId"])["ImportedUsers"] == 1


def test_stop_ends_a_started_job(cognito, import_pool):
    pool_id = import_pool["pool_id"]
    n = 3000
    rows = [_row(f"stop{i:05d}-{uuid.uuid4().hex[:6]}") for i in range(n)]
    job = _create(cognito, pool_id)
    assert _put(job["PreSignedUrl"], _csv(COLUMNS, rows)).status_code == 200
    cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    stopping = cognito.stop_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]
    assert stopping["Status"] == "Stopping"
    stopped = _wait(cognito, pool_id, job["JobId"])
    assert stopped["Status"] == "Stopped", stopped
    assert "CompletionDate" in stopped
    assert stopped["ImportedUsers"] + stopped["FailedUsers"] < n

    for op in (cognito.stop_user_import_job, cognito.start_user_import_job):
        e = call_error(op, UserPoolId=pool_id, JobId=job["JobId"])
        assert _error(e)[0] == "InvalidParameterException", _error(e)
    created = _create(cognito, pool_id)
    e = call_error(cognito.stop_user_import_job, UserPoolId=pool_id, JobId=created["JobId"])
    assert _error(e)[0] == "InvalidParameterException"


def test_jobs_list_in_pages_and_errors_name_cognitos_exceptions(server, cognito, import_pool):
    pool_id = import_pool["pool_id"]
    loose = make_client(server.endpoint, parameter_validation=False)
    ids = sorted(_create(cognito, pool_id, name=f"job {i}")["JobId"] for i in range(5))
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"UserPoolId": pool_id, "MaxResults": 2}
        if token:
            kwargs["PaginationToken"] = token
        page = cognito.list_user_import_jobs(**kwargs)
        pages += 1
        seen += [j["JobId"] for j in page["UserImportJobs"]]
        token = page.get("PaginationToken")
        if not token:
            break
    # In job-id order, as the database collates it.
    assert (sorted(seen), len(set(seen)), pages) == (ids, 5, 3)
    everything = cognito.list_user_import_jobs(UserPoolId=pool_id, MaxResults=60)
    assert [j["JobId"] for j in everything["UserImportJobs"]] == seen
    assert "PaginationToken" not in everything
    assert {j["Status"] for j in everything["UserImportJobs"]} == {"Created"}

    e = call_error(cognito.list_user_import_jobs, UserPoolId=pool_id, MaxResults=2,
                   PaginationToken="bm90LWEtdG9rZW4")
    assert _error(e) == ("InvalidParameterException", "Paging marker bm90LWEtdG9rZW4 is invalid for request.")
    for kwargs, member in [({"MaxResults": 61}, "maxResults"), ({}, "maxResults")]:
        e = call_error(loose.list_user_import_jobs, UserPoolId=pool_id, **kwargs)
        assert _error(e)[0] == "InvalidParameterException"
        assert f"at '{member}'" in _error(e)[1], _error(e)

    # Creating: the role is a required ARN, the name 1-128 word characters.
    for kwargs, member in [
        ({"CloudWatchLogsRoleArn": "not-an-arn-but-long-enough"}, "cloudWatchLogsRoleArn"),
        ({}, "cloudWatchLogsRoleArn"),
        ({"JobName": "no:colons", "CloudWatchLogsRoleArn": ROLE}, "jobName"),
        ({"JobName": "j" * 129, "CloudWatchLogsRoleArn": ROLE}, "jobName"),
    ]:
        args = {"JobName": "bad", "UserPoolId": pool_id, **kwargs}
        e = call_error(loose.create_user_import_job, **args)
        assert _error(e)[0] == "InvalidParameterException", _error(e)
        assert f"at '{member}'" in _error(e)[1], _error(e)
    e = call_error(cognito.create_user_import_job, JobName="x", UserPoolId="us-east-1_nothere",
                   CloudWatchLogsRoleArn=ROLE)
    assert _error(e)[0] == "ResourceNotFoundException"

    # A job is found only in its own pool.
    other_pool = cognito.create_user_pool(PoolName=_name("other"), AutoVerifiedAttributes=["email"])
    other_id = other_pool["UserPool"]["Id"]
    try:
        for op in (cognito.describe_user_import_job, cognito.start_user_import_job,
                   cognito.stop_user_import_job):
            e = call_error(op, UserPoolId=other_id, JobId=ids[0])
            assert _error(e) == ("ResourceNotFoundException", f"Import job {ids[0]} does not exist."), op
        assert cognito.list_user_import_jobs(UserPoolId=other_id, MaxResults=10)["UserImportJobs"] == []
    finally:
        cognito.delete_user_pool(UserPoolId=other_id)
    e = call_error(cognito.describe_user_import_job, UserPoolId=pool_id, JobId="import-0000000000")
    assert _error(e)[0] == "ResourceNotFoundException"
    e = call_error(loose.describe_user_import_job, UserPoolId=pool_id, JobId="export-1")
    assert _error(e)[0] == "InvalidParameterException"
    e = call_error(cognito.describe_user_import_job, UserPoolId="us-east-1_nothere", JobId=ids[0])
    assert _error(e) == ("ResourceNotFoundException", "User pool us-east-1_nothere does not exist.")

    # A pool that verifies nothing automatically cannot import: its users could never reset.
    silent = cognito.create_user_pool(PoolName=_name("silent"))["UserPool"]["Id"]
    try:
        job = _create(cognito, silent)
        assert _put(job["PreSignedUrl"], _csv(COLUMNS, [_row(_name())])).status_code == 200
        e = call_error(cognito.start_user_import_job, UserPoolId=silent, JobId=job["JobId"])
        assert _error(e)[0] == "InvalidParameterException"
        assert "auto-verified" in _error(e)[1]
    finally:
        cognito.delete_user_pool(UserPoolId=silent)


def test_username_attribute_pools_import_by_email(cognito, seed_pool):
    # The seed pool signs in by email and requires `name`: cognito:username is the address.
    pool_id = seed_pool["pool_id"]
    email = new_email("seed")
    header = COLUMNS + ["name"]
    nameless = new_email("noname")
    rows = [_row(email, email, name="Seed User"), _row(nameless, nameless)]  # `name` is required
    job = _import(cognito, pool_id, _csv(header, rows))
    assert (job["Status"], job["ImportedUsers"], job["FailedUsers"]) == ("Succeeded", 1, 1), job
    got = cognito.admin_get_user(UserPoolId=pool_id, Username=email)
    assert got["UserStatus"] == "RESET_REQUIRED"
    assert attrs_dict(got["UserAttributes"])["name"] == "Seed User"
    assert got["Username"] != email  # the sub, as for every user of such a pool


def test_user_import_through_the_aws_cli(aws_cli, import_pool):
    pool_id = import_pool["pool_id"]
    header = aws_cli(f"cognito-idp get-csv-header --user-pool-id {pool_id}")
    assert header["CSVHeader"][-2:] == ["cognito:mfa_enabled", "cognito:username"]
    created = aws_cli(
        f"cognito-idp create-user-import-job --user-pool-id {pool_id} "
        f"--job-name cli-import --cloud-watch-logs-role-arn {ROLE}"
    )["UserImportJob"]
    assert created["Status"] == "Created"
    described = aws_cli(
        f"cognito-idp describe-user-import-job --user-pool-id {pool_id} --job-id {created['JobId']}"
    )
    assert described["UserImportJob"]["PreSignedUrl"] == created["PreSignedUrl"]
    failed = aws_cli(
        f"cognito-idp start-user-import-job --user-pool-id {pool_id} --job-id {created['JobId']}",
        check=False,
    )
    assert failed.error_code == "InvalidParameterException"
    listed = aws_cli(f"cognito-idp list-user-import-jobs --user-pool-id {pool_id} --max-results 10")
    assert [j["JobId"] for j in listed["UserImportJobs"]] == [created["JobId"]]
    # A job with its file goes Pending on start, and StopUserImportJob stops it.
    second = aws_cli(
        f"cognito-idp create-user-import-job --user-pool-id {pool_id} "
        f"--job-name cli-stop --cloud-watch-logs-role-arn {ROLE}"
    )["UserImportJob"]
    header_line = ",".join(header["CSVHeader"])
    values = {"cognito:username": "cli-user", "email": "cli-user@example.com", "email_verified": "true",
              "phone_number_verified": "false", "cognito:mfa_enabled": "false"}
    row = ",".join(values.get(h, "") for h in header["CSVHeader"])
    assert _put(second["PreSignedUrl"], f"{header_line}\r\n{row}\r\n".encode()).status_code == 200
    aws_cli(f"cognito-idp start-user-import-job --user-pool-id {pool_id} --job-id {second['JobId']}")
    stopped = aws_cli(
        f"cognito-idp stop-user-import-job --user-pool-id {pool_id} --job-id {second['JobId']}",
        check=False,
    )
    if stopped.ok:
        assert json.loads(stopped.stdout)["UserImportJob"]["Status"] in ("Stopping", "Stopped")
    else:  # the worker was quicker: a finished job can no longer be stopped
        assert stopped.error_code == "InvalidParameterException", stopped.stderr
        done = aws_cli(
            f"cognito-idp describe-user-import-job --user-pool-id {pool_id} --job-id {second['JobId']}"
        )["UserImportJob"]
        assert done["Status"] in ("Succeeded", "InProgress"), done


def test_a_hundred_thousand_users_import_with_visible_progress(server, cognito, import_pool, record_property):
    if server.backend != "sqlite":
        pytest.skip("the volume run takes long; one backend is enough for it")
    pool_id = import_pool["pool_id"]
    n = 100_000
    lines = ["cognito:username,email,email_verified,cognito:mfa_enabled"]
    lines += [f"bulk{i:06d},bulk{i:06d}@example.com,true,false" for i in range(n)]
    body = ("\r\n".join(lines) + "\r\n").encode()
    job = _create(cognito, pool_id, name="bulk")
    assert _put(job["PreSignedUrl"], body).status_code == 200
    started = time.monotonic()
    cognito.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    seen: list[tuple[float, str, int, int]] = []
    while True:
        d = _describe(cognito, pool_id, job["JobId"])
        seen.append((round(time.monotonic() - started, 2), d["Status"], d["ImportedUsers"], d["FailedUsers"]))
        if d["Status"] in FINAL:
            break
        assert time.monotonic() - started < 240, seen[-5:]
        time.sleep(0.25)
    record_property("user_import_progress", json.dumps(seen))
    print(f"100k import: {seen[-1][0]} s; progress seen: {[s[2] for s in seen]}")

    assert d["Status"] == "Succeeded", d
    assert (d["ImportedUsers"], d["FailedUsers"]) == (n, 0)
    progress = [imported for _, status, imported, _ in seen if status == "InProgress"]
    assert progress == sorted(progress), progress
    # The counters move every 1,000 rows, and a poll sees them move.
    assert all(p % 1000 == 0 for p in progress), progress
    assert any(0 < p < n for p in progress), seen
    last = cognito.admin_get_user(UserPoolId=pool_id, Username=f"bulk{n - 1:06d}")
    assert last["UserStatus"] == "RESET_REQUIRED"
