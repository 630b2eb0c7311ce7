"""Commands that write the ledger: init, new meeting, new item, update."""

from __future__ import annotations

import datetime as dt
import os
import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from huishang.cli.app import Language, app, say
from huishang.cli.context import Lang
from huishang.cli.options import (
    CommitOpt,
    DryRunOpt,
    ItemIdArg,
    LangOpt,
    LevelChoice,
    RepoOpt,
    Session,
    StatusChoice,
    TodayOpt,
    ledger_lock,
    open_session,
    parse_date,
    parse_status,
    refuse_sourced,
)
from huishang.cli.writing import check_texts, refusals, save, save_item, split
from huishang.errors import HuishangError

if TYPE_CHECKING:
    from huishang.ledger.models import Item
    from huishang.ledger.records import Loaded

new_app = typer.Typer(help="新建会议或事项 Create a meeting or an item.", no_args_is_help=True)
app.add_typer(new_app, name="new")

DateOpt = Annotated[dt.date | None, typer.Option(
    "--date", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
    help="日期 The date (default: today).")]


class Forge(StrEnum):
    github = "github"
    gitlab = "gitlab"
    gitea = "gitea"
    none = "none"


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="新台账目录 Folder of the new ledger.")] = (
        Path(".")
    ),
    ci: Annotated[Forge, typer.Option(
        "--ci", help="写入哪个代码托管平台的 CI 配置 The forge whose CI file to write "
        "(on an existing ledger: only that file).")] = Forge.none,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """新建台账 Create a new ledger: settings, unit registry, items/, schemas, pre-commit
    configuration and, with --ci, the CI file of the office's forge, run on the main branch
    (`main`, or git's init.defaultBranch). Never overwrites an existing ledger; an
    interrupted `init` is completed by running it again (huishang.yaml is written last).

    **Examples**

    ```
    huishang init 两院会商台账
    huishang init . --ci gitlab
    huishang init --ci gitea          # add the CI file to the ledger here
    ```
    """
    import shlex

    from huishang.edit import changes, scaffold
    from huishang.edit import ci as ci_files
    from huishang.edit.atomic import remove_leftovers, write_atomic
    from huishang.edit.schemas import write_schemas
    from huishang.git.repo import current_branch, ensure_repository
    from huishang.ledger import schema
    from huishang.ledger.layout import ITEMS_DIR, SETTINGS_FILE

    del today  # accepted as by every command; a new ledger has no dates yet
    if lang is not None:
        Language.use(lang.value)
    target = directory.resolve()
    files = scaffold.init_files()
    if (target / SETTINGS_FILE).exists():
        for rel in [*files, *ci_files.FORGES.values()]:  # a killed run left at most these
            remove_leftovers((target / rel).parent, Path(rel).name)
        if ci is Forge.none:
            raise HuishangError("init.exists", path=str(target))
        files = {}  # `init --ci` on a ledger: its CI file alone
    target.mkdir(parents=True, exist_ok=True)
    branch = "main"
    try:  # first: an interrupted init, run again, finds the repository made
        if ensure_repository(target):
            typer.echo(say("init.git"))
        branch = current_branch(target) or branch
    except HuishangError as exc:  # without git the ledger works, but has no audit trail
        if exc.code != "git.missing":
            raise
        typer.echo(say("init.no_git"))
    if ci is not Forge.none:
        files[ci_files.FORGES[ci.value]] = ci_files.ci_text(ci.value, branch)
    settings = files.pop(SETTINGS_FILE, None)  # last: it marks the ledger as complete
    for rel, text in files.items():
        path = target / rel
        remove_leftovers(path.parent, path.name)
        if not path.exists():
            changes.create_new(path, text.encode("utf-8"))
            typer.echo(say("init.created", path=rel))
        elif rel == ".gitignore":
            current = path.read_text(encoding="utf-8")
            if text.strip() not in current.splitlines():
                sep = "" if current.endswith("\n") or not current else "\n"
                write_atomic(path, (current + sep + text).encode("utf-8"))
                typer.echo(say("init.updated", path=rel))
        else:
            typer.echo(say("init.kept", path=rel))
    if settings is None:
        return
    if not (target / ITEMS_DIR).is_dir():
        (target / ITEMS_DIR).mkdir()
        typer.echo(say("init.created", path=f"{ITEMS_DIR}/"))
    for name in write_schemas(target / schema.SCHEMA_DIR):
        typer.echo(say("init.created", path=f"{schema.SCHEMA_DIR}/{name}"))
    remove_leftovers(target, SETTINGS_FILE)
    changes.create_new(target / SETTINGS_FILE, settings.encode("utf-8"))
    typer.echo(say("init.created", path=SETTINGS_FILE))
    here = target == Path.cwd().resolve()
    cd = "" if here else f"cd {shlex.quote(str(directory))} && "  # as a shell takes it back
    if ci is Forge.none:
        typer.echo(say("init.ci_hint", cd=cd))
    typer.echo(say("init.next", cd=cd))


