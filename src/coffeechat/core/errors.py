"""Errors raised by core and service, turned into one clear line at the edge (CLI/web)."""

from __future__ import annotations

from collections.abc import Sequence

#: At most this many characters of a value a user gave are quoted back in an error.
QUOTED = 60


def quoted(value: object) -> str:
    """A value as an error quotes it: its ``repr`` (control characters escaped), cut to
    about ``QUOTED`` characters with how long it was, so a 120 KB value is one short line."""
    if isinstance(value, str) and len(value) > QUOTED:
        return f"{value[:QUOTED]!r}… ({len(value):,} characters)"
    shown = repr(value)
    if len(shown) > QUOTED + 2:
        return f"{shown[:QUOTED]}… ({len(shown):,} characters)"
    return shown


class CoffeechatError(Exception):
    """A user-facing error: the message says what is wrong and how to fix it."""


class InvalidValue(CoffeechatError):
    """A value given for a field is not valid; the message names the field and an example."""

    def __init__(self, field: str, value: object, problem: str, example: str) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        self.example = example
        super().__init__(f"{field}: {problem} (got {quoted(value)}; example: {example})")


class UnknownZone(InvalidValue):
    """A time zone that is not an IANA name; the message suggests the zones it may mean
    (a city typed alone: "Chicago" for America/Chicago)."""

    def __init__(self, field: str, value: object, suggestions: list[str]) -> None:
        self.suggestions = suggestions
        if not suggestions:
            super().__init__(field, value, "not an IANA time zone", "Europe/Paris")
            return
        meant = " or ".join(suggestions)
        self.field, self.value = field, value
        self.problem = f"unknown time zone; did you mean {meant}?"
        self.example = suggestions[0]
        CoffeechatError.__init__(
            self, f"{field}: unknown time zone {quoted(value)}; did you mean {meant}?"
        )


class NoWorkspace(CoffeechatError):
    """The command needs a workspace and none has been created yet."""

    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(
            f"no coffeechat workspace at {where}: run `coffeechat init` to create one "
            "(or `coffeechat demo` to try it with sample data)"
        )


class NotAWorkspace(CoffeechatError):
    """The database exists but is not a coffeechat workspace."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(
            f"{where} is not a coffeechat workspace ({reason}): move it aside, or point "
            "COFFEECHAT_HOME or --home at another folder"
        )


class WorkspaceExists(CoffeechatError):
    """`init` was run where a workspace already exists."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"a workspace already exists at {where}: change it with `coffeechat settings set`"
        )


class WorkspaceBusy(CoffeechatError):
    """Another command kept the workspace locked for longer than coffeechat waits."""

    def __init__(self, waited: float, what: str = "nothing was changed") -> None:
        self.waited = waited
        self.what = what
        during = f" for {waited:.0f} s" if waited >= 1 else ""
        super().__init__(
            f"the workspace stayed locked by another coffeechat command{during}, so {what}: "
            "try again when it has finished"
        )


class UnknownContact(CoffeechatError):
    """No contact matches the reference the user gave."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(
            f"contact: no contact matches {quoted(ref)}; "
            "see `coffeechat contact list` for ids and names"
        )


class AmbiguousContact(CoffeechatError):
    """Several contacts match the reference; the message lists them."""

    def __init__(self, ref: str, candidates: Sequence[tuple[int, str]]) -> None:
        self.ref = ref
        self.candidates = list(candidates)
        listed = ", ".join(f"{name} (id {cid})" for cid, name in candidates)
        super().__init__(
            f"contact: {quoted(ref)} matches {len(candidates)} contacts: {listed}; "
            "give the id or more of the name"
        )


class IntroductionCycle(CoffeechatError):
    """An introduction that would close a loop: A introduced B, and B introduced A."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        chain = " → ".join(quoted(n) for n in names)
        super().__init__(
            f"introduction: that would make a loop of introductions ({chain}); who "
            "introduced whom runs one way: correct the first one with "
            '`coffeechat contact edit CONTACT --introduced-by ""`'
        )


