"""Ctrl-C and SIGTERM reach the command even when they land in a garbage-collector callback.

Python raises the exception of a signal in whatever frame runs at that moment; in a weakref or
finaliser callback it is printed as "Exception ignored" and dropped, and `fgr load` went on to the
end with exit 0 (test_an_interrupted_load_drops_its_temporary_graph failed so in CI, for SIGTERM on
2026-12-04 and for SIGINT on 2026-12-05). The handlers deliver such a signal again 10 ms later.
"""
from __future__ import annotations

import importlib
import signal
import sys
import time

import pytest

cli = importlib.import_module("functiegebouw.cli.main")  # the package exports main(), the function

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs setitimer (POSIX)")


@pytest.fixture
def handlers():
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    for s, h in saved.items():
        signal.signal(s, h)


def _remove():  # named like WeakSet's removal callback
    return sys._getframe()


@pytest.mark.parametrize("signum, exc", [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, cli.Terminated)])
def test_a_signal_in_a_callback_is_delivered_again(handlers, signum, exc):
    previous = cli._terminate_like_interrupt()
    assert set(previous) == {signal.SIGINT, signal.SIGTERM}
    handler = signal.getsignal(signum)
    try:
        handler(signum, _remove())  # inside the callback: not raised there, where it would be lost
    except KeyboardInterrupt:
        pytest.fail("raised inside a garbage-collector callback, where Python drops it")
    with pytest.raises(exc) as raised:
        time.sleep(2)  # ... but 10 ms later, in ordinary code
    assert type(raised.value) is exc
    with pytest.raises(exc):
        handler(signum, sys._getframe())  # in ordinary code: at once


def test_an_ignored_ctrl_c_stays_ignored(handlers):
    """A command started in the background gets SIGINT ignored; Python and fgr keep it so."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous = cli._terminate_like_interrupt()
    assert signal.SIGINT not in previous and signal.getsignal(signal.SIGINT) is signal.SIG_IGN
