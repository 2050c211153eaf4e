"""Guide files: a custom question guide in TOML or YAML, read with line numbers in errors.

The checks themselves live in ``coffeechat.core.guides.guide_from_mapping``; this module
parses the text and tells it where each field is, so an error reads
``my-guide.toml, line 12, questions[2].purpose: is empty (write what the question is for)``.
``dump_toml`` writes a guide back as a TOML file a user can start from.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import PurePath
from typing import TYPE_CHECKING

from coffeechat.core.guides import (
    PLACEHOLDERS,
    Guide,
    GuideError,
    guide_from_mapping,
    path_text,
)

if TYPE_CHECKING:
    import yaml

FieldPath = tuple[str | int, ...]

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE = re.compile(r"^\s*\[")
_QUESTIONS_HEADER = re.compile(r"^\s*\[\[\s*(?:questions|\"questions\")\s*\]\]")
_TOML_KEY = r"^\s*(?:{0}|\"{0}\"|'{0}')\s*="


def read_guide(
    data: bytes | str, source: str, name: str | None = None, default_name: str | None = None
) -> Guide:
    """A custom guide from the bytes or text of a TOML or YAML file named ``source``.

    The format comes from the extension (.toml, .yaml, .yml), else from the text. ``name``,
    when given, is the guide's name whatever the file says; ``default_name`` is its name
    when neither ``name`` nor the file gives one. Every problem raises
    ``GuideError`` naming the file, the line and the field.
    """
    text = _decode(data, source)
    if not text.strip():
        raise GuideError(source, "is empty (a guide needs a title and at least 3 questions)")
    if _format_of(source, text) == "toml":
        return _read_toml(text, source, name, default_name)
    return _read_yaml(text, source, name, default_name)


def _named(data: object, name: str | None, default_name: str | None) -> str | None:
    """The name to give: the caller's, else none (the file's own), else the default."""
    if name is not None:
        return name
    if isinstance(data, dict) and "name" in data:
        return None
    return default_name


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GuideError(
            f"{source}, line {line}", "is not UTF-8 text; save the file as UTF-8 and try again"
        ) from None


def _format_of(source: str, text: str) -> str:
    """ "toml" or "yaml": by the file's extension, else by the look of the text."""
    suffix = PurePath(source).suffix.lower()
    if suffix == ".toml":
        return "toml"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        # the first meaningful line: `key = ...` or `[table]` is TOML, `key: ...` YAML
        if stripped.startswith("[") or re.match(r"^[\w\"'-]+\s*=", stripped):
            return "toml"
        return "yaml"
    return "yaml"


# --- TOML -----------------------------------------------------------------------------


def _read_toml(text: str, source: str, name: str | None, default_name: str | None) -> Guide:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_LINE.search(message)
        problem = _TOML_LINE.sub("", message).strip().rstrip(".")
        where = f"{source}, line {match.group(1)}" if match else source
        raise GuideError(where, f"not valid TOML: {problem}") from None
    lines = _toml_lines(text)
    name = _named(data, name, default_name)
    return guide_from_mapping(data, name=name, where=lambda path: _toml_where(lines, source, path))


def _toml_lines(text: str) -> list[str | None]:
    """The lines of a TOML text, with those inside multi-line strings blanked (None), so a
    scan for headers and keys does not look inside a value."""
    out: list[str | None] = []
    quote: str | None = None
    for line in text.splitlines():
        if quote is not None:
            out.append(None)
            if line.count(quote) % 2 == 1:
                quote = None
            continue
        out.append(line)
        for q in ('"""', "'''"):
            if line.count(q) % 2 == 1:
                quote = q
                break
    return out


def _find(lines: list[str | None], pattern: re.Pattern[str], start: int, stop: int) -> int | None:
    for i in range(start, stop):
        line = lines[i]
        if line is not None and pattern.match(line):
            return i
    return None


def _block_end(lines: list[str | None], start: int) -> int:
    """The index after the last line of the table that begins at ``start``."""
    end = _find(lines, _TABLE, start + 1, len(lines))
    return len(lines) if end is None else end


