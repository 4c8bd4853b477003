"""For the ``fgr serve`` tests: a small store for a read-only Oxigraph server, and raw HTTP exchanges.

The store holds 3 + 150 triples: enough for a cartesian product that runs for minutes
(``EXPENSIVE``), while every test query answers in milliseconds.
"""
from __future__ import annotations

import socket
import time

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def build_store(folder) -> None:
    import pyoxigraph as ox

    lines = ['<http://example.org/a> <http://example.org/p> "1" .']
    lines += [f'<http://example.org/s{i}> <http://example.org/q> "{i}" .' for i in range(152)]
    store = ox.Store(str(folder))
    store.load(("\n".join(lines) + "\n").encode(), ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store


def exchange(port: int, data: bytes, *, timeout: float = 10.0, close: bool = False) -> bytes:
    """Send ``data`` on a new connection and read until the server closes it (or ``timeout``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        if close:
            sock.shutdown(socket.SHUT_WR)
        out = b""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not chunk:
                break
            out += chunk
            if _complete(out):
                break
        return out


def _complete(answer: bytes) -> bool:
    """A whole answer with a Content-Length has arrived (the server may keep the connection)."""
    head, sep, body = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:] if sep else ():
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value)
    return False


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def body_of(answer: bytes) -> bytes:
    return answer.partition(b"\r\n\r\n")[2]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    import os

    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def oxigraph_children() -> list[int]:
    """The oxigraph processes this process started that still run (Linux /proc): whatever the
    pool knows, a server left running would show here."""
    import os

    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                name, _, rest = stat.read().rpartition(")")
            state, ppid = rest.split()[:2]
        except (OSError, ValueError):
            continue  # ended meanwhile
        if int(ppid) == me and name.endswith("(oxigraph") and state != "Z":
            found.append(int(entry))
    return found


def cpu_in_window(pids, seconds: float = 0.5) -> dict[int, float]:
    """CPU seconds each of ``pids`` spent over the next ``seconds`` (those that ended meanwhile
    are left out)."""
    def sample() -> dict[int, float]:
        out = {}
        for pid in pids:
            try:
                out[pid] = cpu_seconds(pid)
            except (FileNotFoundError, ProcessLookupError):
                pass
        return out

    before = sample()
    time.sleep(seconds)  # the window itself, not a wait for an event
    after = sample()
    return {pid: after[pid] - before[pid] for pid in before if pid in after}
