"""An email backend that, right after handing the first message over, kills the sending
process's database connection from a second connection (pg_terminate_backend), as a
database failover or a pooler restart would: the worker learns of it on its next query."""

import psycopg2
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection

killed: list[str] = []  # the recipients after whose email a connection was killed


class EmailBackend(LocmemBackend):
    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if not killed:
            killed.append(messages[0].to[0])
            _terminate(connection.connection.get_backend_pid())
        return sent


def _terminate(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    other.close()
