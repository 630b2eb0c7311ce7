"""Each rule of a pull request (huishang/git/file_rules.py's FILE_RULES, item_rules.py's
ITEM_RULES) told as one story in a real git repository: the change that breaks it, and
exactly what `check --base` then reports. A rule added to a registry without a story fails
here."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import (
    LI,
    MAINTAINED_UNITS,
    MEETING_2,
    WANG,
    ZHANG,
    Repo,
    RunCli,
    WriteLedger,
    item_yaml,
)

from huishang.git.file_rules import FILE_RULES
from huishang.git.item_rules import ITEM_RULES
from huishang.messages import MESSAGES

TODAY = "2024-03-01"
OPEN = item_yaml(due="2024-06-30", partners="[最高人民检察院]") + \
    "updates:\n  - date: 2023-07-01\n    note: 已启动\n"
DONE = item_yaml("m1-02", status="done", done_on="2024-01-15", evidence="[法〔2024〕3号]",
                 due="2024-01-31")
CORRECTED = OPEN + ("corrections:\n  - date: 2024-01-05\n    update: 1\n"
                    "    was: {date: 2023-07-01}\n    now: {date: 2023-07-02}\n"
                    "    reason: 日期有误\n")

Found = tuple[str, str, str, str]  # file, field, rule, severity
Story = Callable[[Repo], None]
STORIES: dict[str, tuple[Story, list[Found]]] = {}


@pytest.fixture
def repo(write_ledger: WriteLedger) -> Repo:
    root = write_ledger({"items/m1/m1-01.yaml": OPEN, "items/m1/m1-02.yaml": DONE,
                         "items/m2/meeting.yaml": MEETING_2})
    r = Repo.proposing(root)
    return r


def _found(run: RunCli, repo: Repo, lang: str = "zh") -> tuple[int, list[Found]]:
    """check --base main's exit code and the rules of the change it reports (the ledger's
    own problems, which validate reports, left out)."""
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", TODAY,
                 "--format", "json", "--lang", lang)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [
        (p["path"].rsplit("/", 1)[-1], p["field"], p["rule"], p["severity"])
        for p in json.loads(result.stdout)["problems"] if p["rule"].startswith("check.")]


def _edit(repo: Repo, rel: str, old: str, new: str) -> None:
    text = (repo.root / rel).read_text(encoding="utf-8")
    assert old in text
    repo.write(rel, text.replace(old, new))


def _append(repo: Repo, rel: str, text: str) -> None:
    repo.write(rel, (repo.root / rel).read_text(encoding="utf-8") + text)


def _on_main(repo: Repo, rel: str, text: str) -> None:
    """The base gets `rel` as `text` before the change leaves it."""
    repo.git("checkout", "-q", "main")
    repo.write(rel, text)
    repo.commit("base", ZHANG, "2024-01-10")
    repo.git("checkout", "-q", "-B", "change")


def story(rule: str, *found: Found) -> Callable[[Story], Story]:
    def register(make: Story) -> Story:
        STORIES[rule] = (make, list(found))
        return make
    return register


# ---- file rules ---------------------------------------------------------------------------

@story("settings-changed", ("huishang.yaml", "", "check.rules_from_base", "warning"))
def _settings(repo: Repo) -> None:
    repo.write("huishang.yaml", "ownership: warning\n")


@story("item-deleted", ("m1-02.yaml", "", "check.deleted", "error"))
def _delete_item(repo: Repo) -> None:
    (repo.root / "items/m1/m1-02.yaml").unlink()


@story("meeting-deleted", ("meeting.yaml", "", "check.meeting_deleted", "error"))
def _delete_meeting(repo: Repo) -> None:
    (repo.root / "items/m2/meeting.yaml").unlink()


@story("item-renamed", ("m1-03.yaml", "", "check.renamed", "error"))
def _rename(repo: Repo) -> None:
    repo.git("mv", "items/m1/m1-02.yaml", "items/m1/m1-03.yaml")
    _edit(repo, "items/m1/m1-03.yaml", "id: m1-02", "id: m1-03")


# ---- item rules ---------------------------------------------------------------------------

@story("id-kept", ("m1-01.yaml", "id", "check.id_changed", "error"))
def _new_id(repo: Repo) -> None:
    _edit(repo, "items/m1/m1-01.yaml", "id: m1-01", "id: m1-09")


@story("updates-not-edited", ("m1-01.yaml", "updates[0]", "check.update_edited", "error"))
def _edit_update(repo: Repo) -> None:
    _edit(repo, "items/m1/m1-01.yaml", "note: 已启动", "note: 已经全面启动")


@story("updates-not-removed", ("m1-01.yaml", "updates", "check.update_removed", "error"))
def _remove_update(repo: Repo) -> None:
    repo.write("items/m1/m1-01.yaml", item_yaml(due="2024-06-30", partners="[最高人民检察院]"))


@story("corrections-not-edited",
       ("m1-01.yaml", "corrections", "check.correction_edited", "error"))
def _edit_correction(repo: Repo) -> None:
    _on_main(repo, "items/m1/m1-01.yaml", CORRECTED)
    _edit(repo, "items/m1/m1-01.yaml", "reason: 日期有误", "reason: 日期填错")


@story("new-corrections-not-future",
       ("m1-01.yaml", "corrections[1].date", "check.update_future", "error"))
def _future_correction(repo: Repo) -> None:
    _on_main(repo, "items/m1/m1-01.yaml", CORRECTED)
    _append(repo, "items/m1/m1-01.yaml",
            "  - date: 2024-03-05\n    update: 1\n    was: {note: 已启动}\n"
            "    now: {note: 已经启动}\n    reason: 措辞\n")


@story("due-moved-on-record", ("m1-01.yaml", "due", "check.due_no_reason", "error"))
def _move_due(repo: Repo) -> None:
    _edit(repo, "items/m1/m1-01.yaml", "due: 2024-06-30", "due: 2024-12-31")


@story("fields-changed-on-record",
       ("m1-01.yaml", "title", "check.change_unrecorded", "error"))
def _retitle(repo: Repo) -> None:
    _edit(repo, "items/m1/m1-01.yaml", "title: 统一量刑建议审查标准", "title: 研究量刑问题")


@story("evidence-only-added", ("m1-02.yaml", "evidence", "check.evidence_changed", "error"))
def _replace_evidence(repo: Repo) -> None:
    _edit(repo, "items/m1/m1-02.yaml", "evidence: [法〔2024〕3号]", "evidence: [待补]")


@story("done-on-kept", ("m1-02.yaml", "done_on", "check.done_on_changed", "error"))
def _move_done_on(repo: Repo) -> None:
    _edit(repo, "items/m1/m1-02.yaml", "done_on: 2024-01-15", "done_on: 2024-01-10")


@story("reopened-with-reason", ("m1-02.yaml", "status", "check.reopen_no_reason", "error"))
def _reopen(repo: Repo) -> None:
    repo.write("items/m1/m1-02.yaml", item_yaml("m1-02", due="2024-01-31"))


@story("new-updates-not-future",
       ("m1-01.yaml", "updates[1].date", "check.update_future", "error"))
def _future_update(repo: Repo) -> None:
    _append(repo, "items/m1/m1-01.yaml", "  - date: 2024-03-05\n    note: 下周召开座谈会\n")


@story("new-updates-not-before-meeting",
       ("m1-01.yaml", "updates[1].date", "check.update_before_meeting", "error"))
def _update_before_meeting(repo: Repo) -> None:
    _append(repo, "items/m1/m1-01.yaml", "  - date: 2023-06-01\n    note: 会前已调研\n")


def test_every_rule_has_a_story_and_its_words_in_both_languages() -> None:
    rules = [*FILE_RULES, *ITEM_RULES]
    assert sorted(r.name for r in rules) == sorted(STORIES)
    for rule in rules:
        zh, en = MESSAGES[rule.code]
        assert zh and en and zh != en, rule.code


@pytest.mark.parametrize("name", sorted(STORIES))
def test_a_rule_reports_exactly_what_its_story_breaks(run: RunCli, repo: Repo,
                                                     name: str) -> None:
    assert _found(run, repo) == (0, [])  # the story starts from a change that passes
    make, expected = STORIES[name]
    make(repo)
    repo.commit(name, ZHANG, "2024-02-01")
    rule = next(r for r in [*FILE_RULES, *ITEM_RULES] if r.name == name)
    assert {code for _, _, code, _ in expected} == {rule.code}
    errors = any(severity == "error" for *_, severity in expected)
    assert _found(run, repo) == (1 if errors else 0, expected)


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "items/m2/meeting.yaml: 会议文件被删除：会议是会商议定事项的记录，不能删除"),
    ("en", "items/m2/meeting.yaml: a meeting file was deleted: a meeting is the record of "
           "what was agreed and is never deleted"),
])
def test_a_deleted_meeting_is_called_a_meeting_not_an_item(run: RunCli, repo: Repo, lang: str,
                                                           said: str) -> None:
    _delete_meeting(repo)
    repo.commit("删除会议", LI, "2024-02-01")
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", TODAY,
                 "--lang", lang)
    assert result.exit_code == 1
    assert next(ln for ln in result.output.splitlines() if "meeting.yaml" in ln).startswith(said)


# ---- the edges of the rules ---------------------------------------------------------------

def _all(run: RunCli, repo: Repo) -> list[dict[str, object]]:
    result = run("check", "--base", "main", "--repo", str(repo.root), "--today", TODAY,
                 "--format", "json")
    problems: list[dict[str, object]] = json.loads(result.stdout)["problems"]
    return problems


def test_a_new_items_updates_are_judged_but_nothing_is_compared(run: RunCli,
                                                               repo: Repo) -> None:
    """A new file has no base to compare with: only its new updates' dates are judged,
    the meeting's own day and today included."""
    repo.write("items/m1/m1-03.yaml", item_yaml("m1-03", due="2024-12-31") + (
        "updates:\n  - date: 2023-06-11\n    note: 会前调研\n"
        "  - date: 2023-06-12\n    note: 会上议定\n"
        "  - date: 2024-03-01\n    note: 今日进展\n"
        "  - date: 2024-03-02\n    note: 明日安排\n"))
    repo.commit("新事项", ZHANG, "2024-02-01")
    assert _found(run, repo) == (1, [
        ("m1-03.yaml", "updates[0].date", "check.update_before_meeting", "error"),
        ("m1-03.yaml", "updates[3].date", "check.update_future", "error")])


