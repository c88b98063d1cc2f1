"""The custom sign-in (`CUSTOM_AUTH`), led by the pool's DefineAuthChallenge,
CreateAuthChallenge and VerifyAuthChallengeResponse functions: handlers written as for Lambda
run in the Invoke stand-in. Without a password (a question the functions ask and judge), with
the password by SRP first (`CHALLENGE_NAME=SRP_A`, as Amplify's CUSTOM_WITH_SRP), through the
Admin API, for unknown users where the client hides them, with MFA where a password came
first, and with Cognito's errors. Amplify v6 drives both of its custom flows too. Both backends.
"""

from __future__ import annotations

import re
import uuid

import pytest

from device_helpers import new_totp_user, tokens_of
from harness import make_aws_cli, run_node_test
from helpers import (
    admin_create_confirmed_user,
    call_error,
    create_client,
    create_pool,
    jwt_claims,
    make_client,
    new_email,
)
from lambda_standin import LambdaStandIn
from test_srp_clients import Srp

CUSTOM_FLOWS = ["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
                "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]
QUESTION = "What colour is the sky?"
ANSWER = "blue"
WRONG_ANSWERS_ALLOWED = 3


def define(event, context):
    """The usual DefineAuthChallenge: the password first when the client began with SRP_A,
    then the question until it is answered or answered wrong three times."""
    session = event["request"]["session"]
    response = event["response"]
    wrong = [s for s in session if s["challengeName"] == "CUSTOM_CHALLENGE" and not s["challengeResult"]]
    last = session[-1] if session else None
    response["issueTokens"] = False
    response["failAuthentication"] = False
    if last and last["challengeName"] == "SRP_A":
        response["challengeName"] = "PASSWORD_VERIFIER"
    elif last and last["challengeName"] == "CUSTOM_CHALLENGE" and last["challengeResult"]:
        response["issueTokens"] = True
    elif len(wrong) >= WRONG_ANSWERS_ALLOWED:
        response["failAuthentication"] = True
    else:
        response["challengeName"] = "CUSTOM_CHALLENGE"
    return event


def create(event, context):
    attempt = sum(1 for s in event["request"]["session"] if s["challengeName"] == "CUSTOM_CHALLENGE")
    event["response"]["publicChallengeParameters"] = {"question": QUESTION, "attempt": str(attempt + 1)}
    event["response"]["privateChallengeParameters"] = {"answer": ANSWER}
    event["response"]["challengeMetadata"] = f"QUESTION-{attempt + 1}"
    return event


def verify(event, context):
    expected = event["request"]["privateChallengeParameters"]["answer"]
    event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == expected
    return event


@pytest.fixture(scope="module")
def lambdas():
    standin = LambdaStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def cognate(server, server_factory, lambdas):
    """A server on this module's backend whose triggers reach the stand-in."""
    return server_factory(*lambdas.server_args(), backend=server.backend, env=lambdas.server_env())


def _functions(lambdas) -> tuple[dict, dict[str, str]]:
    """Fresh names for the three functions → (LambdaConfig, {role: function name})."""
    suffix = uuid.uuid4().hex[:8]
    names = {role: f"{role}-{suffix}" for role in ("define", "create", "verify")}
    config = {
        "DefineAuthChallenge": lambdas.add(names["define"], define),
        "CreateAuthChallenge": lambdas.add(names["create"], create),
        "VerifyAuthChallengeResponse": lambdas.add(names["verify"], verify),
    }
    return config, names


def _pool(cognito, lambdas, **client_overrides) -> dict:
    config, names = _functions(lambdas)
    pool_id = create_pool(cognito, LambdaConfig=config)
    overrides = {"ExplicitAuthFlows": CUSTOM_FLOWS, **client_overrides}
    client_id = create_client(cognito, pool_id, **overrides)["ClientId"]
    return {"pool_id": pool_id, "client_id": client_id, "names": names}


def _error(e) -> tuple[str, str]:
    return e.response["Error"]["Code"], e.response["Error"]["Message"]


def _answer(cognito, pool: dict, challenge: dict, answer: str, **extra) -> dict:
    return cognito.respond_to_auth_challenge(
        ClientId=pool["client_id"], ChallengeName="CUSTOM_CHALLENGE", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": challenge["ChallengeParameters"]["USERNAME"], "ANSWER": answer},
        **extra)


def _start(cognito, pool: dict, username: str, **params) -> dict:
    return cognito.initiate_auth(ClientId=pool["client_id"], AuthFlow="CUSTOM_AUTH",
                                 AuthParameters={"USERNAME": username, **params})


def test_a_question_instead_of_a_password(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)

    first = cognito.initiate_auth(ClientId=pool["client_id"], AuthFlow="CUSTOM_AUTH",
                                  AuthParameters={"USERNAME": user.email},
                                  ClientMetadata={"app": "kiosk"})
    assert first["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert first["Session"]
    params = first["ChallengeParameters"]
    assert params["question"] == QUESTION and params["attempt"] == "1"
    assert "answer" not in params
    username = params["USERNAME"]

    # A wrong answer: the function asks again (a new challenge, a new session).
    again = _answer(cognito, pool, first, "green")
    assert again["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert again["ChallengeParameters"]["attempt"] == "2"
    assert again["Session"] != first["Session"]
    # An answered session is spent.
    e = call_error(_answer, cognito, pool, first, ANSWER)
    assert _error(e) == ("NotAuthorizedException",
                         "Invalid session for the user, session can only be used once.")

    done = _answer(cognito, pool, again, ANSWER, ClientMetadata={"step": "answer"})
    tokens = done["AuthenticationResult"]
    assert cognito.get_user(AccessToken=tokens["AccessToken"])["Username"] == username
    assert jwt_claims(tokens["IdToken"])["email"] == user.email
    refreshed = cognito.initiate_auth(ClientId=pool["client_id"], AuthFlow="REFRESH_TOKEN_AUTH",
                                      AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert refreshed["AuthenticationResult"]["AccessToken"]

    # What the functions saw, in order.
    names = pool["names"]
    defines = lambdas.events(names["define"])
    assert [len(e["request"]["session"]) for e in defines] == [0, 1, 2]
    assert defines[-1]["request"]["session"] == [
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": False, "challengeMetadata": "QUESTION-1"},
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": True, "challengeMetadata": "QUESTION-2"},
    ]
    for event in defines:
        assert event["triggerSource"] == "DefineAuthChallenge_Authentication"
        assert event["userName"] == username
        assert event["callerContext"]["clientId"] == pool["client_id"]
        assert event["request"]["userNotFound"] is False
        assert event["request"]["userAttributes"]["email"] == user.email
        assert event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert defines[0]["request"]["clientMetadata"] == {"app": "kiosk"}
    assert defines[-1]["request"]["clientMetadata"] == {"step": "answer"}
    creates = lambdas.events(names["create"])
    assert [e["request"]["challengeName"] for e in creates] == ["CUSTOM_CHALLENGE"] * 2
    assert creates[0]["triggerSource"] == "CreateAuthChallenge_Authentication"
    verifies = lambdas.events(names["verify"])
    assert [e["request"]["challengeAnswer"] for e in verifies] == ["green", ANSWER]
    assert verifies[0]["request"]["privateChallengeParameters"] == {"answer": ANSWER}
    assert verifies[0]["triggerSource"] == "VerifyAuthChallengeResponse_Authentication"


def test_the_function_fails_the_sign_in(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)
    step = _start(cognito, pool, user.email)
    for _ in range(WRONG_ANSWERS_ALLOWED - 1):
        step = _answer(cognito, pool, step, "red")
        assert step["ChallengeName"] == "CUSTOM_CHALLENGE"
    e = call_error(_answer, cognito, pool, step, "red")
    assert _error(e) == ("NotAuthorizedException", "Incorrect username or password.")
    # A custom challenge does not count toward the password lockout.
    assert cognito.initiate_auth(
        ClientId=pool["client_id"], AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})["AuthenticationResult"]


def test_the_password_by_srp_then_the_question(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)
    srp = Srp(cognito, pool["pool_id"], pool["client_id"], user.email, user.password)

    srp.challenge = _start(cognito, pool, user.email, SRP_A=srp.auth_params["SRP_A"],
                           CHALLENGE_NAME="SRP_A")
    assert srp.challenge["ChallengeName"] == "PASSWORD_VERIFIER"
    question = srp.respond(session=True)
    assert question["ChallengeName"] == "CUSTOM_CHALLENGE", question
    assert question["ChallengeParameters"]["question"] == QUESTION
    tokens = _answer(cognito, pool, question, ANSWER)["AuthenticationResult"]
    assert tokens["IdToken"]

    sessions = [e["request"]["session"] for e in lambdas.events(pool["names"]["define"])]
    assert [[s["challengeName"] for s in session] for session in sessions] == [
        ["SRP_A"],
        ["SRP_A", "PASSWORD_VERIFIER"],
        ["SRP_A", "PASSWORD_VERIFIER", "CUSTOM_CHALLENGE"],
    ]
    assert all(s["challengeResult"] for s in sessions[-1])

    # A wrong password ends the sign-in there, as in a password sign-in.
    srp = Srp(cognito, pool["pool_id"], pool["client_id"], user.email, user.password)
    srp.challenge = _start(cognito, pool, user.email, SRP_A=srp.auth_params["SRP_A"],
                           CHALLENGE_NAME="SRP_A")
    e = call_error(srp.respond, srp.responses(password="Not-the-password-1"), session=True)
    assert _error(e) == ("NotAuthorizedException", "Incorrect username or password.")


def test_admin_api_and_unknown_users(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)
    step = cognito.admin_initiate_auth(UserPoolId=pool["pool_id"], ClientId=pool["client_id"],
                                       AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": user.email})
    assert step["ChallengeName"] == "CUSTOM_CHALLENGE"
    done = cognito.admin_respond_to_auth_challenge(
        UserPoolId=pool["pool_id"], ClientId=pool["client_id"], ChallengeName="CUSTOM_CHALLENGE",
        Session=step["Session"],
        ChallengeResponses={"USERNAME": user.email, "ANSWER": ANSWER})
    assert done["AuthenticationResult"]["AccessToken"]

    # An unknown user, where the client hides which users exist: the same questions, as
    # `userNotFound`, and in the end the answer a wrong password gets.
    ghost = new_email("ghost")
    step = _start(cognito, pool, ghost)
    assert step["ChallengeName"] == "CUSTOM_CHALLENGE"
    # Its USERNAME looks like a real user's generated one, and stays the same.
    shown = step["ChallengeParameters"]["USERNAME"]
    assert re.match(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", shown), shown
    assert _start(cognito, pool, ghost)["ChallengeParameters"]["USERNAME"] == shown
    e = call_error(_answer, cognito, pool, step, ANSWER)
    assert _error(e) == ("NotAuthorizedException", "Incorrect username or password.")
    ghost_events = [e for e in lambdas.events(pool["names"]["define"]) if e["userName"] == ghost]
    assert ghost_events and all(e["request"]["userNotFound"] is True for e in ghost_events)
    assert ghost_events[0]["request"]["userAttributes"] == {}

    # Where the client tells, it says so at once.
    legacy = create_client(cognito, pool["pool_id"], ExplicitAuthFlows=CUSTOM_FLOWS,
                           PreventUserExistenceErrors="LEGACY")["ClientId"]
    e = call_error(cognito.initiate_auth, ClientId=legacy, AuthFlow="CUSTOM_AUTH",
                   AuthParameters={"USERNAME": ghost})
    assert _error(e) == ("UserNotFoundException", "User does not exist.")


def test_mfa_follows_only_a_password(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user, app = new_totp_user(cognate, cognito, pool)

    # Without the password: the functions' verdict is the whole sign-in.
    step = _start(cognito, pool, user.email)
    assert _answer(cognito, pool, step, ANSWER)["AuthenticationResult"]

    # With the password first: the user's MFA follows the functions' verdict.
    srp = Srp(cognito, pool["pool_id"], pool["client_id"], user.email, user.password)
    srp.challenge = _start(cognito, pool, user.email, SRP_A=srp.auth_params["SRP_A"],
                           CHALLENGE_NAME="SRP_A")
    question = srp.respond(session=True)
    mfa = _answer(cognito, pool, question, ANSWER)
    assert mfa["ChallengeName"] == "SOFTWARE_TOKEN_MFA", mfa
    done = cognito.respond_to_auth_challenge(
        ClientId=pool["client_id"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=mfa["Session"],
        ChallengeResponses={"USERNAME": mfa["ChallengeParameters"]["USER_ID_FOR_SRP"],
                            "SOFTWARE_TOKEN_MFA_CODE": app.code()})
    assert tokens_of(done)["AccessToken"]


def test_cognitos_errors(cognate, lambdas):
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)

    no_custom = create_client(cognito, pool["pool_id"])["ClientId"]
    e = call_error(cognito.initiate_auth, ClientId=no_custom, AuthFlow="CUSTOM_AUTH",
                   AuthParameters={"USERNAME": user.email})
    assert _error(e) == ("InvalidParameterException", "CUSTOM_AUTH flow not enabled for this client")

    plain_pool = create_pool(cognito)
    plain_client = create_client(cognito, plain_pool, ExplicitAuthFlows=CUSTOM_FLOWS)["ClientId"]
    e = call_error(cognito.initiate_auth, ClientId=plain_client, AuthFlow="CUSTOM_AUTH",
                   AuthParameters={"USERNAME": user.email})
    assert _error(e) == ("InvalidParameterException",
                         "Custom auth lambda trigger is not configured for the user pool.")

    e = call_error(cognito.initiate_auth, ClientId=pool["client_id"], AuthFlow="CUSTOM_AUTH",
                   AuthParameters={})
    assert _error(e) == ("InvalidParameterException", "Missing required parameter USERNAME")

    step = _start(cognito, pool, user.email)
    e = call_error(cognito.respond_to_auth_challenge, ClientId=pool["client_id"],
                   ChallengeName="CUSTOM_CHALLENGE", Session=step["Session"],
                   ChallengeResponses={"USERNAME": user.email})
    assert _error(e) == ("InvalidParameterException", "Missing required parameter ANSWER")
    e = call_error(cognito.respond_to_auth_challenge, ClientId=pool["client_id"],
                   ChallengeName="SMS_MFA", Session=step["Session"],
                   ChallengeResponses={"USERNAME": user.email, "SMS_MFA_CODE": "123456"})
    assert _error(e) == ("InvalidParameterException", "Invalid challenge name: expected CUSTOM_CHALLENGE")
    other = admin_create_confirmed_user(cognito, pool)
    e = call_error(cognito.respond_to_auth_challenge, ClientId=pool["client_id"],
                   ChallengeName="CUSTOM_CHALLENGE", Session=step["Session"],
                   ChallengeResponses={"USERNAME": other.email, "ANSWER": ANSWER})
    assert _error(e) == ("NotAuthorizedException", "Invalid session for the user.")
    # The session survived the refusals above.
    assert _answer(cognito, pool, step, ANSWER)["AuthenticationResult"]

    # A DefineAuthChallenge that names no usable next step.
    def confused(event, context):
        event["response"]["challengeName"] = "SMS_MFA"
        return event

    name = f"confused-{uuid.uuid4().hex[:8]}"
    confused_pool = create_pool(cognito, LambdaConfig={"DefineAuthChallenge": lambdas.add(name, confused)})
    client = create_client(cognito, confused_pool, ExplicitAuthFlows=CUSTOM_FLOWS)["ClientId"]
    e = call_error(cognito.initiate_auth, ClientId=client, AuthFlow="CUSTOM_AUTH",
                   AuthParameters={"USERNAME": "anyone@example.com"})
    assert _error(e) == ("InvalidLambdaResponseException", "Unrecognizable lambda output")


def test_amplify_custom_flows(cognate, lambdas, node_bin):
    """Amplify v6's CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP: signIn, then confirmSignIn with the
    answer."""
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)
    proc = run_node_test(node_bin, "amplify_custom_auth.test.mjs", {
        "COGNATE_ENDPOINT": cognate.endpoint, "POOL_ID": pool["pool_id"],
        "CLIENT_ID": pool["client_id"], "USERNAME": user.email, "PASSWORD": user.password,
        "QUESTION": QUESTION, "ANSWER": ANSWER,
    })
    assert proc.returncode == 0, f"node --test failed\n{proc.stdout}\n{proc.stderr}"
    sessions = [e["request"]["session"] for e in lambdas.events(pool["names"]["define"])]
    assert ["SRP_A", "PASSWORD_VERIFIER"] in [[s["challengeName"] for s in x] for x in sessions]


def test_lambda_config_is_checked(cognate):
    cognito = make_client(cognate.endpoint)
    senders = {
        "CustomSMSSender": {"LambdaVersion": "V1_0",
                            "LambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:sms"},
        "KMSKeyID": "arn:aws:kms:us-east-1:123456789012:key/1234abcd",
    }
    e = call_error(create_pool, cognito, LambdaConfig=senders)
    code, message = _error(e)
    assert code == "InvalidParameterException" and "does not use AWS KMS" in message, message
    e = call_error(create_pool, cognito, LambdaConfig={"PreSignUp": "this-is-not-an-arn-at-all"})
    code, message = _error(e)
    assert code == "InvalidParameterException" and "lambdaConfig.preSignUp" in message, message
    pool_id = create_pool(cognito)
    e = call_error(cognito.update_user_pool, UserPoolId=pool_id, LambdaConfig=senders)
    assert _error(e)[0] == "InvalidParameterException"


def test_the_aws_cli_answers_a_custom_challenge(cognate, lambdas, tmp_path):
    """`aws cognito-idp initiate-auth --auth-flow CUSTOM_AUTH`, then
    `respond-to-auth-challenge --challenge-name CUSTOM_CHALLENGE` with the answer."""
    cognito = make_client(cognate.endpoint)
    pool = _pool(cognito, lambdas)
    user = admin_create_confirmed_user(cognito, pool)
    aws = make_aws_cli(cognate.endpoint, tmp_path / "aws")
    step = aws(f"cognito-idp initiate-auth --client-id {pool['client_id']} --auth-flow CUSTOM_AUTH "
               f"--auth-parameters USERNAME={user.email}")
    assert step["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert step["ChallengeParameters"]["question"] == QUESTION
    username = step["ChallengeParameters"]["USERNAME"]
    done = aws(f"cognito-idp respond-to-auth-challenge --client-id {pool['client_id']} "
               f"--challenge-name CUSTOM_CHALLENGE --session {step['Session']} "
               f"--challenge-responses USERNAME={username},ANSWER={ANSWER}")
    assert done["AuthenticationResult"]["AccessToken"]
