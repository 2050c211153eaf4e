"""``coffeechat admin``: accounts, passwords, API tokens and cohorts of the team server,
from the shell, on each backend; and what undo does (and never does) with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from coffeechat.config import Clock, Settings
from coffeechat.service.accounts import (
    FAILURES_PER_ACCOUNT,
    Accounts,
    BadSignIn,
    TooManyAttempts,
    hasher,
)
from conftest import CLI, NOW_DT, OWNER, make_settings

PASSWORD = "correct horse battery"


@pytest.fixture
def admin(database_url: str, monkeypatch: pytest.MonkeyPatch, quick_passwords: None) -> CLI:
    """The CLI on a fresh, empty database of each backend (the admin commands make its
    tables)."""
    monkeypatch.setenv("COFFEECHAT_DATABASE_URL", database_url)
    return CLI()


def accounts_now(at: dt.datetime = NOW_DT) -> Accounts:
    settings = Settings.from_env()
    return Accounts.open(Settings(settings.home, settings.database_url, Clock(at)))


def create(cc: CLI, email: str, name: str = "Bo Chen", role: str = "seeker") -> None:
    cc("admin", "create-user", email, "--name", name, "--role", role, input=PASSWORD + "\n")


def test_create_user_reads_the_password_from_stdin_and_lists_it(admin: CLI) -> None:
    result = admin(
        "admin", "create-user", "  Ada@Example.ORG ", "--name", "Ada Lovelace", "--role", "coach",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert result.stdout == ""
    assert result.stderr == "Created ada@example.org (coach).\n"
    create(admin, "bo@example.org")
    assert admin.json("admin", "list-users") == {
        "users": [
            {
                "email": "ada@example.org",
                "name": "Ada Lovelace",
                "role": "coach",
                "active": True,
                "created_at": "2026-11-27T14:00:00+00:00",
            },
            {
                "email": "bo@example.org",
                "name": "Bo Chen",
                "role": "seeker",
                "active": True,
                "created_at": "2026-11-27T14:00:00+00:00",
            },
        ]
    }
    assert admin("admin", "list-users").stdout == (
        "ada@example.org  coach  Ada Lovelace\nbo@example.org  seeker  Bo Chen\n"
    )
    with accounts_now() as accounts:
        signed = accounts.sign_in("ADA@example.org", PASSWORD, address=None, user_agent=None)
        assert signed.user.email == "ada@example.org"


def test_create_user_asks_twice_at_a_terminal(admin: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coffeechat.cli.admin._terminal", lambda: True)
    result = admin(
        "admin",
        "create-user",
        "ada@example.org",
        "--name",
        "Ada",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert "Repeat the password" in result.stderr
    assert PASSWORD not in result.output
    assert [u["email"] for u in admin.json("admin", "list-users")["users"]] == ["ada@example.org"]


def test_an_address_has_one_account_however_it_is_typed(admin: CLI) -> None:
    create(admin, "bo@example.org")
    result = admin.fails(
        "admin", "create-user", "BO@Example.org", "--name", "Bo", input=PASSWORD + "\n"
    )
    assert result.stderr == (
        "Error: there is already an account for bo@example.org: "
        "`coffeechat admin reset-password bo@example.org` gives it a new password\n"
    )
    assert len(admin.json("admin", "list-users")["users"]) == 1


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", "is too short: at least 8 characters"),
        ("short1!", "is too short: at least 8 characters"),
        ("Password123!", "is one of the passwords tried first by anyone guessing"),
        ("iloveyou", "is one of the passwords tried first by anyone guessing"),
        ("aaaaaaaaaaaa", "is one of the passwords tried first by anyone guessing"),
        ("bo.chen2026", "is one of the passwords tried first by anyone guessing"),
    ],
)
def test_weak_passwords_are_refused_and_never_echoed(
    admin: CLI, password: str, problem: str
) -> None:
    result = admin.fails(
        "admin", "create-user", "bo.chen@example.org", "--name", "Bo", input=password + "\n"
    )
    assert result.stderr.startswith(f"Error: password: {problem}")
    if password:
        assert password not in result.stderr
    assert admin.json("admin", "list-users") == {"users": []}


def test_long_pass_phrases_are_welcome(admin: CLI) -> None:
    phrase = "a long pass phrase, " * 10  # 200 characters
    admin("admin", "create-user", "bo@example.org", "--name", "Bo", input=phrase + "\n")
    with accounts_now() as accounts:
        assert accounts.sign_in("bo@example.org", phrase, address=None, user_agent=None)


def test_bad_addresses_and_names_are_one_line(admin: CLI) -> None:
    result = admin.fails("admin", "create-user", "bo", "--name", "Bo", input=PASSWORD + "\n")
    assert result.stderr.startswith("Error: email: not an e-mail address")
    result = admin.fails(
        "admin", "create-user", "bo@example.org", "--name", "  ", input=PASSWORD + "\n"
    )
    assert result.stderr.startswith("Error: name: cannot be empty")
    result = admin.fails("admin", "deactivate", "nobody@example.org")
    assert result.stderr == (
        "Error: no account for 'nobody@example.org': `coffeechat admin list-users` lists them\n"
    )


def test_a_token_is_printed_once_and_kept_as_a_hash(admin: CLI) -> None:
    create(admin, "bo@example.org")
    result = admin("admin", "token", "bo@example.org", "--name", "laptop sync")
    token = result.stdout.strip()
    assert token.startswith("cct_") and len(token) > 40
    assert "shown only this once" in result.stderr
    with accounts_now() as accounts:
        user = accounts.token_user(token)
        assert user is not None and user.email == "bo@example.org"
        with accounts.reading() as conn:
            stored = conn.execute(text("SELECT name, token_hash FROM api_token")).one()
            audit = conn.execute(text("SELECT action, target, detail FROM audit_log")).all()
        assert stored.name == "laptop sync" and token not in stored.token_hash
        assert ("token.issue", "bo@example.org", "laptop sync") in [tuple(r) for r in audit]
        assert accounts.token_user(token + "x") is None


def test_deactivate_ends_sessions_and_tokens(admin: CLI) -> None:
    create(admin, "bo@example.org")
    token = admin("admin", "token", "bo@example.org", "--name", "cli").stdout.strip()
    with accounts_now() as accounts:
        session = accounts.sign_in("bo@example.org", PASSWORD, address=None, user_agent=None)
        assert accounts.session_user(session.session_id) is not None
    result = admin("admin", "deactivate", "bo@example.org")
    assert result.stderr.startswith("Deactivated bo@example.org")
    with accounts_now() as accounts:
        assert accounts.token_user(token) is None
        assert accounts.session_user(session.session_id) is None
        with pytest.raises(BadSignIn):
            accounts.sign_in("bo@example.org", PASSWORD, address=None, user_agent=None)
    assert admin.json("admin", "list-users")["users"][0]["active"] is False
    assert admin("admin", "list-users").stdout == "bo@example.org  seeker  Bo Chen  (deactivated)\n"
    result = admin.fails("admin", "token", "bo@example.org", "--name", "again")
    assert "deactivated" in result.stderr


def test_reset_password_prints_a_link_that_works_once(admin: CLI) -> None:
    create(admin, "bo@example.org")
    result = admin("admin", "reset-password", "bo@example.org", "--url", "https://cc.example/")
    link = result.stdout.strip()
    assert link.startswith("https://cc.example/reset/")
    token = link.rsplit("/", 1)[1]
    with accounts_now() as accounts:
        assert accounts.reset_account(token) is not None
        assert accounts.use_reset(token, "a brand new phrase") is not None
        assert accounts.use_reset(token, "another new phrase") is None  # used up
        assert accounts.sign_in(
            "bo@example.org", "a brand new phrase", address=None, user_agent=None
        )
    later = NOW_DT + dt.timedelta(hours=25)
    second = admin("admin", "reset-password", "bo@example.org").stdout.strip()
    assert second.startswith("http://127.0.0.1:8765/reset/")
    with accounts_now(later) as accounts:  # a day and an hour later: out of date
        assert accounts.reset_account(second.rsplit("/", 1)[1]) is None
        assert accounts.use_reset(second.rsplit("/", 1)[1], "a third new phrase") is None


def test_cohorts_are_made_filled_and_listed(admin: CLI) -> None:
    create(admin, "ada@example.org", "Ada Lovelace", "coach")
    create(admin, "bo@example.org")
    create(admin, "cy@example.org", "Cy Diaz")
    code = admin("admin", "cohort", "create", "Spring 2027", "--coach", "ada@example.org", "--goal", "4").stdout.strip()  # noqa: E501  # fmt: skip
    assert len(code) >= 12
    admin("admin", "cohort", "add", "Spring 2027", "bo@example.org")
    admin("admin", "cohort", "add", "Spring 2027", "CY@example.org")
    again = admin("admin", "cohort", "add", "Spring 2027", "cy@example.org")
    assert again.stderr == "cy@example.org is in Spring 2027.\n"
    assert admin.json("admin", "cohort", "list") == {
        "cohorts": [
            {
                "name": "Spring 2027",
                "coach": {"email": "ada@example.org", "name": "Ada Lovelace"},
                "weekly_goal": 4,
                "invite_code": code,
                "members": 2,
                "created_at": "2026-11-27T14:00:00+00:00",
            }
        ]
    }
    listed = admin("admin", "cohort", "list").stdout
    assert listed == f"Spring 2027  coach ada@example.org  goal 4/week  2 seekers  code {code}\n"


def test_cohort_mistakes_are_one_line(admin: CLI) -> None:
    create(admin, "ada@example.org", "Ada Lovelace", "coach")
    create(admin, "bo@example.org")
    result = admin.fails("admin", "cohort", "create", "Spring", "--coach", "bo@example.org")
    assert result.stderr.startswith("Error: bo@example.org is a seeker, not a coach")
    admin("admin", "cohort", "create", "Spring", "--coach", "ada@example.org")
    result = admin.fails("admin", "cohort", "create", "Spring", "--coach", "ada@example.org")
    assert result.stderr == "Error: there is already a cohort named 'Spring': choose another name\n"
    result = admin.fails("admin", "cohort", "add", "Autumn", "bo@example.org")
    assert result.stderr.startswith("Error: no cohort named 'Autumn'")
    result = admin.fails("admin", "cohort", "add", "Spring", "ada@example.org")
    assert result.stderr.startswith("Error: ada@example.org is a coach, not a seeker")
    assert admin("admin", "cohort", "add", "Spring", "bo@example.org", ok=False).exit_code == 0
    result = admin("admin", "cohort", "create", "X", "--coach", "a@b.c", "--goal", "101", ok=False)
    assert result.exit_code == 2


def test_empty_lists_say_what_to_do(admin: CLI) -> None:
    assert "create-user" in admin("admin", "list-users").stdout
    assert admin.json("admin", "cohort", "list") == {"cohorts": []}
    assert "cohort create" in admin("admin", "cohort", "list").stdout


# --- undo: per user, and never of accounts ---------------------------------------------------


def test_admin_commands_leave_the_last_change_alone(ccw: CLI, quick_passwords: None) -> None:
    ccw("contact", "add", "Ada Lovelace")
    create(ccw, "bo@example.org")
    ccw("admin", "token", "bo@example.org", "--name", "cli")
    ccw("admin", "deactivate", "bo@example.org")
    assert ccw.json("undo", "--dry-run")["label"] == "contact add"


def test_undo_is_per_user_and_never_brings_back_an_account(
    database_url: str, tmp_path: Path, quick_passwords: None
) -> None:
    from coffeechat.service import Workspace

    settings = make_settings(tmp_path / "ws", database_url)
    Workspace.create(settings, **OWNER).close()
    with Accounts.open(settings) as accounts:
        bo = accounts.create_user("bo@example.org", "Bo Chen", "seeker", PASSWORD)
        cy = accounts.create_user("cy@example.org", "Cy Diaz", "seeker", PASSWORD)
        mine, theirs = accounts.workspace_for(bo.id), accounts.workspace_for(cy.id)
        mine.add_contact(name="Ada Lovelace")
        theirs.add_contact(name="Grace Hopper")
        mine.update_settings(name="Bo C.")  # Bo's last change: his settings
        accounts.set_role("bo@example.org", "coach")
        accounts.set_password("bo@example.org", "a brand new phrase")
        accounts.deactivate("bo@example.org")
        assert theirs.last_change().label == "a change"  # type: ignore[union-attr]
        undone = mine.undo()
        assert undone is not None
        assert mine.get_settings().name == "Bo Chen"  # his change, reverted
        after = accounts.list_users()
        bo_now = next(u for u in after if u.email == "bo@example.org")
        assert (bo_now.role, bo_now.active) == ("coach", False)  # the account's, kept
        with accounts.reading() as conn:
            stored = conn.execute(
                text('SELECT password_hash FROM "user" WHERE id = :i'), {"i": bo.id}
            ).scalar_one()
            entries = conn.execute(text("SELECT old FROM undo_entry")).scalars().all()
        assert hasher().verify("a brand new phrase", stored)
        assert not any("argon2" in (old or "") for old in entries)
        # Cy's change is still Cy's to undo; Bo has nothing left
        assert mine.last_change() is None
        assert theirs.undo() is not None
        assert [c.name for c in theirs.list_contacts()] == []
        assert [c.name for c in mine.list_contacts()] == ["Ada Lovelace"]


def test_two_admins_creating_one_address_at_once_make_one_account(admin: CLI) -> None:
    """Race-free on PostgreSQL too: the unique index decides, the loser is told."""
    import threading

    from coffeechat.core.errors import UserExists

    admin("admin", "list-users")  # the tables made
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def make(name: str) -> None:
        with accounts_now() as accounts:
            start.wait()
            try:
                accounts.create_user("bo@example.org", name, "seeker", PASSWORD)
                outcomes.append("made")
            except UserExists:
                outcomes.append("exists")

    threads = [threading.Thread(target=make, args=(n,)) for n in ("Bo", "Bo Chen")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["exists", "made"]
    assert len(admin.json("admin", "list-users")["users"]) == 1


def test_role_changes_and_token_revocations_are_audited(admin: CLI) -> None:
    create(admin, "bo@example.org")
    admin("admin", "token", "bo@example.org", "--name", "cli")
    with accounts_now() as accounts:
        accounts.set_role("bo@example.org", "coach", actor=None)
        assert accounts.revoke_token("bo@example.org", "cli") == 1
        with accounts.reading() as conn:
            rows = conn.execute(text("SELECT action, target, detail FROM audit_log ORDER BY id"))
            found = [tuple(r) for r in rows]
    assert found == [
        ("user.create", "bo@example.org", "role=seeker"),
        ("token.issue", "bo@example.org", "cli"),
        ("user.role", "bo@example.org", "seeker->coach"),
        ("token.revoke", "bo@example.org", "cli"),
    ]


# --- roles, tokens and the audit log from the shell --------------------------------------------


def test_set_role_changes_the_role_and_says_so(admin: CLI) -> None:
    create(admin, "bo@example.org")
    result = admin("admin", "set-role", "BO@example.org", "--role", "coach")
    assert result.stderr == "bo@example.org is now a coach.\n"
    assert admin.json("admin", "list-users")["users"][0]["role"] == "coach"
    assert admin("admin", "set-role", "bo@example.org", "--role", "admin").stderr == (
        "bo@example.org is now an admin.\n"
    )
    missing = admin.fails("admin", "set-role", "nobody@example.org", "--role", "coach")
    assert "no account for 'nobody@example.org'" in missing.stderr
    wrong = admin("admin", "set-role", "bo@example.org", "--role", "boss", ok=False)
    assert wrong.exit_code == 2


def test_set_name_renames_an_account_for_its_coaches_and_audits_it(admin: CLI) -> None:
    create(admin, "bo@example.org")
    result = admin("admin", "set-name", "BO@example.org", "--name", "  Bo   Chen-Park ")
    assert result.stderr == "bo@example.org is now named Bo Chen-Park.\n"
    assert admin.json("admin", "list-users")["users"][0]["name"] == "Bo Chen-Park"
    with accounts_now() as accounts:
        user = accounts.user_by_email("bo@example.org")
        assert accounts.workspace_for(user.id).get_settings().name == "Bo Chen-Park"
        with accounts.reading() as conn:
            rows = conn.execute(
                text("SELECT target, detail FROM audit_log WHERE action = 'user.name'"),
            )
            assert [tuple(r) for r in rows] == [("bo@example.org", "Bo Chen")]
    empty = admin.fails("admin", "set-name", "bo@example.org", "--name", "  ")
    assert empty.stderr.count("\n") == 1 and "name" in empty.stderr
    missing = admin.fails("admin", "set-name", "nobody@example.org", "--name", "X")
    assert "no account for 'nobody@example.org'" in missing.stderr
    assert admin.json("admin", "list-users")["users"][0]["name"] == "Bo Chen-Park"


def test_tokens_lists_labels_and_dates_never_the_secret(admin: CLI) -> None:
    create(admin, "bo@example.org")
    assert "No tokens" in admin("admin", "tokens", "bo@example.org").stdout
    made = admin("admin", "token", "bo@example.org", "--name", "laptop sync").stdout.strip()
    admin("admin", "token", "bo@example.org", "--name", "phone")
    with accounts_later(dt.timedelta(hours=1)) as accounts:
        assert accounts.token_user(made) is not None  # used an hour later
    result = admin("admin", "tokens", "bo@example.org")
    assert result.stdout == (
        "laptop sync  made 2026-11-27 14:00  last used 2026-11-27 15:00\n"
        "phone  made 2026-11-27 14:00  never used\n"
    )
    assert made not in result.stdout
    assert admin.json("admin", "tokens", "bo@example.org") == {
        "tokens": [
            {
                "name": "laptop sync",
                "active": True,
                "created_at": "2026-11-27T14:00:00+00:00",
                "last_used_at": "2026-11-27T15:00:00+00:00",
                "revoked_at": None,
            },
            {
                "name": "phone",
                "active": True,
                "created_at": "2026-11-27T14:00:00+00:00",
                "last_used_at": None,
                "revoked_at": None,
            },
        ]
    }


def accounts_later(after: dt.timedelta) -> Accounts:
    return accounts_now(NOW_DT + after)


def test_revoke_token_ends_the_tokens_of_a_label(admin: CLI) -> None:
    create(admin, "bo@example.org")
    laptop = admin("admin", "token", "bo@example.org", "--name", "laptop").stdout.strip()
    phone = admin("admin", "token", "bo@example.org", "--name", "phone").stdout.strip()
    result = admin("admin", "revoke-token", "bo@example.org", "--name", " laptop ")
    assert result.stderr == "Revoked 1 token named 'laptop'.\n"
    with accounts_now() as accounts:
        assert accounts.token_user(laptop) is None
        assert accounts.token_user(phone) is not None
    listed = admin.json("admin", "tokens", "bo@example.org")["tokens"]
    assert [(t["name"], t["active"], t["revoked_at"]) for t in listed] == [
        ("laptop", False, "2026-11-27T14:00:00+00:00"),
        ("phone", True, None),
    ]
    again = admin.fails("admin", "revoke-token", "bo@example.org", "--name", "laptop")
    assert "bo@example.org has no live token named 'laptop'" in again.stderr
    revocations = [
        e for e in admin.json("admin", "audit")["entries"] if e["action"] == "token.revoke"
    ]
    assert len(revocations) == 1  # the refused one wrote nothing


def test_audit_prints_the_log_newest_first_and_logs_the_export(admin: CLI) -> None:
    create(admin, "bo@example.org")
    admin("admin", "set-role", "bo@example.org", "--role", "coach")
    assert admin("admin", "audit").stdout == (
        "2026-11-27 14:00:00  shell  user.role  bo@example.org  seeker->coach\n"
        "2026-11-27 14:00:00  shell  user.create  bo@example.org  role=seeker\n"
    )
    document = admin.json("admin", "audit", "--action", "user.role", "--since", "2026-11-27")
    assert document == {
        "entries": [
            {
                "id": 2,
                "at": "2026-11-27T14:00:00+00:00",
                "actor": None,
                "action": "user.role",
                "target": "bo@example.org",
                "detail": "seeker->coach",
            }
        ]
    }
    exports = admin.json("admin", "audit", "--action", "audit.export")["entries"]
    assert [e["detail"] for e in exports] == [
        "json action=user.role since=2026-11-27T00:00:00+00:00",
        "text",
    ]
    assert admin.json("admin", "audit", "--since", "2026-11-28T00:00:00+00:00") == {"entries": []}


def test_audit_names_who_did_it(admin: CLI) -> None:
    create(admin, "bo@example.org")
    with accounts_now() as accounts:
        accounts.sign_in("bo@example.org", PASSWORD, address="10.0.0.5", user_agent=None)
    document = admin.json("admin", "audit", "--actor", "Bo@Example.org")
    assert [(e["action"], e["actor"], e["detail"]) for e in document["entries"]] == [
        ("signin", {"email": "bo@example.org", "name": "Bo Chen"}, "10.0.0.5")
    ]


def test_audit_refuses_a_filter_it_cannot_read(admin: CLI) -> None:
    bad = admin.fails("admin", "audit", "--since", "last week")
    assert "since: give a day, or an instant with its offset" in bad.stderr
    assert "actor: not an e-mail address" in admin.fails("admin", "audit", "--actor", "x").stderr


# --- issue 15's audit of accounts and the admin commands ------------------------------------


def test_reset_password_refuses_a_deactivated_account(admin: CLI) -> None:
    create(admin, "bo@example.org")
    admin("admin", "deactivate", "bo@example.org")
    result = admin.fails("admin", "reset-password", "bo@example.org", "--no-mail")
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert "bo@example.org is deactivated" in result.stderr
    with accounts_now() as accounts, accounts.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM password_reset")).scalar_one() == 0


def test_a_reset_link_lifts_the_lockout_and_ends_the_other_links(admin: CLI) -> None:
    create(admin, "bo@example.org")
    first = admin("admin", "reset-password", "bo@example.org", "--no-mail").stdout.strip()
    second = admin("admin", "reset-password", "bo@example.org", "--no-mail").stdout.strip()
    with accounts_now() as accounts:
        for _ in range(FAILURES_PER_ACCOUNT):
            with pytest.raises(BadSignIn):
                accounts.sign_in("bo@example.org", "wrong guess!", address="198.51.100.4",
                                 user_agent=None)  # fmt: skip
        with pytest.raises(TooManyAttempts):
            accounts.sign_in("bo@example.org", PASSWORD, address=None, user_agent=None)
        assert accounts.use_reset(second.rsplit("/", 1)[1], "a brand new phrase")
        assert accounts.sign_in("bo@example.org", "a brand new phrase", address=None,
                                user_agent=None)  # fmt: skip
        assert accounts.reset_account(first.rsplit("/", 1)[1]) is None  # the older one too
        assert accounts.use_reset(first.rsplit("/", 1)[1], "a third new phrase") is None
        with accounts.reading() as conn:  # the address's failures still count
            counted = conn.execute(
                text("SELECT count(*) FROM login_attempt WHERE key = 'address:198.51.100.4'")
            ).scalar_one()
        assert counted == FAILURES_PER_ACCOUNT


def test_a_password_set_by_an_admin_lifts_the_lockout_and_ends_every_link(admin: CLI) -> None:
    create(admin, "bo@example.org")
    link = admin("admin", "reset-password", "bo@example.org", "--no-mail").stdout.strip()
    with accounts_now() as accounts:
        for _ in range(FAILURES_PER_ACCOUNT):
            with pytest.raises(BadSignIn):
                accounts.sign_in("bo@example.org", "wrong guess!", address=None, user_agent=None)
        accounts.set_password("bo@example.org", "a brand new phrase")
        assert accounts.sign_in("bo@example.org", "a brand new phrase", address=None,
                                user_agent=None)  # fmt: skip
        assert accounts.reset_account(link.rsplit("/", 1)[1]) is None


def test_deactivated_accounts_join_no_cohort(admin: CLI) -> None:
    create(admin, "ada@example.org", "Ada Lovelace", "coach")
    create(admin, "bo@example.org")
    admin("admin", "cohort", "create", "Spring 2027", "--coach", "ada@example.org")
    admin("admin", "deactivate", "ada@example.org")
    admin("admin", "deactivate", "bo@example.org")
    made = admin.fails("admin", "cohort", "create", "Fall 2027", "--coach", "ada@example.org")
    assert made.stderr == (
        "Error: coach: ada@example.org is deactivated, so they cannot lead a cohort\n"
    )
    added = admin.fails("admin", "cohort", "add", "Spring 2027", "bo@example.org")
    assert (
        added.stderr
        == "Error: email: bo@example.org is deactivated, so they cannot join a cohort\n"
    )
    listed = admin.json("admin", "cohort", "list")["cohorts"]
    assert [(c["name"], c["members"]) for c in listed] == [("Spring 2027", 0)]


def test_cohort_add_says_the_stored_address_and_name(admin: CLI) -> None:
    create(admin, "ada@example.org", "Ada Lovelace", "coach")
    create(admin, "bo@example.org")
    admin("admin", "cohort", "create", "Spring 2027", "--coach", "ada@example.org")
    added = admin("admin", "cohort", "add", "  Spring   2027 ", "BO@example.org")
    assert added.stderr == "Added bo@example.org to Spring 2027.\n"
    again = admin("admin", "cohort", "add", "Spring 2027 ", " Bo@Example.org")
    assert again.stderr == "bo@example.org is in Spring 2027.\n"


def test_empty_names_get_fitting_examples(admin: CLI) -> None:
    create(admin, "ada@example.org", "Ada Lovelace", "coach")
    cohort = admin.fails("admin", "cohort", "create", "  ", "--coach", "ada@example.org")
    assert cohort.stderr == "Error: name: cannot be empty (got '  '; example: Spring 2027)\n"
    label = admin.fails("admin", "token", "ada@example.org", "--name", "")
    assert label.stderr == "Error: name: cannot be empty (got ''; example: laptop sync)\n"
    admin("admin", "deactivate", "ada@example.org")
    gone = admin.fails("admin", "token", "ada@example.org", "--name", "cli")
    assert gone.stderr == (
        "Error: email: ada@example.org is deactivated, so it gets no new token\n"
    )


def test_create_user_checks_the_address_before_asking_for_a_password(
    admin: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    create(admin, "bo@example.org")
    monkeypatch.setattr("coffeechat.cli.admin._terminal", lambda: True)
    for args, said in [
        (("BO@example.org", "--name", "Bo"), "Error: there is already an account for bo@"),
        (("bo", "--name", "Bo"), "Error: email: not an e-mail address"),
        (("cy@example.org", "--name", " "), "Error: name: cannot be empty"),
    ]:
        result = admin.fails("admin", "create-user", *args, input=f"{PASSWORD}\n{PASSWORD}\n")
        assert result.stderr.startswith(said), result.stderr
        assert "Password" not in result.stderr  # never asked


def test_set_role_warns_of_the_cohorts_a_coach_leads(admin: CLI) -> None:
    create(admin, "ada@example.org", "Ada Lovelace", "coach")
    admin("admin", "cohort", "create", "Spring 2027", "--coach", "ada@example.org")
    admin("admin", "cohort", "create", "Fall 2027", "--coach", "ada@example.org")
    result = admin("admin", "set-role", "ada@example.org", "--role", "seeker")
    assert result.stderr == (
        "ada@example.org is now a seeker.\n"
        "Warning: ada@example.org leads 2 cohorts (Fall 2027, Spring 2027) that have no "
        "working coach until they are a coach again: `coffeechat admin set-role "
        "ada@example.org --role coach`.\n"
    )
    again = admin("admin", "set-role", "ada@example.org", "--role", "coach")
    assert again.stderr == "ada@example.org is now a coach.\n"
    create(admin, "cy@example.org", "Cy Diaz", "coach")  # leads nothing: nothing to say
    assert admin("admin", "set-role", "cy@example.org", "--role", "admin").stderr == (
        "cy@example.org is now an admin.\n"
    )


def test_audit_refuses_an_action_it_does_not_know(admin: CLI) -> None:
    create(admin, "bo@example.org")
    bad = admin.fails("admin", "audit", "--action", "nope")
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("Error: --action: 'nope' is not an action of the log; the ")
    assert "signin.failed" in bad.stderr and "user.create" in bad.stderr
    assert admin("admin", "audit", "--action", "cohort.create").stdout == "No entries.\n"
    assert "user.create" in admin("admin", "audit", "--action", "user.create").stdout


@pytest.mark.parametrize(
    "password",
    ["dragon123", "monkey123", "michael1", "ashley12", "london123", "samsung1", "Company123",
     "Summer2024!", "Spring2026", "Winter2025!", "P@ssw0rd!", "Dr4g0n!!", "qwertyui",
     "2026summer", "sept-2025", "Liverpool#1", "zxcvbnm123"],
)  # fmt: skip
def test_a_common_word_with_digits_or_signs_is_refused(admin: CLI, password: str) -> None:
    result = admin.fails(
        "admin", "create-user", "bo@example.org", "--name", "Bo", input=password + "\n"
    )
    assert result.stderr.startswith("Error: password: is one of the passwords tried first")
    assert password not in result.stderr


@pytest.mark.parametrize(
    "password",
    ["mauve tractor elbow quilt", "correct horse battery staple", "tR7#kP92xq",
     "lantern-otter-basalt-fig", "Xk9#mQ2!vLp"],
)  # fmt: skip
def test_pass_phrases_and_random_passwords_are_accepted(admin: CLI, password: str) -> None:
    admin("admin", "create-user", "bo@example.org", "--name", "Bo", input=password + "\n")
    with accounts_now() as accounts:
        assert accounts.sign_in("bo@example.org", password, address=None, user_agent=None)
