"""PreventUserExistenceErrors ENABLED: an unknown name and a known user answer alike in body,
status and time.

For each operation, ROUNDS requests naming known users alternate with ROUNDS naming unknown
names (which of the two goes first alternates too), each timed on the client; the answers must
be the same and the medians within 10% of each other:

* USER_PASSWORD_AUTH with a wrong password;
* USER_SRP_AUTH, both steps: InitiateAuth, and RespondToAuthChallenge PASSWORD_VERIFIER with a
  wrong proof (a random signature costs the server what a wrong password's proof does);
* ForgotPassword and ResendConfirmationCode (known: a confirmed user, an unconfirmed one);
* SignUp of a taken name. Cognito tells that a name is taken whatever the client says, so
  here a confirmed user's name and an unconfirmed one's are compared: the answer tells that
  the name is taken and nothing more.

Lockout and the hourly limits apply to unknown names exactly as to users, so every subject is
used within them (at most four failed sign-ins in all, two calls of each limited operation)
and every request takes the same path. Where a code is sent, the test waits (untimed) for it
to arrive before the next request, so that no request is timed while the previous one's
message is still being sent. The medians are printed to the terminal.
"""

from __future__ import annotations

import base64
import datetime
import secrets
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, G_HEX, N_HEX, hex_to_long

from helpers import (
    User,
    admin_create_confirmed_user,
    create_seed_pool,
    make_client,
    new_email,
    new_password,
    password_auth,
    sign_up,
)

ROUNDS = 300  # requests per side and operation
SUBJECTS = 150  # known users (and unknown names) per side: each is used ROUNDS / SUBJECTS times
MAX_DIFFERENCE = 0.10
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.", 400)


@dataclass
class Population:
    """A pool with known users and unknown names in pairs that take the same path: `ghosts`
    stand beside `confirmed` (both sign in wrongly, then ask for a reset), `new_ghosts` beside
    `unconfirmed` (both ask for the confirmation code again), so that the counters of each pair
    (its lockout and hourly limits) have the same history."""

    backend: str
    pool: dict
    confirmed: list[User]
    ghosts: list[str]
    unconfirmed: list[str]  # e-mail addresses (the usernames) of signed-up, unconfirmed users
    new_ghosts: list[str]
    smtp: Any


@dataclass
class Side:
    """One side of a comparison: the times and the answers of its requests."""

    times: list[float] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)

    def timed(self, call: Callable[[], Any], shape: Callable[[Any], Any]) -> Any:
        """Runs `call`, counting its time, and records the shape of its answer: `shape` of the
        response, or (code, message, status) of the error. Returns the response (None on error)."""
        started = time.perf_counter()
        try:
            response = call()
        except ClientError as e:
            self.times.append(time.perf_counter() - started)
            err = e.response["Error"]
            status = e.response["ResponseMetadata"]["HTTPStatusCode"]
            self.answers.append((err["Code"], err.get("Message"), status))
            return None
        self.times.append(time.perf_counter() - started)
        self.answers.append(shape(response))
        return response


def report(capsys, backend: str, what: str, known: Side, unknown: Side,
           labels: tuple[str, str] = ("known", "unknown")) -> float:
    """Prints both medians to the terminal (pytest captures output otherwise) and returns their
    relative difference."""
    k, u = statistics.median(known.times), statistics.median(unknown.times)
    difference = max(k, u) / min(k, u) - 1
    line = (
        f"[timing {backend}] {what}: {labels[0]} {k * 1000:.2f} ms, {labels[1]} {u * 1000:.2f} ms "
        f"(median of {len(known.times)} + {len(unknown.times)}), difference {difference:.1%}"
    )
    with capsys.disabled():
        print(line, flush=True)
    return difference


