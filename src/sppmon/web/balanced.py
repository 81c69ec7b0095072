"""Several worker processes on one port, each with a listening socket of its own, so that the kernel spreads
new connections evenly among them.

uvicorn's own supervisor shares one listening socket between its workers. A worker's event loop accepts every
connection waiting when it wakes, so a burst of connections (fifty browsers opening the dashboard around a
report) went mostly to one worker while the other had little to do: counted during ``benchmarks/web.py``, the
two workers held 46 and 4, 49 and 1, 50 and 0 of 50 kept-alive connections. Here each worker binds a socket of
its own to the same address with ``SO_REUSEPORT`` and listens on it once it is ready to answer; Linux hands each
new connection to one of the listening sockets by a hash of the connection's addresses. A worker that is still
starting, or has stopped, listens on nothing and gets no connection. The supervisor binds the address (without
listening) before it starts any worker, so that an address another server listens on is reported at once.

A worker that stops by itself is started again; one that fails while starting (uvicorn's exit code 3: the app
cannot load) stops the server with that code, as uvicorn's supervisor does. Elsewhere than on Linux (where
``SO_REUSEPORT`` does not balance), :func:`run` leaves the work to uvicorn's supervisor.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
import threading
from typing import Any

from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Process

LOG = logging.getLogger("sppmon.web")
CHECK_SECONDS = 0.5


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def run(app: str, workers: int, **options: Any) -> int:
    """Serve ``app`` (an import string of a factory) with ``workers`` processes; ``options`` as uvicorn's
    ``Config`` takes them. Returns the exit code (0 when stopped by a signal)."""
    import uvicorn

    if workers < 2 or not available():
        uvicorn.run(app, workers=workers, **options)
        return 0
    config = uvicorn.Config(app, workers=workers, **options)
    with shared_address(config.host, config.port):  # held, not listening: a busy address fails here, at once
        return _supervise(config, workers)


def shared_address(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` that other sockets of this user may bind as well; it takes
    connections only once something listens on it (uvicorn does when the worker is ready)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class Worker(Process):
    """A worker process that binds its own socket to the shared address (see the module's description)."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # runs in the worker process
        try:
            own = shared_address(self.config.host, self.config.port)
        except OSError as exc:  # a failure to start, not a crash: the supervisor stops rather than retries
            LOG.error("worker process cannot bind %s:%s: %s", self.config.host, self.config.port, exc)
            sys.exit(STARTUP_FAILURE)
        super().target([own])


def _supervise(config: Any, count: int) -> int:
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    workers = [Worker(config, []) for _ in range(count)]
    code = 0
    try:
        for worker in workers:
            worker.start()
        while not stop.wait(CHECK_SECONDS):
            for index, worker in enumerate(workers):
                if worker.process.is_alive():
                    continue
                worker.process.join()
                if worker.exitcode == STARTUP_FAILURE:
                    LOG.error("worker process %s could not start: stopping", worker.pid)
                    code = STARTUP_FAILURE
                    stop.set()
                    break
                LOG.warning("worker process %s ended (exit code %s): starting another", worker.pid, worker.exitcode)
                workers[index] = Worker(config, [])
                workers[index].start()
    finally:
        for worker in workers:
            if worker.process.is_alive():
                worker.terminate()
        for worker in workers:
            worker.process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return code
