"""The HTTP protocol ``sppmon serve`` runs: uvicorn's h11 protocol with Nagle's algorithm off on every connection.

uvicorn writes a response's head and body as two writes. On a kept-alive connection whose socket still runs
Nagle's algorithm, the second write waits until the client acknowledges the first, and clients delay that
acknowledgement by up to 40 ms: every request after a connection's first then costs about 40 ms more. asyncio
turns Nagle off by itself only for sockets it creates as TCP sockets; the listening socket uvicorn shares
between several worker processes is not one of them, so with ``--workers 2`` or more (the default on a machine
with several cores) every answer paid the delay (measured: ``/health`` 44 ms instead of 2 ms on a kept-alive
connection).
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

PROTOCOL = "sppmon.web.transport:NoDelayH11Protocol"  # as uvicorn's ``http`` setting: picklable for its workers


def disable_nagle(transport: asyncio.BaseTransport) -> bool:
    """Send small writes at once on ``transport``'s TCP socket; False where it has none (a Unix socket)."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # the peer is already gone: the protocol sees the connection close next
        return False
    return True


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        disable_nagle(transport)
        super().connection_made(transport)
