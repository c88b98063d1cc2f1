"""A local stand-in for AWS Lambda's Invoke API: `POST /2015-03-31/functions/{name}/invocations`
runs a Python handler written as for Lambda (`def handler(event, context)`) and answers as
Lambda does: the handler's return value as JSON, or, when it raises, status 200 with
`X-Amz-Function-Error: Unhandled` and `{"errorMessage", "errorType"}`. Cognate's
`--lambda-endpoint-url` (the AWS SDK for Rust) is pointed at it; every request's SigV4
signature is checked against the stand-in's key, and every event is kept for the tests.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import unquote

from sns_standin import SnsStandIn

ACCESS_KEY = "AKIDLAMBDASTANDIN"
SECRET_KEY = "lambda-stand-in-secret"
REGION = "us-east-1"
ACCOUNT = "123456789012"
_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$")
_SCOPE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")

Handler = Callable[[dict, Any], Any]


@dataclass
class Invocation:
    function: str
    event: dict
    signed: bool


class LambdaStandIn:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self.invocations: list[Invocation] = []
        self._server: ThreadingHTTPServer | None = None

    def add(self, name: str, handler: Handler) -> str:
        """Registers `handler` as the function `name`; returns its ARN."""
        with self._lock:
            self._handlers[name] = handler
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"

    def events(self, name: str) -> list[dict]:
        with self._lock:
            return [i.event for i in self.invocations if i.function == name]

    @property
    def endpoint(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def server_args(self) -> list[str]:
        return ["--lambda-endpoint-url", self.endpoint]

    @staticmethod
    def server_env() -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_EC2_METADATA_DISABLED": "true"}

    def start(self) -> "LambdaStandIn":
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                status, headers, payload = standin._invoke(self.path, dict(self.headers), body)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def _signed(self, path: str, headers: dict[str, str], body: bytes) -> bool:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        scope = _SCOPE.search(auth)
        names = re.search(r"SignedHeaders=([^,\s]+)", auth)
        sig = re.search(r"Signature=([0-9a-f]+)", auth)
        if not (scope and names and sig) or scope.group(1) != ACCESS_KEY or scope.group(3) != "lambda":
            return False
        expected = SnsStandIn._signature(ACCESS_KEY, (SECRET_KEY, None), scope.group(2), "lambda", "POST",
                                         path, headers, names.group(1).split(";"), body)
        return expected == sig.group(1)

    def _invoke(self, path: str, headers: dict[str, str], body: bytes):
        m = _PATH.match(path)
        if not m:
            return 404, {"content-type": "application/json"}, b'{"message":"not found"}'
        function = unquote(m.group("name")).rsplit(":", 1)[-1]
        signed = self._signed(path, headers, body)
        event = json.loads(body or b"{}")
        with self._lock:
            self.invocations.append(Invocation(function, event, signed))
            handler = self._handlers.get(function)
        if not signed:
            return 403, {"content-type": "application/json", "x-amzn-errortype": "InvalidSignatureException"}, \
                b'{"message":"The request signature we calculated does not match the signature you provided."}'
        if handler is None:
            return 404, {"content-type": "application/json", "x-amzn-errortype": "ResourceNotFoundException"}, \
                json.dumps({"Type": "User", "message": f"Function not found: {function}"}).encode()
        try:
            result = handler(event, None)
        except Exception as e:  # the handler raised: Lambda's "Unhandled" function error
            return 200, {"content-type": "application/json", "x-amz-function-error": "Unhandled"}, \
                json.dumps({"errorMessage": str(e), "errorType": type(e).__name__}).encode()
        return 200, {"content-type": "application/json"}, json.dumps(result).encode()
