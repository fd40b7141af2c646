"""A loopback TCP proxy that hangs up on the first N requests without answering.

The emulator's fault knobs shape answers; a connection dropped before any answer is a
transport event only a socket in between can produce.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Handler(socketserver.BaseRequestHandler):
    server: _ProxyServer

    def handle(self) -> None:
        client: socket.socket = self.request
        if self.server.take_drop():
            client.recv(65536)  # the request arrived; hang up without a byte of answer
            return
        with socket.create_connection(self.server.upstream) as upstream:
            pipes = [
                threading.Thread(target=_pipe, args=(client, upstream), daemon=True),
                threading.Thread(target=_pipe, args=(upstream, client), daemon=True),
            ]
            for pipe in pipes:
                pipe.start()
            for pipe in pipes:
                pipe.join()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream: tuple[str, int], drops: int) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = upstream
        self.drops = drops
        self.connections = 0
        self._lock = threading.Lock()

    def take_drop(self) -> bool:
        with self._lock:
            self.connections += 1
            if self.drops > 0:
                self.drops -= 1
                return True
            return False


@contextmanager
def flaky_proxy(upstream_url: str, drops: int) -> Iterator[_ProxyServer]:
    """Serve a proxy to ``upstream_url`` (http://host:port) dropping the first ``drops``."""
    host, port = upstream_url.removeprefix("http://").split(":")
    server = _ProxyServer((host, int(port)), drops)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def proxy_url(server: _ProxyServer) -> str:
    """Base URL of the proxy."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"
