"""Roll-up across an air gap: a source brought in on a USB stick or disc as a `git bundle`."""

from __future__ import annotations

import json

from conftest import RunCli
from test_rollup import MEETING_ID, Ledgers, hs, item, ledgers, listed  # noqa: F401


def test_a_source_synced_from_a_bundle_file_and_then_from_an_incremental_one(
        run: RunCli, ledgers: Ledgers) -> None:  # noqa: F811
    usb = ledgers.national.root.parent / "usb"
    usb.mkdir()
    ledgers.xj.git("bundle", "create", str(usb / "xj.bundle"), "main")
    first = ledgers.xj.git("rev-parse", "main").strip()
    ledgers.national.write("huishang.yaml", "rollup:\n  - name: xj\n    url: ../usb/xj.bundle\n")
    ledgers.national.commit("新疆台账经光盘汇总")
    synced = hs(run, ledgers, "sync", "--format", "json")
    assert synced.exit_code == 0, synced.output
    assert json.loads(synced.stdout)["sources"][0]["outcome"] == "new"
    assert f"xj:{MEETING_ID}-01" in listed(run, ledgers)

    # the next trip carries only the commits made since (git bundle create … main ^first)
    ledgers.xj.write(f"items/{MEETING_ID}/{MEETING_ID}-03.yaml",
                     item(f"{MEETING_ID}-03", "新疆：新增事项", "新疆高院"))
    ledgers.xj.commit("新增事项", date="2024-02-01")
    ledgers.xj.git("bundle", "create", str(usb / "xj.bundle"), "main", f"^{first}")
    again = hs(run, ledgers, "sync", "--format", "json")
    assert again.exit_code == 0, again.output
    source = json.loads(again.stdout)["sources"][0]
    assert (source["outcome"], source["committed"]) == ("new", "2024-02-01")
    assert f"xj:{MEETING_ID}-03" in listed(run, ledgers)
