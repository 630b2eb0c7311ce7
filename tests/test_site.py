"""The static dashboard: written safely, escaped, and tested in a real headless Chromium
(pages load without console errors, the ledger table filters and sorts, the charts draw,
nothing is fetched from another host, and a screenshot is not an empty page)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli, WriteLedger, item_yaml

from huishang.reports.site import MARKER

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("HUISHANG_REQUIRE_BROWSER") == "1"  # set by .ci/run


@pytest.fixture
def site(run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> Path:
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(due="2023-12-31"),
        "items/m1/m1-02.yaml": item_yaml("m1-02", title="规范阅卷", due="2024-01-20",
                                         status="planned"),
        "items/m1/m1-03.yaml": item_yaml("m1-03", title="<script>alert(1)</script>",
                                         status="done", done_on="2023-11-01",
                                         evidence="[文号]"),
    })
    out = tmp_path / "site"
    result = run("site", "--output", str(out), "--repo", str(root), "--today", "2024-01-10")
    assert result.exit_code == 0, result.output
    return out


def test_site_files_and_escaping(site: Path) -> None:
    names = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert names == [MARKER, "index.html", "items/m1-01.html", "items/m1-02.html",
                     "items/m1-03.html", "meetings/m1.html", "page.css"]
    page = (site / "items/m1-03.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in text


def test_site_refuses_a_foreign_folder_and_rewrites_its_own(run: RunCli, site: Path,
                                                            tmp_path: Path,
                                                            write_ledger: WriteLedger) -> None:
    root = write_ledger({})
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "报告.docx").write_bytes(b"keep me")
    result = run("site", "-o", str(foreign), "--repo", str(root))
    assert result.exit_code == 2
    assert sorted(p.name for p in foreign.iterdir()) == ["报告.docx"]
    assert run("site", "-o", str(site), "--repo", str(root)).exit_code == 0


def _non_blank(png: bytes) -> int:
    """How many distinct byte values the decoded image rows hold (a blank page has ~2)."""
    pos, data = 8, b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            data += png[pos + 8:pos + 8 + length]
        pos += 12 + length
    return len(set(zlib.decompress(data)))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("Chromium is required here (HUISHANG_REQUIRE_BROWSER=1) but missing")
        pytest.skip("no Chromium on this machine")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


def _open(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    remote: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(
        ("file:", "data:", "about:")) else None)
    page.goto(url)
    return page, errors, remote


def test_pages_load_without_errors_or_remote_requests(browser: Any, site: Path) -> None:
    for rel in ("index.html", "meetings/m1.html", "items/m1-01.html", "items/m1-03.html"):
        page, errors, remote = _open(browser, (site / rel).as_uri())
        assert errors == [], rel
        assert remote == [], rel
        assert page.title()
        page.close()


def test_every_page_links_the_one_stylesheet_and_is_styled(browser: Any, site: Path) -> None:
    """page.css is written once beside index.html, not inlined in each of 100,000 pages;
    each page links it relative to its own folder, and Chromium applies it."""
    css = (site / "page.css").read_text(encoding="utf-8")
    assert "border-bottom: 2px solid #b91c1c" in css  # the heading's red rule
    for rel, up in (("index.html", ""), ("meetings/m1.html", "../"),
                    ("items/m1-01.html", "../")):
        text = (site / rel).read_text(encoding="utf-8")
        assert f'<link rel="stylesheet" href="{up}page.css">' in text, rel
        assert "<style>" not in text and css[:60] not in text, rel
        page, errors, remote = _open(browser, (site / rel).as_uri())
        rule = page.evaluate("getComputedStyle(document.querySelector('h1'))"
                             ".borderBottomColor")
        assert rule == "rgb(185, 28, 28)", rel
        assert errors == [] and remote == [], rel
        page.close()


def test_ledger_table_filters_and_sorts(browser: Any, site: Path) -> None:
    page, errors, _ = _open(browser, (site / "index.html").as_uri())
    visible = "#ledger tbody tr:not([hidden])"
    assert page.locator(visible).count() == 3
    page.fill("#filter", "阅卷")
    assert [page.locator(visible).nth(i).get_attribute("data-status")
            for i in range(page.locator(visible).count())] == ["planned"]
    assert page.inner_text("#ledger-count") == "1"
    page.fill("#filter", "")
    page.select_option("#status-filter", "done")
    assert page.locator(visible).count() == 1
    page.select_option("#status-filter", "")
    page.select_option("#warning-filter", "red")
    assert page.locator(visible).count() == 1  # m1-01: overdue, no update since the meeting
    page.select_option("#warning-filter", "")
    page.click('#ledger th[data-col="id"]')
    page.click('#ledger th[data-col="id"]')  # the second click sorts descending
    ids = page.locator("#ledger tbody tr td:first-child").all_inner_texts()
    assert ids == ["m1-03", "m1-02", "m1-01"]
    assert errors == []


def test_filter_from_the_address(browser: Any, site: Path) -> None:
    page, _, _ = _open(browser, (site / "index.html").as_uri() + "?q=m1-02")
    assert page.locator("#ledger tbody tr:not([hidden])").count() == 1


def test_charts_draw_and_the_page_is_not_empty(browser: Any, site: Path,
                                               tmp_path: Path) -> None:
    page, _, _ = _open(browser, (site / "index.html").as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for i in range(3):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 60
    assert page.locator("svg.chart [data-series]").count() >= 3
    shot = page.screenshot(full_page=True)
    assert _non_blank(shot) > 50
    blank = browser.new_page()
    blank.set_content("<html><body></body></html>")
    assert _non_blank(blank.screenshot()) < 10  # the measure tells an empty page apart


def test_chinese_text_is_drawn_with_a_cjk_font(browser: Any, site: Path) -> None:
    page, _, _ = _open(browser, (site / "index.html").as_uri())
    # a missing glyph is drawn as a box the width of a Latin letter; CJK glyphs are square
    width = page.evaluate("""() => {
        const s = document.createElement('span'); s.textContent = '会商事项台账';
        s.style.fontSize = '20px'; document.body.appendChild(s);
        return s.getBoundingClientRect().width; }""")
    assert width >= 6 * 18


def test_an_office_header_comes_from_the_ledger(run: RunCli, write_ledger: WriteLedger,
                                                tmp_path: Path) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "templates/header.html": "<header>某某省高级人民法院研究室 {{ title }}</header>\n"})
    site = tmp_path / "site"
    assert run("site", "-o", str(site), "--repo", str(root), "--today", "2024-01-05").exit_code == 0
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<header>某某省高级人民法院研究室 会商事项台账</header>" in page
    out = tmp_path / "b.html"
    assert run("bulletin", "--month", "2023-12", "--format", "html", "-o", str(out), "--repo",
               str(root), "--today", "2024-01-05").exit_code == 0
    assert "<header>某某省高级人民法院研究室" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("template", "expected"), [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}",
     "templates/header.html:1 is broken: access to attribute '__class__' of 'str' object is "
     "unsafe."),  # the sandbox
    ("{% if %}", "templates/header.html:1 is broken: Expected an expression"),  # a syntax error
])
def test_a_ledger_template_cannot_escape_or_crash(run: RunCli, write_ledger: WriteLedger,
                                                  tmp_path: Path, template: str, expected: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(), "templates/header.html": template})
    monkeypatch.chdir(root)
    result = run("site", "-o", str(tmp_path / "site"), "--lang", "en")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"huishang: the page template {expected}")
    assert "subclasses" not in result.stdout


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../../../../../etc/passwd",
                                  "../../../.git/config", ".git/config", "static/page.css",
                                  "page.css/..", ""])
def test_static_serves_only_huishangs_own_files_by_name(run: RunCli, write_ledger: WriteLedger,
                                                        tmp_path: Path, name: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger's header may inline page.css or ledger.js, never another file: a pull request
    could otherwise publish the CI job's secrets (its environment, the checkout's token in
    .git/config) on every page."""
    secret = "ghp_SECRET_TOKEN_0123456789"
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         ".git/config": f"[http]\n\textraheader = AUTHORIZATION: {secret}\n",
                         "templates/header.html": f"<header>\n{{{{ static({name!r}) }}}}</header>\n"})
    monkeypatch.chdir(root)
    site = tmp_path / "site"
    result = run("site", "-o", str(site), "--lang", "en", "--today", "2024-01-05")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("huishang: the page template templates/header.html:2 is "
                                    f"broken: static() serves only huishang's own files "
                                    f"(ledger.js, page.css), not {name!r}"), result.stderr
    bulletin = tmp_path / "b.html"
    result = run("bulletin", "--month", "2023-12", "--format", "html", "-o", str(bulletin),
                 "--lang", "en", "--today", "2024-01-05")
    assert result.exit_code == 1, result.output
    written = [p.read_bytes() for p in tmp_path.rglob("*.html")]
    assert all(secret.encode() not in page for page in written)
    assert all(b"root:x:0:0" not in page for page in written)


