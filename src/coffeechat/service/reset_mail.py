"""A password reset link by e-mail, through the team server's mail server (the one the
digests use, ``MailServer.from_env``): from the sign-in page's "Forgot your password?"
and from ``coffeechat admin reset-password`` when a mail server is set. The link and
the message body are never logged: whoever reads a log must not be able to take over
an account."""

from __future__ import annotations

import datetime as dt
import logging
import os

from coffeechat.config import BadEnvironment
from coffeechat.core.digests import Message
from coffeechat.service.digests import URL_ENV, MailServer, _deliver

log = logging.getLogger(__name__)


def configured_mail() -> MailServer | None:
    """The team server's mail server, or None when none is set, or when its settings
    cannot work (said once in the log, without any secret; the pages then say to ask an
    admin, as without one)."""
    try:
        return MailServer.from_env()
    except BadEnvironment as error:
        log.warning("password reset mails are off: %s", error)
        return None


def link_base(request_base: str) -> str:
    """Where reset links start: COFFEECHAT_SERVER_URL when set (the public address an
    admin chose), else the address the request came to."""
    return (os.environ.get(URL_ENV, "").strip() or request_base).rstrip("/")


def reset_message(name: str, link: str, hours: int) -> Message:
    """The mail that carries a reset link: short, plain, and what to do if it was not
    asked for."""
    greeting = f"Hello {name}," if name.strip() else "Hello,"
    text = (
        f"{greeting}\n\n"
        "Someone (you, we hope) asked for a new coffeechat password for this address.\n"
        "Open this link to choose one:\n\n"
        f"{link}\n\n"
        f"It works once, for {hours} hours. Setting a new password signs out every\n"
        "browser signed in to your account.\n\n"
        "If you did not ask for it, do nothing: your password stays as it is.\n"
    )
    return Message("Your coffeechat password reset link", text, 1)


def mail_reset(mail: MailServer, to: str, name: str, link: str, now: dt.datetime) -> None:
    """Mail the reset link to its account's address (SendError when the server says
    no). Neither the link nor the body goes to the log."""
    from coffeechat.service.accounts import RESET_LIFETIME

    hours = int(RESET_LIFETIME.total_seconds() // 3600)
    _deliver(mail, to, reset_message(name, link, hours), now)
