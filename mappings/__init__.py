"""The resource mapping layer: pure Twilio Video -> Zoom Video SDK translation, no I/O.

Imports only pydantic and the standard library. Every Twilio->Zoom rule is written once
here and used by the shim, the codemods, ``plan``, the audit and the generated docs.
"""
