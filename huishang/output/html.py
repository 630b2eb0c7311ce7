"""HTML pages from Jinja2 templates: autoescaped, sandboxed, inline, offline.

The templates and the CSS/JS they inline are package data under huishang/templates/.
A ledger may override any of them by a file of the same name under its own
`templates/` folder (an office's own page header, say). Such a file comes from the
repository, so templates run in Jinja2's sandbox: they can lay out what they are given,
never reach Python's internals. Only the commands that write HTML import this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huishang.errors import HuishangError
from huishang.messages import msg
from huishang.output.table import COLOUR_STYLES, Cell, Column, Sheet, Value, as_cell

if TYPE_CHECKING:
    from jinja2 import Environment

    from huishang.ledger.models import InputLimits
    from huishang.output.document import Document

LEDGER_TEMPLATES = "templates"  # a ledger's own templates, relative to its root

# The CSS class (page.css) of each warning colour's cell style.
_CELL_CLASS = {style: colour for colour, style in COLOUR_STYLES.items()}


def css_class(cell: Cell, column: Column) -> str:
    classes = [_CELL_CLASS.get(cell.style, ""), "num" if column.justify == "right" else "",
               "nowrap" if column.no_wrap else ""]
    return " ".join(c for c in classes if c)


Laid = tuple[str, str, str | None]  # a cell as a page draws it: CSS class, text, link
Row = tuple[str, str, list[Laid]]  # a row: its cells' tag (th, td), its class, its cells


def laid_out(sheet: Sheet) -> list[tuple[str, list[Row]]]:
    """A table as its page draws it: the header (when a column has one) in thead, the rows
    and the total row in tbody."""

    def cells(values: Sequence[Value]) -> list[Laid]:
        out: list[Laid] = []
        for value, column in zip(values, sheet.columns, strict=False):
            c = as_cell(value)
            out.append((css_class(c, column), c.text, c.link))
        return out

    parts: list[tuple[str, list[Row]]] = []
    if any(c.header for c in sheet.columns):
        parts.append(("thead", [("th", "", cells([c.header for c in sheet.columns]))]))
    body: list[Row] = [("td", "", cells(r)) for r in sheet.rows]
    if sheet.total is not None:
        body.append(("td", "total", cells(sheet.total)))
    parts.append(("tbody", body))
    return parts


@cache
def static_names() -> tuple[str, ...]:
    """The names of huishang's own files under templates/static, the only files a template
    may inline."""
    folder = resources.files("huishang") / "templates" / "static"
    return tuple(sorted(p.name for p in folder.iterdir() if p.is_file()))


@cache
def static_text(name: str) -> str:
    """One of huishang's own files under templates/static (page.css, ledger.js)."""
    return (resources.files("huishang") / "templates" / "static" / name).read_text("utf-8")


def environment(root: Path | None, lang: str, limits: InputLimits | None = None) -> Environment:
    """Templates of the ledger at `root` first, then huishang's own; texts in `lang`; the
    templates bounded by the ledger's `limits` (the defaults when None)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined
    from jinja2.exceptions import TemplateRuntimeError
    from markupsafe import Markup

    from huishang.messages import MESSAGES
    from huishang.output.sandbox import BoundedSandbox

    loaders: list[Any] = []
    own = root / LEDGER_TEMPLATES if root is not None else None
    if own is not None and own.is_dir():
        loaders.append(FileSystemLoader(own, followlinks=False))
    else:
        own = None
    loaders.append(PackageLoader("huishang", "templates"))
    env = BoundedSandbox(own, limits, lang, loader=ChoiceLoader(loaders), autoescape=True,
                         auto_reload=False, undefined=StrictUndefined, trim_blocks=True,
                         lstrip_blocks=True)

    def t(code: str, **params: object) -> str:
        if code not in MESSAGES:  # a ledger's template may name any code
            raise TemplateRuntimeError(f"no message {code!r}")
        return msg(code, lang, **params)

    # a ledger's template calls static() too, so a name is looked up, never joined to a
    # path: `/proc/self/environ` or `../.git/config` would publish the CI job's secrets
    def static(name: object) -> Markup:
        from jinja2.exceptions import SecurityError

        if not isinstance(name, str) or name not in static_names():
            raise SecurityError(msg("template.static_unknown", lang, name=repr(name),
                                    names=list(static_names())))
        return Markup(static_text(name))

    # page.css and ledger.js are huishang's own files, inlined so a page works offline; a
    # site sets `shared_css` and its pages link the one page.css it writes instead
    env.globals.update(t=t, lang=lang, laid_out=laid_out, zip=zip, static=static)
    # `tojson` escapes what could end a <script> (<, >, &, '); Chinese stays as it is, at a
    # third of the size of \u escapes
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    return env


def page_name(record_id: str) -> str:
    """The file name (without .html) of a record's page: its id, with a rolled-up ledger's
    `xj:` written `xj.`, as a colon is no part of a file name on Windows, nor of a relative
    link (`xj:…` would read as a URL scheme). Ids hold no dot, so no two pages meet."""
    return record_id.replace(":", ".")


def render(env: Environment, template: str, **context: object) -> str:
    """The page; a broken or forbidden template (a ledger's own) is the user's error, named
    with its file and line, never a traceback."""
    from jinja2 import TemplateError, TemplateSyntaxError

    from huishang.output.sandbox import BoundedSandbox, render_bounded

    bounded = env if isinstance(env, BoundedSandbox) else None
    own = bounded.own_templates if bounded is not None else None
    try:
        page = env.get_template(template)
        if bounded is None or own is None:  # huishang's own templates: trusted, at full speed
            return page.render(**context)
        return render_bounded(bounded, lambda: page.generate(**context))
    except TemplateSyntaxError as exc:
        where = f"{_shown(exc.filename or template)}:{exc.lineno}"
        raise HuishangError("template.error", where=where, error=exc.message or exc) from None
    except TemplateError as exc:  # the sandbox's SecurityError among them
        raise HuishangError("template.error", where=_failing_template(exc, template),
                            error=exc) from None
    except HuishangError:
        raise
    except Exception as exc:
        # a run-time error in the ledger's own template (a division by zero, recursion
        # without end) is the office's mistake, at its line; anywhere else it is a bug
        where = _failing_template(exc, "")
        if own is None or not where or not Path(where.rsplit(":", 1)[0]).resolve() \
                .is_relative_to(own.resolve()):
            raise
        raise HuishangError("template.error", where=where,
                            error=f"{type(exc).__name__}: {exc}") from None


def _failing_template(exc: BaseException, fallback: str) -> str:
    """file:line of the innermost template frame (Jinja2 names frames after templates)."""
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(
        (".html", ".css", ".js"))]
    if not frames:
        return fallback
    return f"{_shown(frames[-1].filename)}:{frames[-1].lineno}"


def _shown(filename: str) -> str:
    """A template's name as a clerk finds it: relative to the working folder when inside."""
    try:
        return Path(filename).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return filename


def document_html(doc: Document, lang: str, root: Path | None = None,
                  limits: InputLimits | None = None) -> str:
    return render(environment(root, lang, limits), "document.html", doc=doc, title=doc.title,
                  up=None)
