"""Seed 002 (Terraform `aws_cognito_user_pool`) replayed as the AWS provider's API calls.

The Terraform provider binary cannot be downloaded here, so the calls it makes are replayed
with boto3, and what it reads back is put through a Python port of its flatteners to check
that a second `terraform plan` would show no change.

Source read: hashicorp/terraform-provider-aws `internal/service/cognitoidp/user_pool.go`, the
aws-sdk-go-v2 release that has `sms_configuration.sns_region` and not yet
`password_policy.password_history_size` (mid-2024; stored index copy, its commit is not
recorded), cross-checked against commit 1a5174b137bbdefdebd6e5c2fc033f829057e283
(2024-04-17, aws-sdk-go v1) and that commit's `user_pool_test.go`, whose
`TestAccCognitoIDPUserPool_basic` records what real Cognito answers for a pool created with
only a name (and the test framework then plans again and requires an empty plan).

Both `aws_cognito_user_pool "main"` blocks of the seed are replayed, each as its own pool
(two resources cannot share an address in one configuration):

  MAIN    mfa_configuration OPTIONAL, software_token_mfa_configuration, sms_configuration
          (+ sns_region), sms_authentication_message, username_attributes,
          auto_verified_attributes, password_policy (no temporary_password_validity_days).
  DEVICE  name + device_configuration only.

Calls (resourceUserPoolCreate):
  1. CreateUserPool with the input it builds from the HCL. `deletion_protection` has
     Default INACTIVE, so DeletionProtection is always sent; MfaConfiguration is not sent;
     sms_configuration and sms_authentication_message are sent "outside of MFA" too. The
     aws-sdk-go-v2 serializers omit false booleans and zero int32 value fields, so
     TemporaryPasswordValidityDays (0 in HCL) is not on the wire.
  2. SetUserPoolMfaConfig when mfa_configuration != OFF (MAIN only): MfaConfiguration,
     SoftwareTokenMfaConfiguration from expandSoftwareTokenMFAConfigType and
     SmsMfaConfiguration{SmsConfiguration, SmsAuthenticationMessage}.
  3. resourceUserPoolRead: findUserPoolByID (DescribeUserPool) and findUserPoolMFAConfigByID
     (GetUserPoolMfaConfig); tags come from DescribeUserPool's UserPoolTags (setTagsOut).
     It dereferences CreationDate, LastModifiedDate and Policies without nil checks.

Read (resourceUserPoolRead + flatten*Type) is ported in `read_like_provider` and compared
with the HCL in `plan_changes`, following the schema: Optional attributes and blocks must
come back as written (an unwritten one must come back empty: device_configuration,
lambda_config, user_pool_add_ons, username_configuration, user_attribute_update_settings,
schema via flattenSchemaAttributeTypes, software_token_mfa_configuration, tags...);
Optional+Computed ones (admin_create_user_config, password_policy, sms_configuration,
verification_message_template, email_verification_*) only when written;
account_recovery_setting and email_configuration carry
verify.SuppressMissingOptionalConfigurationBlock; mfa_configuration and
deletion_protection have Defaults (OFF, INACTIVE).

One difference is Cognito's own and stays: password_policy is written without
temporary_password_validity_days, so the config value is null, Cognito stores its default 7,
and every plan shows `temporary_password_validity_days = 7 -> null` (reported against real
AWS in ustaxcourt/ef-cms#370; the provider's own password_policy test configs all set it).
The second apply therefore runs resourceUserPoolUpdate's UpdateUserPool branch
(password_policy changed; no MFA attribute changed, so no SetUserPoolMfaConfig); it is
replayed in `update_input_like_provider` from the planned values and checked to leave
everything else as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest

ACCOUNT = "123456789012"
SNS_ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/cognito-sms-role"  # aws_iam_role.cognito_sms.arn
POOL_NAME = "my-app-user-pool"
SMS_AUTH_MESSAGE = "Your sign-in code for MyApp is {####}"

# --------------------------------------------------------------------------- the seed's HCL

MAIN_HCL = {
    "name": POOL_NAME,
    "mfa_configuration": "OPTIONAL",
    "software_token_mfa_configuration": [{"enabled": True}],
    "sms_configuration": [{
        "external_id": "cognito-sms-external",
        "sns_caller_arn": SNS_ROLE_ARN,
        "sns_region": "us-east-1",
    }],
    "sms_authentication_message": SMS_AUTH_MESSAGE,
    "username_attributes": {"email"},
    "auto_verified_attributes": {"email"},
    "password_policy": [{
        "minimum_length": 12,
        "require_lowercase": True,
        "require_uppercase": True,
        "require_numbers": True,
        "require_symbols": True,
    }],
}

DEVICE_HCL = {
    "name": POOL_NAME,
    "device_configuration": [{
        "challenge_required_on_new_device": True,
        "device_only_remembered_on_user_prompt": True,
    }],
}

# --------------------------------------------------------------------------- what Create sends

MAIN_CREATE_USER_POOL = {
    "PoolName": POOL_NAME,
    "AutoVerifiedAttributes": ["email"],
    "DeletionProtection": "INACTIVE",
    "Policies": {"PasswordPolicy": {
        "MinimumLength": 12,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "RequireUppercase": True,
    }},
    "SmsAuthenticationMessage": SMS_AUTH_MESSAGE,
    "SmsConfiguration": {
        "ExternalId": "cognito-sms-external",
        "SnsCallerArn": SNS_ROLE_ARN,
        "SnsRegion": "us-east-1",
    },
    "UsernameAttributes": ["email"],
}

MAIN_SET_USER_POOL_MFA_CONFIG = {
    "MfaConfiguration": "OPTIONAL",
    "SoftwareTokenMfaConfiguration": {"Enabled": True},
    "SmsMfaConfiguration": {
        "SmsConfiguration": {
            "ExternalId": "cognito-sms-external",
            "SnsCallerArn": SNS_ROLE_ARN,
            "SnsRegion": "us-east-1",
        },
        "SmsAuthenticationMessage": SMS_AUTH_MESSAGE,
    },
}

DEVICE_CREATE_USER_POOL = {
    "PoolName": POOL_NAME,
    "DeletionProtection": "INACTIVE",
    "DeviceConfiguration": {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": True,
    },
}

# userPoolSchemaAttributeMatchesStandardAttribute: SchemaAttributes equal (reflect.DeepEqual,
# so absent and present-but-empty differ) to one of these are not written to state.
_S = ("2048", "0")
STANDARD_SCHEMA = {
    (name, "String", False, True, False, None, _S)
    for name in ("address", "email", "family_name", "gender", "given_name", "locale",
                 "middle_name", "name", "nickname", "phone_number", "picture",
                 "preferred_username", "profile", "website", "zoneinfo")
} | {
    ("birthdate", "String", False, True, False, None, ("10", "10")),
    ("email_verified", "Boolean", False, True, False, None, None),
    ("phone_number_verified", "Boolean", False, True, False, None, None),
    ("sub", "String", False, False, True, None, ("2048", "1")),
    ("updated_at", "Number", False, True, False, (None, "0"), None),
    # the attribute Cognito adds with an identity provider
    ("identities", "String", False, True, False, None, (None, None)),
}

# --------------------------------------------------------------------------- provider ports


def _schema_key(a: dict) -> tuple:
    """A SchemaAttributeType as aws-sdk-go-v2 decodes it: absent members are nil."""
    nac, sac = a.get("NumberAttributeConstraints"), a.get("StringAttributeConstraints")
    return (
        a.get("Name"), a.get("AttributeDataType", ""), a.get("DeveloperOnlyAttribute"),
        a.get("Mutable"), a.get("Required"),
        None if nac is None else (nac.get("MaxValue"), nac.get("MinValue")),
        None if sac is None else (sac.get("MaxLength"), sac.get("MinLength")),
    )


def read_like_provider(cognito, pool_id: str) -> tuple[dict, dict, dict]:
    """resourceUserPoolRead: (state, DescribeUserPool.UserPool, GetUserPoolMfaConfig)."""
    pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    mfa.pop("ResponseMetadata", None)

    def block(obj, fn):
        return [] if obj is None else fn(obj)

    def present(d: dict, names: dict) -> dict:
        return {tf: d[api] for api, tf in names.items() if d.get(api) is not None}

    ars = pool.get("AccountRecoverySetting") or {}
    acuc = pool.get("AdminCreateUserConfig")
    pp = (pool.get("Policies") or {}).get("PasswordPolicy")
    uaus = (pool.get("UserAttributeUpdateSettings") or {}).get(
        "AttributesRequireVerificationBeforeUpdate")
    lambda_config = {k: v for k, v in (pool.get("LambdaConfig") or {}).items() if v is not None}

    def admin_create_user_config(c):
        tf = {"allow_admin_create_user_only": c.get("AllowAdminCreateUserOnly", False)}
        imt = present(c.get("InviteMessageTemplate") or {}, {
            "EmailMessage": "email_message", "EmailSubject": "email_subject",
            "SMSMessage": "sms_message"})
        if imt:
            tf["invite_message_template"] = [imt]
        return [tf]

    def password_policy(p):
        tf = {
            "require_lowercase": p.get("RequireLowercase", False),
            "require_numbers": p.get("RequireNumbers", False),
            "require_symbols": p.get("RequireSymbols", False),
            "require_uppercase": p.get("RequireUppercase", False),
            "temporary_password_validity_days": p.get("TemporaryPasswordValidityDays", 0),
        }
        if p.get("MinimumLength") is not None:
            tf["minimum_length"] = p["MinimumLength"]
        return [tf]

    def verification_message_template(v):
        tf = {"default_email_option": v.get("DefaultEmailOption", "")}
        tf.update(present(v, {
            "EmailMessage": "email_message", "EmailMessageByLink": "email_message_by_link",
            "EmailSubject": "email_subject", "EmailSubjectByLink": "email_subject_by_link",
            "SmsMessage": "sms_message"}))
        return [tf]

    state = {
        "account_recovery_setting": [] if not ars.get("RecoveryMechanisms") else [{
            "recovery_mechanism": {(m.get("Name"), m.get("Priority", 0))
                                   for m in ars["RecoveryMechanisms"]},
        }],
        "admin_create_user_config": block(acuc, admin_create_user_config),
        "alias_attributes": set(pool.get("AliasAttributes") or []),
        "auto_verified_attributes": set(pool.get("AutoVerifiedAttributes") or []),
        "deletion_protection": pool.get("DeletionProtection", ""),
        "device_configuration": block(pool.get("DeviceConfiguration"), lambda d: [{
            "challenge_required_on_new_device": d.get("ChallengeRequiredOnNewDevice", False),
            "device_only_remembered_on_user_prompt":
                d.get("DeviceOnlyRememberedOnUserPrompt", False),
        }]),
        "email_configuration": block(pool.get("EmailConfiguration"), lambda e: [{
            "email_sending_account": e.get("EmailSendingAccount", ""),
            **present(e, {"ConfigurationSet": "configuration_set", "From": "from_email_address",
                          "ReplyToEmailAddress": "reply_to_email_address",
                          "SourceArn": "source_arn"}),
        }]),
        "email_verification_message": pool.get("EmailVerificationMessage", ""),
        "email_verification_subject": pool.get("EmailVerificationSubject", ""),
        "lambda_config": [lambda_config] if lambda_config else [],
        "name": pool.get("Name", ""),
        "password_policy": block(pp, password_policy),
        "schema": [_schema_key(a) for a in pool.get("SchemaAttributes") or []
                   if _schema_key(a) not in STANDARD_SCHEMA],
        "sms_authentication_message": pool.get("SmsAuthenticationMessage", ""),
        "sms_configuration": block(pool.get("SmsConfiguration"), lambda s: [present(s, {
            "ExternalId": "external_id", "SnsCallerArn": "sns_caller_arn",
            "SnsRegion": "sns_region"})]),
        "sms_verification_message": pool.get("SmsVerificationMessage", ""),
        "user_attribute_update_settings": [] if not uaus else [{
            "attributes_require_verification_before_update": set(uaus)}],
        "user_pool_add_ons": block(pool.get("UserPoolAddOns"), lambda a: [{
            "advanced_security_mode": a.get("AdvancedSecurityMode", "")}]),
        "username_attributes": set(pool.get("UsernameAttributes") or []),
        "username_configuration": block(pool.get("UsernameConfiguration"), lambda u: [{
            "case_sensitive": u.get("CaseSensitive", False)}]),
        "verification_message_template": block(pool.get("VerificationMessageTemplate"),
                                               verification_message_template),
        "tags": dict(pool.get("UserPoolTags") or {}),
        "mfa_configuration": mfa.get("MfaConfiguration", ""),
        "software_token_mfa_configuration": block(mfa.get("SoftwareTokenMfaConfiguration"),
                                                  lambda t: [{"enabled": t.get("Enabled", False)}]),
    }
    return state, pool, mfa


OPTIONAL, COMPUTED, SUPPRESSED = "optional", "optional+computed", "suppress-missing-block"
# How resourceUserPool's schema makes `plan` compare each attribute read back.
PLAN_RULES: dict[str, object] = {
    "account_recovery_setting": SUPPRESSED,
    "admin_create_user_config": COMPUTED,
    "alias_attributes": OPTIONAL,
    "auto_verified_attributes": OPTIONAL,
    "deletion_protection": ("default", "INACTIVE"),
    "device_configuration": OPTIONAL,
    "email_configuration": SUPPRESSED,
    "email_verification_message": COMPUTED,
    "email_verification_subject": COMPUTED,
    "lambda_config": OPTIONAL,
    "mfa_configuration": ("default", "OFF"),
    "name": OPTIONAL,
    "password_policy": COMPUTED,
    "schema": OPTIONAL,
    "sms_authentication_message": OPTIONAL,
    "sms_configuration": COMPUTED,
    "sms_verification_message": COMPUTED,
    "software_token_mfa_configuration": OPTIONAL,
    "tags": OPTIONAL,
    "user_attribute_update_settings": OPTIONAL,
    "user_pool_add_ons": OPTIONAL,
    "username_attributes": OPTIONAL,
    "username_configuration": OPTIONAL,
    "verification_message_template": COMPUTED,
}
# Nested attributes that are Optional+Computed (no diff when the HCL leaves them out).
NESTED_COMPUTED = {"sms_configuration": {"sns_region"}}


def _zero(value):
    return type(value)() if value is not None else None


def plan_changes(state: dict, hcl: dict) -> dict[str, tuple]:
    """Attribute path -> (state, config) for every attribute `terraform plan` would change."""
    changes: dict[str, tuple] = {}
    for attr, rule in PLAN_RULES.items():
        have = state[attr]
        if attr in hcl:
            want = hcl[attr]
        elif rule in (COMPUTED, SUPPRESSED):
            continue
        elif isinstance(rule, tuple):
            want = rule[1]
        else:
            want = _zero(have)
        if isinstance(want, list) and want:  # a written block (MaxItems 1)
            if len(have) != 1:
                changes[f"{attr}.#"] = (len(have), 1)
                continue
            for key in sorted(set(have[0]) | set(want[0])):
                if key not in want[0] and key in NESTED_COMPUTED.get(attr, ()):
                    continue
                h = have[0].get(key)
                w = want[0].get(key, _zero(h))
                if h != w:
                    changes[f"{attr}.0.{key}"] = (h, w)
        elif isinstance(want, list):
            if have:
                changes[f"{attr}.#"] = (len(have), 0)
        elif have != want:
            changes[attr] = (have, want)
    return changes


def update_input_like_provider(pool_id: str, state: dict, hcl: dict) -> dict:
    """resourceUserPoolUpdate's UpdateUserPool input for the planned values: the HCL where
    written, the state for Computed/suppressed attributes left out; d.GetOk skips zero
    values and aws-sdk-go-v2 omits false/0 value fields."""
    planned = {a: hcl.get(a, state[a]) if PLAN_RULES[a] in (COMPUTED, SUPPRESSED)
               else hcl.get(a, _zero(state[a]) if not isinstance(PLAN_RULES[a], tuple)
                            else PLAN_RULES[a][1])
               for a in PLAN_RULES}
    inp: dict = {"UserPoolId": pool_id}
    if planned["account_recovery_setting"]:
        inp["AccountRecoverySetting"] = {"RecoveryMechanisms": [
            {"Name": n, "Priority": p}
            for n, p in sorted(planned["account_recovery_setting"][0]["recovery_mechanism"])]}
    if planned["admin_create_user_config"]:
        c = planned["admin_create_user_config"][0]
        acuc: dict = {}
        if c.get("allow_admin_create_user_only"):
            acuc["AllowAdminCreateUserOnly"] = True
        if c.get("invite_message_template"):
            t = c["invite_message_template"][0]
            acuc["InviteMessageTemplate"] = {"EmailMessage": t.get("email_message", ""),
                                             "EmailSubject": t.get("email_subject", ""),
                                             "SMSMessage": t.get("sms_message", "")}
        inp["AdminCreateUserConfig"] = acuc
    if planned["auto_verified_attributes"]:
        inp["AutoVerifiedAttributes"] = sorted(planned["auto_verified_attributes"])
    if planned["deletion_protection"]:
        inp["DeletionProtection"] = planned["deletion_protection"]
    if planned["device_configuration"]:
        d = planned["device_configuration"][0]
        inp["DeviceConfiguration"] = {k: True for k, tf in (
            ("ChallengeRequiredOnNewDevice", "challenge_required_on_new_device"),
            ("DeviceOnlyRememberedOnUserPrompt", "device_only_remembered_on_user_prompt"))
            if d.get(tf)}
    if planned["email_configuration"]:
        e = planned["email_configuration"][0]
        inp["EmailConfiguration"] = {api: e[tf] for api, tf in (
            ("ConfigurationSet", "configuration_set"),
            ("EmailSendingAccount", "email_sending_account"), ("From", "from_email_address"),
            ("ReplyToEmailAddress", "reply_to_email_address"), ("SourceArn", "source_arn"))
            if e.get(tf)}
    for api, tf in (("EmailVerificationSubject", "email_verification_subject"),
                    ("EmailVerificationMessage", "email_verification_message")):
        if planned[tf]:
            inp[api] = planned[tf]
    if planned["lambda_config"]:
        raise AssertionError("lambda_config is not part of the seed")
    if planned["mfa_configuration"]:
        inp["MfaConfiguration"] = planned["mfa_configuration"]
    if planned["password_policy"]:
        p = planned["password_policy"][0]
        pp: dict = {}
        if p.get("minimum_length") is not None:
            pp["MinimumLength"] = p["minimum_length"]
        for api, tf in (("RequireLowercase", "require_lowercase"),
                        ("RequireNumbers", "require_numbers"),
                        ("RequireSymbols", "require_symbols"),
                        ("RequireUppercase", "require_uppercase")):
            if p.get(tf):
                pp[api] = True
        if p.get("temporary_password_validity_days"):
            pp["TemporaryPasswordValidityDays"] = p["temporary_password_validity_days"]
        inp["Policies"] = {"PasswordPolicy": pp}
    if planned["sms_authentication_message"]:
        inp["SmsAuthenticationMessage"] = planned["sms_authentication_message"]
    if planned["sms_configuration"]:
        s = planned["sms_configuration"][0]
        inp["SmsConfiguration"] = {api: s[tf] for api, tf in (
            ("ExternalId", "external_id"), ("SnsCallerArn", "sns_caller_arn"),
            ("SnsRegion", "sns_region")) if s.get(tf)}
    if planned["sms_verification_message"]:
        inp["SmsVerificationMessage"] = planned["sms_verification_message"]
    if planned["verification_message_template"]:
        v = planned["verification_message_template"][0]
        inp["VerificationMessageTemplate"] = {api: v[tf] for api, tf in (
            ("DefaultEmailOption", "default_email_option"), ("EmailMessage", "email_message"),
            ("EmailMessageByLink", "email_message_by_link"), ("EmailSubject", "email_subject"),
            ("EmailSubjectByLink", "email_subject_by_link"), ("SmsMessage", "sms_message"))
            if v.get(tf)}
    return inp


# Cognito's own diff for MAIN (see the module docstring); everything else must match.
COGNITO_OWN_DIFF = {"password_policy.0.temporary_password_validity_days": (7, 0)}

# --------------------------------------------------------------------------- fixtures


def _apply(cognito, create: dict, mfa: dict | None):
    pool_id = cognito.create_user_pool(**create)["UserPool"]["Id"]
    if mfa is not None:
        cognito.set_user_pool_mfa_config(UserPoolId=pool_id, **mfa)
    return pool_id


def _delete(cognito, pool_id: str) -> None:
    try:
        cognito.delete_user_pool(UserPoolId=pool_id)
    except Exception:
        pass


@pytest.fixture(scope="module")
def main_pool(cognito):
    pool_id = _apply(cognito, MAIN_CREATE_USER_POOL, MAIN_SET_USER_POOL_MFA_CONFIG)
    yield pool_id
    _delete(cognito, pool_id)


@pytest.fixture(scope="module")
def main_read(cognito, main_pool):
    return read_like_provider(cognito, main_pool)


@pytest.fixture(scope="module")
def device_pool(cognito):
    pool_id = _apply(cognito, DEVICE_CREATE_USER_POOL, None)
    yield pool_id
    _delete(cognito, pool_id)


@pytest.fixture(scope="module")
def device_read(cognito, device_pool):
    return read_like_provider(cognito, device_pool)


@pytest.fixture(scope="module")
def main_second_apply(cognito):
    """A MAIN pool applied, read, then applied again with the Update the plan calls for."""
    pool_id = _apply(cognito, MAIN_CREATE_USER_POOL, MAIN_SET_USER_POOL_MFA_CONFIG)
    state, _, _ = read_like_provider(cognito, pool_id)
    update = update_input_like_provider(pool_id, state, MAIN_HCL)
    cognito.update_user_pool(**update)
    yield {"pool_id": pool_id, "update": update, "read": read_like_provider(cognito, pool_id)}
    _delete(cognito, pool_id)


def _only(changes: dict, attr: str) -> dict:
    return {k: v for k, v in changes.items() if k == attr or k.startswith(attr + ".")}


# --------------------------------------------------------------------------- first apply: MAIN


def test_read_has_what_the_provider_dereferences(main_read, device_read):
    """CreationDate/LastModifiedDate (.Format) and Policies (.PasswordPolicy) are used
    without nil checks in resourceUserPoolRead: a missing one crashes the provider."""
    for _, pool, _ in (main_read, device_read):
        for key in ("CreationDate", "LastModifiedDate"):
            assert isinstance(pool.get(key), dt.datetime), f"{key}: {pool.get(key)!r}"
        assert isinstance(pool.get("Policies"), dict), f"Policies: {pool.get('Policies')!r}"
        assert pool.get("Arn", "").endswith(f"userpool/{pool['Id']}")


@pytest.mark.parametrize("attr", sorted(PLAN_RULES))
def test_main_second_plan_keeps_attribute(main_read, attr):
    state, pool, mfa = main_read
    got = _only(plan_changes(state, MAIN_HCL), attr)
    assert got == _only(COGNITO_OWN_DIFF, attr), (
        f"`terraform plan` would change {got} (state, config); "
        f"DescribeUserPool={pool!r} GetUserPoolMfaConfig={mfa!r}")


def test_main_write_read_round_trip_field_by_field(main_read):
    state, pool, mfa = main_read
    assert state["name"] == POOL_NAME
    assert state["mfa_configuration"] == "OPTIONAL"
    assert state["software_token_mfa_configuration"] == [{"enabled": True}]
    assert state["sms_configuration"] == [{
        "external_id": "cognito-sms-external",
        "sns_caller_arn": SNS_ROLE_ARN,
        "sns_region": "us-east-1",
    }]
    assert state["sms_authentication_message"] == SMS_AUTH_MESSAGE
    # ForceNew sets: a difference here would replace the pool
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert state["password_policy"] == [{
        "minimum_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": True,
        "require_uppercase": True,
        "temporary_password_validity_days": 7,  # Cognito's default, not in the HCL
    }]
    # password_history_size (newer provider releases, Optional): unset must read as 0
    assert pool["Policies"]["PasswordPolicy"].get("PasswordHistorySize", 0) == 0
    assert state["deletion_protection"] == "INACTIVE"


def test_main_blocks_not_written_come_back_empty(main_read):
    state, pool, mfa = main_read
    for attr in ("device_configuration", "lambda_config", "user_pool_add_ons",
                 "username_configuration", "user_attribute_update_settings", "schema"):
        assert state[attr] == [], f"{attr}: {state[attr]!r}"
    assert state["alias_attributes"] == set()
    assert state["tags"] == {}
    # email_mfa_configuration (newer provider releases) is read from here and not written
    assert "EmailMfaConfiguration" not in mfa, mfa


def test_schema_attributes_are_exactly_cognitos_standard_ones(main_read, device_read):
    """flattenSchemaAttributeTypes drops an attribute only if it DeepEquals one of the
    provider's standard attributes; any other is written to state and, with no `schema`
    in the HCL, planned for removal (which Update refuses: cannot modify or remove)."""
    for _, pool, _ in (main_read, device_read):
        extra = [_schema_key(a) for a in pool["SchemaAttributes"]
                 if _schema_key(a) not in STANDARD_SCHEMA]
        assert extra == []
        names = sorted(a["Name"] for a in pool["SchemaAttributes"])
        assert names == sorted(k[0] for k in STANDARD_SCHEMA if k[0] != "identities")


def test_main_defaults_for_blocks_the_provider_fills_from_cognito(main_read):
    """Computed (or diff-suppressed) blocks the seed leaves out: no plan diff whatever comes
    back, but these are Cognito's answers (TestAccCognitoIDPUserPool_basic)."""
    state, pool, _ = main_read
    assert state["admin_create_user_config"][0]["allow_admin_create_user_only"] is False
    assert state["email_configuration"] == [{"email_sending_account": "COGNITO_DEFAULT"}]
    assert state["verification_message_template"][0]["default_email_option"] == "CONFIRM_WITH_CODE"
    # account_recovery_setting: the acceptance test counts one block on real Cognito, but
    # SuppressMissingOptionalConfigurationBlock hides it from plan, so only its shape matters
    for block in state["account_recovery_setting"]:
        for name, priority in block["recovery_mechanism"]:
            assert name in ("verified_email", "verified_phone_number", "admin_only")
            assert priority in (1, 2)


