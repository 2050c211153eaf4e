"""``check``: the draft checker on a message the user wrote."""

from __future__ import annotations

import click

from coffeechat.cli.options import emit_json, json_option, read_input, settings_from


@click.command()
@click.option(
    "--kind",
    required=True,
    metavar="KIND",
    help="outreach, scheduling, thank-you, follow-up, confirm, intro-request, "
    "report-back, keep-in-touch (each with its own rules), second-contact (as outreach), "
    "reschedule (as scheduling), or recap (a recap in Markdown).",
)
@click.argument(
    "file", default="-", metavar="[FILE|-]", help="The message (default: - for standard input)."
)
@click.option("--contact", metavar="CONTACT", help="Who it is for (their name and zone help).")
@json_option
def check(kind: str, file: str, contact: str | None, as_json: bool) -> None:  # fmt: skip
    """Check a message you wrote and say exactly what to fix.

    FILE is plain text or an .eml file; without it (or with -) the message is read from
    standard input. `--kind recap` checks a recap (as `coffeechat recap` writes it, or
    your own, in Markdown) for missing parts: topics-covered, takeaways, next-step,
    promises-dated. Each finding has a stable rule id, a severity (error or warning), a
    message, a hint and (with --json) the span of the words it is about. The exit code is
    0 whatever the findings: read `ok`.

    \b
    Example:
        coffeechat check --kind outreach message.txt
        pbpaste | coffeechat check --kind scheduling --contact ada --json
        coffeechat check --kind follow-up nudge.txt
        coffeechat recap ada | coffeechat check --kind recap
    """
    from coffeechat.formats.files import MESSAGE_LIMIT
    from coffeechat.service.checking import check_message

    data, source = read_input(file, MESSAGE_LIMIT, "a message")
    checked = check_message(settings_from(click.get_current_context()), kind, data, source, contact)
    report = checked.report
    if as_json:
        from coffeechat.formats import jsonout

        emit_json(jsonout.check_report(report))
        return
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = len(report.findings) - errors
    if not report.findings:
        click.echo(f"Looks good: {checked.kind}, {report.words} words, nothing to fix.")
        return
    click.echo(
        f"{checked.kind}, {report.words} words: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    for f in report.findings:
        label = click.style(f"{f.severity:<7}", fg="red" if f.severity == "error" else "yellow")
        click.echo(f"  {label} {f.rule}: {f.message}")
        click.echo(f"          fix: {f.hint}")