@new_app.command("meeting")
def new_meeting(
    date: Annotated[dt.date, typer.Option("--date", metavar="YYYY-MM-DD", parser=parse_date,
                                          help="会议日期 Date of the meeting.")],
    slug: Annotated[str, typer.Option("--slug", help="编号后缀，如 fa-jian Short name in the "
                                      "id: `<date>-<slug>`.")],
    title: Annotated[str, typer.Option("--title", help="会议名称 Title.")],
    parties: Annotated[list[str], typer.Option("--parties", help="参会单位，逗号分隔或重复 "
                                               "Parties, comma-separated or repeated.")],
    level: Annotated[LevelChoice, typer.Option("--level", help="层级 Level.")],
    sequence: Annotated[int | None, typer.Option("--sequence", min=1, help="第几次会议 Sequence "
                                                 "number (第N次).", show_default=False)] = None,
    aspect: Annotated[list[str] | None, typer.Option(
        "--aspect", metavar="KEY=TITLE", show_default=False,
        help="方面（可重复），如 X1=共同推进政治机关建设 An aspect of the minutes; repeat "
        "for several, in their order.")] = None,
    leader: Annotated[list[str] | None, typer.Option(
        "--leader", show_default=False, help="出席领导（可重复）A leader who attended; repeat "
        "for several.")] = None,
    presenter: Annotated[list[str] | None, typer.Option(
        "--presenter", show_default=False, help="主持或通报人（可重复）Who chaired or "
        "reported; repeat for several.")] = None,
    location: Annotated[str | None, typer.Option(
        "--location", show_default=False, help="会议地点 Where the meeting was held.")] = None,
    minutes: Annotated[str | None, typer.Option(
        "--minutes", show_default=False, help="会议纪要文号或名称 The minutes (会议纪要): its "
        "document number or title.")] = None,
    agreed_items: Annotated[int | None, typer.Option(
        "--agreed-items", min=0, show_default=False, help="纪要议定事项数 How many items the "
        "minutes agreed (the review compares the ledger with it).")] = None,
    ad_hoc: Annotated[bool, typer.Option(
        "--ad-hoc", help="一事一议的临时会商 A one-off consultation between meetings.")] = False,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """新建会议 Create `items/<date>-<slug>/meeting.yaml`.

    **Examples**

    ```
    huishang new meeting --date 2024-08-07 --slug hlj-fa-jian \\
        --level provincial --sequence 2 --title 第二次工作交流会商会 \\
        --parties 黑龙江省高级人民法院,黑龙江省人民检察院
    huishang new meeting --date 2023-12-14 --slug xj-fa-jian --level provincial \\
        --title 首次工作交流会商会 --parties 自治区高院,自治区检察院 \\
        --aspect X1=共同推进政治机关建设 --aspect X2=共同强化诉讼监督 \\
        --leader 院长 --leader 检察长 --location 乌鲁木齐 --minutes 会商会议纪要 --agreed-items 12
    ```
    """
    from huishang.edit import changes, scaffold
    from huishang.ledger.models import Meeting

    with ledger_lock(repo):
        check_texts(("--title", title), ("--slug", slug), ("--location", location),
                    ("--minutes", minutes),
                    *(("--parties", party) for party in parties),
                    *(("--aspect", a) for a in aspect or []),
                    *(("--leader", name) for name in leader or []),
                    *(("--presenter", name) for name in presenter or []))
        details = scaffold.MeetingDetails(
            kind="ad_hoc" if ad_hoc else "formal", sequence=sequence, location=location,
            leaders=tuple(leader or ()), presenters=tuple(presenter or ()), minutes=minutes,
            agreed_items=agreed_items, aspects=_aspects(aspect or []))
        session = open_session(repo, today, lang)
        meeting_id = f"{date.isoformat()}-{slug}"
        rel = scaffold.meeting_path(meeting_id)
        _claim_folder(session.ledger.root / rel, meeting_id, dry_run)
        text = scaffold.meeting_text(meeting_id, title, date, split(parties), level.value,
                                     details)
        change = refusals(session, lambda: changes.new_file(session.ledger, rel, text, Meeting))
        save(session, change, dry_run=dry_run, commit=commit,
             message=say("commit.new_meeting", id=meeting_id))
        if not dry_run:
            typer.echo(meeting_id)


def _aspects(given: list[str]) -> tuple[tuple[str, str], ...]:
    """`--aspect X1=共同推进政治机关建设` as (key, title); full-width separators work too."""
    from huishang.ledger.vocab import ASPECT_SEPARATORS

    found: dict[str, str] = {}
    for value in given:
        parts = re.split(f"[{ASPECT_SEPARATORS}]", value, maxsplit=1)
        key, title = parts[0].strip(), parts[-1].strip()
        if len(parts) < 2 or not key or not title:
            raise HuishangError("option.aspect_format", exit_code=2, value=value)
        if key in found:
            raise HuishangError("option.aspect_twice", exit_code=2, key=key)
        found[key] = title
    return tuple(found.items())


def _claim_folder(meeting_file: Path, meeting_id: str, dry_run: bool) -> None:
    """Refuse an existing meeting; take over the empty folder an interrupted `new meeting`
    left (nothing in it but temporary files), removing those first."""
    from huishang.edit.atomic import remove_leftovers
    from huishang.ledger.layout import is_leftover_write

    folder = meeting_file.parent
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not folder.is_dir():
        raise HuishangError("meeting.exists", id=meeting_id)
    taken = any(not is_leftover_write(name) for name in os.listdir(folder))
    if not dry_run:
        remove_leftovers(folder)
    if taken:
        raise HuishangError("meeting.exists", id=meeting_id)


@new_app.command("item")
def new_item(
    meeting: Annotated[str, typer.Option("--meeting", help="会议编号 Meeting id.")],
    title: Annotated[str, typer.Option("--title", help="事项名称 Title.")],
    lead: Annotated[list[str], typer.Option(
        "--lead", help="牵头单位；共同牵头时重复给出 Lead unit; repeat it for joint leads "
        "(共同牵头).")],
    partner: Annotated[list[str] | None, typer.Option(
        "--partner", help="配合单位（可重复）Partner unit; repeat for several.",
        show_default=False)] = None,
    aspect: Annotated[str | None, typer.Option("--aspect", help="方面编号 Aspect key.",
                                               show_default=False)] = None,
    due: Annotated[dt.date | None, typer.Option("--due", metavar="YYYY-MM-DD",
                                                parser=parse_date, help="完成时限 Deadline.",
                                                show_default=False)] = None,
    owner_division: Annotated[str | None, typer.Option(
        "--owner-division", help="责任部门 Owning division.", show_default=False)] = None,
    owner_person: Annotated[str | None, typer.Option(
        "--owner-person", help="责任人 Owning person.", show_default=False)] = None,
    status: Annotated[StatusChoice, typer.Option(
        "--status", metavar="STATUS", parser=parse_status, autocompletion=parse_status.complete,
        help="初始状态（可写中文，如 推进中）Initial status; Chinese labels work too.")] = (
        StatusChoice.planned
    ),
    number: Annotated[int | None, typer.Option(
        "--number", min=1, max=999, metavar="N", show_default=False,
        help="纪要中的序号（第N项），编号为 <会议编号>-NN；默认取下一个 The item's number in "
        "the minutes (第N项), which its id ends with; default: the next free one.")] = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """新建事项 Create an item with the next free id in the meeting, and print the id.

    With --number N the id follows the minutes instead: item 9 of the 纪要 is
    `<meeting-id>-09`, whatever order the items are entered in.

    **Examples**

    ```
    huishang new item --meeting 2023-06-12-fa-jian --title 统一量刑建议审查标准 \\
        --lead 最高法 --partner 最高检 --aspect A1 --due 2024-06-30
    huishang new item --meeting 2023-12-14-xj-fa-jian --number 9 --aspect X3 \\
        --title 联合开展专项督查 --lead 自治区高级人民法院
    huishang new item --meeting 2023-06-12-fa-jian --title 共同推动涉案企业合规改革 \\
        --lead 最高法 --lead 最高检
    ```
    """
    from huishang.edit import changes, scaffold
    from huishang.ledger.models import Item
    from huishang.views.query import find_meeting

    with ledger_lock(repo):
        check_texts(("--title", title), *(("--lead", unit) for unit in lead),
                    ("--aspect", aspect),
                    ("--owner-division", owner_division), ("--owner-person", owner_person),
                    *(("--partner", p) for p in partner or []))
        session = open_session(repo, today, lang)
        refuse_sourced(session, meeting)
        meetings = session.ledger.meetings
        if meeting not in meetings:  # or a unique ending of its id
            if not any(m.endswith(f"-{meeting}") for m in meetings):
                raise HuishangError("meeting.missing", id=meeting)
            meeting = find_meeting(meetings, meeting)
        item_id = (scaffold.numbered_item_id(session.ledger, meeting, number)
                   if number is not None else scaffold.next_item_id(session.ledger, meeting))
        rel = scaffold.item_path(meeting, item_id)
        text = scaffold.item_text(item_id, title, split(lead), partners=split(partner or []),
                                  aspect=aspect, due=due, division=owner_division,
                                  person=owner_person, status=status.value)
        change = refusals(session, lambda: changes.new_file(session.ledger, rel, text, Item))
        save(session, change, dry_run=dry_run, commit=commit,
             message=say("commit.new_item", id=item_id))
        if not dry_run:
            typer.echo(item_id)


@new_app.command("aspect")
def new_aspect(
    key: Annotated[str, typer.Argument(metavar="KEY", help="方面编号，如 X8 The aspect's key, "
                                       "e.g. X8.")],
    title: Annotated[str, typer.Argument(metavar="TITLE", help="方面名称 Its title.")],
    meeting: Annotated[str, typer.Option("--meeting", help="会议编号（或其唯一结尾）The "
                                         "meeting's id, or a unique ending of it.")],
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """新增方面 Add an aspect (方面) to a meeting, after the others; items then name it
    with --aspect KEY. A key the meeting already has is refused.

    **Examples**

    ```
    huishang new aspect --meeting 2023-12-14-xj-fa-jian X8 共同加强队伍建设
    huishang new aspect --meeting xj-fa-jian X9 共同推进智慧司法 --dry-run
    ```
    """
    from huishang.edit import changes
    from huishang.views.query import find_meeting

    with ledger_lock(repo):
        check_texts(("KEY", key), ("TITLE", title))
        session = open_session(repo, today, lang)
        refuse_sourced(session, meeting)
        entry = session.ledger.meetings[find_meeting(session.ledger.meetings, meeting)]
        change = refusals(session, lambda: changes.add_aspect(
            session.ledger, entry, key.strip(), title.strip()))
        save(session, change, dry_run=dry_run, commit=commit,
             message=say("commit.new_aspect", meeting=entry.record.id, key=key.strip()))
        if not dry_run:
            typer.echo(say("aspect.added", meeting=entry.record.id, key=key.strip(),
                           title=title.strip()))


def _item_to_write(repo: Path | None, today: dt.date | None, lang: Lang | None,
                   item_id: str) -> tuple[Session, Loaded[Item], dt.date | None]:
    """The ledger, the item `item_id` of this ledger (one rolled up from a source is
    refused: it is written there) and its meeting's date, for `update` and `correct`."""
    from huishang.views.query import find

    session = open_session(repo, today, lang, "item", item=item_id, span=False)
    refuse_sourced(session, item_id)
    entry = find(session.ledger, item_id)
    meeting = session.ledger.meeting_of(entry)
    return session, entry, meeting.date if meeting else None


@app.command()
def update(
    item_id: ItemIdArg,
    note: Annotated[str | None, typer.Option("--note", help="进展说明（追加一条进展记录） "
                                             "Progress note, appended as a dated update.",
                                             show_default=False)] = None,
    date: DateOpt = None,
    status: Annotated[StatusChoice | None, typer.Option(
        "--status", metavar="STATUS", parser=parse_status, autocompletion=parse_status.complete,
        help="新状态（可写中文，如 已办结）New status; Chinese labels work too.",
        show_default=False)] = None,
    due: Annotated[dt.date | None, typer.Option(
        "--due", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
        help="新期限（须同时给出 --reason）New deadline; needs --reason.")] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="调整的理由（调整期限或事项要素时必填） Why the deadline or an agreed "
        "field changes; required with those options.", show_default=False)] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="新事项名称（须 --reason）New title; needs --reason.",
        show_default=False)] = None,
    lead: Annotated[list[str] | None, typer.Option(
        "--lead", help="新牵头单位（可重复，为共同牵头；替换原有牵头单位；须 --reason）New lead "
        "unit, repeatable for joint leads; replaces the leads; needs --reason.",
        show_default=False)] = None,
    partner: Annotated[list[str] | None, typer.Option(
        "--partner", help="配合单位（可重复，替换原有名单；须 --reason）Partner units, "
        "repeatable; replaces the list; needs --reason.", show_default=False)] = None,
    owner_division: Annotated[str | None, typer.Option(
        "--owner-division", help="新责任部门（须 --reason）New owning division; needs --reason.",
        show_default=False)] = None,
    owner_person: Annotated[str | None, typer.Option(
        "--owner-person", help="新责任人（须 --reason）New owning person; needs --reason.",
        show_default=False)] = None,
    aspect: Annotated[str | None, typer.Option(
        "--aspect", help="新所属方面（须 --reason）New aspect key; needs --reason.",
        show_default=False)] = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", help="办结依据（可重复）Proof: document number, link or file; repeatable.",
        show_default=False)] = None,
    done_on: Annotated[dt.date | None, typer.Option(
        "--done-on", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
        help="办结日期（默认为进展日期）Completion date (default: --date).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="填报人 Who reports the update.",
                                           show_default=False)] = None,
    escalate: Annotated[bool | None, typer.Option(
        "--escalate/--no-escalate", help="请示报告上级 Mark as escalated, or withdraw it.",
        show_default=False)] = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """记录进展 Record progress on an item: a note, a status change, a new deadline, evidence.

    The file is changed only where needed: comments, order and formatting stay.
    Nothing is written when the result would not validate.

    A change of an agreed field (deadline, title, lead, partners, owner, aspect) needs
    --reason; it is recorded in the new update as `changes:` (from what, to what, why),
    which `check` requires for such a change.

    **Examples**

    ```
    huishang update fa-jian-01 --note 已召开专题会议，形成初步意见。 --by 张三
    huishang update fa-jian-01 --status done --evidence 法〔2024〕12号 --dry-run
    huishang update fa-jian-01 --due 2025-06-30 --reason 需与修法进程衔接
    huishang update fa-jian-01 --lead 最高检 --partner 最高法 --reason 经会商调整牵头单位
    huishang update fa-jian-01 --lead 最高法 --lead 最高检 --reason 纪要明确两院共同牵头
    huishang update fa-jian-01 --status cancelled --note 已并入其他事项 --commit
    ```
    """
    from huishang.edit import changes, lifecycle

    with ledger_lock(repo):
        session, entry, meeting_date = _item_to_write(repo, today, lang, item_id)
        request = lifecycle.Request(
            date=date or session.today, today=session.today,
            meeting_date=meeting_date, note=note,
            status=status.value if status else None, due=due, reason=reason,
            evidence=tuple(evidence or ()), done_on=done_on, by=by, escalated=escalate,
            title=title, lead=tuple(split(lead)) if lead else None,
            division=owner_division, person=owner_person,
            aspect=aspect, partners=tuple(split(partner)) if partner is not None else None)
        plan = lifecycle.plan(entry.record, request, session.lang)
        change = refusals(session, lambda: changes.edit_item(session.ledger, entry, plan))
        what = say("sep.items").join(plan.summary)
        save_item(session, change, dry_run=dry_run, commit=commit,
                  message=say("commit.update", id=entry.record.id, what=what))
        if not dry_run:
            typer.echo(say("update.summary", id=change.rel, what=what))


