"""A small Flask video app written against the official twilio package (shim E2E subject)."""
