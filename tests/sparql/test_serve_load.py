"""Load tests of ``fgr serve``'s guard and its pool of servers (issue 22 item 7): bounded in count
and time, loopback only.

* Abandoned clients of expensive cartesian products cost nothing right after they go: the server
  process of each is killed within a second and the pool's CPU falls to nothing, while a client
  with a long query on another process gets its whole answer and quick clients are answered
  meanwhile.
* Abandoned clients, clients that never read their answer and slow clients (a request dripped a
  byte at a time) run beside clients with quick queries. The quick ones are all answered
  meanwhile, well within the deadline; right after the deadline no server burns CPU and every
  worker of the guard is free again.
"""
from __future__ import annotations

import os
import socket
import threading
import time

import pytest
from serve_support import EXPENSIVE, build_store, cpu_in_window, oxigraph_children

from functiegebouw.cli.query import serve_command
from functiegebouw.sparql.pool import Pool
from functiegebouw.sparql.serve import Limits, start_guard

DEADLINE = 2
ABANDONED, NEVER_READ, SLOW, QUICK_CLIENTS, QUICK_EACH = 4, 2, 4, 3, 8
IDLE_CPU = 0.05  # CPU seconds per 0.5 s that count as idle (a few quick ASK queries)
# 153³ × 3 rows, counted: 1.6 s of one core, long enough to be running while others are killed
SURVIVOR = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(?l IN ("1", "2")) }'



@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load") / "db"
    build_store(folder)
    return folder


def _guarded(db, processes: int, limits: Limits):
    pool = Pool(lambda port: serve_command(db, "127.0.0.1", port, limits.deadline), processes)
    pool.start()
    try:
        server = start_guard(pool, "127.0.0.1", 0, limits=limits)
    except BaseException:
        pool.stop()
        raise
    return pool, server


def _post(query: str) -> bytes:
    body = query.encode()
    return (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))


def _answer(port: int, query: str, timeout: float = 30) -> tuple[bytes, bytes]:
    """(status, body) of one query on a fresh connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(_post(query))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return head.split(b" ", 2)[1], body


def _until(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True


def _quick_until(port: int, stop: threading.Event, results: list) -> None:
    """A client with quick queries, one every 50 ms until ``stop``: records (status, seconds)."""
    while not stop.is_set():
        start = time.monotonic()
        status, _body = _answer(port, "ASK {}")
        results.append((status, time.monotonic() - start))
        stop.wait(0.05)


def test_abandoned_queries_cost_nothing_right_after_their_clients_go(db):
    """Today's single server kept a core busy per abandoned query until the deadline: here the
    deadline is far away (30 s), so only the cancellation can make the CPU fall."""
    abandon = 3
    before = set(oxigraph_children())  # another module's session server (oxigraph_url) may run in this worker
    pool, server = _guarded(db, abandon + 2, Limits(deadline=30, read=5, idle=5))
    port = server.server_address[1]
    stop, quick = threading.Event(), []
    try:
        survivor: list = []
        other = threading.Thread(target=lambda: survivor.append(_answer(port, SURVIVOR)))
        other.start()
        assert _until(lambda: len(pool.busy) == 1, 10)
        (survivor_pid,) = [m.pid for m in pool.busy]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(abandon)]
        for sock in clients:
            sock.sendall(_post(EXPENSIVE))
        assert _until(lambda: len(pool.busy) == 1 + abandon, 10)
        abandoned = {m.pid for m in pool.busy} - {survivor_pid}
        assert _until(lambda: sum(cpu_in_window(abandoned, 0.1).values()) > 0.02, 5)  # they do run
        asker = threading.Thread(target=_quick_until, args=(port, stop, quick))
        asker.start()
        for sock in clients:
            sock.close()
        gone = time.monotonic()
        assert _until(lambda: not any(os.path.exists(f"/proc/{pid}") for pid in abandoned), 5)
        gone = time.monotonic() - gone
        assert gone < 1.0, f"the abandoned queries' processes ran on for {gone:.2f} s"
        assert _until(lambda: pool.starting == 0, 10)  # their replacements are up
        assert not survivor and survivor_pid in {m.pid for m in pool.busy}, "the long query ended too soon to tell"
        window = cpu_in_window([pid for pid in oxigraph_children() if pid not in before], 0.5)
        others = sum(cpu for pid, cpu in window.items() if pid != survivor_pid)
        assert others <= IDLE_CPU, f"the servers besides the long query's still used {others:.2f} s of CPU per 0.5 s"
        other.join(timeout=60)
        stop.set()
        asker.join(timeout=30)
        # the other client's query was not killed: its whole answer, from the process it started on
        assert survivor and survivor[0][0] == b"200" and b"10744731" in survivor[0][1], survivor
        assert survivor_pid in pool.pids() and pool.replaced == abandon
        assert len(quick) >= 3 and {status for status, _ in quick} == {b"200"}, quick
        slowest = max(seconds for _, seconds in quick)
        assert slowest < 2.0, f"a quick query waited {slowest:.2f} s"
        print(f"\ncancel: {abandon} abandoned cartesian products' processes gone {gone * 1000:.0f} ms after their "
              f"clients left; then {others:.3f} s CPU per 0.5 s besides the long query ({window.get(survivor_pid, 0):.2f} s), "
              f"{len(quick)} quick queries answered meanwhile (slowest {slowest:.3f} s); startups "
              f"{', '.join(f'{s * 1000:.0f}' for s in pool.startups)} ms")
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        pool.stop()
    assert set(oxigraph_children()) - before == set()  # none of the pool's servers outlives it


def _drip(port: int, stop: threading.Event, outcome: list) -> None:
    """A slow client: the request line a byte every 0.2 s, until the guard cuts it off; records
    (what it read, seconds until it was cut off)."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for byte in b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n":
                sock.sendall(bytes([byte]))
                if stop.wait(0.2):
                    break
        except OSError:
            pass  # cut off: the 408 may still be in the socket's buffer
        try:
            answer = sock.recv(200)
        except OSError:
            answer = b""
        outcome.append((answer, time.monotonic() - start))


