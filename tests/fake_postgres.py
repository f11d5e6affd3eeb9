"""A stand-in PostgreSQL server speaking just enough of the wire protocol to refuse a sign-in
the way a real one does — ask for a password and reject it, ask for Kerberos, say a database
does not exist, decline TLS — so every refusal of the sign-in can be tested on a machine
whose own server trusts every local login. It records what each client sent."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_SSL_REQUEST, _GSS_REQUEST = 80877103, 80877104


@dataclass
class Heard:
    startups: list[dict[str, str]] = field(default_factory=list)
    passwords: list[str] = field(default_factory=list)


def _read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError
        data += chunk
    return data


def _error(conn: socket.socket, code: str, message: str) -> None:
    fields = b"SFATAL\0VFATAL\0C" + code.encode() + b"\0M" + message.encode() + b"\0\0"
    conn.sendall(b"E" + struct.pack("!i", len(fields) + 4) + fields)


def _handle(conn: socket.socket, refusal: str, heard: Heard) -> None:
    try:
        while True:
            (length,) = struct.unpack("!i", _read(conn, 4))
            body = _read(conn, length - 4)
            (code,) = struct.unpack("!i", body[:4])
            if code not in (_SSL_REQUEST, _GSS_REQUEST):
                break
            conn.sendall(b"N")  # no TLS, no GSS encryption here
        words = body[4:].split(b"\0")
        startup = {
            k.decode(): v.decode() for k, v in zip(words[0::2], words[1::2], strict=False) if k
        }
        heard.startups.append(startup)
        user = startup.get("user", "")
        if refusal == "password":
            conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # cleartext password, please
            _read(conn, 1)
            (length,) = struct.unpack("!i", _read(conn, 4))
            heard.passwords.append(_read(conn, length - 4).rstrip(b"\0").decode())
            _error(conn, "28P01", f'password authentication failed for user "{user}"')
        elif refusal == "kerberos":
            conn.sendall(b"R" + struct.pack("!ii", 8, 7))  # GSSAPI
            _read(conn, 1)
        elif refusal == "no_database":
            _error(conn, "3D000", f'database "{startup.get("database", "")}" does not exist')
        elif refusal == "no_role":
            _error(conn, "28000", f'role "{user}" does not exist')
        elif refusal == "hba":
            _error(conn, "28000", f'no pg_hba.conf entry for host "127.0.0.1", user "{user}", '
                                  'database "liaison", no encryption')  # fmt: skip
    except (ConnectionError, OSError, struct.error):
        pass
    finally:
        conn.close()


@contextmanager
def fake_postgres(refusal: str) -> Iterator[tuple[int, Heard]]:
    """A server on 127.0.0.1 refusing every sign-in one way; yields its port and what it heard."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    heard = Heard()
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            threading.Thread(target=_handle, args=(conn, refusal, heard), daemon=True).start()

    thread = threading.Thread(target=accept, name="fake-postgres", daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], heard
    finally:
        stop.set()
        thread.join(2)
        server.close()