class UnknownCompany(CoffeechatError):
    """No company matches the reference the user gave."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(
            f"company: no company matches {quoted(ref)}; see `coffeechat company list`"
        )


class AmbiguousCompany(CoffeechatError):
    """Several companies match the reference."""

    def __init__(self, ref: str, candidates: Sequence[tuple[int, str]]) -> None:
        listed = ", ".join(f"{name} (id {cid})" for cid, name in candidates)
        super().__init__(
            f"company: {quoted(ref)} matches {len(candidates)} companies: {listed}; "
            "give the id or the full name"
        )


class CompanyExists(CoffeechatError):
    """A company of that name is already in the workspace."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"company: {name!r} is already in the workspace; change it with "
            f"`coffeechat company edit {name!r}`"
        )


class SchemaTooNew(CoffeechatError):
    """The workspace was written by a newer coffeechat than this one."""

    def __init__(self, found: str) -> None:
        super().__init__(
            f"this workspace has schema {found}, newer than this coffeechat knows: "
            "upgrade coffeechat (pip install -U coffeechat)"
        )


class CalendarParseError(CoffeechatError):
    """A calendar (file or URL) cannot be read; the message names the source and the line."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source = source
        self.line = line
        # a damaged file's value can hold line breaks: the message stays one line
        self.problem = " ".join(problem.split())
        where = f"{source}: line {line}: " if line is not None else f"{source}: "
        super().__init__(where + self.problem)


#: What every command says when the workspace database is damaged (issue 12).
DAMAGED = "the workspace database is damaged: run `coffeechat doctor`"


class DamagedWorkspace(CoffeechatError):
    """The workspace's database file is damaged (SQLite found broken pages, or cannot read
    its own layout): nothing is read from it or written to it until `doctor` has looked.
    ``after`` says what did not happen because of it (e.g. "no backup was made")."""

    def __init__(self, where: str, after: str = "") -> None:
        self.where = where
        super().__init__(DAMAGED + (f" ({after})" if after else ""))


class BackupFailed(CoffeechatError):
    """A backup could not be written (a full disk, a read-only folder); nothing was left
    behind, and what it was to protect did not happen."""

    def __init__(self, target: str, problem: str, automatic: bool = False) -> None:
        self.target = target
        self.problem = problem
        if automatic:
            message = (
                f"the automatic backup to {target} failed ({problem}), so nothing was "
                "changed: free some space or fix the folder, then try again"
            )
        else:
            message = f"backup: {target}: {problem}; nothing was written"
        super().__init__(message)


class WorkspaceNotCreated(CoffeechatError):
    """`init` could not create the workspace folder or its database; nothing was left."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(
            f"cannot create a workspace at {where}: {problem} (nothing was created): choose "
            "another folder with --home or COFFEECHAT_HOME"
        )


class UnknownRecord(CoffeechatError):
    """No note, takeaway, promise, introduction or timeline entry has the id given."""

    def __init__(self, what: str, ref: object, listing: str) -> None:
        self.what = what
        self.ref = ref
        super().__init__(
            f"{what}: there is no {what} {quoted(ref)}; "
            f"`coffeechat {listing} CONTACT` lists the ids"
        )


class NoSuchId(CoffeechatError):
    """An id larger than any the database holds (past its integers' range): nothing has
    it, whatever it was meant to name."""

    def __init__(self) -> None:
        super().__init__("id: nothing has an id that large; check the number")


class FarAhead(CoffeechatError):
    """A meeting logged more than a day ahead: likely a typo in the date, so it needs
    saying so (``--future``, or a yes in a terminal)."""

    def __init__(self, kind: str, when: str) -> None:
        self.kind = kind
        self.when = when
        super().__init__(
            f"at: {when} is more than a day ahead; if the {kind} is really planned then, "
            "add --future (or fix the date)"
        )