def test_static_inlines_its_own_files(run: RunCli, write_ledger: WriteLedger,
                                      tmp_path: Path) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "templates/header.html": "<script>{{ static('ledger.js') }}</script>"})
    site = tmp_path / "site"
    assert run("site", "-o", str(site), "--repo", str(root), "--today",
               "2024-01-05").exit_code == 0
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.count((Path(__file__).parents[1] / "huishang/templates/static/ledger.js")
                      .read_text(encoding="utf-8")[:200]) >= 2


@pytest.mark.parametrize(("template", "error"), [
    ("{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
    ("{{ t('no.such.code') }}", "no message 'no.such.code'"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "RecursionError: maximum recursion"),
    ("{{ range(10**10)|list }}", "the number 10000000000 is beyond 100000"),
    ("{{ 'x' * 10**10 }}", "a product of more than 1000000 items"),
    ("{{ 'x'|center(10**9) }}", "the number 1000000000 is beyond 100000"),
    ("{{ 'x'.ljust(10**9) }}", "the number 1000000000 is beyond 100000"),
    ("{{ 9 ** 10**8 }}", "is beyond 100000"),
    ("{% for a in range(99999) %}{% for b in range(99999) %}{{ 'x' * 999 }}{% endfor %}"
     "{% endfor %}", "the page is longer than 67108864 characters"),
])
def test_a_ledger_templates_run_time_errors_and_excesses_are_its_own(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path, template: str, error: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each exited 3 (or ran out of memory or time); now an error at templates/<file>:<line>
    with exit 1, and no page written."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "templates/header.html": "<header>\n" + template + "</header>\n"})
    monkeypatch.chdir(root)
    result = run("site", "-o", str(tmp_path / "site"), "--lang", "en", "--today", "2024-01-05")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("huishang: the page template templates/header.html:2 is "
                                    "broken: "), result.stderr
    assert error in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_template_that_loops_without_end_is_stopped(run: RunCli, write_ledger: WriteLedger,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    loops = "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}"
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "huishang.yaml": "limits:\n  template_seconds: 1\n",
                         "templates/header.html": "<header>\n" + loops + "</header>\n"})
    monkeypatch.chdir(root)
    result = run("site", "-o", str(tmp_path / "site"), "--lang", "en", "--today", "2024-01-05")
    assert result.exit_code == 1, result.output
    assert result.stderr == ("huishang: the page template templates/header.html:2 is broken: "
                             "the templates ran longer than 1 seconds "
                             "(limits.template_seconds in huishang.yaml)\n")


@pytest.mark.parametrize(("setting", "template", "error"), [
    ("template_number: 10000", "{{ 'x'|center(50000) }}",
     "the number 50000 is beyond 10000 (limits.template_number in huishang.yaml)"),
    ("template_number: 10000", "{{ range(20000)|length }}",
     "the number 20000 is beyond 10000 (limits.template_number in huishang.yaml)"),
    ("template_chars: 1048576", "{% for a in range(2000) %}{{ 'x' * 999 }}{% endfor %}",
     "the page is longer than 1048576 characters (limits.template_chars in huishang.yaml)"),
    ("template_seconds: 1",  # about 2.5 s on an idle machine, far from the default 20 s
     "{% for a in range(4500) %}{% for b in range(4500) %}{{ '' }}{% endfor %}{% endfor %}",
     "the templates ran longer than 1 seconds (limits.template_seconds in huishang.yaml)"),
])
def test_a_ledgers_template_limits_are_its_settings(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path, setting: str, template: str,
        error: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A template within the default bounds is refused, naming the setting, by a ledger
    that lowers them in huishang.yaml, in the site and the HTML bulletin alike; without
    the setting the same template makes its pages."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(),
                         "huishang.yaml": f"limits:\n  {setting}\n",
                         "templates/header.html": "<header>\n" + template + "</header>\n"})
    monkeypatch.chdir(root)
    site, bulletin = tmp_path / "site", tmp_path / "b.html"
    for args in (("site", "-o", str(site)),
                 ("bulletin", "--month", "2023-12", "--format", "html", "-o", str(bulletin))):
        result = run(*args, "--lang", "en", "--today", "2024-01-05")
        assert result.exit_code == 1, result.output
        assert result.stderr.endswith("huishang: the page template templates/header.html:2 "
                                      f"is broken: {error}\n"), result.stderr
    assert not site.exists()
    assert not bulletin.exists()
    (root / "huishang.yaml").write_text("limits:\n  rows: 20000\n", encoding="utf-8")
    result = run("site", "-o", str(site), "--lang", "en", "--today", "2024-01-05")
    assert result.exit_code == 0, result.output
    assert "<header>" in (site / "index.html").read_text(encoding="utf-8")


