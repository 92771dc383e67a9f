"""The sandbox: a deterministic local Racing API (world generator + ASGI app).

Public surface:

- ``darkhorses.sandbox.world.World(seed)``: the generated data.
- ``darkhorses.sandbox.app.create_app(world, SandboxOptions(...))``: the ASGI app (accounts,
  plan gating, rate limits, faults, counters, clock).
- ``darkhorses.sandbox.server.serve(app)`` / ``run_sandbox(seed, options)``: serve it on a
  loopback port in a background thread, yielding the base URL.
- ``/_sandbox/stats``, ``/_sandbox/clock``, ``/_sandbox/faults``, ``/_sandbox/reset``: the
  control routes tests and drills use over HTTP.
"""
