"""Seed 001 (MFA with SMS) run through the real AWS CLI v1, verbatim.

Each snippet below is the seed's bash text copied unchanged (diff it against
shared/seeds/001_*.txt; test_snippets_match_the_seed does that when the seed is reachable).
What the harness changes when running them, and nothing else:
  * `--endpoint-url "$ENDPOINT"` is appended to every `aws` command (harness.add_endpoint_url);
  * the placeholder assignments (USER_POOL_ID="us-east-1_XXXXXXXXX", CLIENT_ID="XXX...",
    ACCESS_TOKEN="ACCESS_TOKEN_HERE") get the values captured from earlier steps, and the
    confirmation code "123456" becomes the one read from the SMTP sink;
  * snippets that use $USER_POOL_ID / $CLIENT_ID without setting them get them from the
    environment, as they would in the reader's still-open terminal.
The IAM and SNS commands of the seed are out of scope.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

import harness
from harness import CliResult, add_endpoint_url, cli_env, run_bash, substitute

# --------------------------------------------------------------------------- seed text

STEP2_CREATE_USER_POOL = r'''# Set variables
REGION="us-east-1"
POOL_NAME="mfa-sms-pool"
SNS_ROLE_ARN="arn:aws:iam::123456789012:role/CognitoMFASMSRole"  # From Step 1

# Create User Pool
aws cognito-idp create-user-pool \
  --pool-name $POOL_NAME \
  --region $REGION \
  --policies '{
    "PasswordPolicy": {
      "MinimumLength": 8,
      "RequireUppercase": true,
      "RequireLowercase": true,
      "RequireNumbers": true,
      "RequireSymbols": false
    }
  }' \
  --username-attributes email \
  --auto-verified-attributes email \
  --mfa-configuration OPTIONAL \
  --sms-authentication-message "Your MFA code is {####}" \
  --sms-configuration "{
    \"SnsCallerArn\": \"$SNS_ROLE_ARN\",
    \"ExternalId\": \"mfa-sms-external-id\"
  }" \
  --email-configuration '{
    "EmailSendingAccount": "COGNITO_DEFAULT"
  }' \
  --username-configuration '{
    "CaseSensitive": false
  }' \
  --schema '[
    {
      "Name": "email",
      "AttributeDataType": "String",
      "Mutable": true,
      "Required": true
    },
    {
      "Name": "phone_number",
      "AttributeDataType": "String",
      "Mutable": true,
      "Required": false
    },
    {
      "Name": "name",
      "AttributeDataType": "String",
      "Mutable": true,
      "Required": true
    }
  ]' \
  --query 'UserPool.Id' \
  --output text
'''

STEP3_CREATE_APP_CLIENT = r'''# Set variables
USER_POOL_ID="us-east-1_XXXXXXXXX"  # From Step 2

# Create App Client
aws cognito-idp create-user-pool-client \
  --user-pool-id $USER_POOL_ID \
  --client-name mfa-sms-client \
  --no-generate-secret \
  --explicit-auth-flows \
    ALLOW_USER_PASSWORD_AUTH \
    ALLOW_REFRESH_TOKEN_AUTH \
    ALLOW_USER_SRP_AUTH \
  --prevent-user-existence-errors ENABLED \
  --enable-token-revocation \
  --auth-session-validity 3 \
  --access-token-validity 60 \
  --id-token-validity 60 \
  --refresh-token-validity 30 \
  --token-validity-units '{
    "AccessToken": "minutes",
    "IdToken": "minutes",
    "RefreshToken": "days"
  }' \
  --query 'UserPoolClient.ClientId' \
  --output text
'''

STEP8_SIGN_UP = r'''USER_POOL_ID="us-east-1_XXXXXXXXX"
CLIENT_ID="XXXXXXXXXXXXXXXXXXXXXXXXXX"

# Sign up with email and phone
aws cognito-idp sign-up \
  --client-id $CLIENT_ID \
  --username user@example.com \
  --password "TestPass123" \
  --user-attributes \
    Name=email,Value=user@example.com \
    Name=name,Value="Test User" \
    Name=phone_number,Value="+15551234567"
'''

STEP8_VERIFY_EMAIL = r'''aws cognito-idp confirm-sign-up \
  --client-id $CLIENT_ID \
  --username user@example.com \
  --confirmation-code "123456"
'''

STEP8_INITIATE_AUTH = r'''# Initiate auth
aws cognito-idp initiate-auth \
  --auth-flow USER_PASSWORD_AUTH \
  --client-id $CLIENT_ID \
  --auth-parameters USERNAME=user@example.com,PASSWORD="TestPass123"
'''

TROUBLESHOOT_GET_USER_MFA = r'''# Sign in first to get access token
aws cognito-idp initiate-auth \
  --auth-flow USER_PASSWORD_AUTH \
  --client-id $CLIENT_ID \
  --auth-parameters USERNAME=user@example.com,PASSWORD="TestPass123"

ACCESS_TOKEN="ACCESS_TOKEN_HERE"

# Get MFA settings
aws cognito-idp get-user \
  --access-token $ACCESS_TOKEN \
  --query 'UserMFASettingList'
'''

TROUBLESHOOT_MFA_CONFIGURATION = r'''aws cognito-idp describe-user-pool \
  --user-pool-id $USER_POOL_ID \
  --query 'UserPool.MfaConfiguration'
'''

# The cognito-idp part of "Cleanup / Teardown" (the IAM commands after it are out of scope).
TEARDOWN_COGNITO = r'''# Delete App Client
aws cognito-idp delete-user-pool-client \
  --user-pool-id $USER_POOL_ID \
  --client-id $CLIENT_ID

# Delete User Pool
aws cognito-idp delete-user-pool \
  --user-pool-id $USER_POOL_ID
'''

ALL_SNIPPETS = {
    "step2": STEP2_CREATE_USER_POOL,
    "step3": STEP3_CREATE_APP_CLIENT,
    "step8-sign-up": STEP8_SIGN_UP,
    "step8-verify-email": STEP8_VERIFY_EMAIL,
    "step8-initiate-auth": STEP8_INITIATE_AUTH,
    "troubleshooting-get-user": TROUBLESHOOT_GET_USER_MFA,
    "troubleshooting-mfa-config": TROUBLESHOOT_MFA_CONFIGURATION,
    "teardown": TEARDOWN_COGNITO,
}

USERNAME = "user@example.com"
POOL_ID_RE = re.compile(r"us-east-1_[A-Za-z0-9]{9}")
CLIENT_ID_RE = re.compile(r"[a-z0-9]{26}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# --------------------------------------------------------------------------- helpers


def _seed_file() -> Path | None:
    import os

    candidates = []
    if os.environ.get("COGNATE_SEEDS_DIR"):
        candidates.append(Path(os.environ["COGNATE_SEEDS_DIR"]))
    candidates += [harness.REPO.parent / "shared" / "seeds", harness.REPO / "shared" / "seeds"]
    for d in candidates:
        found = sorted(d.glob("001_*.txt")) if d.is_dir() else []
        if found:
            return found[0]
    return None


def jwt_claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class Terminal:
    """The reader's terminal: runs seed snippets with the AWS CLI and remembers variables."""

    def __init__(self, server, workdir: Path):
        self.server = server
        self.workdir = workdir
        self.env = cli_env(server.endpoint, workdir)
        self.vars: dict[str, str] = {}
        self.transcript: list[CliResult] = []

    def run(self, snippet: str, replacements=(), check: bool = True) -> CliResult:
        script = add_endpoint_url(substitute(snippet, replacements))
        env = dict(self.env)
        env.update(self.vars)
        result = run_bash(script, env, self.workdir)
        self.transcript.append(result)
        if check and not result.ok:
            raise harness.AwsCliError(result)
        return result

    def need(self, *names: str) -> None:
        missing = [n for n in names if n not in self.vars]
        if missing:
            pytest.skip(f"an earlier seed step did not produce {', '.join(missing)}")