def _toml_line(lines: list[str | None], path: FieldPath) -> int | None:
    """The 1-based line of a field in a TOML text; the nearest enclosing line it can find."""
    if not path:
        return None
    first_table = _find(lines, _TABLE, 0, len(lines))
    top_end = len(lines) if first_table is None else first_table
    head = path[0]
    key_line = _find(lines, re.compile(_TOML_KEY.format(re.escape(str(head)))), 0, top_end)
    if head != "questions" or len(path) == 1 or not isinstance(path[1], int):
        if key_line is None and head == "questions":
            key_line = _find(lines, _QUESTIONS_HEADER, 0, len(lines))
        return None if key_line is None else key_line + 1
    # the n-th [[questions]] table, then the key inside it
    headers = [
        i for i, line in enumerate(lines) if line is not None and _QUESTIONS_HEADER.match(line)
    ]
    index = path[1]
    if index >= len(headers):
        # questions written as an inline array: point at `questions =`
        return None if key_line is None else key_line + 1
    header = headers[index]
    if len(path) > 2:
        field = re.compile(_TOML_KEY.format(re.escape(str(path[2]))))
        found = _find(lines, field, header + 1, _block_end(lines, header))
        if found is not None:
            return found + 1
    return header + 1


def _toml_where(lines: list[str | None], source: str, path: FieldPath) -> str:
    line = _toml_line(lines, path)
    return source if line is None else f"{source}, line {line}"


# --- YAML -----------------------------------------------------------------------------


def _read_yaml(text: str, source: str, name: str | None, default_name: str | None) -> Guide:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{source}, line {mark.line + 1}" if mark is not None else source
        problem = error.problem or error.context or "cannot be parsed"
        raise GuideError(where, f"not valid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise GuideError(source, f"not valid YAML: {error}") from None
    if root is None or data is None:
        raise GuideError(source, "is empty (a guide needs a title and at least 3 questions)")
    if not isinstance(data, dict):
        raise GuideError(
            f"{source}, line {root.start_mark.line + 1}",
            "a guide must be a mapping of fields (name, title, questions), not a list or text",
        )
    _no_duplicate_fields(root, source)
    name = _named(data, name, default_name)
    return guide_from_mapping(data, name=name, where=lambda path: _yaml_where(root, source, path))


def _yaml_node(root: yaml.Node, path: FieldPath) -> yaml.Node:
    """The deepest node on the path (the enclosing one when a field is missing)."""
    import yaml

    node = root
    for depth, part in enumerate(path):
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    # point at the field's own line, not at where its value starts
                    child = key if depth == len(path) - 1 else value
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node


def _yaml_where(root: yaml.Node, source: str, path: FieldPath) -> str:
    if not path:
        return source
    return f"{source}, line {_yaml_node(root, path).start_mark.line + 1}"


def _no_duplicate_fields(node: yaml.Node, source: str, path: FieldPath = ()) -> None:
    """YAML keeps the last of two equal keys silently; a guide file says so instead."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            label = str(key.value)
            if label in seen:
                field = path_text((*path, label))
                raise GuideError(
                    f"{source}, line {key.start_mark.line + 1}",
                    "is given twice; keep one",
                    field,
                )
            seen.add(label)
            _no_duplicate_fields(value, source, (*path, label))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _no_duplicate_fields(item, source, (*path, i))


# --- writing --------------------------------------------------------------------------


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, but DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def dump_toml(guide: Guide) -> str:
    """A guide as a TOML file to start from; ``read_guide`` reads it back unchanged."""
    placeholders = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
    lines = [
        f"# Question guide {guide.name!r} for coffeechat. Copy it, change the name, edit it,",
        "# then add it with `coffeechat guide add FILE.toml`.",
        "#",
        "# Questions are asked in this order. When time is short, the ones in the middle",
        "# are skipped first; the `closing` ones (the last questions) are always kept.",
        f"# Placeholders filled for each contact: {placeholders} (their first name).",
        "# weight (1-5, default 1): how much time a question deserves next to the others.",
        "",
        f"name = {_toml_string(guide.name)}",
        f"title = {_toml_string(guide.title)}",
    ]
    if guide.description:
        lines.append(f"description = {_toml_string(guide.description)}")
    lines.append(f"closing = [{', '.join(_toml_string(k) for k in guide.closing)}]")
    for q in guide.questions:
        lines += [
            "",
            "[[questions]]",
            f"key = {_toml_string(q.key)}",
            f"text = {_toml_string(q.text)}",
            f"purpose = {_toml_string(q.purpose)}",
        ]
        if q.weight != 1:
            lines.append(f"weight = {q.weight}")
    return "\n".join(lines) + "\n"
