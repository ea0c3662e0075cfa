"""The command-line commands, one module per group; each module has ``register(commands)``.

Modules import their heavy dependencies (matplotlib, requests) inside the handlers, so that the
command line starts fast.
"""
