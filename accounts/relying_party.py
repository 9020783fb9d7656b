"""Where passkeys belong: the WebAuthn relying party, read from SITE_URL.

A passkey is bound to a domain name (the relying party id) and accepted only from the
site's origin. Browsers refuse an IP address as that name, so a site at a loopback address
(`make run`'s http://127.0.0.1:8000) keeps its passkeys at http://localhost on the same port,
which browsers also treat as a secure context. Plain values, no Django: settings read it too.
"""

from urllib.parse import urlsplit

LOOPBACK_ADDRESSES = {"127.0.0.1", "::1", "[::1]"}


def relying_party_id(site_url: str) -> str:
    host = urlsplit(site_url).hostname or "localhost"
    return "localhost" if host in LOOPBACK_ADDRESSES else host


def relying_party_origin(site_url: str) -> str:
    """The one origin passkey ceremonies are accepted from: SITE_URL's, under the name above."""
    parts = urlsplit(site_url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{relying_party_id(site_url)}{port}"
