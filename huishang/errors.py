"""The one exception for fatal, expected errors; the CLI catches it in exactly one place."""

from __future__ import annotations


class HuishangError(Exception):
    """An error the user can fix (no ledger found, bad option value): a message, no traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
