"""`huishang unit`: the unit registry (units.yaml) listed, added to and edited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import app, say
from huishang.cli.context import Lang
from huishang.cli.options import (
    CommitOpt,
    DryRunOpt,
    FormatOpt,
    LangOpt,
    LevelChoice,
    RepoOpt,
    TodayOpt,
    ViewFormat,
    ledger_lock,
    open_session,
)
from huishang.cli.writing import check_texts, refusals, save, split

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from huishang.edit.changes import Change
    from huishang.edit.registry import UnitFields

unit_app = typer.Typer(help="单位名录 The unit registry (units.yaml): list, add, edit.",
                       no_args_is_help=True)
app.add_typer(unit_app, name="unit")

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="单位全称 The unit's full name.")]
ShortOpt = Annotated[list[str] | None, typer.Option(
    "--short", show_default=False, help="简称（可重复或逗号分隔）Short names, repeated or "
    "comma-separated.")]
LevelOpt = Annotated[LevelChoice | None, typer.Option(
    "--level", show_default=False, help="层级 Level.")]
ParentOpt = Annotated[str | None, typer.Option(
    "--parent", show_default=False, help="上级单位（已登记的全称或简称）The parent unit, "
    "registered (full or short name).")]
MaintainerOpt = Annotated[list[str] | None, typer.Option(
    "--maintainer", metavar="EMAIL", show_default=False, help="维护人的 git 邮箱（可重复），"
    "可修改本单位事项 A maintainer's git e-mail (repeatable): who may change its items.")]
ContactOpt = Annotated[list[str] | None, typer.Option(
    "--contact", metavar="EMAIL", show_default=False, help="接收督办提示的邮箱（可重复）"
    "An address its notices and reminders go to (repeatable).")]


def _fields(short: list[str] | None, level: LevelChoice | None, parent: str | None,
            maintainer: list[str] | None, contact: list[str] | None) -> UnitFields:
    from huishang.edit.registry import UnitFields

    check_texts(*(("--short", s) for s in short or []), ("--parent", parent),
                 *(("--maintainer", m) for m in maintainer or []),
                 *(("--contact", c) for c in contact or []))
    return UnitFields(
        short=tuple(split(short)) if short is not None else None,
        level=level.value if level is not None else None, parent=parent,
        maintainers=tuple(split(maintainer)) if maintainer is not None else None,
        contacts=tuple(split(contact)) if contact is not None else None)


def _write(edit: Callable[[Path, str, UnitFields, int], Change], name: str,
           fields: UnitFields, codes: tuple[str, str], *, dry_run: bool, commit: bool,
           repo: Path | None, today: dt.date | None, lang: Lang | None) -> None:
    """units.yaml changed by `edit` (add_unit or edit_unit) under the ledger's lock, shown
    or written and committed; `codes` are the messages of the commit and of what was
    done."""
    with ledger_lock(repo):
        session = open_session(repo, today, lang, "settings")
        change = refusals(session, lambda: edit(
            session.ledger.root, name, fields, session.ledger.settings.max_file_bytes))
        save(session, change, dry_run=dry_run, commit=commit,
             message=say(codes[0], unit=name))
        if not dry_run:
            typer.echo(say(codes[1], unit=name))


@unit_app.command("add")
def unit_add(
    name: NameArg,
    short: ShortOpt = None,
    level: LevelOpt = None,
    parent: ParentOpt = None,
    maintainer: MaintainerOpt = None,
    contact: ContactOpt = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """登记单位 Add a unit to units.yaml (made when missing), after the others.

    The rest of the file stays byte for byte; nothing is written when the registry would
    not validate (a name or short name already used, an unknown parent, a bad address).

    **Examples**

    ```
    huishang unit add 黑龙江省高级人民法院 --short 黑龙江高院 --short 省法院 \\
        --level provincial --parent 最高人民法院 --maintainer yjs@hljcourt.example.cn
    huishang unit add 黑龙江省人民检察院 --short 省检察院 --contact ducha@hljjcy.example.cn
    ```
    """
    from huishang.edit import registry

    check_texts(("NAME", name))
    _write(registry.add_unit, name, _fields(short, level, parent, maintainer, contact),
           ("commit.unit_add", "unit.added"), dry_run=dry_run, commit=commit, repo=repo,
           today=today, lang=lang)


@unit_app.command("edit")
def unit_edit(
    name: Annotated[str, typer.Argument(metavar="NAME", help="单位全称或简称 The unit, by "
                                        "its full or a short name.")],
    short: ShortOpt = None,
    level: LevelOpt = None,
    parent: ParentOpt = None,
    maintainer: MaintainerOpt = None,
    contact: ContactOpt = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """修改单位 Change a unit of units.yaml: each option given replaces that field (a list
    option given replaces the whole list). A name units.yaml does not hold is refused with
    the closest names it does.

    **Examples**

    ```
    huishang unit edit 省法院 --maintainer yjs@hljcourt.example.cn \\
        --maintainer li@hljcourt.example.cn
    huishang unit edit 黑龙江省人民检察院 --level provincial --parent 最高人民检察院 --dry-run
    ```
    """
    from huishang.edit import registry

    _write(registry.edit_unit, name, _fields(short, level, parent, maintainer, contact),
           ("commit.unit_edit", "unit.edited"), dry_run=dry_run, commit=commit, repo=repo,
           today=today, lang=lang)


@unit_app.command("list")
def unit_list(
    fmt: FormatOpt = ViewFormat.table,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """单位名录 List the units of units.yaml: full name, short names, level, parent,
    maintainers and contacts.

    **Examples**

    ```
    huishang unit list
    huishang unit list --format json
    ```
    """
    from huishang.edit import registry
    from huishang.messages import msg
    from huishang.output.formats import emit
    from huishang.output.table import Column, Sheet

    session = open_session(repo, today, lang, "settings")
    _, record = registry.registry(session.ledger.root, session.ledger.settings.max_file_bytes)
    units = record.units if record is not None else []
    t = session.lang
    sheet = Sheet(msg("unit.list_title", t), [Column(msg(k, t)) for k in (
        "unit", "unit.short", "level", "unit.parent", "unit.maintainers", "unit.contacts")],
        caption=msg("count", t, n=len(units)))
    join = msg("sep.list", t).join
    for unit in units:
        sheet.add(unit.name, join(unit.short), msg(f"level.{unit.level}", t) if unit.level
                  else "", unit.parent or "", join(unit.maintainers), join(unit.contacts))
    emit(sheet, fmt.value, {"units": [u.model_dump(mode="json") for u in units]})