def test_a_correction_dated_today_and_an_appended_update_pass(run: RunCli, repo: Repo) -> None:
    _on_main(repo, "items/m1/m1-01.yaml", CORRECTED)
    text = (repo.root / "items/m1/m1-01.yaml").read_text(encoding="utf-8")
    repo.write("items/m1/m1-01.yaml", text.replace(
        "corrections:\n", "  - date: 2024-02-01\n    note: 继续推进\ncorrections:\n") +
        "  - date: 2024-03-01\n    update: 1\n    was: {note: 已启动}\n"
        "    now: {note: 已经启动}\n    reason: 措辞\n")
    repo.commit("更正与进展", ZHANG, "2024-02-01")
    assert _all(run, repo) == []


def test_a_correction_removed_is_refused(run: RunCli, repo: Repo) -> None:
    _on_main(repo, "items/m1/m1-01.yaml", CORRECTED)
    repo.write("items/m1/m1-01.yaml", OPEN)
    repo.commit("更正不见了", ZHANG, "2024-02-01")
    assert _found(run, repo) == (
        1, [("m1-01.yaml", "corrections", "check.correction_edited", "error")])


def test_an_item_file_renamed_out_of_the_layout_is_a_rename_at_its_first_line(
        run: RunCli, repo: Repo) -> None:
    repo.git("mv", "items/m1/m1-02.yaml", "items/m1/m1-02.yml")
    repo.commit("改了扩展名", ZHANG, "2024-02-01")
    renamed = [p for p in _all(run, repo) if p["rule"] == "check.renamed"]
    assert [(p["path"], p["line"], p["column"]) for p in renamed] == [
        ("items/m1/m1-02.yml", 1, 1)]