# --------------------------------------------------------------------------- first apply: DEVICE


@pytest.mark.parametrize("attr", sorted(PLAN_RULES))
def test_device_second_plan_keeps_attribute(device_read, attr):
    state, pool, mfa = device_read
    got = _only(plan_changes(state, DEVICE_HCL), attr)
    assert got == {}, (
        f"`terraform plan` would change {got} (state, config); "
        f"DescribeUserPool={pool!r} GetUserPoolMfaConfig={mfa!r}")


def test_device_write_read_round_trip(device_read):
    state, pool, mfa = device_read
    assert state["device_configuration"] == [{
        "challenge_required_on_new_device": True,
        "device_only_remembered_on_user_prompt": True,
    }]
    assert mfa.get("MfaConfiguration") == "OFF"
    # a pool never given MFA settings: no email MFA block, no sms_authentication_message
    assert "EmailMfaConfiguration" not in mfa, mfa
    assert not pool.get("SmsAuthenticationMessage")
    assert state["deletion_protection"] == "INACTIVE"
    # Cognito's default policy (TestAccCognitoIDPUserPool_basic)
    assert state["password_policy"] == [{
        "minimum_length": 8, "require_lowercase": True, "require_numbers": True,
        "require_symbols": True, "require_uppercase": True,
        "temporary_password_validity_days": 7,
    }]


