"""A document as PDF: its Word file converted by LibreOffice (soffice, headless).

PDF is what a document looks like on paper, so it is made from the .docx itself rather
than by a second renderer. LibreOffice runs with a profile of its own in a temporary
folder, so it neither disturbs nor waits for an office the user has open. Only the
commands that write PDF import this module.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from huishang.errors import HuishangError

TIMEOUT_SECONDS = 300  # a long bulletin takes LibreOffice some seconds, its first start more
PROGRAMS = ("soffice", "libreoffice")


def office() -> str:
    """The LibreOffice program on PATH; a clear error naming what to install otherwise."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise HuishangError("pdf.no_office", exit_code=2)


def docx_to_pdf(data: bytes, program: str) -> bytes:
    """The PDF of a .docx file, by `program` (LibreOffice)."""
    with tempfile.TemporaryDirectory(prefix="huishang-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        try:
            done = subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(work), str(source)],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise HuishangError("pdf.failed", problem=str(error)) from None
        result = work / "document.pdf"
        if not result.is_file():
            problem = (done.stderr or done.stdout).strip().splitlines()
            raise HuishangError("pdf.failed", problem=problem[-1] if problem else done.returncode)
        return result.read_bytes()
