"""Bounds on a zipped office file (.xlsx, .ods, .docx) before any reader opens it.

Such a file is a zip archive that a pull request or an e-mail may bring: a few kilobytes
can inflate to gigabytes (a zip bomb), or hold a million parts. Its parts are inflated
here as a stream, counted and thrown away, so that calamine or python-docx read it only
once it is known to fit the limits; a part may be handed, chunk by chunk, to a scanner.
The count is of the bytes really inflated, not of the sizes the archive declares, which a
hostile file may fake.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from huishang.errors import HuishangError
from huishang.ledger.models import InputLimits

Sink = Callable[[bytes], None]
_CHUNK = 1 << 20


def check_archive(path: Path, shown: str, limits: InputLimits,
                  scanner: Callable[[str], Sink | None] = lambda part: None,
                  exit_code: int = 1) -> None:
    """Refuse `path` (named `shown`) when it holds more parts, or inflates to more bytes,
    than `limits` allow; `scanner(part)` may return a sink that sees the part's bytes. A
    file that is no zip archive is left for its reader to refuse in its own words."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.parts:
            raise HuishangError("limit.parts", exit_code=exit_code, path=shown, n=len(parts),
                                limit=limits.parts)
        total = 0
        for part in parts:
            sink = scanner(part.filename)
            try:
                with archive.open(part) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > limits.unzipped_bytes:
                            raise HuishangError("limit.unzipped", exit_code=exit_code,
                                                path=shown, part=part.filename,
                                                limit=limits.unzipped_bytes)
                        if sink is not None:
                            sink(chunk)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError,
                    EOFError) as error:  # damaged, encrypted, or an unknown compression
                raise HuishangError("limit.bad_part", exit_code=exit_code, path=shown,
                                    part=part.filename,
                                    error=str(error) or type(error).__name__) from None
