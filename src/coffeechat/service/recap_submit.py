"""``coffeechat recap submit``: hand a recap written in a local workspace to a coach on a
team server, with an API token, and nothing else of the workspace.

The recap is assembled here, as ``coffeechat recap`` would write it (nothing is saved,
the stage does not move), and only its ``recap --json`` document and Markdown go to the
server (``POST /api/v1/submissions``), with a key of the contact (``local-<id>``) so that
the next submission of the same contact is its next version. The token comes from a file
(``--token-file``) or ``COFFEECHAT_SERVER_TOKEN``, never from the command line (where
shell history and the process list would keep it).

Every way it can fail is one line: the server unreachable, the token refused (401), no
team server at that address (404), or what the server said was wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from coffeechat.core.errors import CoffeechatError, InvalidValue

if TYPE_CHECKING:
    import httpx2 as httpx

    from coffeechat.service.workspace import Workspace

#: Where the token is read when no --token-file is given.
TOKEN_ENV = "COFFEECHAT_SERVER_TOKEN"
#: Seconds to wait for the server, to connect and for its answer.
TIMEOUT = 20.0
#: Where a token comes from.
TOKEN_HOW = (
    'make one on the server\'s Account page (/account, "API tokens"), or ask an admin: '
    "`coffeechat admin token EMAIL --name LABEL`"
)
#: Hosts that may be reached over plain http (the token crosses no network).
LOOPBACK = ("localhost", "127.0.0.1", "::1")


class SubmitFailed(CoffeechatError):
    """The team server could not be reached, or refused the submission."""


@dataclass(frozen=True)
class RemoteSubmission:
    """What the server made: the submission's id, status and version, and its page; or
    (``unchanged``) the submission as it was, when nothing changed since its latest
    version."""

    id: int
    status: str
    version: int
    contact: str
    url: str
    #: The recap read as the latest version: the server made none (it answered 200).
    unchanged: bool = False


def server_token(token_file: str | None) -> str:
    """The API token: the first line of ``token_file``, else ``COFFEECHAT_SERVER_TOKEN``."""
    if token_file is not None:
        try:
            lines = Path(token_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not a text file"
            raise SubmitFailed(f"--token-file {token_file}: cannot read it ({reason})") from None
        token = lines[0].strip() if lines else ""
        if not token:
            raise SubmitFailed(f"--token-file {token_file}: the file is empty")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise SubmitFailed(f"no API token: give --token-file FILE or set {TOKEN_ENV} ({TOKEN_HOW})")
    return token


def server_address(server: str) -> str:
    """The server's base address, checked: http(s) with a host; plain http only to this
    computer (the token would cross the network readable)."""
    address = server.strip().rstrip("/")
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidValue("--server", server, "not a web address", "https://coffee.example.org")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise InvalidValue(
            "--server",
            server,
            "use https:// for a server on another computer (the token must not cross "
            "the network in the clear)",
            "https://coffee.example.org",
        )
    return address


def _client() -> httpx.Client:
    """The HTTP client (tests replace it with one bound to the app in-process)."""
    import httpx2 as httpx

    return httpx.Client(timeout=TIMEOUT, follow_redirects=False)


def _refusal(answer: httpx.Response, address: str) -> SubmitFailed:
    status = answer.status_code
    if status == 401:
        return SubmitFailed(
            f"{address} refused the API token (401): check it, or make a new one ({TOKEN_HOW})"
        )
    if status == 404:
        return SubmitFailed(
            f"{address} has no recap review (404): is it a team server (`coffeechat serve "
            "--team`)? Check --server"
        )
    message = None
    try:
        body = answer.json()
        message = body["error"]["message"]
    except (ValueError, KeyError, TypeError):
        pass
    if status >= 500:
        return SubmitFailed(f"{address} failed ({status}): try again later, or tell its admin")
    said = " ".join(str(message).split()) if message else answer.reason_phrase
    return SubmitFailed(f"{address} refused the recap ({status}): {said}")


def submit_recap(
    workspace: Workspace,
    ref: str,
    server: str,
    token: str,
    *,
    cohort: int | None = None,
    conversation: int | None = None,
) -> RemoteSubmission:
    """Submit the recap of contact ``ref`` (``conversation``, else its latest
    conversation whose recap has something written) to the coach of ``cohort`` (needed
    when the account is in several) on the team server at ``server``."""
    import httpx2 as httpx

    from coffeechat.formats import jsonout
    from coffeechat.formats.recap import recap_markdown

    address = server_address(server)
    if conversation is None:  # the latest recap written, even with the next chat scheduled
        conversation = workspace.latest_recap_conversation(ref)
    result = workspace.preview_recap(ref, conversation)
    body: dict[str, Any] = {
        "recap": jsonout.recap_written(result, "md", None),
        "markdown": recap_markdown(result.recap),
        "contact_key": f"local-{result.contact.id}",
    }
    if cohort is not None:
        body["cohort"] = cohort
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    try:
        with _client() as client:
            answer = client.post(f"{address}/api/v1/submissions", json=body, headers=headers)
    except httpx.TimeoutException:
        raise SubmitFailed(
            f"{address} did not answer within {TIMEOUT:.0f} seconds: try again later"
        ) from None
    except httpx.HTTPError as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise SubmitFailed(
            f"cannot reach {address} ({reason}): check --server and your connection"
        ) from None
    if answer.status_code not in (200, 201):
        raise _refusal(answer, address)
    try:
        body = answer.json()
        made = body["submission"]
        return RemoteSubmission(
            int(made["id"]),
            str(made["status"]),
            int(made["version"]),
            result.contact.name,
            f"{address}/submissions/{int(made['id'])}",
            answer.status_code == 200 and body.get("unchanged") is True,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        kind = answer.headers.get("content-type", "").split(";")[0].strip() or "no type"
        raise SubmitFailed(
            f"{address} is not a coffeechat team server, or the address is wrong (it answered "
            f"{answer.status_code} with {kind}, not a submission): check --server"
        ) from None
