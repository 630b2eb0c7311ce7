"""Mutation testing of named modules: does some test fail when the policy changes?

    .venv/bin/python tools/mutate.py huishang/ledger/dates.py huishang/edit/lifecycle.py
    .venv/bin/python tools/mutate.py huishang.views.earlywarning --max-mutants 40
    .venv/bin/python tools/mutate.py huishang/output/escape.py --list   # the mutants only

Each mutant is one small change made with the standard library's `ast`: a comparison
flipped (< to <=, == to !=, in to not in, ...), a condition negated, `and` for `or`, an
integer moved by one, True for False, a return value or a call removed, one entry dropped
from a literal table (tuple, list, set or dict of constants). Only the mutated node's text
is replaced, padded so every later line keeps its number.

The mutant is written into the source tree itself, so tests that start `python -m
huishang` see it too, and the original is always put back (try/finally, also on Ctrl-C
or SIGTERM); the original waits in `.mutate/originals/` meanwhile, and a run that finds
one there (a killed run) puts it back before anything else.

Which tests run: the whole suite runs once under coverage.py with one context per test
(`tools/mutate_contexts.py`, subprocesses included), kept in `.mutate/` until a .py file
changes. A mutant runs only the tests that executed its lines (all the tests that reach
the module, for a line run at import), fastest first, stopping at the first failure, with
a timeout; tests that fail without any mutant are left out. With --max-tests N, the N
taken are those that take the most varied paths through the module. A test that fails, errors or
times out kills the mutant.

Printed per module: tried, killed, survived and the score (killed / tried), then every
survivor as file:line with its mutation. A survivor listed in tools/equivalent-mutants.txt
(a mutant that cannot change behaviour, with the reason) is shown as equivalent and left
out of the score.
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE = ".mutate"  # under the project root: originals, coverage data, timings
EQUIVALENT = HERE / "equivalent-mutants.txt"

_FLIP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutant:
    path: str  # relative to the project root
    line: int  # of the original
    column: int
    in_function: bool  # False: the line runs when the module is imported
    reach: tuple[int, ...]  # the lines whose tests judge it (see `tests_for`)
    what: str  # the mutation, for a person
    source: str  # the whole mutated module
    code: str  # the original line, stripped: how equivalent-mutants.txt names the place


# ---- making mutants ----------------------------------------------------------------------

def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _skipped(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Docstrings, annotations, f-string parts, __all__ and `if TYPE_CHECKING:` blocks."""
    child = node
    while child in parents:
        parent = parents[child]
        if isinstance(parent, ast.JoinedStr):
            return True
        if isinstance(parent, ast.arg) and child is parent.annotation:
            return True
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)) and child is parent.returns:
            return True
        if isinstance(parent, ast.AnnAssign) and child is parent.annotation:
            return True
        if isinstance(parent, ast.If) and isinstance(parent.test, ast.Name) \
                and parent.test.id == "TYPE_CHECKING":
            return True
        if isinstance(parent, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in parent.targets):
            return True
        if (isinstance(parent, ast.Expr) and isinstance(child, ast.Constant)
                and isinstance(child.value, str)):
            return True  # a docstring or a bare string
        child = parent
    return False


