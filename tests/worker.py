"""A real Huey worker (the consumer `flask jobs worker` runs) in threads of the test process."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from academy.notifications.queue import huey_for


@contextmanager
def running_worker(app, periodic: bool = False) -> Iterator[None]:
    """The app's queue consumed by one worker thread until the block ends."""
    huey = huey_for(app)
    consumer = huey.create_consumer(
        workers=1,
        worker_type="thread",
        periodic=periodic,
        initial_delay=0.05,
        max_delay=0.2,
        check_worker_health=False,
    )
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer.start()  # also sets its signal handlers: pytest's are put back below
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        for number, handler in handlers.items():
            signal.signal(number, handler)


def wait_for(condition: Callable[[], object], seconds: float = 15.0) -> object:
    """Poll until `condition()` is truthy; fail the test with a message if it never is."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"not done within {seconds} s")