@pytest.fixture(scope="module")
def terminal(server, tmp_path_factory):
    return Terminal(server, tmp_path_factory.mktemp(f"seed001-{server.backend}"))


# --------------------------------------------------------------------------- tests


def test_snippets_match_the_seed():
    seed = _seed_file()
    if seed is None:
        pytest.skip("shared/seeds/001_*.txt not reachable (set COGNATE_SEEDS_DIR)")
    text = seed.read_text()
    for name, snippet in ALL_SNIPPETS.items():
        assert snippet in text, f"snippet {name} drifted from {seed}"


def test_step2_create_user_pool(terminal, cognito):
    out = terminal.run(STEP2_CREATE_USER_POOL)
    pool_id = out.stdout.strip()
    assert POOL_ID_RE.fullmatch(pool_id), out.describe()
    terminal.vars["USER_POOL_ID"] = pool_id

    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Id"] == pool_id
    assert pool["Name"] == "mfa-sms-pool"
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["SmsAuthenticationMessage"] == "Your MFA code is {####}"
    assert pool["SmsConfiguration"]["SnsCallerArn"] == "arn:aws:iam::123456789012:role/CognitoMFASMSRole"
    assert pool["SmsConfiguration"]["ExternalId"] == "mfa-sms-external-id"
    assert pool["UsernameConfiguration"] == {"CaseSensitive": False}
    pp = pool["Policies"]["PasswordPolicy"]
    assert (pp["MinimumLength"], pp["RequireUppercase"], pp["RequireLowercase"], pp["RequireNumbers"], pp["RequireSymbols"]) == (
        8, True, True, True, False,
    )
    schema = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert schema["email"]["Required"] is True
    assert schema["name"]["Required"] is True
    assert schema["phone_number"]["Required"] is False