class EmptyRecap(CoffeechatError):
    """A recap asked for with nothing written to put in it."""

    def __init__(
        self, name: str, contact_id: int, reflection: bool, *, page: str | None = None
    ) -> None:
        self.name, self.contact_id, self.reflection = name, contact_id, reflection
        what = "reflection" if reflection else "recap"
        if page is not None:  # on the team server: its pages, not a command's ids
            super().__init__(
                f"recap: nothing is written for a {what} of {name} yet; add notes or "
                f"takeaways on the chat page, or your reflection on the recap page ({page}), "
                "then submit again"
            )
            return
        add = [
            f'a takeaway (coffeechat takeaway add {contact_id} --kind insight "...")',
            f'a note (coffeechat note add {contact_id} "...")',
        ]
        mine = f'your reflection (coffeechat recap {contact_id} --reflection "...")'
        ways = [mine, *add] if reflection else [*add, mine]
        super().__init__(
            f"recap: nothing is written for a {what} of {name} yet; add "
            f"{', '.join(ways[:-1])} or {ways[-1]}"
        )


class AlreadyScheduled(CoffeechatError):
    """`schedule confirm` for a contact whose conversation is already scheduled, without
    saying to move it: a second scheduled conversation (and a second invite) would be a
    mistake."""

    def __init__(self, name: str, contact_id: int, when: str) -> None:
        self.name, self.contact_id, self.when = name, contact_id, when
        super().__init__(
            f"{name} already has a conversation on {when}: to move it, confirm again with "
            f"--move, or offer new times with `coffeechat schedule reschedule {contact_id}`"
        )


class UndoRefused(CoffeechatError):
    """The change to undo is no longer the last one (another writer made one since)."""

    def __init__(self, expected: str) -> None:
        self.expected = expected
        super().__init__(
            f"undo: {expected} is no longer the last change (someone changed the workspace "
            "since); run `coffeechat undo --dry-run` to see what undo would revert now"
        )


class UnknownUser(CoffeechatError):
    """No account has that e-mail address."""

    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(
            f"no account for {quoted(email)}: `coffeechat admin list-users` lists them"
        )


class UserExists(CoffeechatError):
    """An account with that e-mail address exists already."""

    def __init__(self, email: str) -> None:
        self.email = email
        super().__init__(
            f"there is already an account for {email}: "
            f"`coffeechat admin reset-password {email}` gives it a new password"
        )


class PasswordRefused(CoffeechatError):
    """A new password does not follow the rules (never quoted back)."""

    def __init__(self, problem: str) -> None:
        self.field = "password"
        self.problem = problem
        super().__init__(f"password: {problem}")


class Deactivated(CoffeechatError):
    """The account is deactivated: nothing new is made for it (a reset link, a token, a
    place in a cohort)."""

    def __init__(self, email: str, what: str, field: str = "email") -> None:
        self.field = field
        self.email = email
        super().__init__(f"{field}: {email} is deactivated, so {what}")


class UnknownCohort(CoffeechatError):
    """No cohort has that name."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"no cohort named {quoted(name)}: `coffeechat admin cohort list` lists them"
        )


class CohortExists(CoffeechatError):
    """A cohort of that name exists already."""

    def __init__(self, name: str) -> None:
        super().__init__(f"there is already a cohort named {quoted(name)}: choose another name")


class WrongRole(CoffeechatError):
    """The account does not have the role the action needs."""

    def __init__(self, email: str, role: str, needed: str) -> None:
        super().__init__(
            f"{email} is a {role}, not a {needed}: create a {needed} account with "
            f"`coffeechat admin create-user EMAIL --name NAME --role {needed}`"
        )


class NoDatabase(CoffeechatError):
    """The admin commands need a database made by coffeechat."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no coffeechat database at {where}: set COFFEECHAT_DATABASE_URL, then run "
            "`coffeechat init` once"
        )
