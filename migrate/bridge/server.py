"""Serve the bridge in the foreground until Ctrl-C: Uvicorn for the app, a worker thread."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from migrate.bridge.app import create_bridge_app
from migrate.bridge.config import BridgeConfig
from migrate.bridge.delivery import start_worker
from migrate.bridge.outbox import Outbox, OutboxCounts
from migrate.errors import ConfigError

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _stop_signals_end_quietly() -> Iterator[None]:
    # Uvicorn shuts down gracefully on SIGINT/SIGTERM, restores the previous handlers and
    # then raises the signal again. With these no-op handlers in place that re-raise
    # ends nothing, so the worker still stops and the outbox closes cleanly.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, lambda _sig, _frame: None) for sig in _STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (0 = any free port), or a one-line ConfigError.

    Bound here rather than by Uvicorn, so a busy port fails before anything starts.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def serve_bridge(config: BridgeConfig, sock: socket.socket) -> OutboxCounts:
    """Serve on ``sock`` until Ctrl-C or SIGTERM, then stop cleanly.

    Pending callbacks stay in the outbox for the next run. Returns the counts at shutdown.
    """
    with contextlib.closing(sock), Outbox(config.db_path) as outbox:
        worker = start_worker(config)
        try:
            app = create_bridge_app(config, outbox)
            server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None))
            with _stop_signals_end_quietly():
                server.run(sockets=[sock])
        finally:
            worker.stop()
        return outbox.counts()
