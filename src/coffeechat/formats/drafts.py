"""Rendering a draft from its Jinja template: the user's override wins over the packaged one.

A template is plain text: a first line ``Subject: ...``, a blank line, then the body.
Rendering is strict (an undefined variable is an error, not an empty string) and does no
HTML escaping. Jinja is imported only when a draft is rendered.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeechat.core.errors import CoffeechatError

if TYPE_CHECKING:
    import jinja2

#: Where a user's own templates live, under COFFEECHAT_HOME.
OVERRIDE_FOLDER = "templates"


class TemplateError(CoffeechatError):
    """A draft template that cannot be rendered; the message names the file and line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        where = f"{source}: line {line}" if line is not None else source
        super().__init__(f"template {where}: {problem}")


def packaged_folder() -> Path:
    """The folder of the templates shipped with coffeechat."""
    return Path(__file__).resolve().parent.parent / "templates" / "drafts"


def template_path(kind: str, home: Path) -> Path:
    """The file a draft of ``kind`` is rendered from: the override under ``home`` when the
    user has one, else the packaged template."""
    override = home / OVERRIDE_FOLDER / f"{kind}.txt"
    return override if override.is_file() else packaged_folder() / f"{kind}.txt"


def _environment() -> jinja2.Environment:
    """Strict, unescaped, and sandboxed: a template is text someone typed (on the web's
    Settings too), so it reaches the draft's values and no Python object behind them."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _line_in(error: BaseException, filename: str) -> int | None:
    """The template line an error was raised on (Jinja maps its frames to the file)."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == filename:
            return frame.lineno
    return None


def render(kind: str, context: dict[str, Any], home: Path) -> tuple[str, str]:
    """Render the draft of ``kind``: (subject, body)."""
    path = template_path(kind, home)
    from coffeechat.formats import files

    try:
        source = files.read_bytes(path, files.TEXT_LIMIT, "a template").decode("utf-8")
    except files.TooLarge as error:
        raise TemplateError(str(path), None, error.problem) from None
    except files.FileTrouble as error:
        raise TemplateError(str(path), None, f"cannot be read ({error.problem})") from None
    except UnicodeDecodeError as error:
        raise TemplateError(str(path), None, f"cannot be read ({error})") from None
    return render_source(source, str(path), context)


def check_source(source: str, filename: str) -> None:
    """Refuse a template that cannot be compiled (TemplateError, with its line), or
    whose first line is not its ``Subject:`` (before a draft is ever rendered from it)."""
    import jinja2

    try:
        _environment().parse(source, name=Path(filename).name, filename=filename)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(filename, error.lineno, error.message or "syntax error") from None
    first = source.lstrip("\n").split("\n", 1)[0]
    if not first.lower().startswith(("subject:", "{")):
        raise TemplateError(filename, 1, "the first line must be `Subject: ...`")


def render_source(source: str, filename: str, context: dict[str, Any]) -> tuple[str, str]:
    """Render a template's text (read from ``filename``, named in its errors)."""
    import jinja2

    env = _environment()
    try:
        # Compiled under the file's name, so errors raised while rendering point at its lines.
        code = env.compile(source, name=Path(filename).name, filename=filename)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(filename, error.lineno, error.message or "syntax error") from None
    try:
        template = env.template_class.from_code(env, code, env.make_globals(None))
        text = template.render(context)
    except jinja2.TemplateError as error:
        problem = error.message or type(error).__name__
        raise TemplateError(filename, _line_in(error, filename), problem) from None
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        raise TemplateError(filename, _line_in(error, filename), str(error)) from None
    return split_subject(text, filename)


def split_subject(text: str, source: str) -> tuple[str, str]:
    """(subject, body) of a rendered template: ``Subject: ...``, a blank line, the body."""
    lines = text.lstrip("\n").split("\n")
    first = lines[0] if lines else ""
    if not first.lower().startswith("subject:"):
        raise TemplateError(source, 1, "the first line must be `Subject: ...`")
    subject = " ".join(first.split(":", 1)[1].split())
    body = "\n".join(line.rstrip() for line in lines[1:]).strip("\n")
    # Jinja blocks that render nothing leave runs of blank lines: keep one.
    while "\n\n\n" in body:
        body = body.replace("\n\n\n", "\n\n")
    return subject, body + "\n"