def test_step3_create_app_client(terminal, cognito):
    terminal.need("USER_POOL_ID")
    pool_id = terminal.vars["USER_POOL_ID"]
    out = terminal.run(STEP3_CREATE_APP_CLIENT, [('USER_POOL_ID="us-east-1_XXXXXXXXX"', f'USER_POOL_ID="{pool_id}"')])
    client_id = out.stdout.strip()
    assert CLIENT_ID_RE.fullmatch(client_id), out.describe()
    terminal.vars["CLIENT_ID"] = client_id

    c = cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    assert c["ClientName"] == "mfa-sms-client"
    assert "ClientSecret" not in c
    assert set(c["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"}
    assert c["PreventUserExistenceErrors"] == "ENABLED"
    assert c["EnableTokenRevocation"] is True
    assert c["AuthSessionValidity"] == 3
    assert (c["AccessTokenValidity"], c["IdTokenValidity"], c["RefreshTokenValidity"]) == (60, 60, 30)
    assert c["TokenValidityUnits"] == {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}


def test_step8_sign_up(terminal, server):
    terminal.need("USER_POOL_ID", "CLIENT_ID")
    out = terminal.run(
        STEP8_SIGN_UP,
        [
            ('USER_POOL_ID="us-east-1_XXXXXXXXX"', f'USER_POOL_ID="{terminal.vars["USER_POOL_ID"]}"'),
            ('CLIENT_ID="XXXXXXXXXXXXXXXXXXXXXXXXXX"', f'CLIENT_ID="{terminal.vars["CLIENT_ID"]}"'),
        ],
    )
    doc = out.output
    assert isinstance(doc, dict), out.describe()
    assert doc["UserConfirmed"] is False, doc
    assert UUID_RE.fullmatch(doc["UserSub"]), doc
    cdd = doc["CodeDeliveryDetails"]
    assert cdd["DeliveryMedium"] == "EMAIL", doc
    assert cdd["AttributeName"] == "email", doc
    assert re.fullmatch(r"u\*\*\*@e\*\*\*(\.com)?", cdd["Destination"]), doc
    terminal.vars["USER_SUB"] = doc["UserSub"]
    # the verification e-mail really went out over SMTP
    terminal.vars["CONFIRMATION_CODE"] = server.smtp.wait_for_code(USERNAME, timeout=10)


def test_step8_verify_email(terminal, cognito):
    terminal.need("CONFIRMATION_CODE")
    out = terminal.run(STEP8_VERIFY_EMAIL, [('--confirmation-code "123456"', f'--confirmation-code "{terminal.vars["CONFIRMATION_CODE"]}"')])
    assert out.ok
    assert out.output == "" or isinstance(out.output, dict), out.describe()

    user = cognito.admin_get_user(UserPoolId=terminal.vars["USER_POOL_ID"], Username=USERNAME)
    assert user["UserStatus"] == "CONFIRMED"
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["email_verified"] == "true"
    assert attrs["email"] == USERNAME
    assert attrs["name"] == "Test User"
    assert attrs["phone_number"] == "+15551234567"
    assert attrs["sub"] == terminal.vars["USER_SUB"]
    terminal.vars["CONFIRMED"] = "1"


def test_step8_initiate_auth(terminal, server):
    terminal.need("CONFIRMED")
    out = terminal.run(STEP8_INITIATE_AUTH)
    doc = out.output
    assert isinstance(doc, dict), out.describe()
    assert "ChallengeName" not in doc, doc
    assert doc.get("ChallengeParameters") == {}, doc
    ar = doc["AuthenticationResult"]
    for k in ("AccessToken", "IdToken", "RefreshToken"):
        assert isinstance(ar.get(k), str) and ar[k], (k, doc)
    assert ar["ExpiresIn"] == 3600
    assert ar["TokenType"] == "Bearer"

    pool_id = terminal.vars["USER_POOL_ID"]
    idc, acc = jwt_claims(ar["IdToken"]), jwt_claims(ar["AccessToken"])
    assert idc["iss"] == acc["iss"] == f"{server.endpoint}/{pool_id}"
    assert idc["token_use"] == "id" and acc["token_use"] == "access"
    assert idc["aud"] == terminal.vars["CLIENT_ID"] and acc["client_id"] == terminal.vars["CLIENT_ID"]
    assert idc["sub"] == acc["sub"] == terminal.vars["USER_SUB"]
    assert idc["cognito:username"] == terminal.vars["USER_SUB"]  # email-as-username pool: username is the sub
    assert idc["email"] == USERNAME
    assert acc["exp"] - acc["iat"] == 3600
    terminal.vars["ACCESS_TOKEN"] = ar["AccessToken"]


def test_troubleshooting_get_user_mfa_settings(terminal):
    terminal.need("ACCESS_TOKEN")
    out = terminal.run(TROUBLESHOOT_GET_USER_MFA, [('ACCESS_TOKEN="ACCESS_TOKEN_HERE"', f'ACCESS_TOKEN="{terminal.vars["ACCESS_TOKEN"]}"')])
    docs = out.docs
    assert len(docs) == 2, out.describe()
    sign_in, mfa_list = docs
    assert "AccessToken" in sign_in["AuthenticationResult"], out.describe()
    # no MFA factor enabled yet: Cognito omits UserMFASettingList, so the query yields null
    assert mfa_list is None, out.describe()


def test_troubleshooting_mfa_configuration(terminal):
    terminal.need("USER_POOL_ID")
    out = terminal.run(TROUBLESHOOT_MFA_CONFIGURATION)
    assert out.output == "OPTIONAL", out.describe()


def test_teardown(terminal, cognito):
    terminal.need("USER_POOL_ID", "CLIENT_ID")
    pool_id = terminal.vars["USER_POOL_ID"]
    out = terminal.run(TEARDOWN_COGNITO)
    assert out.stdout.strip() == "", out.describe()

    gone = terminal.run(TROUBLESHOOT_MFA_CONFIGURATION, check=False)
    assert not gone.ok, gone.describe()
    assert gone.error_code == "ResourceNotFoundException", gone.describe()
    assert pool_id in (gone.error_message or ""), gone.describe()

    with pytest.raises(cognito.exceptions.ResourceNotFoundException):
        cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=terminal.vars["CLIENT_ID"])