def test_device_pool_reads_no_software_token_block(device_read):
    _, _, mfa = device_read
    assert "SoftwareTokenMfaConfiguration" not in mfa, mfa


# --------------------------------------------------------------------------- second apply


def test_second_apply_sends_only_update_user_pool(main_second_apply):
    """Only password_policy differs, so resourceUserPoolUpdate skips SetUserPoolMfaConfig and
    sends UpdateUserPool with the planned values; Cognito accepts it."""
    update = main_second_apply["update"]
    assert update["Policies"] == MAIN_CREATE_USER_POOL["Policies"]
    assert update["MfaConfiguration"] == "OPTIONAL"
    assert update["SmsConfiguration"] == MAIN_CREATE_USER_POOL["SmsConfiguration"]
    assert "DeviceConfiguration" not in update


@pytest.mark.parametrize("attr", sorted(PLAN_RULES))
def test_third_plan_after_update_keeps_attribute(main_second_apply, attr):
    state, pool, mfa = main_second_apply["read"]
    got = _only(plan_changes(state, MAIN_HCL), attr)
    assert got == _only(COGNITO_OWN_DIFF, attr), (
        f"after UpdateUserPool {main_second_apply['update']!r}, `terraform plan` would "
        f"change {got}; DescribeUserPool={pool!r} GetUserPoolMfaConfig={mfa!r}")


