"""The sandbox a ledger's own page templates run in, bounded in what they may ask for.

Jinja2's sandbox keeps a template from Python's internals, not from asking for too much:
`"x" * 10**10`, `"x"|center(10**9)` or loops nested five deep would take the machine's
memory or hours. So here a string or list may be multiplied only into a bounded size, a
number given to a filter or a method may not exceed `limits.template_number`, and a
page whose templates include the ledger's own is rendered as a stream, stopped past
`limits.template_chars` characters or `limits.template_seconds` seconds (the ledger's
settings, InputLimits). Every such stop is a SecurityError, which the caller reports at
the template's file and line.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from functools import wraps
from pathlib import Path
from types import FrameType
from typing import Any, cast

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from huishang.ledger.models import InputLimits
from huishang.messages import msg

MAX_PRODUCT = 1_000_000  # characters or items a `*` may make


class BoundedSandbox(SandboxedEnvironment):
    """Jinja2's sandbox with the bounds above on `*`, `**` and every call's numbers;
    `own_templates` is the ledger's templates folder when it has one, `limits` its
    settings, `lang` the language its stops are told in."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, own_templates: Path | None = None, limits: InputLimits | None = None,
                 lang: str = "en", **options: Any) -> None:
        super().__init__(**options)
        self.own_templates = own_templates
        self.limits = limits or InputLimits()
        self.lang = lang
        self.filters = {name: self._bounded(f) for name, f in self.filters.items()}
        # Jinja2's own `range` stops at its fixed 100,000; this one at the setting
        self.globals["range"] = self._range

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self._check_arguments((len(numbers),), {})
        return numbers

    def _check_arguments(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        limit = self.limits.template_number
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > limit:
                raise SecurityError(msg("template.limit_number", self.lang, value=value,
                                        limit=limit))

    def _bounded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            self._check_arguments(args, kwargs)
            return function(*args, **kwargs)

        return call

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            self._check_arguments((left, right), {})
            if isinstance(right, int) and abs(right) > 64 and abs(left) > 1:
                raise SecurityError(f"{left} ** {right} is too large")
        elif operator == "*":
            for size, times in ((left, right), (right, left)):
                if isinstance(size, str | list | tuple) and isinstance(times, int) and \
                        len(size) * times > MAX_PRODUCT:
                    raise SecurityError(f"a product of more than {MAX_PRODUCT} items")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._check_arguments(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    page_chars = 0  # of the page being rendered, counted by each template as it writes
    last_chunk: str | None = None  # the part last counted
    late = False  # the time ran out while no ledger's template was running

    def out_of_time(self) -> _OutOfTime:
        return _OutOfTime(msg("template.limit_seconds", self.lang,
                              limit=f"{self.limits.template_seconds:g}"))

    def runs_own(self, frame: FrameType | None) -> bool:
        """Whether a ledger's template is among the frames running (not one that yielded
        its part and waits)."""
        own = self.own_templates
        while frame is not None and own is not None:
            if Path(frame.f_code.co_filename).is_relative_to(own):
                return True
            frame = frame.f_back
        return False

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        """The template, counting what it writes: past `limits.template_chars` the error is
        thrown into the template that wrote the last part (an included header), at its
        line, as is the time run out while the parts went up (`late`)."""
        template = super().get_template(*args, **kwargs)
        render = template.root_render_func
        if self.own_templates is None or getattr(render, "counted", False):
            return template  # huishang's own templates alone are trusted, and not slowed

        def counted(context: Any) -> Iterator[str]:
            stream = cast("Generator[str, None, None]", render(context))
            for chunk in stream:
                if self.late:  # this template wrote the part the time ran out over
                    self.late = False
                    stream.throw(self.out_of_time())
                if chunk is self.last_chunk:  # passed up from an included template: counted
                    yield chunk
                    continue
                self.last_chunk = chunk
                self.page_chars += len(chunk)
                if self.page_chars > self.limits.template_chars:
                    stream.throw(SecurityError(msg("template.limit_chars", self.lang,
                                                   limit=self.limits.template_chars)))
                yield chunk

        counted.counted = True  # type: ignore[attr-defined]
        template.root_render_func = counted
        return template


class _OutOfTime(SecurityError):
    pass


@contextlib.contextmanager
def _deadline(env: BoundedSandbox, seconds: float) -> Iterator[None]:
    """Interrupt the run after `seconds` (a loop that prints nothing included), where the
    system has a timer signal and this is the main thread; elsewhere the output bound
    alone holds. A ledger's template running is stopped at once; when the signal comes
    while its parts go up through huishang's templates, at the next part it writes, so
    the error names it and its line, never huishang's own page."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        if env.runs_own(frame):
            raise env.out_of_time()
        env.late = True

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_bounded(env: BoundedSandbox, chunks: Callable[[], Iterator[str]]) -> str:
    """The page the generator `chunks` makes, within the ledger's `limits.template_chars`
    and `limits.template_seconds`."""
    out: list[str] = []
    started = time.monotonic()
    timed = hasattr(signal, "setitimer")
    seconds = env.limits.template_seconds
    env.page_chars, env.last_chunk, env.late = 0, None, False
    with _deadline(env, seconds):
        for chunk in chunks():
            out.append(chunk)
            if env.late or (not timed and time.monotonic() - started > seconds):
                raise env.out_of_time()
    return "".join(out)