def test_a_ledger_may_raise_its_template_number_bound(run: RunCli, write_ledger: WriteLedger,
                                                     tmp_path: Path) -> None:
    """Jinja2's own `range` stops at a fixed 100,000; the setting raises it too."""
    template = "<header>\n{{ range(150000)|length }}</header>\n"
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml(), "templates/header.html": template})
    site = tmp_path / "site"
    result = run("site", "-o", str(site), "--repo", str(root), "--lang", "en", "--today",
                 "2024-01-05")
    assert result.exit_code == 1, result.output
    assert "the number 150000 is beyond 100000 (limits.template_number" in result.stderr
    (root / "huishang.yaml").write_text("limits:\n  template_number: 200000\n",
                                        encoding="utf-8")
    result = run("site", "-o", str(site), "--repo", str(root), "--lang", "en", "--today",
                 "2024-01-05")
    assert result.exit_code == 0, result.output
    assert "<header>\n150000</header>" in (site / "index.html").read_text(encoding="utf-8")


def _interrupt_while_writing(monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    """Stop a run as a kill would, part-way through writing its pages (each page's folder
    is made before the page is written)."""
    calls = {"n": 0}
    real = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            raise KeyboardInterrupt
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.parametrize("first", [True, False])
def test_an_interrupted_site_leaves_no_debris(run: RunCli, write_ledger: WriteLedger,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              first: bool) -> None:
    """The first run into a new folder, or a later one, killed while writing: the folder is
    as it was (absent, or the previous site whole), and the next run works."""
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    site = tmp_path / "out" / "site"
    if not first:
        assert run("site", "-o", str(site), "--repo", str(root)).exit_code == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with monkeypatch.context() as patch:
        _interrupt_while_writing(patch, after=3)
        run("site", "-o", str(site), "--repo", str(root))
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in site.parent.iterdir()) == ([] if first else ["site"])
    assert run("site", "-o", str(site), "--repo", str(root)).exit_code == 0