def assert_alike(capsys, backend: str, what: str, known: Side, unknown: Side,
                 labels: tuple[str, str] = ("known", "unknown")) -> None:
    assert len(known.times) == len(unknown.times) == ROUNDS
    assert set(map(repr, known.answers)) == set(map(repr, unknown.answers)), (
        f"{what}: known answered {sorted(set(map(repr, known.answers)))}, "
        f"unknown {sorted(set(map(repr, unknown.answers)))}"
    )
    assert len(set(map(repr, known.answers))) == 1, f"{what}: answers varied: {known.answers[:5]}"
    difference = report(capsys, backend, what, known, unknown, labels)
    assert difference < MAX_DIFFERENCE, f"{what}: medians differ by {difference:.1%}"


def alternate(rounds: int, known: Callable[[int], None], unknown: Callable[[int], None]) -> None:
    """Round i runs known(i) and unknown(i), the first of them alternating from round to round."""
    for i in range(rounds):
        first, second = (known, unknown) if i % 2 == 0 else (unknown, known)
        first(i)
        second(i)


def ghost_names(n: int) -> list[str]:
    """Names no user holds, shaped like the known users' (same prefix and length)."""
    return [new_email() for _ in range(n)]


@pytest.fixture(scope="module")
def population(server) -> Population:
    cognito = make_client(server.endpoint)
    pool = create_seed_pool(cognito)  # PreventUserExistenceErrors ENABLED, email as username
    confirmed = [admin_create_confirmed_user(cognito, pool) for _ in range(SUBJECTS)]
    unconfirmed = []
    for _ in range(SUBJECTS):
        address = new_email()
        sign_up(cognito, pool["client_id"], address, new_password())
        # the sign-up code, read so that a later wait finds only the code resent
        server.smtp.wait_for_message(address)
        unconfirmed.append(address)
    return Population(
        server.backend, pool, confirmed, ghost_names(SUBJECTS), unconfirmed, ghost_names(SUBJECTS),
        server.smtp,
    )


@pytest.fixture(scope="module")
def client(server):
    return make_client(server.endpoint)


def test_user_password_auth(population, client, capsys):
    ghosts = population.ghosts
    known, unknown = Side(), Side()
    client_id = population.pool["client_id"]

    def attempt(side: Side, username: str) -> None:
        side.timed(lambda: password_auth(client, client_id, username, new_password()), repr)

    alternate(
        ROUNDS,
        lambda i: attempt(known, population.confirmed[i % SUBJECTS].email),
        lambda i: attempt(unknown, ghosts[i % SUBJECTS]),
    )
    assert known.answers[0] == INCORRECT
    assert_alike(capsys, population.backend, "USER_PASSWORD_AUTH", known, unknown)


def cognito_timestamp() -> str:
    return AWSSRP.get_cognito_formatted_timestamp(datetime.datetime.now(datetime.timezone.utc))


def test_user_srp_auth(population, client, capsys):
    """Both steps; the second answers with a random signature (a wrong proof)."""
    ghosts = population.ghosts
    client_id = population.pool["client_id"]
    # One client key for every attempt: the server's cost does not depend on it.
    srp_a = format(pow(hex_to_long(G_HEX), secrets.randbits(256), hex_to_long(N_HEX)), "x")
    initiate = {"known": Side(), "unknown": Side()}
    respond = {"known": Side(), "unknown": Side()}
    blocks: dict[str, list[int]] = {"known": [], "unknown": []}

    def challenge_shape(r: dict) -> Any:
        return (r.get("ChallengeName"), sorted(r.get("ChallengeParameters", {})), "Session" in r)

    def attempt(side: str, username: str) -> None:
        challenge = initiate[side].timed(
            lambda: client.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_SRP_AUTH",
                AuthParameters={"USERNAME": username, "SRP_A": srp_a},
            ),
            challenge_shape,
        )
        assert challenge is not None, initiate[side].answers[-1]
        params = challenge["ChallengeParameters"]
        blocks[side].append(len(params["SECRET_BLOCK"]))
        responses = {
            "USERNAME": params["USERNAME"],
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "TIMESTAMP": cognito_timestamp(),
            "PASSWORD_CLAIM_SIGNATURE": base64.standard_b64encode(secrets.token_bytes(32)).decode(),
        }
        respond[side].timed(
            lambda: client.respond_to_auth_challenge(
                ClientId=client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=responses
            ),
            repr,
        )

    alternate(
        ROUNDS,
        lambda i: attempt("known", population.confirmed[i % SUBJECTS].email),
        lambda i: attempt("unknown", ghosts[i % SUBJECTS]),
    )
    # The sealed block tells nothing by its length either (B varies by a digit now and then).
    assert statistics.median(blocks["known"]) == statistics.median(blocks["unknown"])
    assert respond["known"].answers[0] == INCORRECT
    failures = []
    for what, sides in (("USER_SRP_AUTH InitiateAuth", initiate),
                        ("USER_SRP_AUTH RespondToAuthChallenge", respond)):
        try:
            assert_alike(capsys, population.backend, what, sides["known"], sides["unknown"])
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, failures