def test_a_record_of_another_move_does_not_excuse_a_deadline(run: RunCli, repo: Repo) -> None:
    """The record must be of this very change: same field, same before, same after."""
    result = run("update", "m1-01", "--due", "2024-12-31", "--reason", "经会商调整",
                 "--repo", str(repo.root), "--today", TODAY)
    assert result.exit_code == 0, result.output
    _edit(repo, "items/m1/m1-01.yaml", "due: 2024-12-31", "due: 2025-03-31")
    repo.commit("又改了时限", ZHANG, "2024-02-01")
    assert _found(run, repo) == (1, [("m1-01.yaml", "due", "check.due_no_reason", "error")])


def test_who_may_change_an_item_is_told_by_the_units_full_name(
        run: RunCli, write_ledger: WriteLedger) -> None:
    """A lead written by its short name (最高法) is named in full in the refusal."""
    root = write_ledger({"items/m1/m1-01.yaml": OPEN.replace("lead: 最高人民法院", "lead: 最高法"),
                         "units.yaml": MAINTAINED_UNITS, "huishang.yaml": "ownership: error\n"})
    repo = Repo.proposing(root)
    _append(repo, "items/m1/m1-01.yaml", "  - date: 2024-02-01\n    note: 外单位的进展\n")
    repo.commit("not mine", WANG, "2024-02-01")
    refused = [p for p in _all(run, repo) if p["rule"] == "check.not_maintainer"]
    assert len(refused) == 1
    assert "wang@example.cn 不是 最高人民法院 的维护人" in str(refused[0]["message"])


