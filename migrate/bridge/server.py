"""Serve the bridge in the foreground until Ctrl-C: Uvicorn for the app, a worker thread."""

from __future__ import annotations


import uvicorn

from migrate.bridge.app import create_bridge_app
from migrate.bridge.config import BridgeConfig
from migrate.bridge.delivery import start_worker
from migrate.bridge.outbox import Outbox, OutboxCounts


def serve_bridge(config: BridgeConfig, host: str, port: int) -> OutboxCounts:
    """Run until interrupted, then stop cleanly; pending callbacks stay in the outbox.

    Returns the counts at shutdown.
    """
    outbox = Outbox(config.db_path)
    worker = start_worker(config)
    try:
        app = create_bridge_app(config, outbox)
        # Uvicorn handles SIGINT/SIGTERM itself and returns after a graceful shutdown.
        server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, lifespan="off", log_config=None)
        )
        server.run()
    finally:
        worker.stop()
        counts = outbox.counts()
        outbox.close()
    return counts
