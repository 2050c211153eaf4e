"""What the web app needs to know: the workspace folder and the names it answers to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.web.security import MAX_BODY, bound_hosts


@dataclass(frozen=True)
class WebSettings:
    """Settings of one web app: the workspace folder (token files), the host it is
    bound to (the Host header must name it or loopback), whether it is served over
    HTTPS (the session cookie is then ``Secure``), and the body cap. ``team``: the team
    server (``serve --team``): accounts sign in with their e-mail and password, each in
    their own workspace; ``extra_hosts``: more names the Host header may give (the
    public name a reverse proxy passes on); ``private_addresses``: the team server may
    download calendars from loopback and private networks (else public ones only);
    ``threads``: the size of the thread pool the requests' work runs in."""

    home: Path
    host: str = "127.0.0.1"
    https: bool = False
    max_body: int = MAX_BODY
    hosts: frozenset[str] = field(default=frozenset())
    team: bool = False
    extra_hosts: frozenset[str] = field(default=frozenset())
    private_addresses: bool = False
    #: How many requests run their (synchronous) work at once, in the thread pool:
    #: None leaves anyio's 40.
    threads: int | None = None
    #: Get ready at start-up (``web/warmup.py``): what ``serve`` runs.
    warm: bool = False

    def allowed_hosts(self) -> frozenset[str]:
        """The Host names accepted."""
        return (self.hosts or bound_hosts(self.host)) | {h.lower() for h in self.extra_hosts}

    def token(self) -> str | None:
        """The workspace's access token as it is now (its file checked each time:
        --new-token takes effect at once, in every worker)."""
        from coffeechat.service.access import current_token

        return current_token(self.home)
