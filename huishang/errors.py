"""The one exception for fatal, expected errors; the CLI catches it in exactly one place."""

from __future__ import annotations


class HuishangError(Exception):
    """An error the user can fix (no ledger found, bad option value): a message code with
    its parameters, shown in the reader's language by the CLI, never a traceback."""

    def __init__(self, code: str, *, exit_code: int = 1, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.exit_code = exit_code

    def message(self, lang: str) -> str:
        from huishang.messages import msg

        return msg(self.code, lang, **self.params)
