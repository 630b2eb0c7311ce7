"""The generic JSON webhook (`HUISHANG_WEBHOOK_URL`) that intranet 政务钉钉 / 政务微信 gateways
and chat bots accept: one POST per reminder, any 2xx answer is delivery."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from huishang.errors import HuishangError

TIMEOUT = 30.0


def check_url(url: str) -> str:
    try:  # a bracket left open, or a port that is no number
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- read to check it
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HuishangError("remind.bad_url", exit_code=2, name="HUISHANG_WEBHOOK_URL",
                            form="http(s)://host/path", value=url)
    return url


class WebhookRefused(Exception):
    """The server answered, but not with success."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def post(url: str, payload: dict[str, Any]) -> None:
    """POST the JSON body; raises WebhookRefused on an answer other than 2xx, OSError when the
    server cannot be reached."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8",
                 "User-Agent": "huishang-remind"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        exc.close()
        raise WebhookRefused(exc.code) from None
    except http.client.HTTPException as exc:  # an answer that is not HTTP
        raise OSError(f"{type(exc).__name__}: {exc}") from None
    if not 200 <= status < 300:
        raise WebhookRefused(status)
