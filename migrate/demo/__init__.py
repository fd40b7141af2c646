"""``twilio2zoom demo``: the whole toolkit at work on the local sandbox in about a minute.

:func:`run_demo` starts both emulators, audits and rewrites a bundled sample app, runs
its rewritten token code against the Zoom emulator and exports the seeded Twilio archive.
Each step is a function in :mod:`migrate.demo.steps` that tests call on their own.
"""

from migrate.demo.runner import DemoResult, DemoStepError, run_demo

__all__ = ["DemoResult", "DemoStepError", "run_demo"]
