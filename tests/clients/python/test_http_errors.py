"""The transport around the operations: what the server answers before any operation runs (a
body over the limit, a method a path does not serve, a media type `POST /` does not read, JSON
nested past the parser's depth) is Cognito-shaped JSON; a response that leaves its request's
body unread closes the connection; slow and idle clients cannot hold the server. Raw sockets
where the client libraries would hide the connection."""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests

from harness import LOCALHOST

TARGET = "AWSCognitoIdentityProviderService."
JSON_11 = "application/x-amz-json-1.1"
LIMIT = 1 << 20  # the API's body limit
JSON_HEADERS = {"Content-Type": JSON_11, "X-Amz-Target": TARGET + "InitiateAuth"}
UNKNOWN_CLIENT = {"ClientId": "nosuchclient0000000000000", "AuthFlow": "USER_PASSWORD_AUTH",
                  "AuthParameters": {"USERNAME": "a@example.com", "PASSWORD": "Passw0rdA"}}


# --------------------------------------------------------------------------- raw HTTP/1.1


def _connect(srv, timeout: float = 5) -> socket.socket:
    return socket.create_connection((LOCALHOST, srv.port), timeout=timeout)


def _request(method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {LOCALHOST}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _send(sock: socket.socket, data: bytes) -> None:
    try:
        sock.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may answer and stop reading before taking it all; its answer is read next


def _head(data: bytes) -> tuple[int, dict[str, str], int, int] | None:
    """Status, headers (lower-case names), where the body starts and its length; None while the
    head is incomplete."""
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return None
    lines = data[:end].decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    assert "transfer-encoding" not in headers, headers
    return int(lines[0].split()[1]), headers, end + 4, int(headers.get("content-length", "0"))


def _responses(data: bytes) -> list[tuple[int, dict[str, str], bytes]]:
    """Every whole response in `data`, in order."""
    answers = []
    while data:
        head = _head(data)
        assert head is not None, f"incomplete response: {data[:300]!r}"
        status, headers, start, length = head
        answers.append((status, headers, data[start:start + length]))
        data = data[start + length:]
    return answers


def _read_until_closed(sock: socket.socket, timeout: float) -> bytes:
    """All the server sends until it closes the connection, which must happen within `timeout`."""
    sock.settimeout(timeout)
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        except socket.timeout:
            pytest.fail(f"connection still open after {timeout}s; received {data[:300]!r}")
        if not chunk:
            return data
        data += chunk


def _read_response(sock: socket.socket, timeout: float) -> tuple[int, dict[str, str], bytes]:
    """The next response on a connection that stays open."""
    sock.settimeout(timeout)
    data = b""
    while True:
        head = _head(data)
        if head is not None and len(data) >= head[2] + head[3]:
            return _responses(data[:head[2] + head[3]])[0]
        chunk = sock.recv(65536)
        assert chunk, f"connection closed before a whole response: {data[:300]!r}"
        data += chunk


def _json_error(headers: dict[str, str], body: bytes) -> dict:
    """A Cognito-shaped error body: `__type` and `message`, as AWS JSON 1.1."""
    assert headers["content-type"].split(";")[0].strip() == JSON_11, headers
    error = json.loads(body)
    assert error["__type"] and error["message"], error
    return error


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _still_serves(srv) -> None:
    assert requests.get(f"{srv.endpoint}/health", timeout=5).status_code == 200
    r = requests.post(f"{srv.endpoint}/", data=json.dumps(UNKNOWN_CLIENT), headers=JSON_HEADERS, timeout=5)
    assert r.status_code == 400 and r.json()["__type"] == "ResourceNotFoundException", r.text


# --------------------------------------------------------------------------- JSON errors


def test_a_body_over_the_limit_is_a_json_413_that_closes_the_connection(server):
    with _connect(server) as sock:
        _send(sock, _request("POST", "/", b" " * (2 * LIMIT), JSON_HEADERS))
        answers = _responses(_read_until_closed(sock, 5))
    assert [status for status, _, _ in answers] == [413], answers
    _, headers, body = answers[0]
    assert headers.get("connection") == "close", headers
    assert _json_error(headers, body)["__type"] == "RequestEntityTooLargeException"
    assert headers.get("x-amzn-requestid")
    # the next request, on a new connection right after, is served as usual
    _still_serves(server)


def test_a_request_after_an_oversized_one_on_the_same_connection_is_not_left_hanging(server):
    oversized = _request("POST", "/", b" " * (2 * LIMIT), JSON_HEADERS)
    following = _request("GET", "/health")
    with _connect(server) as sock:
        _send(sock, oversized + following)
        # the 413, then the end of the connection: the client knows to send `following` again
        answers = _responses(_read_until_closed(sock, 5))
    assert [status for status, _, _ in answers] == [413], answers
    assert answers[0][1].get("connection") == "close"
    with _connect(server) as sock:
        _send(sock, following)
        status, _, body = _read_response(sock, 5)
    assert status == 200 and json.loads(body) == {"status": "ok"}


def test_a_method_a_known_path_does_not_serve_is_a_json_405(server):
    r = requests.get(f"{server.endpoint}/", timeout=5)
    assert r.status_code == 405
    error = _json_error(_lower(r.headers), r.content)
    assert error["__type"] == "UnknownOperationException"

    r = requests.put(f"{server.endpoint}/oauth2/token", data="grant_type=client_credentials",
                     headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=5)
    assert r.status_code == 405
    error = _json_error(_lower(r.headers), r.content)
    assert error["__type"] == "UnknownOperationException"
    # the form was never read: the connection is not reused
    assert r.headers.get("Connection", "").lower() == "close"


def test_a_content_type_post_root_does_not_read_is_a_json_error(server):
    r = requests.post(f"{server.endpoint}/", data=json.dumps(UNKNOWN_CLIENT),
                      headers={**JSON_HEADERS, "Content-Type": "text/plain"}, timeout=5)
    assert r.status_code == 415, r.text
    error = _json_error(_lower(r.headers), r.content)
    assert error["__type"] == "UnsupportedMediaTypeException"
    # JSON 1.0 and plain JSON are read like JSON 1.1
    for content_type in ("application/x-amz-json-1.0", "application/json; charset=utf-8"):
        r = requests.post(f"{server.endpoint}/", data=json.dumps(UNKNOWN_CLIENT),
                          headers={**JSON_HEADERS, "Content-Type": content_type}, timeout=5)
        assert r.status_code == 400 and r.json()["__type"] == "ResourceNotFoundException", r.text


def test_json_nested_past_the_parsers_depth_is_a_serialization_exception(server):
    depth = 10_000
    bodies = [
        "[" * depth + "]" * depth,
        '{"ClientMetadata":' + '{"a":' * depth + "1" + "}" * depth + "}",
    ]
    for body in bodies:
        r = requests.post(f"{server.endpoint}/", data=body, headers=JSON_HEADERS, timeout=5)
        assert r.status_code == 400, r.text
        error = _json_error(_lower(r.headers), r.content)
        assert error["__type"] == "SerializationException"
    _still_serves(server)


# --------------------------------------------------------------------------- slow clients


def test_a_client_that_stalls_in_its_headers_is_disconnected(server_factory):
    srv = server_factory("--header-read-timeout-secs", "1", sms_sandbox=True)
    with _connect(srv) as stalled, _connect(srv) as silent:
        started = time.monotonic()
        _send(stalled, b"POST / HTTP/1.1\r\nHost: " + LOCALHOST.encode() + b"\r\nX-Amz-Tar")
        # neither gets an answer; both are closed once the deadline passes
        for sock in (stalled, silent):
            data = _read_until_closed(sock, 5)
            assert data == b"" or data.startswith(b"HTTP/1.1 408"), data[:300]
        elapsed = time.monotonic() - started
    assert 0.5 <= elapsed < 4, elapsed
    _still_serves(srv)


def test_past_the_connection_cap_a_client_waits_until_a_connection_closes(server_factory):
    srv = server_factory("--max-connections", "4", "--header-read-timeout-secs", "3",
                         sms_sandbox=True)
    # The harness's own clients may keep connections open: they are closed by the server once
    # idle past the header read timeout, and then every place is free.
    time.sleep(3.5)
    idle: list[socket.socket] = []
    fifth = None
    try:
        # four kept-alive connections, each served once and then idle: every place is taken
        for _ in range(4):
            sock = _connect(srv)
            idle.append(sock)
            _send(sock, _request("GET", "/health"))
            assert _read_response(sock, 5)[0] == 200
        # the kernel completes the fifth handshake, but the server does not take the connection
        fifth = _connect(srv)
        _send(fifth, _request("GET", "/health"))
        fifth.settimeout(1)
        with pytest.raises(socket.timeout):
            fifth.recv(1)
        # one idle client leaves: the fifth is accepted and answered
        idle.pop().close()
        status, _, body = _read_response(fifth, 5)
        assert status == 200 and json.loads(body) == {"status": "ok"}
    finally:
        for sock in idle + ([fifth] if fifth else []):
            sock.close()
