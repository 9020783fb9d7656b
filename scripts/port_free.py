"""Exit 1 with a plain message when the port `make run` wants is already taken.

Checked before migrating or starting anything: otherwise the web server's complaint is lost
among Celery's start-up lines and the worker keeps running without a server.
"""

import socket
import sys

HOST = "127.0.0.1"


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the web server does, so a port left in TIME_WAIT by the last run counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def main(argv: list[str]) -> int:
    try:
        port = int(argv[1])
        if not 1 <= port <= 65535:
            raise ValueError
    except (IndexError, ValueError):
        print(f"PORT must be a number from 1 to 65535, not {argv[1:]!r}.", file=sys.stderr)
        return 2
    if not port_is_free(port):
        print(
            f"Port {port} on {HOST} is already in use (another `make run`?).\n"
            f"Stop that server, or pick another port: make run PORT={port + 1}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