def delivery_shape(r: dict) -> Any:
    return ("ok", r["CodeDeliveryDetails"])


def test_forgot_password(population, client, capsys):
    ghosts = population.ghosts
    known, unknown = Side(), Side()
    client_id = population.pool["client_id"]

    def known_call(i: int) -> None:
        user = population.confirmed[i % SUBJECTS]
        known.timed(lambda: client.forgot_password(ClientId=client_id, Username=user.email),
                    delivery_shape)
        # the code goes out after the answer: wait for it before the next request
        population.smtp.wait_for_message(user.email)

    def unknown_call(i: int) -> None:
        unknown.timed(lambda: client.forgot_password(ClientId=client_id, Username=ghosts[i % SUBJECTS]),
                      delivery_shape)

    alternate(ROUNDS, known_call, unknown_call)
    assert known.answers[0][0] == "ok", known.answers[0]
    assert_alike(capsys, population.backend, "ForgotPassword", known, unknown)


def test_resend_confirmation_code(population, client, capsys):
    ghosts = population.new_ghosts
    known, unknown = Side(), Side()
    client_id = population.pool["client_id"]

    def known_call(i: int) -> None:
        address = population.unconfirmed[i % SUBJECTS]
        known.timed(lambda: client.resend_confirmation_code(ClientId=client_id, Username=address),
                    delivery_shape)
        population.smtp.wait_for_message(address)

    def unknown_call(i: int) -> None:
        unknown.timed(
            lambda: client.resend_confirmation_code(ClientId=client_id, Username=ghosts[i % SUBJECTS]),
            delivery_shape,
        )

    alternate(ROUNDS, known_call, unknown_call)
    assert known.answers[0][0] == "ok", known.answers[0]
    assert_alike(capsys, population.backend, "ResendConfirmationCode", known, unknown)


def test_sign_up_of_a_taken_name(population, client, capsys):
    """Cognito answers UsernameExistsException for a taken name even with
    PreventUserExistenceErrors; the answer must tell nothing else (here: whether the account
    was confirmed)."""
    confirmed, unconfirmed = Side(), Side()
    client_id = population.pool["client_id"]

    def attempt(side: Side, address: str) -> None:
        side.timed(lambda: sign_up(client, client_id, address, new_password()), repr)

    alternate(
        ROUNDS,
        lambda i: attempt(confirmed, population.confirmed[i % SUBJECTS].email),
        lambda i: attempt(unconfirmed, population.unconfirmed[i % SUBJECTS]),
    )
    assert confirmed.answers[0] == (
        "UsernameExistsException", "An account with the given email already exists.", 400
    ), confirmed.answers[0]
    assert_alike(capsys, population.backend, "SignUp of a taken name", confirmed, unconfirmed,
                 labels=("confirmed", "unconfirmed"))
