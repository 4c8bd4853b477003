"""A pool of read-only Oxigraph server processes over one store, one request at a time each.

Oxigraph cannot cancel one query: closing its connection does not stop the evaluation, and its
own ``--timeout-s`` is checked only between steps, which in a large join can be minutes apart.
A process can be ended, though. So ``fgr serve`` runs ``size`` servers (``oxigraph
serve-read-only`` on the same store) and gives each request a server of its own. When a request
does not end cleanly (its client went, its deadline passed, its answer was cut off), that server
is killed and a fresh one started; the queries of the other servers go on.

Every server is started from one thread that lives as long as the pool: the kernel's "die with
the parent" signal (``PR_SET_PDEATHSIG``) fires when the *thread* that started a child ends.
"""
from __future__ import annotations

import http.client
import os
import queue
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from functiegebouw.errors import FgrError

START_TIMEOUT = 30.0  # seconds a new server may take to answer its first query
ATTEMPTS = 3  # starts of one server that may fail at once (e.g. a port taken meanwhile) before the pool gives up
_QUIET = (b"Listening for requests at",)  # Oxigraph's start line names its private port: not for users


@dataclass(eq=False)
class Member:
    """One server process of the pool, on its own loopback port."""

    port: int
    child: subprocess.Popen[bytes]
    launched: float = field(default_factory=time.monotonic)
    startup: float | None = None  # seconds from launch to the first answer

    @property
    def pid(self) -> int:
        return self.child.pid


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Pool:
    """``size`` servers made by ``command(port)``; :meth:`take` one, then :meth:`give_back` it
    after an answer read to its end, or :meth:`discard` it (killed, and replaced)."""

    def __init__(self, command: Callable[[int], list[str]], size: int):
        if size < 1:
            raise FgrError(None, None, f"the pool needs at least 1 server process, not {size}")
        self.command, self.size = command, size
        self.idle: list[Member] = []
        self.busy: set[Member] = set()
        self.starting = 0
        self.replaced = 0  # servers killed and replaced (a request that did not end cleanly)
        self.startups: list[float] = []  # seconds each start took, in order
        self.failure: FgrError | None = None
        self._stopped = False
        self._cond = threading.Condition()
        self._jobs: queue.Queue[int | None] | None = None
        self._keeper: threading.Thread | None = None
        self._children: set[subprocess.Popen[bytes]] = set()

    # ------------------------------------------------------------------ starting

    def start(self) -> None:
        """Start every server and wait until each answers (or raise why not)."""
        with self._cond:
            for _ in range(self.size - len(self.idle) - len(self.busy) - self.starting):
                self._launch()
            while self.starting and self.failure is None and not self._stopped:
                self._cond.wait()
            if self.failure is not None:
                raise self.failure

    def _launch(self, attempt: int = 1) -> None:
        """(Holding the lock.) One more server, started in the background."""
        if self._jobs is None:
            self._jobs = queue.Queue()
            self._keeper = threading.Thread(target=self._keep, name="fgr-serve-pool", daemon=True)
            self._keeper.start()
        self.starting += 1
        self._jobs.put(attempt)

    def _keep(self) -> None:
        assert self._jobs is not None
        while True:
            attempt = self._jobs.get()
            if attempt is None:  # stop(): no more servers
                return
            with self._cond:
                if self._stopped:
                    continue
            try:
                port = free_port()
                child = subprocess.Popen(self.command(port), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
            except FgrError as exc:  # e.g. no oxigraph installed
                self._failed(exc)
                continue
            except OSError as exc:
                self._failed(FgrError(None, None, f"cannot start the oxigraph server: {exc.strerror or exc}"))
                continue
            member = Member(port, child)
            with self._cond:
                self._children.add(child)
                if self._stopped:
                    _kill(child)
                    continue
            threading.Thread(target=self._watch, args=(member,), daemon=True).start()
            threading.Thread(target=self._await_ready, args=(member, attempt), daemon=True).start()

    def _await_ready(self, member: Member, attempt: int) -> None:
        error = _probe(member)
        with self._cond:
            self.starting -= 1
            if self._stopped:
                _kill(member.child)
            elif error is None:
                member.startup = time.monotonic() - member.launched
                self.startups.append(member.startup)
                self.idle.append(member)
            elif member.child.poll() is not None and attempt < ATTEMPTS:
                self._launch(attempt + 1)  # it stopped at once: most likely its port was taken meanwhile
            else:
                _kill(member.child)
                self.failure = self.failure or error
            self._cond.notify_all()

    def _watch(self, member: Member) -> None:
        """Pass on the server's messages, and replace it if it ends by itself while idle (one that
        ends while busy fails its request, which discards it)."""
        _forward(member.child)
        member.child.wait()
        with self._cond:
            if member in self.idle:
                self.idle.remove(member)
                self._replace(member)
                self._cond.notify_all()

    def _failed(self, error: FgrError) -> None:
        with self._cond:
            self.starting -= 1
            self.failure = self.failure or error
            self._cond.notify_all()

    # ------------------------------------------------------------------ lending

    def take(self, until: float, gone: Callable[[], bool] | None = None) -> Member | None:
        """An idle server, for the caller alone; None when none came free before ``until`` or
        ``gone()`` said the one waiting has left."""
        while True:
            with self._cond:
                while self.idle:
                    member = self.idle.pop()
                    if member.child.poll() is None:
                        self.busy.add(member)
                        return member
                    self._replace(member)  # it ended by itself
                left = until - time.monotonic()
                if left <= 0 or self.failure is not None or self._stopped:
                    return None
                self._cond.wait(min(left, 0.2))
            if gone is not None and gone():
                return None

    def give_back(self, member: Member) -> None:
        """The server answered a request to its end: it takes the next one."""
        with self._cond:
            self.busy.discard(member)
            if self._stopped or member.child.poll() is not None:
                self._replace(member)
            else:
                self.idle.append(member)
            self._cond.notify_all()

    def discard(self, member: Member) -> None:
        """The request did not end cleanly: the server may still be evaluating. Killed at once
        (SIGKILL: a read-only store has nothing to save), and a fresh one started."""
        _kill(member.child)
        with self._cond:
            self.busy.discard(member)
            self.replaced += 1
            self._replace(member)
            self._cond.notify_all()

    def _replace(self, member: Member) -> None:
        """(Holding the lock.)"""
        _kill(member.child)
        self._children.discard(member.child)
        if not self._stopped:
            self._launch()

    # ------------------------------------------------------------------ ending

    def wait(self) -> FgrError | None:
        """Until the pool is stopped, or cannot keep its servers running: then the reason."""
        with self._cond:
            while self.failure is None and not self._stopped:
                self._cond.wait()
            return self.failure

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            children = list(self._children)
            self._children.clear()
            self.idle.clear()
            self._cond.notify_all()
        for child in children:
            _kill(child)
        # a server being started right now is killed by the starter when it sees the pool stopped:
        # wait for that, so that nothing of the pool runs once stop() returns
        if self._jobs is not None and self._keeper is not None and self._keeper is not threading.current_thread():
            self._jobs.put(None)
            self._keeper.join(timeout=30)

    def pids(self) -> list[int]:
        """The processes of the servers running now (idle and busy)."""
        with self._cond:
            return [m.pid for m in [*self.idle, *self.busy] if m.child.poll() is None]


def _kill(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        try:
            child.kill()
        except OSError:
            pass
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process stuck in the kernel
        pass


def _probe(member: Member) -> FgrError | None:
    """Wait until the new server answers a query; the reason when it does not."""
    end = member.launched + START_TIMEOUT
    while time.monotonic() < end:
        status = member.child.poll()
        if status is not None:
            return FgrError(None, None, f"the oxigraph server stopped at once (exit status {status})")
        conn = http.client.HTTPConnection("127.0.0.1", member.port, timeout=max(0.1, end - time.monotonic()))
        try:
            conn.request("GET", "/query?query=ASK%7B%7D")
            answer = conn.getresponse()
            answer.read()
            if answer.status == 200 and member.child.poll() is None:
                return None
            return FgrError(None, None, f"the oxigraph server answered its first query with {answer.status}")
        except ConnectionRefusedError:
            time.sleep(0.005)  # not listening yet: it opens the store first
        except (OSError, http.client.HTTPException):
            time.sleep(0.02)
        finally:
            conn.close()
    return FgrError(None, None, f"the oxigraph server did not answer within {START_TIMEOUT:g} s")


def _forward(child: subprocess.Popen[bytes]) -> None:
    """Copy the server's stderr to ours, without the line that names its private port."""
    assert child.stderr is not None
    for line in child.stderr:
        if not line.startswith(_QUIET):
            try:
                os.write(2, b"oxigraph: " + line)
            except OSError:
                pass
    child.stderr.close()


def _die_with_parent() -> None:
    """In the child: SIGTERM when the guard process dies, so no server is orphaned."""
    import signal

    from functiegebouw.process import die_with_parent

    die_with_parent(signal.SIGTERM)
