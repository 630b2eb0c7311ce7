"""The sandbox a ledger's own page templates run in, bounded in what they may ask for.

Jinja2's sandbox keeps a template from Python's internals, not from asking for too much:
`"x" * 10**10`, `"x"|center(10**9)` or loops nested five deep would take the machine's
memory or hours. So here a string or list may be multiplied only into a bounded size, a
number given to a filter or a method may not exceed MAX_ARGUMENT (Jinja2's own bound on
`range`), and a page whose templates include the ledger's own is rendered as a stream,
stopped past MAX_PAGE_CHARS characters or TEMPLATE_SECONDS seconds. Every such stop is
a SecurityError, which the caller reports at the template's file and line.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from functools import wraps
from pathlib import Path
from typing import Any, cast

from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment

MAX_ARGUMENT = MAX_RANGE  # 100,000
MAX_PRODUCT = 1_000_000  # characters or items a `*` may make
MAX_PAGE_CHARS = 64 * 1024 * 1024
TEMPLATE_SECONDS = 20.0


def _check_arguments(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise SecurityError(f"the number {value} is beyond {MAX_ARGUMENT}")


def _bounded(function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        return function(*args, **kwargs)

    return call


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with the bounds above on `*`, `**` and every call's numbers;
    `own_templates` is the ledger's templates folder when it has one."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, own_templates: Path | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.own_templates = own_templates
        self.filters = {name: _bounded(f) for name, f in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            _check_arguments((left, right), {})
            if isinstance(right, int) and abs(right) > 64 and abs(left) > 1:
                raise SecurityError(f"{left} ** {right} is too large")
        elif operator == "*":
            for size, times in ((left, right), (right, left)):
                if isinstance(size, str | list | tuple) and isinstance(times, int) and \
                        len(size) * times > MAX_PRODUCT:
                    raise SecurityError(f"a product of more than {MAX_PRODUCT} items")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    page_chars = 0  # of the page being rendered, counted by each template as it writes
    last_chunk: str | None = None  # the part last counted

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        """The template, counting what it writes: past MAX_PAGE_CHARS the error is thrown
        into the template that wrote the last part (an included header), at its line."""
        template = super().get_template(*args, **kwargs)
        render = template.root_render_func
        if self.own_templates is None or getattr(render, "counted", False):
            return template  # huishang's own templates alone are trusted, and not slowed

        def counted(context: Any) -> Iterator[str]:
            stream = cast("Generator[str, None, None]", render(context))
            for chunk in stream:
                if chunk is self.last_chunk:  # passed up from an included template: counted
                    yield chunk
                    continue
                self.last_chunk = chunk
                self.page_chars += len(chunk)
                if self.page_chars > MAX_PAGE_CHARS:
                    stream.throw(SecurityError(
                        f"the page is longer than {MAX_PAGE_CHARS} characters"))
                yield chunk

        counted.counted = True  # type: ignore[attr-defined]
        template.root_render_func = counted
        return template


class _OutOfTime(SecurityError):
    pass


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the run after `seconds` (a loop that prints nothing included), where the
    system has a timer signal and this is the main thread; elsewhere the output bound
    alone holds."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _OutOfTime(f"the templates ran longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_bounded(env: BoundedSandbox, chunks: Callable[[], Iterator[str]]) -> str:
    """The page the generator `chunks` makes, within MAX_PAGE_CHARS and TEMPLATE_SECONDS."""
    out: list[str] = []
    started = time.monotonic()
    timed = hasattr(signal, "setitimer")
    env.page_chars, env.last_chunk = 0, None
    with _deadline(TEMPLATE_SECONDS):
        for chunk in chunks():
            out.append(chunk)
            if not timed and time.monotonic() - started > TEMPLATE_SECONDS:
                raise _OutOfTime(f"the templates ran longer than {TEMPLATE_SECONDS:g} "
                                 "seconds")
    return "".join(out)