def test_ownership_refusals_name_the_commit_and_what_it_changed(
        run: RunCli, write_ledger: WriteLedger) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": OPEN, "units.yaml": MAINTAINED_UNITS,
                         "huishang.yaml": "ownership: error\n"})
    repo = Repo.proposing(root)
    stranger = ("外人", "x@example.org")
    _append(repo, "items/m1/m1-01.yaml", "  - date: 2024-02-01\n    note: 司法部的进展\n")
    repo.commit("item", WANG, "2024-02-01")
    item = repo.git("rev-parse", "HEAD").strip()
    _edit(repo, "units.yaml", "short: [最高检]", "short: [最高检, 高检]")
    repo.commit("another unit's entry", WANG, "2024-02-02")
    entry = repo.git("rev-parse", "HEAD").strip()
    _append(repo, "units.yaml", "  - name: 公安部\n")
    repo.write("huishang.yaml", "ownership: warning\n")
    repo.commit("a stranger's rules", stranger, "2024-02-03")
    rules = repo.git("rev-parse", "HEAD").strip()
    found = {(p["path"], p["rule"], p["line"], p["column"], p["message"])
             for p in _all(run, repo) if p["severity"] == "error"}
    assert found == {
        ("items/m1/m1-01.yaml", "check.not_maintainer", 1, 1,
         f"提交 {item[:9]} 的作者 wang@example.cn 不是 最高人民法院 的维护人；请由其维护人提交，"
         "配合单位只能追加进展"),
        ("units.yaml", "check.rules_not_maintainer", None, None,
         f"提交 {entry[:9]} 的作者 wang@example.cn 修改了 units.yaml，但不是基准版本中 "
         "最高人民检察院 的维护人；请由其维护人提交此修改"),
        ("units.yaml", "check.rules_not_any_maintainer", None, None,
         f"提交 {rules[:9]} 的作者 x@example.org 修改了 units.yaml: 公安部，但不是基准版本中"
         "任何单位的维护人；请由维护人提交此修改"),
        ("huishang.yaml", "check.rules_not_any_maintainer", None, None,
         f"提交 {rules[:9]} 的作者 x@example.org 修改了 huishang.yaml，但不是基准版本中"
         "任何单位的维护人；请由维护人提交此修改"),
    }


def test_a_base_that_does_not_exist_is_named_as_such(run: RunCli, repo: Repo) -> None:
    result = run("check", "--base", "origin/nosuch", "--repo", str(repo.root), "--today", TODAY)
    assert result.exit_code == 2
    assert "找不到基准版本 origin/nosuch（浅克隆时请先 fetch 它）" in result.stderr


def test_a_change_that_deletes_every_item_and_meeting_is_refused_file_by_file(
        run: RunCli, write_ledger: WriteLedger) -> None:
    """With no items folder left at HEAD, git's view of the work tree has none to give."""
    root = write_ledger({"items/m1/m1-01.yaml": OPEN, "huishang.yaml": "ownership: \"off\"\n"})
    repo = Repo.proposing(root)
    repo.git("rm", "-q", "-r", "items")
    repo.commit("everything gone", ZHANG, "2024-02-01")
    assert _found(run, repo) == (1, [("m1-01.yaml", "", "check.deleted", "error"),
                                     ("meeting.yaml", "", "check.meeting_deleted", "error")])


def test_a_deleted_item_is_judged_as_deleted_only(run: RunCli, repo: Repo) -> None:
    """A copy left untracked at its path (git compares the commits) is not the change's:
    the deletion is reported, and no rule compares the copy with the base."""
    _delete_item(repo)
    repo.commit("删除事项", ZHANG, "2024-02-01")
    repo.write("items/m1/m1-02.yaml", DONE.replace("evidence: [法〔2024〕3号]", "evidence: [待补]"))
    assert _found(run, repo) == (1, [("m1-02.yaml", "", "check.deleted", "error")])