def _uses(tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> dict[str, list[int]]:
    """Each name, and the lines inside functions that read it."""
    found: dict[str, list[int]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) \
                and _in_function(node, parents):
            found.setdefault(node.id, []).append(node.lineno)
    return found


def _set_names(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[str]:
    """The names the module-level statement holding `node` assigns."""
    while node in parents and not isinstance(parents[node], ast.Module):
        node = parents[node]
    targets = node.targets if isinstance(node, ast.Assign) else (
        [node.target] if isinstance(node, ast.AnnAssign) else [])
    return [t.id for t in targets if isinstance(t, ast.Name)]


def _reach(target: ast.expr, parents: dict[ast.AST, ast.AST],
           uses: dict[str, list[int]]) -> tuple[bool, tuple[int, ...]]:
    """Whether a node runs inside a function, and the lines whose tests judge its mutant:
    its own; for a default argument (run at import), the function's body; at import, the
    lines in functions that read the name it sets."""
    assert target.end_lineno is not None
    node: ast.AST = target
    while node in parents:
        parent = parents[node]
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node is parent.args:
                assert parent.end_lineno is not None
                return True, tuple(range(parent.body[0].lineno, parent.end_lineno + 1))
            return True, tuple(range(target.lineno, target.end_lineno + 1))
        if isinstance(parent, ast.Lambda):
            return True, tuple(range(target.lineno, target.end_lineno + 1))
        node = parent
    names = _set_names(target, parents)
    return False, tuple(sorted({line for name in names for line in uses.get(name, [])}))


def _in_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return True
    return False


def _constant_table(node: ast.AST) -> bool:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return len(node.elts) >= 2 and all(isinstance(e, ast.Constant) for e in node.elts)
    if isinstance(node, ast.Dict):
        return len(node.keys) >= 2 and all(isinstance(k, ast.Constant) for k in node.keys)
    return False


def _changes(node: ast.AST) -> Iterator[tuple[ast.AST, ast.AST | str, str]]:
    """(node to replace, its replacement node or text, the mutation in words)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _FLIP:
                new = copy.deepcopy(node)
                new.ops[i] = _FLIP[type(op)]()
                before, after = _pair(node, i), _pair(new, i)
                if len(before) > 40:  # the operator alone, then
                    before, after = _pair(node, i, operator=True), _pair(new, i, operator=True)
                yield node, new, f"`{before}` → `{after}`"
    elif isinstance(node, ast.BoolOp):
        other = copy.deepcopy(node)
        other.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        names = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
        yield node, other, f"`{names[0]}` → `{names[1]}`"
    elif isinstance(node, (ast.If, ast.While, ast.IfExp, ast.Assert)):
        if not _flip_negates(node.test):
            yield node.test, "not", f"condition `{_short(node.test)}` negated"
    elif isinstance(node, ast.comprehension):
        for test in node.ifs:
            if not _flip_negates(test):
                yield test, "not", f"filter `{_short(test)}` negated"
    elif isinstance(node, ast.Constant) and type(node.value) is bool:
        yield node, ast.Constant(not node.value), f"`{node.value}` → `{not node.value}`"
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        yield node, ast.Constant(node.value + 1), f"`{node.value}` → `{node.value + 1}`"
    elif isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        yield node.value, ast.Constant(None), f"return `{_short(node.value)}` removed"
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        yield node.value, ast.Constant(None), f"call `{_short(node.value)}` removed"
    if _constant_table(node):
        assert isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict))
        entries = node.keys if isinstance(node, ast.Dict) else node.elts
        for i, entry in enumerate(entries):
            smaller = copy.deepcopy(node)
            if isinstance(smaller, ast.Dict):
                del smaller.keys[i], smaller.values[i]
            else:
                del smaller.elts[i]
            assert entry is not None  # a table of constants has no ** entry
            yield node, smaller, f"entry {_short(entry)} dropped from the table"


def _flip_negates(test: ast.expr) -> bool:
    """A single ==, !=, in, not in, is or is not: its flip is already its negation."""
    return isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(
        test.ops[0], (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot))


def _pair(node: ast.Compare, i: int, operator: bool = False) -> str:
    """One comparison of a chain: `1 <= month` of `1 <= month <= 12`, or its operator."""
    if operator:
        return ast.unparse(ast.Compare(ast.Name("a"), [node.ops[i]], [ast.Name("b")]))[2:-2]
    left = node.left if i == 0 else node.comparators[i - 1]
    return ast.unparse(ast.Compare(left, [node.ops[i]], [node.comparators[i]]))


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."


def _offset(lines: list[str], line: int, col: int) -> int:
    """The character offset of a node position (ast columns count UTF-8 bytes)."""
    return sum(len(x) for x in lines[:line - 1]) + len(
        lines[line - 1].encode("utf-8")[:col].decode("utf-8"))


def mutants(root: Path, rel: str) -> list[Mutant]:
    """Every mutant of a module, in source order, each one parsing and differing."""
    source = (root / rel).read_text(encoding="utf-8")
    tree = ast.parse(source)
    parents = _parents(tree)
    lines = source.splitlines(keepends=True)
    original = ast.dump(tree)
    uses = _uses(tree, parents)
    found: list[Mutant] = []
    seen: set[str] = set()
    for node in ast.walk(tree):
        if _skipped(node, parents):
            continue
        for target, new, what in _changes(node):
            assert isinstance(target, ast.expr)
            start = _offset(lines, target.lineno, target.col_offset)
            assert target.end_lineno is not None and target.end_col_offset is not None
            end = _offset(lines, target.end_lineno, target.end_col_offset)
            padding = "\n" * (target.end_lineno - target.lineno)  # keep line numbers
            if new == "not":
                text = f"(not ({source[start:end]}))"
            else:
                assert isinstance(new, ast.AST)
                text = f"({ast.unparse(new)}{padding})"
            mutated = source[:start] + text + source[end:]
            try:
                dumped = ast.dump(ast.parse(mutated))
            except SyntaxError:
                continue
            if dumped == original or dumped in seen:
                continue
            seen.add(dumped)
            inside, reach = _reach(target, parents, uses)
            found.append(Mutant(rel, target.lineno, target.col_offset + 1, inside, reach,
                                what, mutated,
                                lines[target.lineno - 1].strip()))
    found.sort(key=lambda m: (m.line, m.column, m.what))
    return found


# ---- the source tree: write a mutant, always put the original back -----------------------

class Tree:
    """A project root whose modules are mutated in place, one at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.originals = root / STATE / "originals"

    def restore_leftovers(self) -> list[str]:
        """Put back originals that a killed run left in `.mutate/originals/`."""
        restored = []
        if self.originals.is_dir():
            for kept in sorted(p for p in self.originals.rglob("*") if p.is_file()):
                rel = kept.relative_to(self.originals).as_posix()
                self._put_back(rel, kept)
                restored.append(rel)
        return restored

    def write(self, mutant: Mutant) -> None:
        kept = self.originals / mutant.path
        if kept.exists():
            raise SystemExit(f"{mutant.path}: an original is already kept aside; stopping")
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.root / mutant.path, kept)  # with its mtime, for the .pyc check
        self._replace(mutant.path, mutant.source)

    def restore(self, rel: str) -> None:
        kept = self.originals / rel
        if kept.exists():
            self._put_back(rel, kept)

    def _put_back(self, rel: str, kept: Path) -> None:
        target = self.root / rel
        spare = target.with_name(target.name + ".mutate-restore")
        shutil.copy2(kept, spare)
        os.replace(spare, target)
        kept.unlink()
        self._forget_bytecode(rel)

    def _replace(self, rel: str, text: str) -> None:
        target = self.root / rel
        spare = target.with_name(target.name + ".mutate-new")
        spare.write_text(text, encoding="utf-8")
        os.replace(spare, target)
        self._forget_bytecode(rel)

    def _forget_bytecode(self, rel: str) -> None:
        # A .pyc is trusted when the source's mtime (in seconds) and size match: a mutant
        # of the same size written within the second must never be read from one.
        path = self.root / rel
        for pyc in (path.parent / "__pycache__").glob(path.stem + ".*.pyc"):
            pyc.unlink(missing_ok=True)


# ---- which tests cover which lines -------------------------------------------------------

def _fingerprint(root: Path, paths: list[str]) -> str:
    """The contents of the .py files under `paths` (the package and the tests)."""
    digest = hashlib.sha256()
    for top in sorted(set(paths)):
        found = [root / top] if top.endswith(".py") else sorted((root / top).rglob("*.py"))
        for path in found:
            if "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
    return digest.hexdigest()


@dataclass
class Coverage:
    contexts: dict[str, dict[int, set[str]]]  # path -> line -> tests that ran it
    seconds: dict[str, float]  # test -> duration of the run under coverage
    failing: set[str]
    importers: dict[str, set[str]]  # path -> the tests of the files that import it
    _by_test: dict[str, dict[str, set[int]]] = field(default_factory=dict)

    def lines_by_test(self, path: str) -> dict[str, set[int]]:
        """The lines of the module each test ran."""
        if path not in self._by_test:
            found: dict[str, set[int]] = {}
            for line, tests in self.contexts.get(path, {}).items():
                for test in tests:
                    found.setdefault(test, set()).add(line)
            self._by_test[path] = found
        return self._by_test[path]


def measure(root: Path, rels: list[str], tests: list[str]) -> Coverage:
    """Run the tests once under coverage, one context per test (kept until a .py changes;
    a later run of some of the modules measured, or of those and the others last measured,
    reads the same measure: one module after another costs one run of the suite)."""
    state = root / STATE
    state.mkdir(exist_ok=True)
    key_file, data_file, timings = state / "coverage.key", state / "coverage", state / "timings"
    measured_file = state / "coverage.modules"
    measured = (set(measured_file.read_text(encoding="utf-8").split("\n"))
                if measured_file.exists() else set())
    if not measured >= set(rels):
        measured = set(rels)
    packages = sorted({Path(rel).parts[0] for rel in measured})
    key = _fingerprint(root, [*packages, *tests]) + "\0" + "\0".join(tests)
    if not (key_file.exists() and key_file.read_text() == key and data_file.exists()):
        for old in state.glob("coverage*"):
            old.unlink()
        rc = state / "coveragerc"
        rc.write_text("[run]\nparallel = true\n"
                      f"data_file = {data_file}\n"
                      "context = ${MUTATE_TEST_ID}\n"
                      "include =\n" + "".join(f"    {root / r}\n" for r in sorted(measured)),
                      encoding="utf-8")
        env = _env(root) | {"COVERAGE_PROCESS_START": str(rc), "MUTATE_TIMINGS": str(timings)}
        env.pop("MUTATE_TEST_ID", None)
        print(f"measuring which tests reach which lines: {' '.join(tests)} under coverage ...",
              flush=True)
        started = time.monotonic()
        suite = subprocess.Popen([sys.executable, "-m", "coverage", "run", f"--rcfile={rc}",
                                  "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p",
                                  "mutate_contexts", *tests], cwd=root, env=env,
                                 stdout=subprocess.DEVNULL, start_new_session=True)
        try:
            suite.wait()
        finally:
            _stop(suite)
        subprocess.run([sys.executable, "-m", "coverage", "combine", f"--rcfile={rc}", "-q"],
                       cwd=root, env=env, check=True)
        for unreadable in state.glob("coverage.*.*"):  # of a process a test killed
            unreadable.unlink()
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
        key_file.write_text(key)
        measured_file.write_text("\n".join(sorted(measured)), encoding="utf-8")

    import coverage  # the runner's own dependency, only once measuring is needed

    data = coverage.CoverageData(basename=str(data_file))
    data.read()
    contexts: dict[str, dict[int, set[str]]] = {}
    for rel in rels:
        by_line = data.contexts_by_lineno(str(root / rel))
        contexts[rel] = {line: {c for c in names if c} for line, names in by_line.items()}
    seconds, failing = {}, set()
    if timings.exists():
        for row in timings.read_text(encoding="utf-8").splitlines():
            entry = json.loads(row)
            seconds[entry["test"]] = entry["seconds"]
            if entry["failed"]:
                failing.add(entry["test"])
    importers: dict[str, set[str]] = {}
    files = {test.split("::")[0] for test in seconds}
    for rel in rels:
        package, _, name = rel.removesuffix(".py").replace("/", ".").rpartition(".")
        imports = re.compile(rf"\b{re.escape(package)}\.{name}\b|"  # import a.b / from a.b
                             rf"\bfrom {re.escape(package)} import [^\n]*\b{name}\b"
                             if package else rf"\bimport {name}\b|\bfrom {name} import")
        reading = {f for f in files if (root / f).is_file()
                   and imports.search((root / f).read_text(encoding="utf-8"))}
        importers[rel] = {test for test in seconds if test.split("::")[0] in reading}
    return Coverage(contexts, seconds, failing, importers)


def tests_for(mutant: Mutant, cov: Coverage, most: int | None = None) -> list[str]:
    """The tests that ran the mutant's lines, fastest first, at most `most`. For a line
    run at import: the tests that ran the lines of the module's functions that read the
    name it sets, and the tests of the files that import the module (a test may read a
    table without running a line of the module); or when no function of the module reads
    it (a table other modules import, such as a vocabulary the models are built from),
    every test, since any of them may reach it through another module."""
    by_line = cov.contexts.get(mutant.path, {})
    chosen: set[str] = set().union(*(by_line.get(n, set()) for n in mutant.reach))
    if not mutant.in_function:
        chosen = chosen | cov.importers.get(mutant.path, set()) if mutant.reach \
            else set(cov.seconds)
    chosen -= cov.failing
    fastest = sorted(chosen, key=lambda t: (cov.seconds.get(t, 60.0), t))
    if most is None or len(fastest) <= most:
        return fastest
    return _varied(fastest, cov.lines_by_test(mutant.path), most)


def _varied(fastest: list[str], lines: dict[str, set[int]], most: int) -> list[str]:
    """`most` of the tests, each in turn the one that runs the most lines of the module the
    tests taken so far do not (the fastest of those alike): tests that take different paths
    through the module notice more than the many fastest, which often take the same one.
    Returned fastest first."""
    taken: list[str] = []
    seen: set[int] = set()
    rest = list(fastest)
    while rest and len(taken) < most:
        best = max(rest, key=lambda t: len(lines.get(t, set()) - seen))  # first: fastest
        taken.append(best)
        seen |= lines.get(best, set())
        rest.remove(best)
    return [t for t in fastest if t in taken]


# ---- running ------------------------------------------------------------------------------

def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(HERE), env.get("PYTHONPATH", "")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@dataclass
class Outcome:
    mutant: Mutant
    verdict: str  # killed, survived, timeout (killed), uncovered (survived)
    tests: int


def run_mutant(tree: Tree, mutant: Mutant, tests: list[str], timeout: float) -> Outcome:
    if not tests:
        return Outcome(mutant, "uncovered", 0)
    tree.write(mutant)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
            cwd=tree.root, env=_env(tree.root), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return Outcome(mutant, "timeout", len(tests))
        finally:
            _stop(process)
    finally:
        tree.restore(mutant.path)
    return Outcome(mutant, "survived" if code in (0, 5) else "killed", len(tests))


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a test run and every process it started (its own session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _copy_project(root: Path, into: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", ".git", STATE, "__pycache__", ".*_cache")
    return Path(shutil.copytree(root, into / "project", ignore=ignore))


def _equivalents() -> set[tuple[str, str, str]]:
    """(path, mutation, code line) of survivors known not to change behaviour."""
    known = set()
    if EQUIVALENT.exists():
        for row in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            if row.strip() and not row.startswith("#"):
                path, what, rest = row.split(" | ", 2)
                code = rest.rsplit(" | ", 1)[0]  # the reason comes last
                known.add((path.strip(), what.strip(), code.strip()))
    return known


def _module_path(root: Path, name: str) -> str:
    if name.endswith(".py"):
        path = (root / name).resolve()
    else:
        path = root.joinpath(*name.split(".")).with_suffix(".py")
    if not path.is_file():
        raise SystemExit(f"no such module: {name}")
    return path.relative_to(root).as_posix()


def _sample(found: list[Mutant], most: int | None) -> list[Mutant]:
    if most is None or len(found) <= most:
        return found
    return [found[i * len(found) // most] for i in range(most)]  # spread over the module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tools/mutate.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("modules", nargs="+", help="files (huishang/x/y.py) or dotted names")
    parser.add_argument("--max-mutants", type=int, metavar="N",
                        help="at most N mutants per module, spread evenly over it")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="mutants at once (default 1); above 1, each runs in a copy of "
                             "the project in a temporary folder")
    parser.add_argument("--timeout", type=float, default=5.0, metavar="X",
                        help="a mutant's tests may take X times their measured time, plus "
                             "30 s, before it counts as killed by a timeout (default 5)")
    parser.add_argument("--max-tests", type=int, metavar="N",
                        help="run at most N of a mutant's tests, those that take the most "
                             "varied paths through the module (the fastest of those alike): "
                             "quicker, and the score a lower bound")
    parser.add_argument("--tests", action="append", metavar="PATH",
                        help="tests to measure under coverage, repeatable (default: tests)")
    parser.add_argument("--root", type=Path, default=HERE.parent, help=argparse.SUPPRESS)
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--only", type=Path, metavar="FILE",
                        help="run only the mutants named in FILE, one `path:line:column: "
                             "mutation` a line (the survivors a run printed)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    root = args.root.resolve()
    tree = Tree(root)
    for rel in tree.restore_leftovers():
        print(f"{rel}: put back the original a killed run had left mutated")
    rels = [_module_path(root, name) for name in args.modules]
    if args.only:
        named = {_NOTE.sub("", line.strip())
                 for line in args.only.read_text(encoding="utf-8").splitlines()}
        chosen = {rel: [m for m in mutants(root, rel) if _name(m) in named] for rel in rels}
    else:
        chosen = {rel: _sample(mutants(root, rel), args.max_mutants) for rel in rels}
    if args.list:
        for found in chosen.values():
            for m in found:
                print(_name(m))
        return 0
    try:
        cov = measure(root, rels, args.tests or ["tests"])
    except KeyboardInterrupt:
        return 130
    work: queue.Queue[Mutant] = queue.Queue()
    for found in chosen.values():
        for m in found:
            work.put(m)
    outcomes: list[Outcome] = []
    total = work.qsize()

    def worker(where: Tree) -> None:
        while True:
            try:
                m = work.get_nowait()
            except queue.Empty:
                return
            tests = tests_for(m, cov, args.max_tests)
            limit = args.timeout * sum(cov.seconds.get(t, 1.0) for t in tests) + 30
            outcome = run_mutant(where, m, tests, limit)
            outcomes.append(outcome)
            print(f"[{len(outcomes)}/{total}] {_name(m)}: {outcome.verdict} "
                  f"({outcome.tests} tests)", flush=True)

    try:
        if args.jobs <= 1:
            worker(tree)
        else:
            with tempfile.TemporaryDirectory(prefix="mutate-") as scratch:
                trees = [Tree(_copy_project(root, Path(scratch) / str(n)))
                         for n in range(args.jobs)]
                threads = [threading.Thread(target=worker, args=(t,), daemon=True)
                           for t in trees]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
    except KeyboardInterrupt:
        print("interrupted: every original is back in place", file=sys.stderr)
        return 130
    report(rels, outcomes)
    return 0


_NOTE = re.compile(r"( \(no test reaches this line\))?( \[equivalent\])?$")


def _name(m: Mutant) -> str:
    return f"{m.path}:{m.line}:{m.column}: {m.what}"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that every finally puts its original back


def report(rels: list[str], outcomes: list[Outcome]) -> None:
    known = _equivalents()
    print(f"\n{'module':<36} {'tried':>5} {'killed':>6} {'survived':>8} {'equiv':>5} "
          f"{'score':>7}")
    survivors = []
    for rel in rels:
        mine = [o for o in outcomes if o.mutant.path == rel]
        killed = sum(o.verdict in ("killed", "timeout") for o in mine)
        left = [o for o in mine if o.verdict in ("survived", "uncovered")]
        equivalent = [o for o in left if (rel, o.mutant.what, o.mutant.code) in known]
        counted = len(mine) - len(equivalent)
        score = f"{100 * killed / counted:.1f} %" if counted else "-"
        print(f"{rel:<36} {len(mine):>5} {killed:>6} {len(left) - len(equivalent):>8} "
              f"{len(equivalent):>5} {score:>7}")
        survivors += [(o, o in equivalent) for o in left]
    if survivors:
        print("\nsurvivors:")
    for o, named in sorted(survivors, key=lambda s: (s[0].mutant.path, s[0].mutant.line,
                                                     s[0].mutant.column)):
        note = " (no test reaches this line)" if o.verdict == "uncovered" else ""
        note += " [equivalent]" if named else ""
        print(f"{_name(o.mutant)}{note}")


if __name__ == "__main__":
    sys.exit(main())
