"""Run an ASGI app with Uvicorn on a loopback port in a background thread.

Tests, benchmarks, the demo and ``twilio2zoom sandbox`` all serve emulators this way,
so every client talks real HTTP over real sockets.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp


@dataclass
class ServerHandle:
    """A running server: its base URL and a way to stop it."""

    url: str
    host: str
    port: int
    _server: uvicorn.Server
    _thread: threading.Thread

    def stop(self) -> None:
        """Ask Uvicorn to exit and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)


def _free_socket(host: str, port: int) -> socket.socket:
    # Naming IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted connections of
    # sockets whose proto is TCP, and without it every small response waits ~40 ms (Nagle).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def start_server(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> ServerHandle:
    """Start ``app`` on ``host:port`` (0 = any free port) and return once it accepts."""
    sock = _free_socket(host, port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=30,
        ws="none",
    )
    server = uvicorn.Server(config)

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=run, name=f"sandbox-{bound_port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"sandbox server on {host}:{bound_port} did not start")
        time.sleep(0.01)
    return ServerHandle(f"http://{host}:{bound_port}", host, bound_port, server, thread)


@contextmanager
def serve(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[ServerHandle]:
    """Context manager form of :func:`start_server`."""
    handle = start_server(app, host, port)
    try:
        yield handle
    finally:
        handle.stop()