def test_a_link_inside_the_output_folder_is_never_written_through(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path) -> None:
    root = write_ledger({"items/m1/m1-01.yaml": item_yaml()})
    site = tmp_path / "site"
    assert run("site", "-o", str(site), "--repo", str(root)).exit_code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    page = site / "items" / "m1-01.html"
    page.unlink()
    page.symlink_to(victim)
    assert run("site", "-o", str(site), "--repo", str(root)).exit_code == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not page.is_symlink() and "m1-01" in page.read_text(encoding="utf-8")
    link = tmp_path / "linked-site"
    link.symlink_to(site)
    refused = run("site", "-o", str(link), "--repo", str(root))
    assert refused.exit_code == 2


def test_warning_cells_keep_their_colour_class_in_html() -> None:
    from huishang.output.html import css_class
    from huishang.output.table import COLOUR_STYLES, Cell, Column

    for colour, style in COLOUR_STYLES.items():
        assert css_class(Cell("1", style), Column("红", "right")) == f"{colour} num"
    assert css_class(Cell("x"), Column("")) == ""


@pytest.mark.parametrize("has_sync", [True, False])
def test_a_site_is_made_durable_before_it_is_swapped_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_sync: bool) -> None:
    """One sync for the whole folder where the platform has it (POSIX); an fsync per file
    where it does not (Windows, simulated)."""
    import os

    from huishang.edit import atomic

    (tmp_path / "items").mkdir()
    for name in ("index.html", "items/a.html", "items/b.html"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    calls = {"sync": 0, "fsync": 0}
    if has_sync:
        monkeypatch.setattr(os, "sync", lambda: calls.__setitem__("sync", calls["sync"] + 1))
    else:
        monkeypatch.delattr(os, "sync", raising=False)
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.__setitem__("fsync", calls["fsync"] + 1),
                                                 real_fsync(fd))[1])
    atomic.flush_folder(tmp_path)
    assert calls == ({"sync": 1, "fsync": 0} if has_sync else {"sync": 0, "fsync": 3})