def _quick(port: int, results: list) -> None:
    for _ in range(QUICK_EACH):
        start = time.monotonic()
        status, _body = _answer(port, "ASK {}")
        results.append((status, time.monotonic() - start))


def test_slow_and_abandoned_clients_cost_nothing_after_the_deadline(db):
    # room for every held connection, and for quick clients whose finished worker is still closing
    workers = ABANDONED + NEVER_READ + SLOW + 2 * QUICK_CLIENTS + 2
    limits = Limits(deadline=DEADLINE, read=DEADLINE, idle=1.0, workers=workers)
    before = set(oxigraph_children())  # another module's session server (oxigraph_url) may run in this worker
    pool, server = _guarded(db, NEVER_READ + 2, limits)  # the unread answers hold a process to the deadline
    port = server.server_address[1]
    try:
        threads_before = threading.active_count()
        started = time.monotonic()
        for _ in range(ABANDONED):  # an expensive query, and the client is gone
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(_post(EXPENSIVE))
        never_read = [socket.create_connection(("127.0.0.1", port)) for _ in range(NEVER_READ)]
        for sock in never_read:
            sock.sendall(_post(EXPENSIVE))
        stop, slow_outcomes = threading.Event(), []
        slow = [threading.Thread(target=_drip, args=(port, stop, slow_outcomes)) for _ in range(SLOW)]
        quick_results: list = []
        quick = [threading.Thread(target=_quick, args=(port, quick_results)) for _ in range(QUICK_CLIENTS)]
        for thread in slow + quick:
            thread.start()
        for thread in quick:
            thread.join(timeout=60)
        assert [status for status, _ in quick_results] == [b"200"] * (QUICK_CLIENTS * QUICK_EACH)
        slowest = max(seconds for _, seconds in quick_results)
        assert slowest < DEADLINE, f"a quick query waited {slowest:.2f} s"
        for thread in slow:
            thread.join(timeout=DEADLINE + 10)
        stop.set()
        # each slow client was cut off at the read limit (plus at most a second of lingering)
        assert len(slow_outcomes) == SLOW, slow_outcomes
        for answer, seconds in slow_outcomes:
            assert answer.startswith(b"HTTP/1.1 408") or answer == b"", answer
            assert seconds < DEADLINE + 2.5, f"a slow client held on for {seconds:.1f} s"
        # the unread queries' processes are killed at the deadline: right after it, no server burns
        # CPU (measured in half-second windows, from the deadline on, until one is idle)
        settled, spent = None, None
        while time.monotonic() < started + DEADLINE + 3:
            if time.monotonic() < started + DEADLINE:
                time.sleep(started + DEADLINE - time.monotonic())
            spent = sum(cpu_in_window([pid for pid in oxigraph_children() if pid not in before], 0.5).values())
            if spent <= IDLE_CPU and pool.starting == 0:
                settled = time.monotonic() - started
                break
        assert settled is not None, f"the SPARQL servers still used {spent:.2f} s of CPU per 0.5 s"
        end = time.monotonic() + 10
        while server.slots._value < limits.workers and time.monotonic() < end:
            time.sleep(0.02)
        assert server.slots._value == limits.workers
        for sock in never_read:
            assert sock.recv(100).startswith(b"HTTP/1.1 504")  # told, not left hanging
            sock.close()
        while threading.active_count() > threads_before and time.monotonic() < end:
            time.sleep(0.02)
        assert threading.active_count() <= threads_before
        print(f"\nload: {len(quick_results)} quick queries beside {ABANDONED} abandoned, {NEVER_READ} unread and "
              f"{SLOW} slow clients: slowest {slowest:.3f} s; servers idle {settled - DEADLINE:.1f} s after the "
              f"deadline ({pool.replaced} process(es) replaced); all workers free {time.monotonic() - started:.1f} s "
              f"after the start")
    finally:
        server.shutdown()
        server.server_close()
        pool.stop()
