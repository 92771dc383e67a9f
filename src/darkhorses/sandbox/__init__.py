"""The sandbox: a deterministic local Racing API (world generator + ASGI app)."""