def test_pages_print_on_a4_with_their_own_page_numbers(browser: Any, site: Path,
                                                       tmp_path: Path) -> None:
    """Printed, the overview fills A4 pages that number themselves (— 1 —), so the
    browser's own header and footer are not needed, and the progress bars stay on one
    line."""
    import io

    import pypdf

    page, errors, _ = _open(browser, (site / "index.html").as_uri())
    page.emulate_media(media="print")
    lines_per_bar = page.evaluate("""() => [...document.querySelectorAll('td.nowrap')]
        .filter(td => td.textContent.includes('%'))
        .map(td => { const r = document.createRange(); r.selectNodeContents(td);
                     return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })""")
    assert lines_per_bar and set(lines_per_bar) == {1}
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert errors == []
    for number, sheet in enumerate(pdf.pages, 1):
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
        text = sheet.extract_text()
        assert f"— {number} —" in text
        assert text.replace(f"— {number} —", "").strip()  # more than a page number
    page.close()


def test_chart_labels_are_inside_their_chart_and_apart(browser: Any, site: Path) -> None:
    page, _, _ = _open(browser, (site / "index.html").as_uri())
    found = page.evaluate("""() => [...document.querySelectorAll('svg.chart')].map(svg => {
        const box = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, left: r.left, right: r.right, top: r.top,
                    bottom: r.bottom, tick: t.classList.contains('tick')}; });
        return {left: box.left, right: box.right, top: box.top, bottom: box.bottom, texts};
    })""")
    assert found
    for chart in found:
        for t in chart["texts"]:
            assert chart["left"] - 0.5 <= t["left"] and t["right"] <= chart["right"] + 0.5, t
            assert chart["top"] - 0.5 <= t["top"] and t["bottom"] <= chart["bottom"] + 0.5, t
        ticks = sorted((t for t in chart["texts"] if t["tick"] and t["bottom"] > chart["bottom"]
                        - 40), key=lambda t: t["left"])
        for a, b in itertools.pairwise(ticks):  # the x-axis labels never overlap
            if abs(a["top"] - b["top"]) < 1:
                assert a["right"] <= b["left"] + 0.5, (a, b)


