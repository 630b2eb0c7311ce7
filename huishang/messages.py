"""Every text huishang shows a person, in Chinese and English, under a stable code.

This is the one path for user-facing words: problems in files, errors, labels of views,
documents and the notes huishang writes. `msg(code, lang, **params)` looks one up. A test
checks that every code has both languages and that no module prints words of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

# Each code is a stable rule id (shown as `rule` in JSON output); the texts are
# written for the clerk who keeps the ledger, not for a programmer.
MESSAGES: dict[str, tuple[str, str]] = {
    # files and folders
    "file.too_large": (
        "文件过大（{size} 字节，上限 {limit} 字节），未读取",
        "file is too large ({size} bytes, limit {limit}); it was not read",
    ),
    "file.not_utf8": (
        "不是有效的 UTF-8 文本，请以 UTF-8 编码保存",
        "is not valid UTF-8 text; save the file as UTF-8",
    ),
    "file.control_char": (
        "含有不允许的控制字符 {char}",
        "contains a control character {char}, which is not allowed",
    ),
    "file.symlink": (
        "是符号链接，出于安全考虑不予读取",
        "is a symbolic link; links are not followed, for safety",
    ),
    "file.outside_repo": (
        "位于台账仓库之外，不予读取",
        "is outside the ledger repository and is not read",
    ),
    "file.not_regular": ("不是普通文件，未读取", "is not a regular file; it was not read"),
    "file.unreadable": ("无法读取：{error}", "cannot be read: {error}"),
    "file.bad_suffix": (
        "文件扩展名应为 .yaml（请改名为 {expected}）",
        "the file name must end in .yaml (rename it to {expected})",
    ),
    "file.leftover_write": (
        "中断的写入留下的临时文件，台账文件本身未受影响；下次写入时自动删除，也可直接删除",
        "a temporary file left by an interrupted write; the ledger file itself is intact. "
        "The next write removes it, or delete it yourself",
    ),
    "file.unexpected": (
        "items/ 中不应有此文件：每个会议一个文件夹，内含 meeting.yaml 和事项文件",
        "does not belong in items/: each meeting is a folder holding meeting.yaml and item files",
    ),
    "folder.unexpected": (
        "会议文件夹中不应再有子文件夹",
        "a meeting folder must not contain further folders",
    ),
    "folder.unfinished": (
        "中断的新建会议留下的空文件夹；重新运行 huishang new meeting 即可，也可直接删除",
        "an empty folder left by an interrupted `new meeting`; run it again, or delete "
        "the folder",
    ),
    "folder.no_meeting": (
        "会议文件夹缺少 meeting.yaml",
        "the meeting folder has no meeting.yaml",
    ),
    "path.not_found": ("路径不存在", "no such path"),
    # YAML structure
    "yaml.syntax": ("YAML 格式错误：{problem}", "YAML syntax error: {problem}"),
    "yaml.colon_space": ("冒号后缺少空格：应写为“{key}: {value}”",
                         "a space is missing after the colon: write `{key}: {value}`"),
    "yaml.multiple_documents": (
        "一个文件只能有一个 YAML 文档（不要使用 ---）",
        "a file must hold exactly one YAML document (no ---)",
    ),
    "yaml.empty": ("文件为空", "the file is empty"),
    "yaml.not_mapping": (
        "文件顶层应为“字段: 值”的映射",
        "the top level of the file must be a mapping of `field: value`",
    ),
    "yaml.anchor": (
        "不允许使用 YAML 锚点（&{name}）",
        "YAML anchors (&{name}) are not allowed",
    ),
    "yaml.alias": (
        "不允许使用 YAML 别名（*{name}），请直接写出内容",
        "YAML aliases (*{name}) are not allowed; write the value out",
    ),
    "yaml.tag": (
        "不允许使用 YAML 标签（{tag}）",
        "YAML tags ({tag}) are not allowed",
    ),
    "yaml.too_deep": (
        "嵌套层级过深（上限 {limit} 层）",
        "nested too deeply (limit {limit} levels)",
    ),
    "yaml.duplicate_key": (
        "字段重复（第 {first_line} 行已出现过）",
        "duplicate field (already given on line {first_line})",
    ),
    "yaml.key_not_text": (
        "字段名必须是简单文本",
        "a field name must be plain text",
    ),
    "text.control_char": (
        "含有控制字符 {char}（可能是转义序列，会扰乱终端显示），请删除",
        "contains a control character {char} (an escape that could garble a terminal); remove it",
    ),
    "text.invisible_char": (
        "含有不可见的格式字符 {char}（零宽或双向控制字符），请删除",
        "contains an invisible formatting character {char} (zero-width or bidi); remove it",
    ),
    # field values (from the models)
    "field.unknown": (
        "未知字段（请检查拼写；允许的字段见 schemas/）",
        "unknown field (check the spelling; allowed fields are in schemas/)",
    ),
    "field.missing": ("缺少必填字段", "required field is missing"),
    "type.text": ("应为文本，实际是{got}", "expected text, got {got}"),
    "type.text_quote": (
        "应为文本，实际是{got}（如确为文本，请加引号：'{value}'）",
        "expected text, got {got} (if you mean text, put it in quotes: '{value}')",
    ),
    "type.integer": ("应为整数，实际是{got}", "expected a whole number, got {got}"),
    "type.bool": ("应为 true 或 false，实际是{got}", "expected true or false, got {got}"),
    "type.list": ("应为列表，实际是{got}", "expected a list, got {got}"),
    "type.mapping": (
        "应为“字段: 值”的映射，实际是{got}",
        "expected a mapping of `field: value`, got {got}",
    ),
    "value.choice": (
        "“{value}”不是允许的取值，应为以下之一：{choices}",
        "'{value}' is not allowed; expected one of: {choices}",
    ),
    "value.empty": ("不能为空", "must not be empty"),
    "change.value_type": ("取值与调整的要素 {name} 不符",
                          "the value does not fit the field {name}"),
    "correction.no_update": ("第 {n} 条更正所指第 {update} 条进展不存在（共 {count} 条进展）",
                             "correction {n} names update {update}, but there are {count}"),
    "correction.what": ("第 {n} 条更正未写明更正什么：进展须有 now 的 date 或 note，办结日期须有 "
                        "now 的 done_on",
                        "correction {n} does not say what it corrects: an update's date or "
                        "note under now, or done_on"),
    "correction.was_differs": ("第 {n} 条更正的原值（was）与记录不符：记录为 {written}",
                               "correction {n}: its was does not match the record, {written}"),
    "value.too_small": ("应不小于 {min}", "must be at least {min}"),
    "value.too_large": ("应不大于 {max}", "must be at most {max}"),
    "list.too_short": ("至少需要 {min} 项", "needs at least {min} entries"),
    "date.invalid": (
        "“{value}”不是有效日期，应为 YYYY-MM-DD 格式的真实日期，如 2023-06-12",
        "'{value}' is not a valid date; expected a real date as YYYY-MM-DD, e.g. 2023-06-12",
    ),
    "id.pattern": (
        "编号“{value}”只能由小写字母、数字和连字符组成，如 2023-06-12-fa-jian-01",
        "id '{value}' may hold only lower-case letters, digits and hyphens, "
        "e.g. 2023-06-12-fa-jian-01",
    ),
    "notice.own": ("（本单位：{owner}）", " (yours: {owner})"),
    "notice.joint": ("（与{units}共同牵头）", " (led jointly with {units})"),
    "lead.type": ("牵头单位应为一个单位名称，或共同牵头单位名称的列表，"
                  "如 [最高人民法院, 最高人民检察院]",
                  "the lead is one unit's name, or a list of joint leads' names, e.g. "
                  "[Supreme People's Court, Supreme People's Procuratorate]"),
    "lead.empty": ("至少需要一个牵头单位", "needs at least one lead unit"),
    "lead.twice": ("牵头单位 {unit} 已写过", "the lead unit {unit} is given twice"),
    "partner_owner.not_partner": ("{unit} 不是本事项的配合单位",
                                  "{unit} is not a partner of this item"),
    "partner_owner.twice": ("配合单位 {unit} 的责任人已写过", "{unit}'s owner is given twice"),
    "carried.unknown": ("“{id}”不是台账中另一事项的编号",
                        "'{id}' is not the id of another item in the ledger"),
    "carried.mismatch": ("两端不一致：事项 {id} 的 {key} 是 {other}",
                         "the two ends disagree: item {id} has {key} {other}"),
    "carried.open": ("已转入 {id} 的事项应以 status: cancelled 结束（统计为转入下次会商，"
                     "不计为终止）", "an item carried over to {id} ends with status: cancelled "
                     "(counted as carried over, not as cancelled)"),
    "month.invalid": ("“{value}”不是有效月份，应为 YYYY-MM，如 2024-01",
                      "'{value}' is not a month; expected YYYY-MM, e.g. 2024-01"),
    "numbering.invalid": ("“{value}”不是有效的发文字号格式：须含 {{n}}（序号），"
                          "可含 {{year}}（年份），如 豫检研函〔{{year}}〕{{n}}号",
                          "'{value}' is not a document number pattern: it needs {{n}} (the "
                          "number) and may have {{year}}, e.g. Letter [{{year}}] No. {{n}}"),
    "timezone.unknown": (
        "未知时区“{value}”，应为 IANA 时区名，如 Asia/Shanghai",
        "unknown time zone '{value}'; expected an IANA name such as Asia/Shanghai",
    ),
    "email.invalid": (
        "“{value}”不是有效的电子邮箱地址",
        "'{value}' is not a valid e-mail address",
    ),
    "value.invalid": ("取值无效：{detail}", "invalid value: {detail}"),
    # cross-file rules
    "id.file_mismatch": (
        "编号“{id}”与文件名不一致（应为 {expected}）",
        "id '{id}' does not match the file name (expected {expected})",
    ),
    "id.folder_mismatch": (
        "会议编号“{id}”与文件夹名不一致（应为 {expected}）",
        "meeting id '{id}' does not match its folder (expected {expected})",
    ),
    "id.duplicate": (
        "编号“{id}”重复，已用于 {other}",
        "id '{id}' is used twice; also in {other}",
    ),
    "aspect.unknown": (
        "方面“{aspect}”不在会议 {meeting} 的 aspects 中（可选：{choices}）",
        "aspect '{aspect}' is not among the aspects of meeting {meeting} (choices: {choices})",
    ),
    "aspect.exists": ("会议 {meeting} 已有方面 {key}：{title}",
                      "the meeting {meeting} already has the aspect {key}: {title}"),
    "aspect.added": ("已为会议 {meeting} 新增方面 {key}：{title}",
                     "added the aspect {key}: {title} to the meeting {meeting}"),
    "commit.new_aspect": ("会议 {meeting} 新增方面 {key}", "New aspect {key} of {meeting}"),
    "meeting.agreed_count": ("会议议定事项 {agreed} 项，台账中有 {items} 项："
                             "请核对是否漏登或多登",
                             "the meeting agreed {agreed} items and the ledger has {items}: "
                             "check for an item missing or entered twice"),
    "blocked.no_reason": ("事项受阻，但没有说明原因的进展记录；"
                          "请用 huishang update --note 补记原因",
                          "the item is blocked but no update says why; record the reason with "
                          "huishang update --note"),
    "aspect.duplicate": (
        "方面编号“{key}”重复",
        "aspect key '{key}' is used twice",
    ),
    "unit.unknown": (
        "单位“{unit}”不在 units.yaml 中（可用全称或已登记的简称）",
        "unit '{unit}' is not in units.yaml (use its full name or a registered short name)",
    ),
    "unit.unknown_like": (
        "单位“{unit}”不在 units.yaml 中；是否为：{like}",
        "unit '{unit}' is not in units.yaml; did you mean: {like}",
    ),
    "filter.unknown_unit": (
        "没有单位“{unit}”（units.yaml 和事项中都没有）",
        "no unit '{unit}' (neither in units.yaml nor in any item)",
    ),
    "filter.unknown_unit_like": (
        "没有单位“{unit}”；是否为：{like}",
        "no unit '{unit}'; did you mean: {like}",
    ),
    "unit.not_registered": ("units.yaml 中没有单位“{unit}”", "units.yaml has no unit '{unit}'"),
    "unit.no_registry": ("尚未登记任何单位，无法修改“{unit}”；请先用 huishang unit add 登记",
                         "no unit is registered, so '{unit}' cannot be changed; add units "
                         "with huishang unit add first"),
    "unit.nothing": ("没有要修改的内容：请给出 --short、--level、--parent、--maintainer 或 "
                     "--contact", "nothing to change: give --short, --level, --parent, "
                     "--maintainer or --contact"),
    "unit.added": ("已登记单位 {unit}", "added the unit {unit}"),
    "unit.edited": ("已修改单位 {unit}", "changed the unit {unit}"),
    "unit.list_title": ("单位名录", "Units"),
    "unit.short": ("简称", "Short names"),
    "unit.parent": ("上级单位", "Parent"),
    "unit.maintainers": ("维护人", "Maintainers"),
    "unit.contacts": ("联系邮箱", "Contacts"),
    "unit.duplicate": (
        "单位名称或简称“{name}”重复，已用于 {other}",
        "unit name or short name '{name}' is used twice; also for {other}",
    ),
    "rollup.duplicate_name": (
        "汇总来源名称“{name}”重复；每个来源须有自己的名称，用作其事项编号的前缀",
        "the rolled-up ledger name \"{name}\" is used twice; each source needs a name of its "
        "own, as it prefixes the source's ids",
    ),
    "unit.conflict": (
        "单位“{unit}”的层级或上级单位与 {other} 中的写法不一致，沿用 {other} 的写法",
        "unit \"{unit}\" is declared with another level or parent than in {other}; the "
        "declaration in {other} is kept",
    ),
    "unit.alias_conflict": (
        "简称“{name}”在此指“{unit}”，在别处指“{other}”，沿用“{other}”",
        "the short name \"{name}\" means \"{unit}\" here but \"{other}\" elsewhere; "
        "\"{other}\" is kept",
    ),
    "unit.parent_unknown": (
        "上级单位“{unit}”不在 units.yaml 中",
        "parent unit '{unit}' is not in units.yaml",
    ),
    "unit.parent_unknown_like": (
        "上级单位“{unit}”不在 units.yaml 中；是否为：{like}",
        "parent unit '{unit}' is not in units.yaml; did you mean: {like}",
    ),
    "done.no_evidence": (
        "状态为 done（已办结）但没有 evidence：没有依据不能销号",
        "status is done but there is no evidence: an item is closed only with proof",
    ),
    "done.no_date": (
        "状态为 done（已办结）但没有 done_on 办结日期",
        "status is done but done_on (the completion date) is missing",
    ),
    "done_on.not_done": (
        "只有状态为 done 的事项才能填写 done_on",
        "done_on is only for items whose status is done",
    ),
    # rules of a change (huishang check --base)
    "check.deleted": (
        "事项文件被删除：事项不能删除，请改为 status: cancelled 并说明理由",
        "an item file was deleted: items are never deleted; set status: cancelled with a reason",
    ),
    "check.meeting_deleted": (
        "会议文件被删除：会议是会商议定事项的记录，不能删除；如有错误，请修改会议文件",
        "a meeting file was deleted: a meeting is the record of what was agreed and is never "
        "deleted; correct the file instead",
    ),
    "check.renamed": (
        "事项文件被改名（原为 {old}）：编号不能改变",
        "an item file was renamed (was {old}): ids never change",
    ),
    "check.id_changed": ("编号由 {old} 改为 {new}：编号不能改变",
                         "the id changed from {old} to {new}: ids never change"),
    "check.correction_edited": (
        "已有的更正记录被修改或删除：更正只能追加（可用 huishang correct 再次更正）",
        "a past correction was edited or removed: corrections are append-only (correct "
        "again with huishang correct)"),
    "check.update_edited": (
        "已有的进展记录被修改：进展只能追加，不能改写",
        "a past progress update was edited: updates are append-only",
    ),
    "check.update_removed": (
        "删除了 {count} 条已有的进展记录：进展只能追加",
        "{count} past progress updates were removed: updates are append-only",
    ),
    "check.due_no_reason": (
        "完成时限由 {before} 改为 {after}，但本次变更没有相应的调整记录；"
        "请用 huishang update {id} --due {after} --reason 理由",
        "the deadline moved from {before} to {after} without a record of the move in this "
        "change; use huishang update {id} --due {after} --reason WHY",
    ),
    "check.change_unrecorded": (
        "由“{before}”改为“{after}”，但本次变更没有相应的调整记录；"
        "请用 huishang update {id} {option} ... --reason 理由",
        "changed from '{before}' to '{after}' without a record of the change; "
        "use huishang update {id} {option} ... --reason WHY",
    ),
    "check.evidence_changed": (
        "已办结事项的办结依据只能增加，不能删除或替换（原有：{before}）；"
        "如确需更正，请先重新打开事项并说明理由",
        "the evidence of a done item may only be added to, never removed or replaced "
        "(it was: {before}); to correct it, reopen the item with a reason first",
    ),
    "check.done_on_changed": (
        "已办结事项的办结日期不能改变（原为 {before}）；如确需更正，请先重新打开事项并说明理由",
        "the completion date of a done item cannot change (it was {before}); to correct it, "
        "reopen the item with a reason first",
    ),
    "check.lead_consent": (
        "牵头单位由 {before} 改为 {after}，需改动前后各牵头单位的维护人同意：本次变更中没有 "
        "{unit} 的维护人对此事项的提交",
        "the lead changed from {before} to {after}, which needs the maintainers of every unit "
        "leading before or after: no commit in this change to this item is by a maintainer "
        "of {unit}",
    ),
    "check.partner_fields": (
        "提交 {sha} 的作者 {email} 是配合单位 {unit} 的维护人，只能追加进展（配合单位反馈），"
        "不能修改事项要素",
        "commit {sha} by {email}, a maintainer of the partner unit {unit}, may only append "
        "updates (a partner's feedback), not change the item's fields",
    ),
    "check.rules_not_maintainer": (
        "提交 {sha} 的作者 {email} 修改了 {what}，但不是基准版本中 {unit} 的维护人；"
        "请由其维护人提交此修改",
        "commit {sha} by {email} changed {what}, but is not a maintainer of {unit} at the "
        "base; have one of its maintainers commit it",
    ),
    "check.rules_not_any_maintainer": (
        "提交 {sha} 的作者 {email} 修改了 {what}，但不是基准版本中任何单位的维护人；"
        "请由维护人提交此修改",
        "commit {sha} by {email} changed {what}, but is not a maintainer of any unit at the "
        "base; have a maintainer commit it",
    ),
    "check.rules_from_base": (
        "本次变更修改了 {file}：检查按基准版本的设置和维护人进行，新的设置合并后才生效",
        "this change edits {file}: it is judged by the settings and maintainers of the base; "
        "the new ones apply once merged",
    ),
    "check.no_merge_base": ("{base} 与当前分支没有共同的历史", "{base} and HEAD share no history"),
    "check.reopen_no_reason": (
        "重新打开已办结的事项，但没有新增说明理由的进展记录",
        "a done item was reopened without a new update giving the reason",
    ),
    "check.update_future": ("进展日期 {date} 晚于今天 {today}",
                            "the update is dated {date}, after today {today}"),
    "check.update_before_meeting": (
        "进展日期 {date} 早于会议日期 {meeting}",
        "the update is dated {date}, before the meeting on {meeting}",
    ),
    "check.not_maintainer": (
        "提交 {sha} 的作者 {email} 不是 {unit} 的维护人；请由其维护人提交，"
        "配合单位只能追加进展",
        "commit {sha} by {email}, who is not a maintainer of {unit}; have one of its "
        "maintainers commit it (a partner unit may only append updates)",
    ),
    "severity.warning": ("[警告] ", "[warning] "),
    # errors a command stops with (HuishangError codes)
    "error.io": ("无法读写文件{where}：{error}", "cannot read or write{where}: {error}"),
    "errno.ENOSPC": ("磁盘空间不足", "no space left on the disk"),
    "errno.EFBIG": ("文件超过允许的大小", "file too large"),
    "errno.EDQUOT": ("超出磁盘配额", "disk quota exceeded"),
    "errno.EACCES": ("没有访问权限", "permission denied"),
    "errno.EPERM": ("操作不被允许", "operation not permitted"),
    "errno.EROFS": ("文件系统为只读", "read-only file system"),
    "errno.ENOENT": ("文件或文件夹不存在", "no such file or folder"),
    "error.internal": ("内部错误：{kind}: {error}\n"
                       "请报告此问题（设置 HUISHANG_DEBUG=1 可查看详情）。",
                       "internal error: {kind}: {error}\n"
                       "Please report it (set HUISHANG_DEBUG=1 for details)."),
    "repo.not_found": ("在 {start} 及其上级目录中找不到台账（huishang.yaml 或 items/）；"
                       "请在台账仓库中运行，或用 --repo 指定。",
                       "No ledger (huishang.yaml or items/) in {start} or any folder above it; "
                       "run inside a ledger repository or give --repo."),
    "repo.no_folder": ("台账目录不存在：{path}", "no such folder: {path}"),
    "option.bad_date": ("“{value}”不是 YYYY-MM-DD 格式的日期",
                        "'{value}' is not a date as YYYY-MM-DD"),
    "status.synonym": ("“{value}”可以识别，规范写法为 {key}", "'{value}' is understood; the "
                       "canonical form is {key}"),
    "option.bad_choice": ("“{value}”不是可选的取值；可选：{choices}",
                          "'{value}' is not one of the choices: {choices}"),
    "option.blank": ("{option} 不能为空白", "{option} must not be blank"),
    "option.control_char": ("{option} 含有台账文件不允许的字符 {char}"
                            "（控制字符或行分隔符），请删除",
                            "{option} holds a character ledger files may not hold, {char} "
                            "(a control character or line separator); remove it"),
    "report.left_out": ("注意：{n} 个文件有错误，未计入：{files}；运行 huishang validate 查看。",
                        "Note: {n} files have errors and are left out: {files}; "
                        "run huishang validate to see them."),
    "report.strict": ("台账中有 {n} 个错误（--strict），未生成任何内容；"
                      "运行 huishang validate 查看。",
                      "the ledger has {n} errors (--strict); nothing was written; "
                      "run huishang validate to see them."),
    "option.bad_days": ("“{value}”不是天数，应如 14d 或 2w", "'{value}' is not a number of days; "
                        "expected e.g. 14d or 2w"),
    "option.bad_month": ("“{value}”不是 YYYY-MM 格式的月份", "'{value}' is not a month as YYYY-MM"),
    "option.future_month": ("{month} 尚未开始", "{month} has not begun"),
    "export.no_format": ("请选择一种导出格式：--xlsx（台账）、--form（填报表）或 --ics（日历）",
                         "choose one format: --xlsx (the ledger), --form (the feedback form) "
                         "or --ics (a calendar)"),
    "schema.stale": ("{path}：与模型不一致，请运行 huishang schema",
                     "{path}: out of date; run huishang schema"),
    "item.not_found": ("没有编号为“{ref}”的事项", "no item with id {ref}"),
    "item.ambiguous": ("编号“{ref}”不唯一，可能是：{names}",
                       "ambiguous id {ref}; it could be: {names}"),
    "item.broken": ("{path} 有错误，请先运行 huishang validate",
                    "{path} has problems; run huishang validate"),
    # usage errors (typer's click writes them in English only)
    "usage.missing_argument": ("缺少参数 {name}", "missing argument {name}"),
    "usage.missing_option": ("缺少选项 {name}", "missing option {name}"),
    "usage.bad_value": ("{name} 的值无效：{problem}", "invalid value for {name}: {problem}"),
    "usage.range": ("{value} 不在允许范围 {range} 内", "{value} is not in the range {range}"),
    "usage.not_a": ("{value} 不是有效的值（应为 {kind}）", "{value} is not a valid {kind}"),
    "usage.choice": ("{value} 不是可选值之一：{choices}", "{value} is not one of {choices}"),
    "usage.no_option": ("没有选项 {option}", "no such option: {option}"),
    "usage.did_you_mean": ("（是否要用：{like}）", " (did you mean {like}?)"),
    "usage.extra": ("多余的参数：{args}", "unexpected extra arguments: {args}"),
    "usage.no_command": ("没有命令 {name}", "no such command {name}"),
    "usage.needs_value": ("选项 {option} 需要一个值", "option {option} needs a value"),
    "usage.no_value": ("选项 {option} 不带值", "option {option} takes no value"),
    "usage.help": ("运行 {command} {help} 查看用法。", "Try {command} {help} for help."),
    "usage.title": ("用法错误", "Usage error"),
    "option.aspect_format": ("--aspect 应写为 方面编号=方面名称，如 X1=共同推进政治机关建设："
                             "“{value}”", "--aspect is KEY=TITLE, e.g. X1=Joint work: {value}"),
    "option.aspect_twice": ("方面编号 {key} 重复", "the aspect key {key} is given twice"),
    "item.number_taken": ("会议 {meeting} 的第{number}项已存在：{path}",
                          "item {number} of the meeting {meeting} already exists: {path}"),
    "meeting.exists": ("会议 {id} 已存在", "the meeting {id} already exists"),
    "meeting.ambiguous": ("“{ref}”可指多个会议：{names}；请写出完整编号",
                          "'{ref}' could be several meetings: {names}; give the whole id"),
    "meeting.missing": ("没有会议 {id}（或其 meeting.yaml 有错误）",
                        "no meeting {id} (or its meeting.yaml has errors)"),
    "init.exists": ("{path} 中已有台账，未做任何修改",
                    "a ledger already exists in {path}; nothing changed"),
    "init.created": ("已创建 {path}", "created {path}"),
    "init.updated": ("已更新 {path}", "updated {path}"),
    "init.kept": ("保留已有的 {path}", "kept existing {path}"),
    "init.no_git": ("未找到 git：台账可以使用，但没有修改记录；安装 git 后在此目录运行 git init",
                    "git was not found: the ledger works, but keeps no history; install git "
                    "and run git init here"),
    "init.git": ("已初始化 git 仓库（git init）", "initialised a git repository (git init)"),
    # `huishang doctor`: each line names what is there, or what to install
    "doctor.level.ok": ("正常", "ok"),
    "doctor.level.warning": ("注意", "warning"),
    "doctor.level.missing": ("缺少", "missing"),
    "doctor.python": ("Python {version}（{path}）", "Python {version} ({path})"),
    "doctor.huishang": ("huishang {version}", "huishang {version}"),
    "doctor.git": ("git {version}", "git {version}"),
    "doctor.git_missing": (
        "未找到 git：修改记录、history、log、check、sync 和 init 均需要它。请安装 Git（Windows："
        "Git for Windows 2.30 或更高版本，https://git-scm.com/download/win，安装时选择将 git "
        "加入 PATH；Linux：apt install git），然后重新打开命令行窗口",
        "git was not found: the ledger's history and the commands history, log, check, sync "
        "and init need it. "
        "Install Git (Windows: Git for Windows 2.30 or later, "
        "https://git-scm.com/download/win, letting it add git to PATH; Linux: apt install "
        "git), then open a new command window"),
    "doctor.console": ("控制台编码 {encoding}，可以显示中文",
                       "console encoding {encoding}, which shows Chinese"),
    "doctor.console_redirected": ("输出到文件或管道，以 UTF-8 写出",
                                  "output goes to a file or a pipe, written as UTF-8"),
    "doctor.console_bad": (
        "控制台编码 {encoding} 无法显示中文，中文将显示为“?”。Windows 请使用 Windows 终端，或先"
        "运行 chcp 65001；也可设置环境变量 PYTHONIOENCODING=utf-8",
        "the console encoding {encoding} cannot show Chinese, which appears as '?'. On "
        "Windows use Windows Terminal, or run chcp 65001 first; or set "
        "PYTHONIOENCODING=utf-8"),
    "doctor.cache": ("缓存目录 {path} 可写", "the cache folder {path} is writable"),
    "doctor.cache_bad": (
        "缓存目录 {path} 不可写（{error}）：请将环境变量 HUISHANG_CACHE_DIR 设为一个可写的目录",
        "the cache folder {path} cannot be written ({error}): set the environment variable "
        "HUISHANG_CACHE_DIR to a folder you can write"),
    "doctor.ledger": ("台账 {path}：设置和单位名录可读（{units} 个单位）",
                      "ledger {path}: settings and unit registry read ({units} units)"),
    "doctor.ledger_none": ("当前目录不在台账中，未检查台账（可用 --repo 指定）",
                           "not inside a ledger; no ledger checked (name one with --repo)"),
    "doctor.ledger_no_folder": ("台账目录不存在：{path}", "no such ledger folder: {path}"),
    "doctor.ledger_bad": (
        "台账 {path} 的设置或单位名录有 {n} 处错误（首处 {first}）：运行 huishang validate 查看",
        "the settings or unit registry of {path} have {n} errors (first at {first}): run "
        "huishang validate to see them"),
    "doctor.font": ("字体 {name} 已安装", "font {name} is installed"),
    "doctor.font_missing": (
        "字体 {name} 未安装，文档中的这部分文字将以 {instead} 显示和打印。请安装该字体，或在 "
        "huishang.yaml 的 documents.fonts 中改用已安装的字体",
        "font {name} is not installed: documents show and print that text in {instead}. "
        "Install it, or name an installed font under documents.fonts in huishang.yaml"),
    "doctor.font_missing_default": (
        "字体 {name} 未安装，文档中的这部分文字将以 Word 的默认字体显示和打印。请安装该字体，"
        "或在 huishang.yaml 的 documents.fonts 中改用已安装的字体",
        "font {name} is not installed: documents show and print that text in Word's default "
        "font. Install it, or name an installed font under documents.fonts in huishang.yaml"),
    "doctor.fonts_unknown": ("无法检查字体：未找到 fc-list（Linux 请安装 fontconfig）",
                             "fonts not checked: fc-list was not found (Linux: install "
                             "fontconfig)"),
    "doctor.source_local": ("汇总来源 {name}：{url} 可读，尚未同步",
                            "roll-up source {name}: {url} is readable, not synced yet"),
    "doctor.source_local_synced": ("汇总来源 {name}：{url} 可读，上次同步 {synced}",
                                   "roll-up source {name}: {url} is readable, last synced "
                                   "{synced}"),
    "doctor.source_unreadable": ("汇总来源 {name}：{url} 不存在或不可读，huishang sync 将无法"
                                 "更新它", "roll-up source {name}: {url} is missing or "
                                 "unreadable; huishang sync cannot update it"),
    "doctor.source_remote": ("汇总来源 {name}：{url}（网络地址，未连接检查），尚未同步",
                             "roll-up source {name}: {url} (a network address, not "
                             "contacted), not synced yet"),
    "doctor.source_remote_synced": ("汇总来源 {name}：{url}（网络地址，未连接检查），上次同步 "
                                    "{synced}", "roll-up source {name}: {url} (a network "
                                    "address, not contacted), last synced {synced}"),
    "doctor.ready": ("一切就绪", "everything huishang needs is here"),
    "doctor.warnings": ("可以使用；另有 {n} 项需要注意，见上", "ready to use; {n} warnings above"),
    "doctor.missing": ("缺少 {n} 项，按上面的说明安装后再运行 huishang doctor",
                       "{n} missing; install what the lines above say, then run huishang "
                       "doctor again"),
    "init.ci_hint": ("未写入 CI 配置。要由代码托管平台检查每次提交，运行："
                     "{cd}huishang init --ci gitlab（或 github、gitea）",
                     "no CI file written. To have your forge check every change, run: "
                     "{cd}huishang init --ci gitlab (or github, gitea)"),
    "init.next": (
        "下一步：\n"
        "  1. 在 units.yaml 中登记各单位的全称和简称，在 huishang.yaml 的 documents: 中"
        "填写发文机关，然后提交：\n"
        "     {cd}git add -A && git commit -m \"新建会商台账\"\n"
        "  2. 录入会议及纪要所列方面：\n"
        "     huishang new meeting --date 2024-01-15 --slug fa-jian --level provincial "
        "--title 工作交流会商会 --parties 某省高级人民法院,某省人民检察院 "
        "--aspect A1=共同推进规范司法\n"
        "  3. 按纪要序号录入事项：\n"
        "     huishang new item --meeting 2024-01-15-fa-jian --number 1 --aspect A1 "
        "--title 统一量刑建议审查标准 --lead 某省高级人民法院 --due 2024-06-30 --commit",
        "Next:\n"
        "  1. Register each unit's full and short names in units.yaml and the issuing "
        "office under documents: in huishang.yaml, then commit:\n"
        "     {cd}git add -A && git commit -m \"New consultation ledger\"\n"
        "  2. Record the meeting and the aspects of its minutes:\n"
        "     huishang new meeting --date 2024-01-15 --slug fa-jian --level provincial "
        "--title \"Joint meeting\" --parties \"Provincial Court,Provincial Procuratorate\" "
        "--aspect \"A1=Sentencing\"\n"
        "  3. Record its items by their numbers in the minutes:\n"
        "     huishang new item --meeting 2024-01-15-fa-jian --number 1 --aspect A1 "
        "--title \"Common sentencing standard\" --lead \"Provincial Court\" --due 2024-06-30 "
        "--commit"),
    "write.committed": ("已提交 {sha}：{message}", "committed {sha}: {message}"),
    "write.wrote": ("已写入 {path}", "wrote {path}"),
    "site.wrote": ("已写入 {n} 个页面到 {path}", "wrote {n} pages to {path}"),
    "write.locked": ("另一个 huishang 正在写入台账（{path}），请稍后再试",
                     "another huishang is writing the ledger ({path}); try again shortly"),
    "write.no_lock": ("无法建立写入锁 {path}：{error}",
                      "cannot make the write lock {path}: {error}"),
    "write.nothing": ("未写入任何文件", "nothing was written"),
    "write.changed_meanwhile": ("{path} 在此期间被修改，未写入",
                                "{path} changed meanwhile; nothing written"),
    "write.exists": ("{path} 已存在，未覆盖", "{path} already exists; not overwritten"),
    "write.too_large": ("写入后文件将有 {size} 字节，超过上限 {limit} 字节（huishang.yaml 的 "
                        "max_file_bytes），validate 将不予读取",
                        "the file would have {size} bytes, more than the limit of {limit} "
                        "(max_file_bytes in huishang.yaml), which validate refuses to read"),
    "template.error": ("页面模板 {where} 有错误：{error}",
                       "the page template {where} is broken: {error}"),
    "template.limit_number": ("数字 {value} 超过上限 {limit}"
                              "（huishang.yaml 的 limits.template_number）",
                              "the number {value} is beyond {limit} (limits.template_number in "
                              "huishang.yaml)"),
    "template.limit_chars": ("页面超过 {limit} 个字符（huishang.yaml 的 limits.template_chars）",
                             "the page is longer than {limit} characters "
                             "(limits.template_chars in huishang.yaml)"),
    "template.limit_seconds": ("模板运行超过 {limit} 秒"
                               "（huishang.yaml 的 limits.template_seconds）",
                               "the templates ran longer than {limit} seconds "
                               "(limits.template_seconds in huishang.yaml)"),
    "template.static_unknown": ("static() 只提供 huishang 自带的文件（{names}），不提供 {name}",
                                "static() serves only huishang's own files ({names}), "
                                "not {name}"),
    "site.not_folder": ("{path} 不是目录", "{path} is not a folder"),
    "site.foreign": ("{path} 不是空目录，也不是 huishang 生成的站点，未写入",
                     "{path} is not empty and not a site huishang made; nothing written"),
    "git.missing": ("找不到 git 命令", "git is not installed"),
    "git.failed": ("git {command} 失败：{error}", "git {command} failed: {error}"),
    "git.no_base": ("找不到基准版本 {base}（浅克隆时请先 fetch 它）",
                    "no such revision {base} (in a shallow clone, fetch it first)"),
    # refusals of `huishang update`
    "update.reason_without_due": ("--reason 用于说明调整的理由，需与 --due、--title、--lead、"
                                  "--partner、--owner-division、--owner-person 或 --aspect "
                                  "一起使用",
                                  "--reason says why an agreed field changes; use it with "
                                  "--due, --title, --lead, --partner, --owner-division, "
                                  "--owner-person or --aspect"),
    "update.change_no_reason": ("调整事项要素必须说明理由：请加 --reason",
                                "changing an agreed field must say why: add --reason"),
    "update.by_without_note": ("--by 是进展记录的填报人，需与 --note 等一起使用",
                               "--by names who reported an update; use it with --note"),
    "update.nothing": ("没有要更新的内容：请给出 --note、--status、--due、--evidence 等",
                       "nothing to update: give --note, --status, --due, --evidence or others"),
    "update.before_meeting": ("进展日期 {date} 早于会议日期 {meeting}",
                              "the update is dated {date}, before the meeting on {meeting}"),
    "correct.no_update": ("没有第 {n} 条进展（共 {count} 条；序号同 huishang show，1 为最早）",
                          "there is no update {n} ({count} in all; numbered as `show` "
                          "numbers them, 1 the oldest)"),
    "correct.what": ("请指明更正什么：--update N 加 --date 或 --note，或 --done-on",
                     "say what to correct: --update N with --date or --note, or --done-on"),
    "correct.not_done": ("事项未办结，没有办结日期可更正", "the item is not done: it has no "
                         "done_on to correct"),
    "correct.same": ("更正后的值与现有记录相同，无需更正", "the value is already that: nothing "
                     "to correct"),
    "correct.no_reason": ("更正须写明理由（--reason）", "a correction needs a reason (--reason)"),
    "correct.summary": ("{id}：已更正{what}", "{id}: corrected {what}"),
    "correct.update_what": ("第 {n} 条进展", "update {n}"),
    "correct.done_on_what": ("办结日期", "done_on"),
    "commit.correct": ("更正 {id}：{what}", "correct {id}: {what}"),
    "correction.shown": ("{date} 更正{what}：{was} → {now}（{reason}）",
                         "{date} corrected {what}: {was} -> {now} ({reason})"),
    "correction.update_date": ("进展“{note}”的日期", "the date of the update '{note}'"),
    "correction.update_note": ("进展“{note}”的内容", "the words of the update '{note}'"),
    "correction.done_on": ("办结日期", "the done date"),
    "update.future": ("进展日期 {date} 晚于今天 {today}",
                      "the update date {date} is after today {today}"),
    "update.no_evidence": ("没有办结依据不能销号：请用 --evidence 给出文号、链接或文件",
                           "an item is closed only with proof: give --evidence (a document "
                           "number, a link or a file)"),
    "update.done_on_not_done": ("只有已办结的事项才有 --done-on",
                                "--done-on is only for items that are done"),
    "update.due_no_reason": ("调整完成时限必须说明理由：请加 --reason",
                             "a deadline change must say why: add --reason"),
    "update.due_same": ("完成时限已是 {due}", "the deadline is already {due}"),
    "update.status_same": ("状态已是{status}", "the status is already {status}"),
    "update.transition": ("不能从{before}直接改为{after}；可改为：{allowed}",
                          "cannot go from {before} to {after}; allowed: {allowed}"),
    "update.cancel_no_reason": ("终止事项必须说明理由：请加 --note",
                                "cancelling an item needs a reason: add --note"),
    "update.block_no_reason": ("标记受阻必须说明原因：请加 --note",
                               "marking an item blocked needs the reason: add --note"),
    "update.escalate_no_reason": ("请示报告必须说明所请示的事项和原因：请加 --note",
                                  "escalating needs what is asked and why: add --note"),
    "update.reopen_no_reason": ("重新打开已办结或已终止的事项必须说明理由：请加 --note",
                                "reopening a done or cancelled item needs a reason: add --note"),
    "update.summary": ("{id}：{what}", "{id}: {what}"),
    "summary.update": ("进展", "update"),
    "summary.status": ("状态 {before} → {after}", "status {before} → {after}"),
    "summary.change": ("{field} {before} → {after}", "{field} {before} → {after}"),
    "summary.field.due": ("完成时限", "deadline"),
    "summary.field.title": ("事项名称", "item title"),
    "summary.field.lead": ("牵头单位", "lead unit"),
    "summary.field.partners": ("配合单位", "partner units"),
    "summary.field.owner": ("责任部门及责任人", "owning division and person"),
    "summary.field.aspect": ("所属方面", "aspect of the meeting"),
    "summary.escalated": ("请示报告", "escalated"),
    "summary.not_escalated": ("撤回请示报告", "escalation withdrawn"),
    "summary.evidence": ("办结依据 +{n}", "evidence +{n}"),
    "commit.new_meeting": ("新建会议 {id}", "New meeting {id}"),
    "commit.new_item": ("新建事项 {id}", "New item {id}"),
    "commit.unit_add": ("登记单位 {unit}", "Add the unit {unit}"),
    "commit.unit_edit": ("修改单位 {unit}", "Change the unit {unit}"),
    "commit.update": ("更新 {id}：{what}", "Update {id}: {what}"),
    "progress.loading": ("读取台账", "loading the ledger"),
    # calendar export
    "ics.calendar": ("会商事项完成时限", "Deadlines of agreed items"),
    "ics.summary": ("【会商事项】{title}", "[Agreed item] {title}"),
    # punctuation that joins values, so that English output has none of Chinese
    "sep.list": ("、", ", "),
    "sep.clause": ("，", ", "),
    "sep.items": ("；", "; "),
    "sep.colon": ("：", ": "),
    "sep.stop": ("。", "."),
    "sep.apart": ("　　", "  "),  # words set apart on one line: an issuer and a date
    "paren": ("（{text}）", " ({text})"),
    # Column headings, status names and other labels of the views.
    "meeting": ("会议", "Meeting"),
    "unit": ("单位", "Unit"),
    "level": ("层级", "Level"),
    "group.meeting": ("会议", "Meeting"),
    "group.aspect": ("方面", "Aspect"),
    "group.lead": ("牵头单位", "Lead"),
    "group.unit": ("单位（牵头或配合）", "Unit (lead or partner)"),
    "group.owner": ("责任人", "Owner"),
    "group.level": ("层级", "Level"),
    "group.source": ("来源", "Source"),
    "source.own": ("本级台账", "This ledger"),
    "source.unknown": (
        "没有名为“{name}”的汇总来源（huishang.yaml 的 rollup 中有：{names}）",
        "no rolled-up ledger is named \"{name}\" (rollup: in huishang.yaml has: {names})",
    ),
    "source.read_only": (
        "“{id}”属于汇总来源 {source}，此处只读；请在其台账（{url}）中修改，再运行 huishang sync",
        "\"{id}\" belongs to the rolled-up ledger {source} and is read-only here; change it in "
        "that ledger ({url}), then run huishang sync",
    ),
    "source.never_synced": (
        "汇总来源 {name} 尚未同步，其事项未列入；请运行 huishang sync",
        "the rolled-up ledger {name} has not been synced, so its items are left out; run "
        "huishang sync",
    ),
    "source.stale": (
        "汇总来源 {name} 已 {days} 天未同步（最近同步 {synced}，在用版本 {revision}）；"
        "请运行 huishang sync",
        "the rolled-up ledger {name} was last synced {days} days ago ({synced}, revision "
        "{revision}); run huishang sync",
    ),
    "sync.no_sources": (
        "huishang.yaml 中没有汇总来源（rollup:），无须同步",
        "huishang.yaml names no ledgers to roll up (rollup:); there is nothing to sync",
    ),
    "sync.new": ("已启用新版本", "new revision in use"),
    "sync.same": ("无新提交", "nothing new"),
    "sync.refused": ("新版本校验未通过，未启用", "the new revision has errors and was refused"),
    "sync.failed": ("获取失败", "could not be fetched"),
    "sync.not_a_ledger": ("{url} 不是台账（没有 items/ 目录），未启用",
                          "{url} is no ledger (it has no items/ folder); not put in use"),
    "sync.transport": ("汇总来源 {name} 的地址 {url} 不可用：只接受本地路径和 {schemes} 地址",
                       "the address {url} of the rolled-up ledger {name} is refused: only "
                       "local paths and {schemes} addresses are fetched"),
    "sync.rewritten": ("注意：新版本 {new} 不是在用版本 {old} 的后续提交（来源改写了历史），"
                       "已启用，请核实",
                       "note: the new revision {new} does not descend from {old}, the one "
                       "in use (the source rewrote its history); put in use, check it"),
    "sync.in_use": (
        "在用版本 {revision}（提交于 {committed}，距今 {days} 天）",
        "in use: {revision} (committed {committed}, {days} days ago)",
    ),
    "sync.none_in_use": ("尚无可用版本", "no revision in use yet"),
    "sync.url": ("来源地址", "Source"),
    "sync.revision": ("在用版本", "Revision in use"),
    "sync.synced": ("最近同步", "Last synced"),
    "total": ("总数", "Total"),
    "overdue_count": ("逾期", "Overdue"),
    "done_pct": ("完成率", "% done"),
    "done_pct_number": ("完成率（%）", "% done"),
    "totals": ("合计", "Total"),
    "none_group": ("（未填写）", "(none)"),
    "colour.red": ("红", "red"),
    "colour.orange": ("橙", "orange"),
    "colour.yellow": ("黄", "yellow"),
    "why.overdue_long": ("逾期 {days} 天", "{days} d overdue"),
    "why.overdue_stale": ("逾期且 {days} 天无进展", "overdue, no update for {days} d"),
    "why.overdue": ("逾期 {days} 天", "{days} d overdue"),
    "why.stalled": ("{days} 天无进展", "no update for {days} d"),
    "why.unstarted": ("会后 {days} 天仍未启动", "not started {days} d after the meeting"),
    "why.due_soon": ("{days} 天后到期", "due in {days} d"),
    "level.national": ("全国", "national"),
    "level.provincial": ("省级", "provincial"),
    "level.municipal": ("市级", "municipal"),
    "level.county": ("县级", "county"),
    "progress_title": ("落实进度（截至 {today}）", "Progress (as of {today})"),
    "warnings_title": ("三色预警（截至 {today}）", "Early warnings (as of {today})"),
    # 考评: the figures `score` ranks lead units by
    "score.title": ("考评：{period}（{start}至{end}）", "Scores: {period} ({start} to {end})"),
    "score.rank": ("排名", "Rank"),
    "score.unit": ("牵头单位", "Lead unit"),
    "score.on_time_rate": ("按期办结率", "Closed on time"),
    "score.feedback_rate": ("反馈及时率", "Reported monthly"),
    "score.overdue": ("逾期事项", "Overdue"),
    "score.mean_overdue_days": ("平均逾期天数", "Mean days overdue"),
    "score.closed": ("期内办结", "Closed"),
    "score.open": ("期末在办", "Open"),
    "score.nothing": ("{period}没有可考评的牵头单位。", "No lead unit to score for {period}."),
    "score.caption": ("按期办结率：期内到期（不含已终止）事项中按期办结的比例；反馈及时率："
                      "各事项在办的每个月中当月有进展记录的比例；“-”表示无可计算的事项。",
                      "Closed on time: of the items (not cancelled) due in the period, the "
                      "share done by their deadline. Reported monthly: of the months each item "
                      "was open, the share with an update dated in the month. '-': nothing "
                      "to count."),
    "option.bad_period": ("“{value}”不是{kind}", "'{value}' is not {kind}"),
    "option.period_kind.month": ("YYYY-MM 格式的月份", "a month as YYYY-MM"),
    "option.period_kind.quarter": ("YYYY-Qn 格式的季度（如 2024-Q3）",
                                   "a quarter as YYYY-Qn (e.g. 2024-Q3)"),
    "option.period_kind.year": ("YYYY 格式的年份", "a year as YYYY"),
    "option.period_not_begun": ("{period} 尚未开始", "{period} has not begun"),
    "option.one_period": ("--month、--quarter、--year 只能选一个",
                          "give only one of --month, --quarter, --year"),
    "no_warnings": ("截至 {today} 没有预警事项。", "No warnings as of {today}."),
    "warning_counts": ("红 {red} 项，橙 {orange} 项，黄 {yellow} 项",
                       "{red} red, {orange} orange, {yellow} yellow"),
    "escalated": ("已请示报告", "escalated"),
    "updates": ("进展", "Updates"),
    "no_updates": ("（尚无进展记录）", "(no updates yet)"),
    "illustrative": ("（演示数据）", "(illustrative)"),
    "note.status": ("（状态：{before} → {after}）", "(status: {before} → {after})"),
    "note.escalated": ("已请示报告上级。", "Escalated to a higher authority."),
    "note.not_escalated": ("撤回请示报告。", "Escalation withdrawn."),
    "no_due": ("未定", "none"),
    "bulletin.title": ("{year}年{month}月会商议定事项落实进展情况",
                       "Progress on the agreed items in {year}-{month:02d}"),
    "bulletin.period": ("本期通报{start}至{end}会商事项落实情况。",
                        "This bulletin covers the agreed items from {start} to {end}."),
    "bulletin.window": ("本月反馈以{as_of}前报送的为准，其中月后补报{late}条。",
                        "Feedback for the month counts as reported by {as_of}; {late} of it "
                        "arrived after the month ended."),
    "bulletin.no_git": ("本期数据依据现有台账统计，无历史记录：新增事项按会议日期计，"
                        "状态变化和完成时限调整按进展记录日期计。",
                        "Figures come from the ledger as it is now, without its history: new items "
                        "are counted by meeting date, status changes and deadline moves by the "
                        "dates of the updates that record them."),
    "bulletin.shallow": ("台账历史记录不完整，部分数据可能偏少。",
                         "Part of the ledger's history is missing; some figures may be short."),
    "bulletin.s.figures": ("总体情况", "Overall"),
    "bulletin.s.units": ("各牵头单位落实情况", "By lead unit"),
    "bulletin.s.unit_statuses": ("办理情况", "Items by state"),
    "bulletin.s.unit_warnings": ("逾期和预警情况", "Overdue and warned items"),
    "bulletin.s.progress": ("本月落实进展", "Progress this month"),
    "bulletin.s.blocked": ("受阻及请示报告事项", "Blocked and escalated items"),
    "bulletin.s.closed": ("本月办结事项", "Closed this month"),
    "bulletin.s.cancelled": ("本月终止事项", "Cancelled this month"),
    "bulletin.s.new": ("本月新增事项", "New this month"),
    "bulletin.s.moves": ("完成时限调整", "Deadline changes"),
    "bulletin.s.flagged": ("红色、橙色预警事项", "Red and orange warnings"),
    "bulletin.s.silent": ("未反馈单位", "Units that reported nothing"),
    "bulletin.s.score": ("考评情况", "Scores"),
    "bulletin.score_period": ("{start}至{end}，各牵头单位考评情况如下。",
                              "The lead units' scores from {start} to {end}:"),
    "bulletin.score_line": (
        "{rate}最高的是{best}（{best_rate}），最低的是{worst}（{worst_rate}）。",
        "{rate}: highest {best} ({best_rate}), lowest {worst} ({worst_rate})."),
    "bulletin.score_same": ("{rate}各单位均为{value}。", "{rate}: {value} for every unit."),
    "bulletin.score_only": ("{rate}仅{unit}有可计算的事项，为{value}。",
                            "{rate}: only {unit} has items to count, at {value}."),
    "bulletin.s.next": ("下一步工作", "Next steps"),
    "bulletin.summary": ("截至{end}，台账共有会商事项{total}项，其中已办结{done}项、"
                         "推进中{in_progress}项、"
                         "受阻{blocked}项、未启动{planned}项、已终止{cancelled}项。",
                         "As of {end} the ledger holds {total} agreed items: {done} done, "
                         "{in_progress} in progress, {blocked} blocked, {planned} not started and "
                         "{cancelled} cancelled."),
    "bulletin.summary_month": ("本月新增事项{new}项，办结{closed}项；在办事项{in_force}项，"
                               "其中逾期{overdue}项，"
                               "红色预警{red}项、橙色预警{orange}项、黄色预警{yellow}项。",
                               "This month {new} items were added and {closed} closed; of the "
                               "{in_force} items in force, {overdue} are overdue, {red} red, "
                               "{orange} orange and {yellow} yellow."),
    "bulletin.compare": (
        "与上月相比，在办事项{in_force}，逾期事项{overdue}，红色、橙色预警事项{warned}。",
        "Against the previous month: items in force {in_force}, overdue "
        "{overdue}, red and orange {warned}."),
    "bulletin.more": ("增加{n}项", "up by {n}"),
    "bulletin.fewer": ("减少{n}项", "down by {n}"),
    "bulletin.same": ("持平", "unchanged"),
    "bulletin.next_default": ("下一步，各牵头单位要对照完成时限加快推进在办事项，"
                              "对红色、橙色预警事项逐项分析原因、"
                              "明确措施和时限，并于下月5日前报送本月落实进展。",
                              "Lead units should press on with the items in force against their "
                              "deadlines, give for each red or orange item its cause, measures and "
                              "dates, and report this month's progress by the 5th of next month."),
    "bulletin.no_progress": ("本月无新进展", "no progress this month"),
    "bulletin.state": ("情况", "State"),
    "bulletin.why": ("原因及最新进展", "Reason and latest progress"),
    "bulletin.cancel_reason": ("终止原因", "Reason"),
    "bulletin.alert_why": ("预警原因", "Why"),
    "bulletin.metric": ("指标", "Figure"),
    "bulletin.this": ("本月", "This month"),
    "bulletin.previous": ("上月", "Previous month"),
    "bulletin.change": ("变化", "Change"),
    "bulletin.in_force": ("在办事项", "Items in force"),
    "bulletin.done": ("本月办结", "Done this month"),
    "bulletin.new": ("本月新增", "New this month"),
    "bulletin.overdue": ("逾期", "Overdue"),
    "bulletin.red": ("红色预警", "Red"),
    "bulletin.orange": ("橙色预警", "Orange"),
    "bulletin.yellow": ("黄色预警", "Yellow"),
    "bulletin.none": ("无。", "None."),
    "bulletin.before": ("原完成时限", "From"),
    "bulletin.after": ("新完成时限", "To"),
    "bulletin.by": ("调整人", "By"),
    "bulletin.date": ("调整日期", "Date"),
    "bulletin.silent_count": ("未反馈事项数", "Items"),
    "bulletin.silent_items": ("未反馈事项", "Items without feedback"),
    "bulletin.silent_text": ("以下单位牵头的在办事项本月没有报送任何进展，请督促及时反馈：",
                             "These units lead open items on which no progress was reported this "
                             "month:"),
    "bulletin.uncommitted": ("注意：{n} 个事项文件有尚未提交的修改，本期通报未计入：{paths}",
                             "Note: {n} item files have uncommitted edits that this bulletin does "
                             "not count: {paths}"),
    "doc.masthead": ("会商事项落实情况通报", "Bulletin on agreed items"),
    "doc.issue": ("第{n}期", "No. {n}"),
    "doc.seq": ("序号", "No."),
    "doc.title": ("事项", "Item"),
    "doc.lead": ("牵头单位", "Lead"),
    "doc.status": ("状态", "Status"),
    "doc.done_on": ("办结日期", "Done on"),
    "doc.evidence": ("办结依据", "Evidence"),
    "doc.due": ("完成时限", "Due"),
    "doc.reason": ("原因", "Reason"),
    "doc.warning": ("预警", "Warning"),
    "doc.overdue": ("逾期天数", "Days overdue"),
    "doc.aspect": ("方面", "Aspect"),
    "doc.owner": ("责任部门/责任人", "Division / owner"),
    "doc.percent": ("{n}%", "{n}%"),
    "doc.escalated": ("已请示报告", "escalated"),
    "doc.carried": ("（由{meeting}转入）", "(carried over from {meeting})"),
    "doc.why.overdue_long": ("已逾期{days}天", "{days} days overdue"),
    "doc.why.overdue_stale": ("已逾期且{days}天无进展",
                              "overdue, with no progress for {days} days"),
    "doc.why.overdue": ("已逾期{days}天", "{days} days overdue"),
    "doc.why.stalled": ("已{days}天无进展", "no progress for {days} days"),
    "doc.why.unstarted": ("会后{days}天仍未启动", "not started {days} days after the meeting"),
    "doc.why.due_soon": ("{days}天后到期", "due in {days} days"),
    "doc.status_changed": ("（状态由{before}调整为{after}）", "(status changed from {before} to "
                           "{after})"),
    "doc.not_reported": ("尚未报送", "none reported"),
    "doc.contact": ("联系人：{value}", "Contact: {value}"),
    "doc.phone": ("联系电话：{value}", "Telephone: {value}"),
    "doc.note": ("（{text}）", "({text})"),
    "doc.cc": ("抄送：{units}。", "Copy to: {units}."),
    "doc.printed_on": ("{date}印发", "Issued {date}"),
    "doc.no_issuer": ("注意：未设置发文机关，文件没有署名和印发机关；"
                      "请在 huishang.yaml 的 documents: 中设置 issuer（或 issuers.{kind}）",
                      "Note: no issuer is set, so the document has no signature and no "
                      "issuing office; set documents.issuer (or issuers.{kind}) in "
                      "huishang.yaml"),
    "doc.numbered": ("发文字号 {number}（已记入 numbers.yaml，请随台账提交）",
                     "document number {number} (recorded in numbers.yaml; commit it with "
                     "the ledger)"),
    "numbers.bad": ("{where}: 发文字号计数无法读取：应为“种类: {{年份: 已用序号}}”，"
                    "如 notice: {{2024: 12}}",
                    "{where}: the document number counters cannot be read: expected "
                    "'kind: {{year: last number}}', e.g. notice: {{2024: 12}}"),
    "numbers.bad_number": ("--number “{value}” 不是发文字号：请给出完整文号"
                           "（如 豫检研函〔2024〕12号）或从 1 起的序号",
                           "--number '{value}' is not a document number: give a whole "
                           "number as documents.numbering writes it, or a number from 1"),
    "numbers.no_pattern": ("--number {value} 只给了序号，但 huishang.yaml 的 documents.numbering "
                           "没有这类公文的发文字号格式；请给出完整文号，如 豫检研函〔2024〕12号",
                           "--number {value} is a number alone, but documents.numbering in "
                           "huishang.yaml has no pattern for this kind of document; give the "
                           "whole number, e.g. \"Letter [2024] No. 12\""),
    "doc.needs_output": ("Word 文档和 PDF 须用 -o 指定输出文件，如 -o 通报.docx",
                         "a Word document or a PDF needs -o FILE, e.g. -o bulletin.docx"),
    "pdf.no_office": ("生成 PDF 需要 LibreOffice，但未找到 soffice 程序：请安装 LibreOffice"
                      "（Debian/Ubuntu：apt-get install libreoffice-writer；Windows：安装后把 "
                      "LibreOffice 的 program 文件夹加入 PATH），或改用 --format docx",
                      "a PDF needs LibreOffice, but no soffice program is on PATH: install "
                      "LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer; "
                      "Windows: add LibreOffice's program folder to PATH), or use --format "
                      "docx"),
    "pdf.failed": ("LibreOffice 未能生成 PDF：{problem}",
                   "LibreOffice could not make the PDF: {problem}"),
    "doc.bad_template": ("公文模板 {path} 无法使用：{problem}",
                         "the document template {path} cannot be used: {problem}"),
    "doc.links_dropped": ("公文模板 {path} 中指向文件以外的链接已删除（正文超链接除外）：{links}",
                          "links outside the document template {path} were dropped (the "
                          "body's hyperlinks excepted): {links}"),
    "doc.template_outside": ("公文模板 {path} 不在台账仓库内，未使用",
                             "the document template {path} is outside the repository"),
    "review.title": (
        "关于{meeting}议定事项落实情况的报告", "Report on the items agreed at {meeting}"),
    "review.intro": ("{date}，{parties}召开{meeting}，议定会商事项{total}项。"
                     "现将截至{as_of}的落实情况报告如下。",
                     "On {date} {parties} held {meeting} and agreed {total} items. Their state as "
                     "of {as_of} follows."),
    "review.agreed": ("会议纪要载明议定事项{n}项，台账登记{total}项。",
                      " The minutes record {n} items; the ledger holds {total}."),
    "review.s.overall": ("总体落实情况", "Overall"),
    "review.s.aspects": ("分方面落实情况", "By aspect"),
    "review.s.problems": ("存在的问题", "Open problems"),
    "review.s.units": ("各单位落实情况", "By unit"),
    "review.carried": ("另有{n}项转入下次会商继续落实，不计入终止。",
                       " Another {n} were carried over to a later meeting, not cancelled."),
    "review.summary": (
        "{total}项议定事项中，已办结{done}项、推进中{in_progress}项、受阻{blocked}项、"
        "未启动{planned}项、已终止{cancelled}项，办结率{ratio}。",
        "Of the {total} items, {done} are done, {in_progress} in progress, "
        "{blocked} blocked, {planned} not started and {cancelled} cancelled: "
        "{ratio} done."),
    "review.no_aspect": ("其他事项", "Other items"),
    "review.item": ("第{n}项：{title}（牵头单位：{lead}{partners}）。落实状态：{status}{due}。",
                    "Item {n}: {title} (lead: {lead}{partners}). State: {status}{due}."),
    "review.partners": ("；配合单位：{units}", "; partners: {units}"),
    "review.due": ("，完成时限{due}", ", due {due}"),
    "review.progress": ("主要进展：{text}", "Progress: {text}"),
    "review.evidence": ("办结依据：{text}", "Evidence: {text}"),
    "review.no_progress": ("主要进展：尚未报送。", "Progress: none reported yet."),
    "review.problem": ("{item}由{lead}牵头，{why}。", "{item}, led by {lead}: {why}."),
    "review.why_blocked": ("目前受阻", "blocked"),
    "review.why_blocked_because": ("目前受阻，原因是{reason}", "blocked: {reason}"),
    "doc.item_ref": ("第{n}项“{title}”", "item {n}, “{title}”"),
    "doc.item_title": ("“{title}”", "“{title}”"),
    "review.no_problems": ("目前没有受阻、逾期或长期未启动的事项。",
                           "No item is blocked, overdue or long unstarted."),
    "review.ratio": ("办结率", "% done"),
    "review.closing": ("特此报告。", "Respectfully submitted."),
    "review.unknown_meeting": ("没有会议“{meeting}”；已有：{known}",
                               "no meeting '{meeting}'; known: {known}"),
    "notice.title": ("督办提示函", "Reminder on overdue items"),
    "notice.intro": ("根据会商事项台账，截至{as_of}，贵单位牵头或配合的以下{n}项事项"
                     "{kinds}（红色、橙色预警），现予提示。",
                     "According to the ledger, as of {as_of} the following {n} items your unit "
                     "leads or supports are {kinds} (red or orange warnings)."),
    "notice.kind.overdue": ("已逾期", "overdue"),
    "notice.kind.stalled": ("长期无进展", "stalled"),
    "notice.kind.unstarted": ("会后长期未启动", "not started long after the meeting"),
    "notice.kind.or": ("或", " or "),
    "notice.ask": (
        "请高度重视，逐项分析原因，明确整改措施和完成时限，并于{reply}前将落实情况书面反馈。",
        "Please look into each, set out the measures and dates, and report in writing "
        "by {reply}."),
    "notice.ask_soon": (
        "请高度重视，逐项分析原因，明确整改措施和完成时限，并及时将落实情况书面反馈。",
        "Please look into each, set out the measures and dates, and report in "
        "writing soon."),
    # `remind`: reminders pushed to units by e-mail or webhook (临近提醒、到期催办、未反馈)
    "remind.kind.before": ("临近提醒", "due soon"),
    "remind.kind.overdue": ("到期催办", "overdue"),
    "remind.kind.silent": ("未反馈", "no feedback"),
    "remind.subject.before": ("【临近提醒】{n}项会商事项即将到期",
                              "[Due soon] {n} agreed items are due soon"),
    "remind.subject.overdue": ("【到期催办】{n}项会商事项已逾期",
                               "[Overdue] {n} agreed items are past their deadline"),
    "remind.subject.silent": ("【未反馈提醒】{n}项会商事项本月尚未反馈落实情况",
                              "[No feedback] {n} agreed items have no progress reported "
                              "this month"),
    "remind.intro.before": ("根据会商事项台账，截至{today}，贵单位牵头或配合的以下{n}项事项"
                            "即将到期：",
                            "According to the ledger, as of {today} these {n} items your unit "
                            "leads or supports are due soon:"),
    "remind.intro.overdue": ("根据会商事项台账，截至{today}，贵单位牵头或配合的以下{n}项事项"
                             "已超过完成时限：",
                             "According to the ledger, as of {today} these {n} items your unit "
                             "leads or supports are past their deadline:"),
    "remind.intro.silent": ("根据会商事项台账，截至{today}，贵单位牵头或配合的以下{n}项在办事项"
                            "本月尚未报送落实情况：",
                            "According to the ledger, as of {today} no progress has been "
                            "reported this month on these {n} open items your unit leads or "
                            "supports:"),
    "remind.item": ("牵头单位：{leads}{role}；完成时限：{due}（{when}）",
                    "lead: {leads}{role}; deadline: {due} ({when})"),
    "remind.role.partner": ("（贵单位配合）", " (your unit supports it)"),
    "remind.days_left": ("还有{n}天", "{n} d left"),
    "remind.days_over": ("已逾期{n}天", "{n} d overdue"),
    "remind.due_today": ("今天到期", "due today"),
    "remind.no_deadline": ("完成时限未定", "no deadline"),
    "remind.ask.before": ("请抓紧推进，确保按期办结，并及时反馈落实情况。",
                          "Please make sure they are done by their deadline, and report "
                          "progress."),
    "remind.ask.overdue": ("请高度重视，分析原因，加快推进，并及时书面反馈落实情况。",
                           "Please look into the causes, speed the work up and report "
                           "progress in writing."),
    "remind.ask.silent": ("请于本月底前报送落实情况。",
                          "Please report progress before the end of the month."),
    "remind.attached": ("附件：{name}", "Attached: {name}"),
    "remind.attachment": ("督办提示函-{unit}.docx", "reminder-{unit}.docx"),
    "remind.title": ("督办提醒（{today}）", "Reminders ({today})"),
    "remind.unit": ("单位", "Unit"),
    "remind.kind": ("类型", "Kind"),
    "remind.items": ("事项", "Items"),
    "remind.to": ("收件人", "Recipients"),
    "remind.transport": ("发送方式", "Sent by"),
    "remind.to_send": ("{transport}", "{transport}"),
    "remind.sent_today": ("{transport}（今日已发送）", "{transport} (sent today)"),
    "remind.transport.email": ("邮件", "e-mail"),
    "remind.transport.webhook": ("Webhook", "webhook"),
    "remind.no_contacts": ("（units.yaml 未填 contacts）", "(no contacts in units.yaml)"),
    "remind.none": ("{today} 没有需要发送的提醒。", "No reminders to send on {today}."),
    "remind.dry": ("以上为预览，未发送；加 --send 发送。",
                   "A preview: nothing was sent; add --send to send."),
    "remind.no_transport": ("未设置 HUISHANG_SMTP_URL 或 HUISHANG_WEBHOOK_URL，无从发送",
                            "neither HUISHANG_SMTP_URL nor HUISHANG_WEBHOOK_URL is set: "
                            "nothing to send with"),
    "remind.bad_url": ("{name} 应为 {form}，而不是“{value}”",
                       "{name} must be {form}, not '{value}'"),
    "remind.bad_smtp_url": ("HUISHANG_SMTP_URL 应为 smtp://user@host:port 或 "
                            "smtps://user@host:port，而不是“{value}”",
                            "HUISHANG_SMTP_URL must be smtp://user@host:port or "
                            "smtps://user@host:port, not '{value}'"),
    "remind.log_not_list": ("提醒记录 {path} 的 reminders 应为逐条列出的列表（每条以“- date:”"
                            "开头，且其后没有其他字段），无法追加，未发送任何提醒",
                            "the reminder log {path}: reminders must be a list of entries, "
                            "each starting '- date:' with nothing after the list, to be "
                            "appended to; nothing was sent"),
    "remind.bad_log": ("提醒记录无法读取：{problem}", "the reminder log cannot be read: {problem}"),
    "remind.sent": ("已发送：{unit}（{kind}，{transport}）", "sent: {unit} ({kind}, {transport})"),
    "remind.failed": ("发送失败：{unit}（{kind}，{transport}）：{error}",
                      "not sent: {unit} ({kind}, {transport}): {error}"),
    "remind.unreachable": ("{unit}（{kind}）无法发送：units.yaml 中没有其 contacts，也未设置 "
                           "HUISHANG_WEBHOOK_URL",
                           "{unit} ({kind}) cannot be reminded: no contacts in units.yaml "
                           "and no HUISHANG_WEBHOOK_URL"),
    "remind.summary": ("共发送 {sent} 条提醒，失败 {failed} 条，已记录于 {path}",
                       "{sent} reminders sent, {failed} failed; recorded in {path}"),
    "remind.bad_contact": ("units.yaml 中的收件地址“{address}”不是一个电子邮箱地址",
                           "the contact '{address}' in units.yaml is not one e-mail address"),
    "remind.http": ("对方返回 HTTP {status}", "the server answered HTTP {status}"),
    "commit.remind": ("督办提醒：{date} 发送 {n} 条", "Reminders: {n} sent on {date}"),
    "notice.s.lead": ("牵头事项", "Items your unit leads"),
    "notice.s.partner": ("配合事项", "Items your unit supports"),
    "notice.last": ("最近进展", "Latest progress"),
    "notice.overdue_days": ("逾期天数", "Days overdue"),
    "notice.nothing": ("{unit}没有红色、橙色预警事项，无需发函。",
                       "{unit} has no red or orange item; no notice is needed."),
    "notice.all_nothing": ("没有单位有红色、橙色预警事项，未生成提示函。",
                           "No unit has a red or orange item; no notice was written."),
    "notice.needs_unit": ("请用 --unit 指定单位，或用 --all 为每个有预警事项的单位各生成一份",
                          "name a unit with --unit, or use --all for one notice per unit with "
                          "warned items"),
    "notice.all_needs_folder": ("--all 须用 -o 指定输出文件夹", "--all needs -o FOLDER"),
    "notice.all_one_each": ("--all 为每个单位各写一份，不能同用 --to 或 --number",
                            "--all writes one notice per unit: it cannot take --to or --number"),
    "notice.wrote": ("已生成 {n} 份提示函：{path}", "wrote {n} notices to {path}"),
    "site.title": ("会商事项台账", "Consultation items ledger"),
    "site.home": ("← 总览", "← Overview"),
    "site.as_of": ("截至 {today}。", "As of {today}."),
    "site.no_git": ("（无 git 历史，趋势依据现有文件估算）",
                    "(no git history: trends are estimated from the files)"),
    "site.open": ("在办", "Open"),
    "site.chart_open_done": ("在办与已办结事项（按月）", "Open and done items, by month"),
    "site.chart_overdue": ("逾期事项（按月）", "Overdue items, by month"),
    "site.chart_units": ("各牵头单位事项", "Items per lead unit"),
    "site.progress_meeting": ("落实进度：按会议", "Progress by meeting"),
    "site.progress_lead": ("落实进度：按牵头单位", "Progress by lead unit"),
    "site.progress_source": ("落实进度：按来源", "Progress by source"),
    "site.source_title": ("汇总来源：{name}", "Rolled-up ledger: {name}"),
    "site.overdue": ("逾期事项", "Overdue items"),
    "site.ledger": ("全部事项", "All items"),
    "site.search": ("搜索编号、事项、单位、责任人…", "Search id, title, unit, owner…"),
    "site.all": ("全部", "all"),
    "site.shown": ("项", "shown"),
    "site.overdue_only": ("仅看逾期", "overdue only"),
    "site.overdue_more": ("共逾期 {n} 项，此处列出逾期最久的 {shown} 项；"
                          "全部逾期事项可在下方台账中勾选“仅看逾期”查看。",
                          "{n} items are overdue; the {shown} longest overdue are listed here. "
                          "Tick \"overdue only\" in the ledger below to see them all."),
    "site.meeting_more": ("共 {n} 个会议，此处列出逾期事项最多的 {shown} 个；合计为全部会议之和。",
                          "{n} meetings; the {shown} with the most overdue items are listed "
                          "here. The totals are those of every meeting."),
    "site.all_meetings": ("全部会议落实进度", "Progress of every meeting"),
    "site.prev": ("上一页", "Previous"),
    "site.next": ("下一页", "Next"),
    "site.page": ("第 {n} 页，共 {of} 页", "page {n} of {of}"),
    "site.parties": ("参会单位", "Parties"),
    "site.location": ("地点", "Location"),
    "site.leaders": ("出席领导", "Leaders"),
    "site.items": ("会商事项", "Items"),
    "site.history": ("修改记录", "Changes"),
    "site.no_history": ("没有 git 历史。", "No git history."),
    "site.history_starts": ("历史记录自{year}年{month}月起，满{n}个月后显示趋势图。",
                            "History starts in {year}-{month:02d}; the trend charts appear "
                            "once it spans {n} months."),
    "event.created": ("新建事项：{after}", "created: {after}"),
    "event.deleted": ("删除事项文件", "item file deleted"),
    "event.renamed": ("文件改名：{before} → {after}", "renamed: {before} → {after}"),
    "event.unreadable": ("文件无法解析", "the file could not be read"),
    "event.corrected": ("更正：{before} → {after}（{detail}）",
                        "corrected: {before} → {after} ({detail})"),
    "event.title": ("名称：{before} → {after}", "title: {before} → {after}"),
    "event.lead": ("牵头单位：{before} → {after}", "lead: {before} → {after}"),
    "lead.joint": ("{units}（共同牵头）", "{units} (joint leads)"),
    "progress.joint_leads": ("注：{n} 项为共同牵头事项，计入每个牵头单位；合计行每项只计一次。",
                             "Note: {n} items have joint leads and count under each lead; the "
                             "totals row counts each item once."),
    "event.partners": ("配合单位：{before} → {after}", "partners: {before} → {after}"),
    "event.owner": ("责任人：{before} → {after}", "owner: {before} → {after}"),
    "event.status": ("状态：{before} → {after}", "status: {before} → {after}"),
    "event.due": ("完成时限：{before} → {after}", "due: {before} → {after}"),
    "event.reason": ("{event}（理由：{detail}）", "{event} (reason: {detail})"),
    "event.reason_by": ("{event}（理由：{detail}；调整人：{by}）",
                        "{event} (reason: {detail}; asked by {by})"),
    "event.reported_by": ("{event}（填报人：{by}）", "{event} (reported by {by})"),
    "timeline.change": ("调整{event}", "changed {event}"),
    "event.aspect": ("所属方面：{before} → {after}", "aspect: {before} → {after}"),
    "event.evidence_removed": ("删除办结依据：{before}", "evidence removed: {before}"),
    "event.done_on": ("办结日期：{before} → {after}", "done on: {before} → {after}"),
    "event.evidence_added": ("新增办结依据：{after}", "evidence added: {after}"),
    "event.update_added": ("新增进展 {after}：{detail}", "update {after}: {detail}"),
    "event.update_changed": ("改写了 {before} 的进展记录", "rewrote the update of {before}"),
    "event.update_removed": ("删除了 {before} 的进展记录", "removed the update of {before}"),
    "shallow": ("注意：这是浅克隆，更早的历史不可见。",
                "Note: this is a shallow clone; older history is not available."),
    "no_history": ("没有找到 {path} 的提交记录。", "No commits touch {path}."),
    "no_changes": ("{since} 至 {until} 期间台账没有变化。",
                   "No changes to the ledger from {since} to {until}."),
    "changes_count": ("{n} 次修改", "{n} changes"),
    "check_ok": ("检查通过：台账有效，变更符合规则。",
                 "Check passed: the ledger is valid and the change follows the rules."),
    "status.planned": ("未启动", "planned"),
    "status.in_progress": ("推进中", "in progress"),
    "status.blocked": ("受阻", "blocked"),
    "status.done": ("已办结", "done"),
    "status.cancelled": ("已终止", "cancelled"),
    "overdue_by": ("逾期 {n} 天", "{n} d overdue"),
    "due_in": ("剩 {n} 天", "{n} d left"),
    "due_today": ("今日到期", "due today"),
    "no_overdue": ("截至 {today} 没有逾期事项。", "No overdue items as of {today}."),
    "no_items": ("没有符合条件的事项。", "No matching items."),
    "overdue_title": ("逾期事项（截至 {today}）", "Overdue items (as of {today})"),
    "items_title": ("事项台账（截至 {today}）", "Ledger (as of {today})"),
    "count": ("共 {n} 项", "{n} items"),
    "ledger_has_problems": (
        "注意：台账中有 {n} 个问题，相关文件未计入；运行 huishang validate 查看。",
        "Note: the ledger has {n} problems and those files are left out; "
        "run huishang validate to see them.",
    ),
    "valid": (
        "台账有效：{meetings} 个会议，{items} 个事项，未发现问题。",
        "The ledger is valid: {meetings} meetings, {items} items, no problems.",
    ),
    "invalid": (
        "发现 {errors} 个错误、{warnings} 个警告，涉及 {files} 个文件。",
        "Found {errors} errors and {warnings} warnings in {files} files.",
    ),
    # the columns of the ledger as a sheet (export --xlsx, list --columns) and the headers
    # `import` reads
    "field.id": ("事项编号", "Item ID"),
    "field.meeting": ("会议编号", "Meeting ID"),
    "field.meeting_title": ("会议名称", "Meeting"),
    "field.meeting_date": ("会议日期", "Meeting date"),
    "field.number": ("序号", "No."),
    "status.carried": ("已转入下次会商", "carried over"),
    "nth_item": ("第{n}项", "item {n}"),
    "field.title": ("会商事项", "Item"),
    "field.aspect": ("所属方面", "Aspect"),
    "field.lead": ("牵头单位", "Lead unit"),
    "field.partners": ("配合单位", "Partner units"),
    "field.division": ("责任部门", "Owning division"),
    "field.owner": ("责任人", "Owner"),
    "field.person": ("责任人", "Owning person"),
    "field.due": ("完成时限", "Deadline"),
    "field.status": ("落实状态", "Status"),
    "field.escalated": ("请示报告", "Escalated"),
    "field.warning": ("预警", "Warning"),
    "field.warning_reason": ("预警原因", "Why warned"),
    "field.overdue_days": ("逾期天数", "Days overdue"),
    "field.days_left": ("剩余天数", "Days left"),
    "field.timing": ("逾期/剩余", "Overdue/left"),
    "field.progress_date": ("进展日期", "Progress date"),
    "field.progress": ("最新进展", "Latest progress"),
    "field.done_on": ("办结日期", "Done on"),
    "field.evidence": ("办结依据", "Evidence"),
    "field.corrections": ("更正", "Corrections"),
    "field.reason": ("调整理由", "Reason for change"),
    "field.adjust": ("调整事项", "Adjustment asked"),
    "field.last_progress": ("上期进展", "Progress so far"),
    "field.by": ("填报人", "Reported by"),
    "field.notes": ("备注", "Notes"),
    "field.tags": ("标签", "Tags"),
    "field.path": ("文件", "File"),
    "field.carried_from": ("由此事项转入", "Carried over from"),
    "field.carried_to": ("转入事项", "Carried over to"),
    "yes": ("是", "yes"),
    "date.long": ("{y}年{m}月{d}日", "{y}-{m:02d}-{d:02d}"),
    "date.table": ("{y}.{m:02d}.{d:02d}", "{y}-{m:02d}-{d:02d}"),
    "option.rollup_units_by": (
        "--rollup-units 须与 --by lead 或 --by unit 同用",
        "--rollup-units goes with --by lead or --by unit",
    ),
    "option.columns_csv": ("--columns 只用于 --format csv", "--columns goes with --format csv"),
    "option.bad_column": ("没有“{value}”这一列；可选：{choices}",
                          "there is no column '{value}'; choose from: {choices}"),
    # export --xlsx
    "form.sheet": ("填报表", "Feedback form"),
    "form.title": ("{meetings}议定事项落实情况填报表（{period}）",
                   "Feedback on the items agreed at {meetings} ({period})"),
    "form.period_value": ("{year}年{month}月", "{year}-{month:02d}"),
    "form.period": ("填报期间：{year}年{month}月　　填报单位：{unit}",
                    "Period: {year}-{month:02d}    Unit: {unit}"),
    "form.unit_blank": ("＿＿＿＿＿＿", "________"),
    "form.field.progress": ("本期进展", "Progress this period"),
    "form.status_hint": ("未变化的可不填", "leave blank when unchanged"),
    "form.date_hint": ("请填写日期，如 2024-08-20", "enter a date, e.g. 2024-08-20"),
    "form.footer": ("&C第 &P 页，共 &N 页", "&CPage &P of &N"),
    "form.wrote": ("已写出填报表 {path}：{n} 项（{period}）", "wrote the form {path}: {n} items "
                   "({period})"),
    "xlsx.title": ("会商事项台账", "Ledger of agreed items"),
    "xlsx.items_sheet": ("会商事项台账", "Items"),
    "xlsx.summary_sheet": ("按牵头单位统计", "By lead unit"),
    "xlsx.as_of": ("截至{today}，共 {n} 项", "As of {today}: {n} items"),
    "xlsx.done_ratio": ("办结率", "% done"),
    "xlsx.date_format": ('yyyy"年"m"月"d"日"', "yyyy-mm-dd"),
    "export.needs_output": ("导出 {kind} 须用 -o 指定文件", "export {kind} needs -o FILE"),
    "export.xlsx_only": ("{option} 只用于导出 Excel 台账（--xlsx）",
                         "{option} applies to the workbook (--xlsx) only"),
    # import
    "import.bad_suffix": ("不能导入 {path}：支持的文件类型为 {suffixes}",
                          "cannot import {path}: the file types read are {suffixes}"),
    "import.no_file": ("找不到文件 {path}", "no such file: {path}"),
    "import.unreadable": ("无法读取 {path}：{error}", "cannot read {path}: {error}"),
    "limit.parts": ("{path} 内含 {n} 个部件，超过上限 {limit} 个（huishang.yaml 的 limits.parts），"
                    "未读取",
                    "{path} holds {n} parts, more than the limit of {limit} (limits.parts in "
                    "huishang.yaml); it was not read"),
    "limit.unzipped": ("{path} 解压后超过 {limit} 字节（至部件 {part}；huishang.yaml 的 "
                       "limits.unzipped_bytes），未读取",
                       "{path} unzips to more than {limit} bytes (at part {part}; "
                       "limits.unzipped_bytes in huishang.yaml); it was not read"),
    "limit.file_bytes": ("{path} 有 {size} 字节，超过上限 {limit} 字节（huishang.yaml 的 "
                         "limits.unzipped_bytes），未读取",
                         "{path} has {size} bytes, more than the limit of {limit} "
                         "(limits.unzipped_bytes in huishang.yaml); it was not read"),
    "limit.bad_part": ("{path} 的部件 {part} 无法读取：{error}",
                       "cannot read part {part} of {path}: {error}"),
    "limit.cell_beyond": ("{path}：{part} 中的单元格 {cell} 超出读取范围（至多 {rows} 行、"
                          "{columns} 列；huishang.yaml 的 limits.rows、limits.columns），未读取",
                          "{path}: cell {cell} in {part} is beyond what is read (at most "
                          "{rows} rows and {columns} columns: limits.rows, limits.columns in "
                          "huishang.yaml); it was not read"),
    "limit.rows": ("{path}（{sheet}）有 {n} 行，超过上限 {limit} 行（huishang.yaml 的 "
                   "limits.rows），未读取",
                   "{path} ({sheet}) has {n} rows, more than the limit of {limit} "
                   "(limits.rows in huishang.yaml); it was not read"),
    "limit.columns": ("{path}（{sheet}）有 {n} 列，超过上限 {limit} 列（huishang.yaml 的 "
                      "limits.columns），未读取",
                      "{path} ({sheet}) has {n} columns, more than the limit of {limit} "
                      "(limits.columns in huishang.yaml); it was not read"),
    "limit.merged": ("{path}（{sheet}）有 {n} 个合并区域，超过上限 {limit} 个（huishang.yaml 的 "
                     "limits.merged_ranges），未读取",
                     "{path} ({sheet}) has {n} merged ranges, more than the limit of {limit} "
                     "(limits.merged_ranges in huishang.yaml); it was not read"),
    "limit.cells": ("{path}（{sheet}）有超过 {limit} 个有值的单元格记录（huishang.yaml 的 "
                    "limits.rows 乘以 limits.columns），未读取",
                    "{path} ({sheet}) holds more than {limit} cells with values (limits.rows "
                    "times limits.columns in huishang.yaml); it was not read"),
    "limit.merged_overlap": ("{path}（{sheet}）的合并区域相互重叠，无法读取",
                             "{path} ({sheet}) has merged ranges that overlap; it cannot "
                             "be read"),
    "limit.cell_chars": ("{cell}：单元格超过 {limit} 个字符（huishang.yaml 的 limits.cell_chars），"
                         "未读取",
                         "{cell}: the cell holds more than {limit} characters "
                         "(limits.cell_chars in huishang.yaml); it was not read"),
    "import.no_sheet": ("{path} 中没有工作表“{sheet}”；现有工作表：{names}",
                        "{path} has no sheet '{sheet}'; its sheets: {names}"),
    "import.bad_map": (
        "--map 应写作 列名=字段，如 --map 工作内容=title，而非“{value}”；字段可为：{fields}",
        "--map takes header=field, e.g. --map Task=title, not '{value}'; fields: {fields}"),
    "import.no_header": (
        "{path}（{sheet}）中未找到表头：需有一行同时含“会商事项”（或 事项、具体事项）及其他列名，"
        "如 牵头单位、完成时限；列名不同时可用 --map 列名=字段 指定",
        "no header found in {path} ({sheet}): a row must name the item (Item or title, or "
        "its Chinese headers) and other columns such as the lead unit; name others with "
        "--map header=field"),
    "import.control_char": ("含有台账文件不允许的字符 {char}（控制字符或行分隔符），请删除",
                            "holds a character ledger files may not hold, {char} (a control "
                            "character or line separator); delete it"),
    "import.required": ("不能为空", "must not be empty"),
    "import.no_lead_column": ("{path}（{sheet}）中没有“牵头单位”列；可用 --map 列名=lead 指定",
                              "{path} ({sheet}) has no lead unit column; name it with "
                              "--map header=lead"),
    "import.no_meeting": ("未指定会议：请加 --meeting 会议编号，或在表中设“会议编号”列",
                          "no meeting: give --meeting ID, or a meeting ID column"),
    "import.meeting_missing": ("会议 {id} 不存在；请先用 huishang new meeting 新建",
                               "there is no meeting {id}; create it with huishang new "
                               "meeting first"),
    "import.number_bad": ("序号应为 1 至 99999 的整数，而非“{value}”",
                          "the number must be a whole number from 1 to 99999, not '{value}'"),
    "import.date_bad": ("无法识别的日期“{value}”；可写 2024年6月30日、2024/6/30、2024.6.30 或 "
                        "2024-06-30", "'{value}' is not a date; write 2024-06-30, 2024/6/30 or "
                        "2024.6.30"),
    "import.deadline_bad": (
        "无法识别的完成时限“{value}”；可写 2024年6月30日、2024/6/30、2024年6月底前、2024年底，"
        "无时限的写 长期坚持",
        "'{value}' is not a deadline; write a date (2024-06-30, 2024/6/30), or the end of a "
        "month or a year in the Chinese forms, or the Chinese for 'ongoing' for none"),
    "import.status_bad": (
        "无法识别的状态“{value}”；可写 未启动、推进中、受阻、已办结、已终止"
        "（或 进行中、已完成 等）",
        "'{value}' is not a status; write planned, in_progress, blocked, done or cancelled "
        "(or their Chinese labels)"),
    "import.aspect_unknown": ("会议 {meeting} 没有“{value}”这一方面；已登记：{choices}",
                              "meeting {meeting} has no aspect '{value}'; its aspects: "
                              "{choices}"),
    "import.create_aspects_hint": (
        "表中的方面标题会议尚未登记：核对无误后，加 --create-aspects 按表中标题新建这些方面",
        "the sheet names aspects the meeting does not have: once checked, add "
        "--create-aspects to create them from the sheet's headings"),
    "import.aspect_added": ("会议 {meeting} 新增方面 {key} {title}",
                            "meeting {meeting}: new aspect {key} {title}"),
    "import.progress_future": ("进展日期 {date} 晚于今天 {today}",
                               "the progress is dated {date}, after today {today}"),
    "import.progress_before_meeting": (
        "进展日期 {date} 早于会议日期 {meeting}；未写日期的进展可用 --date 指定日期",
        "the progress is dated {date}, before the meeting on {meeting}; date undated "
        "progress with --date"),
    "import.progress_date_bad": (
        "进展开头的日期“{value}”不存在（月份应为 1—12，日期应为当月实有的日子）",
        "the progress starts with '{value}', a date that does not exist (months are 1-12, "
        "days those of the month)"),
    "import.progress_year_unknown": (
        "无法确定“{value}”的年份：会议日期 {meeting} 至今天 {today} 之间没有这一日期；请写明年份",
        "cannot tell the year of '{value}': no such date between the meeting on {meeting} "
        "and today {today}; write the year"),
    "import.adjust_note": ("申请调整：{adjust}（理由：{reason}）",
                           "asks for an adjustment: {adjust} (reason: {reason})"),
    "import.adjust_note_bare": ("申请调整：{adjust}", "asks for an adjustment: {adjust}"),
    "import.progress_defaulted": ("进展未注明日期，记为 {date}：{note}",
                                  "undated progress, recorded on {date}: {note}"),
    "import.duplicate_number": ("序号 {number} 与第 {row} 行重复",
                                "number {number} is also on row {row}"),
    "import.duplicate": ("与第 {row} 行是同一事项 {id}", "is the same item {id} as row {row}"),
    "import.merge_differs": ("与 {other} 报送的同一事项不一致（该处为“{value}”）",
                             "differs from {other} about the same item (which says '{value}')"),
    "import.merge_status": (
        "与 {other} 同日（{date}）报送的落实状态矛盾：该处为{value}，此处为{mine}",
        "contradicts {other}, reported the same day ({date}): {value} there, {mine} here"),
    "import.status_older": (
        "此落实状态所据进展为 {date}，早于事项已记录的 {newer} 进展，未予采用；"
        "请按最新进展填报状态",
        "this status goes with progress of {date}, before the item's note of {newer}; "
        "give the status as of the latest progress"),
    "import.other_meeting": ("事项 {id} 属于会议 {other}，不属于 {meeting}",
                             "item {id} belongs to meeting {other}, not {meeting}"),
    "import.form_unknown_id": (
        "台账中没有事项 {id}：填报表只填报已有事项，请勿修改事项编号",
        "the ledger has no item {id}: a form reports on existing items only; "
        "do not change the item id"),
    "import.file_exists": ("{path} 已存在但未通过校验；请先运行 huishang validate 修正",
                           "{path} exists but does not validate; fix it first (huishang "
                           "validate)"),
    "import.done_no_evidence": ("已办结的事项须有办结依据（办结依据列）",
                                "a done item needs evidence (the evidence column)"),
    "import.done_on_not_done": ("只有已办结的事项才有办结日期",
                                "only a done item has a completion date"),
    "import.cancel_no_reason": ("终止事项须在进展情况列说明理由",
                                "a cancelled item needs its reason in the progress column"),
    "import.reopen_no_reason": ("重新打开已办结或已终止的事项，须在进展情况列新增说明理由的进展",
                                "reopening a done or cancelled item needs a new progress note "
                                "giving the reason"),
    "import.due_cleared": ("事项已定完成时限 {due}，不能改为无时限",
                           "the item's deadline is {due}; it cannot become none"),
    "import.change_no_reason": (
        "台账为“{before}”，表中为“{after}”：调整事项要素须在“调整理由”列说明理由，或加 --reason",
        "the ledger has '{before}', the sheet '{after}': changing an agreed field needs a "
        "reason, in a reason column or with --reason"),
    "import.row_new": ("新建", "new"),
    "import.row_update": ("更新", "update"),
    "import.row_same": ("无变化", "unchanged"),
    "import.merged": ("与 {cell} 合并", "merged with {cell}"),
    "import.reading": ("  {cell} {field}：“{text}” → {value}",
                       "  {cell} {field}: '{text}' -> {value}"),
    "import.read_text": ("{date}（据文中日期）", "{date} (the date in the text)"),
    "import.read_column": ("{date}（据进展日期列）", "{date} (the progress date column)"),
    "import.read_default": ("{date}（未注明日期，按 --date 或今天）",
                            "{date} (undated: --date or today)"),
    "import.read_no_due": ("无完成时限", "no deadline"),
    "import.hidden_skipped": ("未读取隐藏的工作表：{sheets}（如需导入，请用 --sheet 指定）",
                              "hidden sheets not read: {sheets} (name one with --sheet to "
                              "import it)"),
    "import.header_merged": ("{cell}：表头单元格向下合并到了数据行，各行将取表头文字；请取消合并",
                             "{cell}: a header cell is merged down into the rows, which would "
                             "each take the header's text; unmerge it"),
    "import.sheet": ("读取 {file}（工作表：{sheet}）", "reading {file} (sheet: {sheet})"),
    "import.ignored": ("未识别的列（已忽略）：{columns}", "columns not understood (ignored): "
                       "{columns}"),
    "import.summary": ("新建 {new} 项，更新 {update} 项，{same} 项无变化。",
                       "{new} new, {update} updated, {same} unchanged."),
    "import.dry_run": ("（预演：未写入任何文件）", "(dry run: nothing was written)"),
    "import.refused": ("表格有 {n} 处问题，未导入任何事项。", "{n} problems in the sheet; "
                       "nothing was imported."),
    "import.nothing": ("表中没有事项行。", "the sheet has no item rows."),
    "commit.import": ("导入 {file}：新建 {new} 项，更新 {update} 项",
                      "Import {file}: {new} new, {update} updated"),
}

# libyaml's own words for the commonest syntax errors, and what they mean to a clerk.
YAML_PROBLEMS: dict[str, tuple[str, str]] = {
    "could not find expected ':'": (
        "缺少冒号“:”（每行应为“字段: 值”）", "a ':' is missing (each line is `field: value`)"),
    "did not find expected ',' or ']'": (
        "方括号列表没有闭合，缺少“,”或“]”", "a [list] is not closed: ',' or ']' is missing"),
    "did not find expected ',' or '}'": (
        "花括号映射没有闭合，缺少“,”或“}”", "a {mapping} is not closed: ',' or '}' is missing"),
    "mapping values are not allowed here": (
        "此处不能出现“: ”；值中含冒号时请给整个值加引号",
        "': ' is not allowed here; put the whole value in quotes if it contains a colon"),
    "mapping values are not allowed in this context": (
        "此处不能出现“: ”；值中含冒号时请给整个值加引号",
        "': ' is not allowed here; put the whole value in quotes if it contains a colon"),
    "did not find expected key": (
        "缩进不一致：此处应为同一层级的字段", "inconsistent indentation: a field was expected"),
    "did not find expected '-' indicator": (
        "缩进不一致：列表项应以“- ”开头",
        "inconsistent indentation: a list entry starts with '- '"),
    "found unexpected end of stream": (
        "文件意外结束：可能有引号没有闭合", "the file ends too early: is a quote left open?"),
    "found unknown escape character": (
        "双引号中有无效的转义“\\”；可改用单引号", "an invalid \\ escape inside double quotes; "
        "use single quotes instead"),
    "found character that cannot start any token": (
        "出现了不能开头的字符（常见原因：用 Tab 缩进，或值以 @、` 开头而未加引号）",
        "a character that cannot start a value (often a Tab used for indentation, "
        "or a value starting with @ or ` without quotes)"),
    "block sequence entries are not allowed in this context": (
        "此处不能开始“- ”列表；请换行并缩进", "a '- ' list cannot start here; put it on its own "
        "indented lines"),
}

# Friendly names of the YAML value types, for "expected X, got Y".
TYPE_NAMES: dict[str, tuple[str, str]] = {
    "none": ("空值", "an empty value"),
    "bool": ("布尔值", "true/false"),
    "int": ("数字", "a number"),
    "float": ("数字", "a number"),
    "str": ("文本", "text"),
    "list": ("列表", "a list"),
    "dict": ("映射", "a mapping"),
}


def type_key(value: object) -> str:
    """The TYPE_NAMES key of a loaded YAML value."""
    return {type(None): "none", bool: "bool", int: "int", float: "float",
            list: "list", dict: "dict"}.get(type(value), "str")


def msg(code: str, lang: str, **params: object) -> str:
    """The text of `code` in `lang` (zh, else en), with its parameters filled in.

    Three parameters are words themselves: `problem` (libyaml's own message, which is
    translated when known), `got` (a YAML type key, named in the reader's language) and
    `choices` with `vocab` (keys of a vocabulary such as `status`: in Chinese each is
    named by its label, its key after it, as files may hold either).
    """
    zh, en = MESSAGES[code]
    template = zh if lang == "zh" else en
    if not params:
        return template
    for key, value in params.items():  # a list of names reads as the language lists them
        if isinstance(value, list | tuple):
            params[key] = msg("sep.list", lang).join(map(str, value)) or "-"
    problem_text = params.get("problem")
    if isinstance(problem_text, str) and problem_text in YAML_PROBLEMS:
        params["problem"] = YAML_PROBLEMS[problem_text][0 if lang == "zh" else 1]
    got = params.get("got")
    if isinstance(got, str):
        names = TYPE_NAMES.get(got, (got, got))
        params["got"] = names[0] if lang == "zh" else names[1]
    vocab, choices = params.get("vocab"), params.get("choices")
    if lang == "zh" and isinstance(vocab, str) and isinstance(choices, str):
        keys = choices.split(", ")
        if all(f"{vocab}.{key}" in MESSAGES for key in keys):
            params["choices"] = "、".join(f"{MESSAGES[f'{vocab}.{key}'][0]}（{key}）"
                                          for key in keys)
    return template.format(**params)


# What `join_notes` may put between a note and the words `update` adds after it.
NOTE_JOINS = (" ", "（", "；")


def join_notes(parts: list[str], lang: str) -> str:
    """Parts of one progress note as one text. English joins them with spaces; Chinese
    puts no space before a full-width bracket, and a semicolon between two clauses
    where the first has no closing punctuation of its own."""
    if lang != "zh":
        return " ".join(parts)
    text = ""
    for part in parts:
        if text and not part.startswith("（") and not text.endswith(("。", "！", "？", "；")):
            text += "；"
        text += part
    return text


def leads_text(leads: Sequence[str], lang: str, *, document: bool = False) -> str:
    """An item's lead units in one line, joined as a list; a document marks joint leads as
    the minutes do: 最高人民法院、最高人民检察院（共同牵头）."""
    text = msg("sep.list", lang).join(leads)
    return msg("lead.joint", lang, units=text) if document and len(leads) > 1 else text


def long_date(day: dt.date, lang: str) -> str:
    """A date as documents write it: 2024年8月31日."""
    return msg("date.long", lang, y=day.year, m=day.month, d=day.day)


def table_date(day: dt.date, lang: str) -> str:
    """A date in a document's table, one word that never folds: 2024.08.31."""
    return msg("date.table", lang, y=day.year, m=day.month, d=day.day)


def field_value(value: object, lang: str, field: str = "") -> str:
    """An item field's value in one line of words: a date as YYYY-MM-DD, a list joined
    with 、, an owner as division then person, a status by its label, nothing as 未定 for
    a deadline and - otherwise. History and `update`'s summaries both say values so."""
    import datetime as dt

    if isinstance(value, dict):  # an owner: division, then person
        value = " ".join(str(v) for v in value.values() if v) or None
    if value is None or value == []:
        return msg("no_due", lang) if field == "due" else "-"
    if isinstance(value, list | tuple):
        return msg("sep.list", lang).join(str(v) for v in value)
    if field == "status" and f"status.{value}" in MESSAGES:
        return msg(f"status.{value}", lang)
    return value.isoformat() if isinstance(value, dt.date) else str(value)
