"""The layering rule of DESIGN.md and core/README.md, checked on the source itself."""

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parent.parent / "src" / "coffeechat"


def modules(layer):
    return sorted((SRC / layer).rglob("*.py")) if layer else sorted(SRC.rglob("*.py"))


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield ast.unparse(node.func)


#: Small pure libraries core may use (core/README.md says why each is allowed).
CORE_LIBRARIES = {"simplemma"}


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: p.name)
def test_core_uses_only_the_standard_library_and_itself(path):
    for name in imports(path):
        top = name.split(".")[0]
        assert (
            top in sys.stdlib_module_names
            or top in CORE_LIBRARIES
            or name.startswith("coffeechat.core")
        ), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", modules("core"), ids=lambda p: p.name)
def test_core_does_no_io_and_reads_no_clock(path):
    forbidden = {"open", "print", "input", "os.getenv", "dt.datetime.now", "datetime.now",
                 "dt.date.today", "date.today", "time.time", "datetime.utcnow"}  # fmt: skip
    used = set(calls(path)) & forbidden
    assert not used, f"{path.name} calls {used}"
    assert "os.environ" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", [p for p in modules("") if "store" not in p.parts], ids=lambda p: p.name
)
def test_sql_lives_only_in_the_store(path):
    for name in imports(path):
        if name.startswith("sqlalchemy"):
            allowed = {"sqlalchemy", "sqlalchemy.exc", "sqlalchemy.engine"}
            assert name in allowed, f"{path.relative_to(SRC)} imports {name}"
    text = path.read_text(encoding="utf-8")
    for keyword in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
        assert keyword not in text, f"{path.relative_to(SRC)} holds SQL ({keyword.strip()})"


@pytest.mark.parametrize("path", modules("cli"), ids=lambda p: p.name)
def test_cli_calls_the_service_not_the_store(path):
    for name in imports(path):
        assert not name.startswith("coffeechat.store"), f"cli/{path.name} imports {name}"


@pytest.mark.parametrize("path", modules("web"), ids=lambda p: p.name)
def test_web_calls_the_service_not_the_store(path):
    for name in imports(path):
        assert not name.startswith(("coffeechat.store", "sqlalchemy", "coffeechat.cli")), (
            f"web/{path.name} imports {name}"
        )


def test_the_web_is_checked_and_nothing_below_imports_it():
    assert modules("web"), "no web/ modules found"
    for path in modules(""):
        if "web" in path.relative_to(SRC).parts or path.parent.name == "cli":
            continue
        for name in imports(path):
            assert not name.startswith("coffeechat.web"), f"{path.relative_to(SRC)} imports {name}"


@pytest.mark.parametrize("path", modules("store"), ids=lambda p: p.name)
def test_store_knows_nothing_of_the_layers_above(path):
    for name in imports(path):
        assert not name.startswith(("coffeechat.cli", "coffeechat.service", "click")), (
            f"store/{path.name} imports {name}"
        )


def test_only_the_clock_reads_the_wall_clock():
    readers = [
        p.relative_to(SRC).as_posix()
        for p in modules("")
        if {"dt.datetime.now", "datetime.now", "time.time", "date.today"} & set(calls(p))
    ]
    assert readers == ["config.py"]