@pytest.fixture
def paged_site(run: RunCli, write_ledger: WriteLedger, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Path:
    """Seven items, two rows to a page, the overdue list cut at two: the ledger table as a
    national ledger has it, where no page holds every row."""
    monkeypatch.setattr("huishang.reports.site.PAGE", 2)
    monkeypatch.setattr("huishang.reports.site.MOST_OVERDUE", 2)
    files = {f"items/m1/m1-0{n}.yaml": item_yaml(f"m1-0{n}", title=f"事项{n}",
                                                  due=f"2023-12-0{n}")
             for n in range(1, 7)}
    files["items/m1/m1-07.yaml"] = item_yaml(
        "m1-07", title="'</script><script>document.title=\"pwned\"</script>'",
        status="planned", due="2024-03-01")
    root = write_ledger(files)
    out = tmp_path / "site"
    result = run("site", "--output", str(out), "--repo", str(root), "--today", "2024-01-10")
    assert result.exit_code == 0, result.output
    return out


def test_the_index_writes_one_page_of_the_ledger_and_the_script_pages_the_rest(
        browser: Any, paged_site: Path) -> None:
    html = (paged_site / "index.html").read_text(encoding="utf-8")
    ledger_html = html.split('id="ledger"')[1].split("</table>")[0]
    assert ledger_html.count("<tr data-status") == 2  # without the script: the first page
    assert "</script><script>document.title" not in html
    page, errors, _ = _open(browser, (paged_site / "index.html").as_uri())
    rows = "#ledger tbody tr"
    ids = page.locator(f"{rows} td:first-child").all_inner_texts
    assert ids() == ["m1-01", "m1-02"]
    assert page.inner_text("#ledger-count") == "7"
    assert page.inner_text("#ledger-page") == "第 1 页，共 4 页"
    assert page.is_disabled("#ledger-prev")
    page.click("#ledger-next")
    assert ids() == ["m1-03", "m1-04"]
    page.click('#ledger th[data-col="id"]')
    page.click('#ledger th[data-col="id"]')  # descending, over every row, from page one
    assert ids() == ["m1-07", "m1-06"]
    assert page.inner_text("#ledger tbody tr:first-child td:nth-child(2)") == (
        '</script><script>document.title="pwned"</script>')  # text, never markup
    page.fill("#filter", "事项5")  # found on whichever page it is
    assert ids() == ["m1-05"]
    assert page.get_attribute("#ledger tbody tr a", "href") == "items/m1-05.html"
    page.fill("#filter", "")
    page.check("#overdue-filter")
    assert page.inner_text("#ledger-count") == "6"
    page.click("#ledger-next")
    page.click("#ledger-next")
    assert ids() == ["m1-02", "m1-01"]
    assert page.is_disabled("#ledger-next")
    assert page.title() != "pwned"
    assert errors == []


def test_the_index_lists_the_longest_overdue_and_says_how_many_more(
        browser: Any, paged_site: Path) -> None:
    page, _, _ = _open(browser, (paged_site / "index.html").as_uri() + "?overdue=1")
    assert page.locator("#overdue tbody td:first-child").all_inner_texts() == [
        "m1-01", "m1-02"]
    assert "共逾期 6 项，此处列出逾期最久的 2 项" in page.inner_text("body")
    assert page.inner_text("#ledger-count") == "6"  # the address ticks "overdue only"


def test_a_table_is_laid_out_in_one_call_and_drawn_escaped() -> None:
    """A table's cells are laid out in Python once per table (a call per cell in the
    sandbox cost most of a site of 100,000 pages); the page still escapes every text and
    link, keeps each cell's class, and has no header row when no column has a header."""
    from huishang.output.html import environment
    from huishang.output.table import COLOUR_STYLES, Cell, Column, Sheet

    calls: list[str] = []
    env = environment(None, "zh")
    real = env.globals["laid_out"]
    env.globals["laid_out"] = lambda s: calls.append(s.title) or real(s)
    sheet_a = Sheet("a", [Column("事项"), Column("天数", "right")],
                    rows=[["<b>甲</b>", Cell("3", COLOUR_STYLES["red"], 'x.html?a="1"')]] * 3,
                    total=["合计", "9"])
    sheet_b = Sheet("b", [Column(""), Column("")], rows=[["键", "值"]])
    page = env.from_string('{% from "macros.html" import sheet %}{{ sheet(a) }}|{{ sheet(b) }}'
                           ).render(a=sheet_a, b=sheet_b)
    assert calls == ["a", "b"]
    table_a, table_b = page.split("|")
    assert table_a.startswith("<table><thead><tr><th>事项</th><th class=\"num\">天数</th></tr>"
                              "</thead><tbody><tr><td>&lt;b&gt;甲&lt;/b&gt;</td>")
    assert '<td class="red num"><a href="x.html?a=&#34;1&#34;">3</a></td>' in table_a
    assert table_a.count("<tr>") == 4 and '<tr class="total"><td>合计</td>' in table_a
    assert table_b == "<table><tbody><tr><td>键</td><td>值</td></tr></tbody></table>"


def ledger_data(site: Path) -> dict[str, Any]:
    """The ledger table's data as the index's script reads it (#ledger-data)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="ledger-data"[^>]*>(.*?)</script>',
                      html, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_ledger_data_writes_each_repeated_text_once(run: RunCli, write_ledger: WriteLedger,
                                                        tmp_path: Path) -> None:
    """Units, owners, statuses and warnings repeat down a national ledger: the data the
    index's script reads names each once and rows hold its number. Read back as the
    script reads it, every row is its table row, and sorts most overdue first; a page is
    named only where it is not the id (tests/test_rollup.py has a rolled-up one)."""
    import datetime as dt

    from huishang.output.table import text_of
    from huishang.store.files import load_ledger
    from huishang.views.item_columns import LAYOUTS
    from huishang.views.query import ledger_rows
    from huishang.views.sheets import list_sheet

    root = write_ledger({f"items/m1/m1-0{n}.yaml": item_yaml(
        f"m1-0{n}", due=f"2023-12-0{n}", owner="{division: 刑一庭, person: 张三}",
        status="planned" if n % 2 else "in_progress") for n in range(1, 7)})
    out = tmp_path / "site"
    result = run("site", "--output", str(out), "--repo", str(root), "--today", "2024-01-10")
    assert result.exit_code == 0, result.output
    data = ledger_data(out)
    words, worded = data["words"], data["worded"]
    assert len(words) == len(set(words))
    assert words.count("最高人民法院") == 1
    assert len([w for w in words if "张三" in w]) == 1
    rows = ledger_rows(load_ledger(root), dt.date(2024, 1, 10))
    n = len(LAYOUTS["list"])
    sheet = {row.facts.id: (cells, row) for cells, row in
             zip(list_sheet(rows, "zh", "").rows, rows, strict=True)}
    read_rows = [[words[v] if at in worded else v for at, v in enumerate(line)]
                 for line in data["rows"]]
    assert sorted(read[LAYOUTS["list"].index("id")] for read in read_rows) == sorted(sheet)
    for read in read_rows:
        cells, row = sheet[read[LAYOUTS["list"].index("id")]]
        assert read[:n] == [text_of(c) for c in cells]
        assert read[n:n + 2] == [row.facts.status, row.alert.colour if row.alert else ""]
        assert read[n + 3] == 1  # overdue
        assert read[n + 4:] == [""]  # no partners, and the page is named by the id
    by_timing = sorted(read_rows, key=lambda read: read[n + 2])
    assert [read[LAYOUTS["list"].index("id")] for read in by_timing] == [  # most overdue first
        "m1-01", "m1-02", "m1-03", "m1-04", "m1-05", "m1-06"]


def test_past_so_many_meetings_the_index_lists_the_most_overdue_and_links_them_all(
        run: RunCli, write_ledger: WriteLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, browser: Any) -> None:
    """A national ledger has thousands of meetings, a table Chromium takes seconds to lay
    out: the index lists the meetings with the most overdue items, says how many there
    are, and links a page with every meeting's progress."""
    from conftest import MEETING

    monkeypatch.setattr("huishang.reports.site.MOST_MEETINGS", 1)
    root = write_ledger({
        "items/m1/m1-01.yaml": item_yaml(due="2024-03-01"),
        "items/m2/meeting.yaml": MEETING.replace("id: m1", "id: m2"),
        "items/m2/m2-01.yaml": item_yaml("m2-01", due="2023-12-01"),
        "items/m2/m2-02.yaml": item_yaml("m2-02", due="2023-12-02"),
    })
    out = tmp_path / "site"
    result = run("site", "--output", str(out), "--repo", str(root), "--today", "2024-01-10")
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    by_meeting = index.split("落实进度：按会议")[1].split("<h2>")[0]
    assert 'href="meetings/m2.html"' in by_meeting  # two overdue items
    assert 'href="meetings/m1.html"' not in by_meeting  # none overdue
    assert "共 2 个会议，此处列出逾期事项最多的 1 个" in by_meeting
    assert '<a href="meetings.html">全部会议落实进度</a>' in by_meeting
    page, errors, remote = _open(browser, (out / "meetings.html").as_uri())
    links = page.locator("table a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == ["meetings/m1.html", "meetings/m2.html"]
    assert page.inner_text("table tr.total td:nth-child(2)") == "3"
    page.click("nav a")
    assert page.url.endswith("/index.html")
    assert errors == [] and remote == []


def test_the_index_has_the_score_table(site: Path) -> None:
    """考评 for 2024 to 10 January: 最高人民法院's m1-01 is 10 days overdue, m1-02 not yet
    due, and neither reported in January; m1-03 closed the year before."""
    import re

    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<h2>考评：2024（2024-01-01至2024-01-10）</h2>" in page
    table = page[page.index('<table id="scores">'):]
    table = table[:table.index("</table>")]
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table)]
    assert rows == [["排名", "牵头单位", "按期办结率", "反馈及时率", "逾期事项", "平均逾期天数",
                     "期内办结", "期末在办"],
                    ["1", "最高人民法院", "-", "0%", "1", "10.0", "0", "2"]]
