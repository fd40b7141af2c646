"""Zoom Video SDK webhooks re-sent as Twilio-style status callbacks.

The web app (:func:`create_bridge_app`) only verifies, translates and queues; a
:class:`DeliveryWorker` forwards from the durable :class:`Outbox`, so nothing is lost
while the application is down and the acknowledgement to Zoom stays fast.
"""

from __future__ import annotations

from migrate.bridge.app import create_bridge_app
from migrate.bridge.config import BridgeConfig
from migrate.bridge.delivery import DeliveryWorker, WorkerThread, start_worker
from migrate.bridge.outbox import Outbox, OutboxCounts, PruneResult
from migrate.bridge.routing import Route, Router, Target, load_routes

__all__ = [
    "BridgeConfig",
    "DeliveryWorker",
    "Outbox",
    "OutboxCounts",
    "PruneResult",
    "Route",
    "Router",
    "Target",
    "WorkerThread",
    "create_bridge_app",
    "load_routes",
    "start_worker",
]