def test_a_field_added_silently_is_shown_from_nothing(run: RunCli, repo: Repo) -> None:
    _edit(repo, "items/m1/m1-02.yaml", "status: done", "status: done\nowner: {division: 研究室}")
    repo.commit("承办部门", ZHANG, "2024-02-01")
    said = [p["message"] for p in _all(run, repo) if p["rule"] == "check.change_unrecorded"]
    assert said == ["由“-”改为“研究室”，但本次变更没有相应的调整记录；请用 huishang update m1-02 "
                    "--owner-division/--owner-person ... --reason 理由"]


def test_without_ownership_set_anyone_may_commit(run: RunCli,
                                                 write_ledger: WriteLedger) -> None:
    """ownership is off unless huishang.yaml sets it: maintainers are then not asked."""
    root = write_ledger({"items/m1/m1-01.yaml": OPEN, "units.yaml": MAINTAINED_UNITS})
    repo = Repo.proposing(root)
    _append(repo, "items/m1/m1-01.yaml", "  - date: 2024-02-01\n    note: 外人的进展\n")
    repo.commit("a stranger's note", ("外人", "x@example.org"), "2024-02-01")
    assert _all(run, repo) == []


@pytest.fixture
def owned(write_ledger: WriteLedger) -> Repo:
    """A ledger whose units have maintainers, with ownership refused."""
    root = write_ledger({"items/m1/m1-01.yaml": OPEN, "items/m1/m1-02.yaml": DONE,
                         "units.yaml": MAINTAINED_UNITS, "huishang.yaml": "ownership: error\n"})
    repo = Repo.proposing(root)
    return repo


def test_a_lead_moved_by_one_side_names_both_leads(run: RunCli, owned: Repo) -> None:
    _edit(owned, "items/m1/m1-01.yaml", "lead: 最高人民法院", "lead: [最高人民法院, 司法部]")
    _append(owned, "items/m1/m1-01.yaml",
            "  - date: 2024-02-01\n    note: 改为共同牵头\n    changes:\n"
            "      - {field: lead, before: 最高人民法院, after: [最高人民法院, 司法部], reason: 会商议定}\n")
    owned.commit("joint lead", ZHANG, "2024-02-01")
    said = [p["message"] for p in _all(run, owned) if p["rule"] == "check.lead_consent"]
    assert said == ["牵头单位由 最高人民法院 改为 最高人民法院、司法部，需改动前后各牵头单位的维护人同意："
                    "本次变更中没有 司法部 的维护人对此事项的提交"]


def test_a_partner_may_not_reshape_the_updates(run: RunCli, owned: Repo) -> None:
    _edit(owned, "items/m1/m1-01.yaml", "  - date: 2023-07-01\n    note: 已启动\n",
          "  date: 2023-07-01\n  note: 已启动\n")
    owned.commit("reshaped", LI, "2024-02-01")
    _edit(owned, "items/m1/m1-01.yaml", "  date: 2023-07-01\n  note: 已启动\n",
          "  - date: 2023-07-01\n    note: 已启动\n")
    owned.commit("restored", ZHANG, "2024-02-02")
    assert _found(run, owned) == (1, [("m1-01.yaml", "", "check.partner_fields", "error")])


def test_a_maintainer_deleting_an_item_is_told_it_is_deleted(run: RunCli, owned: Repo) -> None:
    _delete_item(owned)
    owned.commit("删除事项", ZHANG, "2024-02-01")
    assert _found(run, owned) == (1, [("m1-02.yaml", "", "check.deleted", "error")])


def test_deleting_the_registry_needs_every_units_maintainers(run: RunCli, owned: Repo) -> None:
    (owned.root / "units.yaml").unlink()
    owned.commit("no registry", ZHANG, "2024-02-01")
    found = sorted((p["rule"], p["message"].split("中 ")[1].split(" 的")[0])
                   for p in _all(run, owned) if p["rule"] == "check.rules_not_maintainer")
    assert found == [("check.rules_not_maintainer", "司法部"),
                     ("check.rules_not_maintainer", "最高人民检察院")]


def test_mending_an_update_that_did_not_validate_is_still_an_edit(run: RunCli,
                                                                repo: Repo) -> None:
    """An update that was invalid at the base keeps its place: past updates are fixed by a
    correction, not rewritten."""
    _on_main(repo, "items/m1/m1-01.yaml", OPEN + "  - note: 没有日期\n")
    _edit(repo, "items/m1/m1-01.yaml", "  - note: 没有日期\n",
          "  - date: 2024-01-20\n    note: 没有日期\n")
    repo.commit("补上日期", ZHANG, "2024-02-01")
    assert _found(run, repo) == (1, [("m1-01.yaml", "updates[1]", "check.update_edited",
                                      "error")])