@pytest.fixture
def leaders_site(run: RunCli, tmp_path: Path) -> Path:
    """A ledger with an issuer, a partner unit, a blocked item and one month of history."""
    from conftest import ZHANG, Repo

    root = tmp_path / "ledger"
    root.mkdir()
    repo = Repo(root)
    repo.write("huishang.yaml", "documents:\n  issuer: 最高人民法院研究室\n")
    repo.write("items/m1/meeting.yaml", "id: m1\ntitle: 两院会商会\ndate: 2024-06-03\n"
               "parties: [最高人民法院, 最高人民检察院]\nlevel: national\n"
               "aspects:\n  - key: A1\n    title: 共同推进规范司法\n")
    repo.write("items/m1/m1-01.yaml", item_yaml(
        "m1-01", title="统一量刑建议审查标准", partners="[司法部]", due="2024-12-31",
        partner_owners="[{unit: 司法部, division: 律师工作局, person: 赵六}]"))
    repo.write("items/m1/m1-02.yaml", item_yaml(
        "m1-02", title="规范仲裁裁决司法审查", due="2024-12-31", status="blocked",
        updates="\n  - date: 2024-06-20\n    note: 待立法机关明确"))
    repo.commit("两院会商会议定事项", ZHANG, "2024-06-05")
    out = tmp_path / "site"
    result = run("site", "--output", str(out), "--repo", str(root), "--today", "2024-06-28")
    assert result.exit_code == 0, result.output
    return out


