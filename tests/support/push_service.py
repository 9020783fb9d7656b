"""A push service on loopback for the Web Push tests, and a browser-side subscription.

The service checks what a real one would (the VAPID JWT's ES256 signature, audience and
expiry) and keeps each request; the test decrypts the aes128gcm body with the subscription's
private key, as the browser would, to read what the lock screen would show.
"""

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from py_vapid import Vapid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_private_key() -> str:
    """A fresh VAPID key as the VAPID_PRIVATE_KEY variable holds it (base64url raw)."""
    key = Vapid()
    key.generate_keys()
    return b64url(key.private_key.private_numbers().private_value.to_bytes(32, "big"))


@dataclass
class BrowserKeys:
    """What a browser keeps for one push subscription: its ECDH key and auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint))

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                 version="aes128gcm")
        return json.loads(plain)


@dataclass
class Received:
    path: str
    headers: dict  # lower-case names
    body: bytes
    claims: dict
    signer_key: str  # the k= of the Authorization header: our application server key


def verify_vapid(authorization: str, audience: str) -> tuple[dict, str]:
    """Check `vapid t=<jwt>,k=<key>` as push services do; return the claims and the key."""
    scheme, _, params = authorization.partition(" ")
    assert scheme == "vapid", authorization
    parts = dict(item.strip().split("=", 1) for item in params.split(","))
    token, key = parts["t"], parts["k"]
    header_b64, claims_b64, signature_b64 = token.split(".")
    assert json.loads(unb64url(header_b64))["alg"] == "ES256"
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
    signature = unb64url(signature_b64)
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                               int.from_bytes(signature[32:], "big"))
    # Raises InvalidSignature when the token was not signed by the key it names.
    public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    claims = json.loads(unb64url(claims_b64))
    assert claims["aud"] == audience, claims
    assert claims["exp"] > time.time(), claims
    assert claims["sub"].startswith("mailto:"), claims
    return claims, key


class PushService:
    """Answers each path with the status set in `answers` (201 when not set)."""

    def __init__(self):
        self.received: list[Received] = []
        self.refused: list[str] = []
        self.answers: dict[str, int] = {}
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    claims, key = verify_vapid(self.headers["Authorization"], service.url)
                    assert self.headers["Content-Encoding"] == "aes128gcm"
                    assert int(self.headers["TTL"]) > 0
                except Exception as error:  # noqa: BLE001 (any bad request is refused, kept)
                    service.refused.append(f"{self.path}: {error!r}")
                    self.send_response(401)
                    self.end_headers()
                    return
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.received.append(Received(self.path, headers, body, claims, key))
                self.send_response(service.answers.get(self.path, 201))
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def at(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]