@app.command()
def correct(
    item_id: ItemIdArg,
    update_n: Annotated[int | None, typer.Option(
        "--update", metavar="N", help="更正第 N 条进展（序号同 show，1 为最早） Correct update "
        "N, numbered as `show` numbers them (1 the oldest).", show_default=False)] = None,
    date: Annotated[dt.date | None, typer.Option(
        "--date", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
        help="该条进展的正确日期 The update's right date.")] = None,
    note: Annotated[str | None, typer.Option(
        "--note", help="该条进展的正确内容 The update's right words.",
        show_default=False)] = None,
    done_on: Annotated[dt.date | None, typer.Option(
        "--done-on", metavar="YYYY-MM-DD", parser=parse_date, show_default=False,
        help="正确的办结日期 The right date the item was done.")] = None,
    reason: Annotated[str, typer.Option(
        "--reason", help="更正理由（必填） Why the record was wrong (required).")] = "",
    by: Annotated[str | None, typer.Option("--by", help="更正人 Who corrects it.",
                                           show_default=False)] = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    repo: RepoOpt = None,
    today: TodayOpt = None,
    lang: LangOpt = None,
) -> None:
    """更正记录 Correct a recorded progress note (its date or words) or the date an item was
    done. The file keeps what was written and gains a `corrections:` entry: what was
    wrong, what is right, why, who and when. Every view, report, warning and export then
    uses the corrected value; `show` and `history` show both, and `check` accepts it.

    **Examples**

    ```
    huishang correct fa-jian-01 --update 2 --date 2024-08-20 --reason 进展日期有误
    huishang correct fa-jian-01 --update 3 --note 联合印发《工作指引》。 --reason 原文漏字 --by 张三
    huishang correct fa-jian-01 --done-on 2024-08-20 --reason 办结日期误记为进展日期 --commit
    ```
    """
    from huishang.edit import changes, correction

    with ledger_lock(repo):
        session, entry, meeting_date = _item_to_write(repo, today, lang, item_id)
        asked = correction.Asked(today=session.today, reason=reason, update=update_n,
                                 date=date, note=note, done_on=done_on, by=by,
                                 meeting_date=meeting_date)
        planned = correction.plan(entry.record, asked)
        change = refusals(session, lambda: changes.append_correction(
            session.ledger, entry, planned))
        what = (say("correct.update_what", n=update_n) if update_n is not None
                else say("correct.done_on_what"))
        save_item(session, change, dry_run=dry_run, commit=commit,
                  message=say("commit.correct", id=entry.record.id, what=what))
        if not dry_run:
            typer.echo(say("correct.summary", id=change.rel, what=what))
