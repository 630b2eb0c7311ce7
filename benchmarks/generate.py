"""Generate a realistic ledger for benchmarks: N items with Chinese text and progress updates,
spread over meetings at every level, optionally with a git history of M commits.

    python benchmarks/generate.py OUT --items 10000 [--commits 0] [--seed 1]

Also writes OUT/tasks.json, the same items as Taskwarrior import records, so that both tools
are measured on the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
from pathlib import Path

UNITS = [("最高人民法院", "最高法", "national"), ("最高人民检察院", "最高检", "national"),
         ("司法部", None, "national")]
PROVINCES = ["北京", "上海", "广东", "江苏", "浙江", "四川", "湖北", "黑龙江", "新疆", "云南",
             "山东", "河南", "河北", "湖南", "福建", "陕西"]
TOPICS = ["统一量刑建议审查标准", "完善涉案企业合规衔接机制", "规范二审开庭出庭意见",
          "建立检察建议办理规程", "规范二审上诉案件阅卷", "统一醉酒驾驶电动车入罪标准",
          "完善民事再审检察建议衔接", "规范民事执行法律监督", "强化律师执业权利保障",
          "提升仲裁公信力", "规范司法鉴定管理", "推进办案数据互联互通"]
NOTES = ["召开专题会议，形成初步意见。", "起草工作文件，征求意见。", "双方业务部门对接，明确分工。",
         "完成调研，形成调研报告。", "文件已会签，待印发。", "开展培训，推动落实。"]
STATUSES = ["planned", "in_progress", "in_progress", "in_progress", "blocked", "done",
            "cancelled"]
TODAY = dt.date(2026, 11, 21)


def units() -> list[tuple[str, str | None, str]]:
    found = list(UNITS)
    for p in PROVINCES:
        found += [(f"{p}高级人民法院", f"{p}高院", "provincial"),
                  (f"{p}人民检察院", f"{p}检察院", "provincial")]
    return found


def generate(out: Path, count: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    registry = units()
    (out / "items").mkdir(parents=True, exist_ok=True)
    (out / "units.yaml").write_text("units:\n" + "".join(
        f"  - name: {n}\n" + (f"    short: [{s}]\n" if s else "") + f"    level: {lv}\n"
        for n, s, lv in registry), encoding="utf-8")
    (out / "huishang.yaml").write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    meetings = []
    per_meeting = 25
    for m in range((count + per_meeting - 1) // per_meeting):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1300))
        court, proc = rng.choice(registry[3::2]), None
        proc = registry[registry.index(court) + 1] if court[2] == "provincial" else registry[1]
        meeting_id = f"{day.isoformat()}-m{m:05d}"
        meetings.append((meeting_id, day, court[0], proc[0]))
        folder = out / "items" / meeting_id
        folder.mkdir(exist_ok=True)
        (folder / "meeting.yaml").write_text(
            f"id: {meeting_id}\ntitle: {court[0]}、{proc[0]}工作交流会商会\ndate: {day}\n"
            f"parties: [{court[0]}, {proc[0]}]\nlevel: {court[2]}\nsequence: {m % 5 + 1}\n"
            "aspects:\n  - key: A1\n    title: 刑事审判与检察衔接\n"
            "  - key: A2\n    title: 民事检察监督衔接\n", encoding="utf-8")
    tasks = []
    for n in range(count):
        meeting_id, day, court, proc = meetings[n // per_meeting]
        lead, partner = rng.sample([court, proc], 2)
        status = rng.choice(STATUSES)
        due = day + dt.timedelta(days=rng.randint(60, 900))
        updates = sorted({day + dt.timedelta(days=rng.randint(1, 600))
                          for _ in range(rng.randint(0, 5))})
        updates = [u for u in updates if u <= TODAY]
        item_id = f"{meeting_id}-{n % per_meeting + 1:02d}"
        lines = [f"id: {item_id}", f"title: {rng.choice(TOPICS)}（第{n}项）",
                 f"aspect: A{rng.randint(1, 2)}", f"lead: {lead}", f"partners: [{partner}]",
                 f"owner: {{division: 第{rng.randint(1, 6)}庭, person: 联络员{n % 97}}}",
                 f"due: {due}", f"status: {status}"]
        if updates:
            lines.append("updates:")
            for u in updates:
                lines += [f"  - date: {u}", f"    note: {rng.choice(NOTES)}"]
        if status == "done":
            lines += [f"done_on: {updates[-1] if updates else day}",
                      f"evidence: [示例文号〔{day.year}〕{n}号]"]
        (out / "items" / meeting_id / f"{item_id}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")
        task_status = {"done": "completed", "cancelled": "deleted"}.get(status, "pending")
        tasks.append({"description": f"{item_id} {rng.choice(TOPICS)}", "status": task_status,
                      "due": due.strftime("%Y%m%dT000000Z"), "project": meeting_id,
                      "entry": day.strftime("%Y%m%dT000000Z")})
    (out / "tasks.json").write_text("\n".join(json.dumps(t, ensure_ascii=False) for t in tasks)
                                    + "\n", encoding="utf-8")
    return tasks


def history(out: Path, commits: int, seed: int) -> None:
    """A git history of `commits` commits by several authors, three hours apart from 2023:
    the first half add the items, each as first written (no progress yet, still planned or
    in progress), and the second half edit them into what the files now say (progress
    added, closed), as a ledger grows and is kept. Written by one `git fast-import`, so a
    history of 10,000 commits takes seconds; the work tree is the last commit."""
    rng = random.Random(seed)
    items = sorted(p.relative_to(out).as_posix() for p in (out / "items").rglob("*.yaml"))
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True, env=env)
    adding = max(1, commits // 2)
    editing = commits - adding
    edited = [p for p in items if not p.endswith("/meeting.yaml")]
    stream = bytearray()
    mark = 0

    def blob(data: bytes) -> int:
        nonlocal mark
        mark += 1
        stream.extend(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        return mark

    def commit(c: int, files: list[tuple[str, int]]) -> None:
        author = rng.choice(["张三", "李四", "王五"]).encode()
        when = int((dt.datetime(2023, 1, 1, 10, tzinfo=dt.UTC)
                    + dt.timedelta(hours=c * 3)).timestamp())
        person = b"%s <%s@example.cn> %d +0000" % (author, author, when)
        message = b"batch %d" % c
        stream.extend(b"commit refs/heads/main\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                      % (person, person, len(message), message))
        stream.extend(b"".join(b"M 100644 :%d %s\n" % (m, p.encode()) for p, m in files))
        stream.extend(b"\n")

    for c in range(adding):
        batch = items[c * len(items) // adding:(c + 1) * len(items) // adding]
        if c == 0:
            batch = ["units.yaml", "huishang.yaml", *batch]
        commit(c, [(p, blob(_first_version((out / p).read_bytes()))) for p in batch])
    for c in range(editing):
        batch = edited[c * len(edited) // editing:(c + 1) * len(edited) // editing]
        commit(adding + c, [(p, blob((out / p).read_bytes())) for p in batch])
    if not editing:  # every file as it now is
        commit(adding, [(p, blob((out / p).read_bytes())) for p in edited])
    subprocess.run(["git", "-C", str(out), "fast-import", "--quiet"], input=bytes(stream),
                   check=True, env=env)
    subprocess.run(["git", "-C", str(out), "reset", "-q"], check=True, env=env)


def _first_version(data: bytes) -> bytes:
    """An item file as first written: its progress, closing and proof not yet there."""
    text = data.decode()
    if "\naspects:" in text:  # a meeting's file, written once
        return data
    kept = []
    for line in text.splitlines():
        if line.startswith(("updates:", "  - date:", "    note:", "done_on:", "evidence:")):
            continue
        if line.startswith("status: ") and line[8:] not in ("planned", "in_progress"):
            line = "status: in_progress"
        kept.append(line)
    return ("\n".join(kept) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.items, args.seed)
    if args.commits:
        history(args.out, args.commits, args.seed)
    print(f"wrote {args.items} items to {args.out}")


if __name__ == "__main__":
    main()
