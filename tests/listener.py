"""A TCP listener on a loopback port that records every connection made to it (the SERVICE tests).

Each connection is accepted, its first bytes kept, and closed at once: a caller that made it gets
an error back only after the connection was recorded, so a test that waited for its call can
read ``hits`` without sleeping.
"""
from __future__ import annotations

import socket
import threading


class Listener:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/x"
        self.hits: list[bytes] = []
        self.hit = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            try:
                conn.settimeout(2)
                self.hits.append(conn.recv(200))
            except OSError:
                self.hits.append(b"")
            finally:
                self.hit.set()
                conn.close()

    def close(self) -> None:
        self.sock.close()
