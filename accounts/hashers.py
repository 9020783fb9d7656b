"""Password hashing: Argon2id at OWASP's recommended minimum, and a cap on hashes at once.

OWASP's Password Storage Cheat Sheet (current): Argon2id with 19 MiB of memory, 2
iterations, 1 degree of parallelism. argon2-cffi's default (100 MiB, parallelism 8) cost
about 100 MiB per login, so 20 at once took 2 GiB. Django rehashes a stored hash with other
parameters at the next successful login (`must_update`), so old hashes move over by
themselves.

Each hash still takes its 19 MiB while it runs; PASSWORD_HASHES_AT_ONCE bounds how many run
together per process (the rest wait their turn), which bounds the memory a burst of logins,
real or not, can take.
"""

import ctypes
import ctypes.util
import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_slots = threading.BoundedSemaphore(getattr(settings, "PASSWORD_HASHES_AT_ONCE", 4))
M_MMAP_THRESHOLD = -3


def _give_freed_hash_memory_back() -> None:
    """glibc raises its mmap threshold after the first large free, so later 19 MiB blocks
    come from each thread's own arena and stay there once freed: with 20 server threads the
    process kept 20 blocks although only 4 hashes ever ran at once. A fixed threshold keeps
    such blocks mmapped, and returned to the system when the hash is done. Not glibc: skip."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    except (OSError, AttributeError, TypeError):
        pass


_give_freed_hash_memory_back()


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2 hasher (algorithm "argon2": existing hashes verify) with OWASP's
    parameters; encoding and verifying wait for one of the process's slots."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password, salt):
        with _slots:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with _slots:
            return super().verify(password, encoded)
