"""The `huishang` command line: each module parses options, calls the core, hands results to a
renderer and exits with a code."""

from huishang.cli import audit, check, reports, views, write  # noqa: F401  (registers commands)
from huishang.cli.app import app, main

__all__ = ["app", "main"]
