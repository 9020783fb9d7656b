"""Peak memory of 20 logins at once: Django's stock Argon2 against ours (accounts/hashers.py).

    DJANGO_DEBUG=1 .venv/bin/python scripts/login_memory.py stock
    DJANGO_DEBUG=1 .venv/bin/python scripts/login_memory.py bounded

Each run is its own process (peak RSS never goes down): it makes one stored hash, then
checks a password against it in 20 threads released together, as 20 concurrent logins do,
and prints the growth of the process's peak resident memory.
"""

import os
import resource
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "b12tracker.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402

from accounts.hashers import BoundedArgon2PasswordHasher  # noqa: E402

LOGINS = 20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(kind: str) -> None:
    hasher = {"stock": Argon2PasswordHasher, "bounded": BoundedArgon2PasswordHasher}[kind]()
    encoded = hasher.encode("correct horse battery", hasher.salt())
    barrier = threading.Barrier(LOGINS)
    before = peak_mib()

    def login():
        barrier.wait()
        hasher.verify("a wrong guess", encoded)

    threads = [threading.Thread(target=login) for _ in range(LOGINS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{kind}: {LOGINS} concurrent logins added {peak_mib() - before:.0f} MiB "
          f"to the peak ({hasher.memory_cost // 1024} MiB, t={hasher.time_cost}, "
          f"p={hasher.parallelism} per hash)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bounded")
