"""The package's shape: layers as subpackages, empty `__init__` files, imports between
packages only in the directions declared below, and no import cycle."""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "huishang"

# The layers, lowest first, each with the packages right below it: a package may import
# those and whatever they may import, never the other way. README's "How the code is laid
# out" draws this graph. The top-level modules (`messages`, `errors`, the version) lie
# below every package.
LAYERS: dict[str, set[str]] = {
    "ledger": set(),
    "edit": {"ledger"},
    "git": {"ledger"},
    "output": {"ledger"},
    "views": {"git", "output"},
    "store": {"edit", "views"},
    "exchange": {"store"},
    "notify": {"store"},
    "rollup": {"store"},
    "reports": {"rollup"},
    "cli": {"exchange", "notify", "reports"},
}


def reach(layers: Mapping[str, Collection[str]]) -> dict[str, set[str]]:
    """Each package -> every package it may import: those below it, and theirs."""
    out: dict[str, set[str]] = {}
    for layer in layers:
        found: set[str] = set()
        todo = list(layers[layer])
        while todo:
            lower = todo.pop()
            if lower not in found:
                found.add(lower)
                todo.extend(layers.get(lower, ()))
        out[layer] = found
    return out


MAY_IMPORT = reach(LAYERS)


def _module(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: Path) -> set[str]:
    """Every module of `package` that `path` imports, at the top or inside a function."""
    name = package.name
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == name:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                is_module = (package.parent / (sub.replace(".", "/") + ".py")).exists()
                found.add(sub if is_module else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == name}
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports."""
    return {_module(p, package): _imports(p, package) for p in package.rglob("*.py")}


def layer_of(module: str, may_import: Mapping[str, Collection[str]]) -> str | None:
    """The package (`ledger`, `cli`, ...) a module belongs to; None for a top-level module
    (`messages`, `errors`, the package itself)."""
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in may_import):
        return parts[1]
    return None


def wrong_imports(graph: Mapping[str, Collection[str]],
                  may_import: Mapping[str, Collection[str]]) -> list[str]:
    """`a -> b` for every import of another package that `may_import` does not allow."""
    wrong = []
    for module, deps in sorted(graph.items()):
        if module.endswith(".__main__"):  # `python -m huishang`, above the CLI
            continue
        layer = layer_of(module, may_import)
        for dep in sorted(deps):
            target = layer_of(dep, may_import)
            if target is None or target == layer:
                continue  # a top-level module, or one of its own package
            if layer is None or target not in may_import.get(layer, ()):
                wrong.append(f"{module} -> {dep}")
    return wrong


def cycles(graph: Mapping[str, Collection[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for dep in sorted(graph.get(module, ())):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                found.append([*stack[stack.index(dep):], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_layers_form_no_cycle() -> None:
    assert cycles(LAYERS) == []


def test_store_lies_between_the_core_and_the_commands() -> None:
    assert MAY_IMPORT["store"] == {"ledger", "edit", "git", "views", "output"}
    for layer in ("ledger", "edit", "git", "views", "output"):
        assert "store" not in MAY_IMPORT[layer], layer
    for layer in ("cli", "reports", "exchange", "rollup", "notify"):
        assert "store" in MAY_IMPORT[layer], layer


def test_the_readme_draws_every_layer() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    drawing = readme.split("### How the code is laid out")[1].split("```")[1]
    assert [layer for layer in LAYERS if f" {layer}/ " not in drawing] == []


def test_every_package_is_declared() -> None:
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert packages == set(LAYERS)


def test_packages_import_only_in_the_declared_directions() -> None:
    assert wrong_imports(import_graph(), MAY_IMPORT) == []


def test_a_reverse_import_fails_the_check(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for folder, files in {"": {"errors.py": ""},
                          "ledger": {"a.py": "from pkg.views.b import B\nfrom pkg import errors\n"},
                          "views": {"b.py": "from pkg.ledger import a\nB = 1\n"}}.items():
        (package / folder).mkdir(parents=True, exist_ok=True)
        (package / folder / "__init__.py").write_text("")
        for name, text in files.items():
            (package / folder / name).write_text(f'"""A module."""\n{text}')
    graph = import_graph(package)
    assert graph["pkg.ledger.a"] == {"pkg.views.b", "pkg.errors"}
    assert wrong_imports(graph, MAY_IMPORT) == ["pkg.ledger.a -> pkg.views.b"]


@pytest.mark.parametrize("layer", ["ledger", "edit", "git", "views", "output"])
def test_a_lower_layer_importing_store_fails_the_check(layer: str) -> None:
    graph = {f"huishang.{layer}.m": {"huishang.store.s"}}
    assert wrong_imports(graph, MAY_IMPORT) == [f"huishang.{layer}.m -> huishang.store.s"]


@pytest.mark.parametrize("layer", ["cli", "reports", "exchange", "rollup", "notify"])
def test_the_upper_layers_may_import_store(layer: str) -> None:
    assert wrong_imports({f"huishang.{layer}.m": {"huishang.store.s"}}, MAY_IMPORT) == []


def test_a_top_level_module_importing_a_layer_fails_the_check() -> None:
    graph = {"huishang.errors": {"huishang.messages", "huishang.ledger.models"},
             "huishang.__main__": {"huishang.cli"}}
    assert wrong_imports(graph, MAY_IMPORT) == ["huishang.errors -> huishang.ledger.models"]


def classes_named_alike(package: Path) -> dict[str, list[str]]:
    """Public class names that more than one module of `package` defines."""
    where: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(_module(path, package))
    return {name: modules for name, modules in where.items() if len(modules) > 1}


def test_no_two_modules_name_a_class_alike() -> None:
    assert classes_named_alike(PACKAGE) == {}


def test_a_class_named_alike_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "git").mkdir(parents=True)
    (package / "git" / "rules.py").write_text("class Change:\n    pass\n")
    (package / "edit.py").write_text("class Change:\n    pass\nclass _Change:\n    pass\n")
    assert classes_named_alike(package) == {"Change": ["pkg.edit", "pkg.git.rules"]}


def test_layers_are_subpackages_with_empty_inits() -> None:
    top = sorted(p.name for p in PACKAGE.iterdir() if p.suffix == ".py")
    assert top == ["__init__.py", "__main__.py", "errors.py", "messages.py"]
    for layer in LAYERS:
        init = PACKAGE / layer / "__init__.py"
        assert init.exists(), layer
        if layer != "cli":  # the CLI's entry point lives in its __init__
            assert init.read_text() == "", f"{layer}/__init__.py must stay empty"


def test_every_module_says_what_it_is_for() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py" and path.parent != PACKAGE:
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.relative_to(PACKAGE)} has no module docstring"


KEEPING = {"pickle", "hmac"}  # how the store keeps results and vouches for them


def keepers(package: Path) -> list[str]:
    """The modules outside `store/` that import what only the store may use."""
    found = []
    for path in sorted(package.rglob("*.py")):
        module = _module(path, package)
        if module.split(".")[1:2] == ["store"]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{module} -> {n}" for n in names if n.split(".")[0] in KEEPING]
    return found


def test_only_the_store_keeps_results() -> None:
    assert keepers(PACKAGE) == []


def test_a_keeper_outside_the_store_is_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for folder, text in {"views": "import pickle\n", "store": "import hmac\n"}.items():
        (package / folder).mkdir(parents=True)
        (package / folder / "a.py").write_text(text)
    assert keepers(package) == ["pkg.views.a -> pickle"]