def test_search_finds_partners_and_their_owners(browser: Any, leaders_site: Path) -> None:
    page, errors, _ = _open(browser, (leaders_site / "index.html").as_uri())
    visible = "#ledger tbody tr:not([hidden])"
    for words in ("司法部", "赵六", "律师工作局"):
        page.fill("#filter", words)
        ids = page.locator(f"{visible} td:first-child").all_inner_texts()
        assert ids == ["m1-01"], words
    assert errors == []


def test_blocked_items_are_marked(browser: Any, leaders_site: Path) -> None:
    page, errors, _ = _open(browser, (leaders_site / "index.html").as_uri())
    blocked = page.locator('#ledger tr[data-status="blocked"] td.status-blocked')
    assert blocked.count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector("
                         "'#ledger td.status-blocked')).color") == "rgb(185, 28, 28)"
    assert page.locator('#ledger tr[data-status="planned"] td.status-blocked').count() == 0
    page.fill("#filter", "仲裁")  # drawn by the script too
    assert page.locator("#ledger tbody td.status-blocked").count() == 1
    assert errors == []


def test_pages_name_the_issuer_and_leave_out_hashes_and_emails(leaders_site: Path) -> None:
    index = (leaders_site / "index.html").read_text(encoding="utf-8")
    assert '<header class="site-header"><p>最高人民法院研究室</p></header>' in index
    item = (leaders_site / "items/m1-02.html").read_text(encoding="utf-8")
    assert "两院会商会议定事项" in item and "张三" in item  # who and why stay
    assert "@" not in item  # no e-mail address
    assert not re.search(r"\b[0-9a-f]{9}\b", item)  # no commit hash


def test_short_history_says_when_it_starts_instead_of_a_flat_chart(leaders_site: Path) -> None:
    index = (leaders_site / "index.html").read_text(encoding="utf-8")
    assert "历史记录自2024年6月起，满3个月后显示趋势图。" in index
    assert "<polyline" not in index  # no line of two flat points