def test_update_keeps_the_mfa_settings_set_apart(cognito, main_second_apply):
    """UpdateUserPool carries MfaConfiguration but not the TOTP switch: the software token
    setting made by SetUserPoolMfaConfig must survive it."""
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=main_second_apply["pool_id"])
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    sms = mfa["SmsMfaConfiguration"]
    assert sms["SmsAuthenticationMessage"] == SMS_AUTH_MESSAGE
    assert sms["SmsConfiguration"] == MAIN_CREATE_USER_POOL["SmsConfiguration"]


def test_older_provider_sends_explicit_zero_validity_days(cognito):
    """Provider releases on aws-sdk-go v1 (e.g. 1a5174b, expandUserPoolPasswordPolicy) send
    the unset temporary_password_validity_days as an explicit 0; Cognito stores its default
    7 then too (ustaxcourt/ef-cms#370: 'terraform ... resets this property to null, and
    cognito resets it back to 7'). Kept as 0, the plan shows no diff where Cognito's does,
    and AdminCreateUser's temporary passwords expire at once."""
    create = dict(MAIN_CREATE_USER_POOL)
    create["Policies"] = {"PasswordPolicy": dict(
        MAIN_CREATE_USER_POOL["Policies"]["PasswordPolicy"], TemporaryPasswordValidityDays=0)}
    pool_id = _apply(cognito, create, MAIN_SET_USER_POOL_MFA_CONFIG)
    try:
        pool = cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        assert pool["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"] == 7
    finally:
        _delete(cognito, pool_id)
