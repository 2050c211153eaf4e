"""`coffeechat check` through the CLI: files, standard input, .eml, and bad input."""

from __future__ import annotations

import json

import pytest

GOOD_OUTREACH = (
    "Hi Ada, we met at PyData NYC last week after your talk on data pipelines. "
    "I'm a bootcamp graduate moving into data engineering. Your team's work at Acme "
    "on streaming caught my eye, and I'd love to hear how you got into the field. "
    "Would you have 20 minutes for a quick call in the next couple of weeks?\n\n"
    "Best,\nSam"
)
JOB_OUTREACH = (
    "Hi Ada, we met at PyData NYC. I'm looking for a job as a data engineer. "
    "Are you hiring? Could you refer me for the open position on your team? "
    "My résumé is attached.\n\nSam"
)


def test_a_good_message_has_no_errors(cc, tmp_path):
    message = tmp_path / "outreach.txt"
    message.write_text(GOOD_OUTREACH, encoding="utf-8")
    report = cc.json("check", "--kind", "outreach", str(message))
    assert report["ok"] is True
    assert not [f for f in report["findings"] if f["severity"] == "error"]
    assert 40 < report["words"] < 75


def test_a_bad_message_gets_errors_with_hints(cc):
    result = cc("check", "--kind", "outreach", "--json", input=JOB_OUTREACH)
    import json

    report = json.loads(result.stdout)
    assert result.exit_code == 0  # findings are not a failure of the command
    assert report["ok"] is False
    rules = {f["rule"] for f in report["findings"]}
    assert {"asks-for-job", "attachment"} <= rules
    for finding in report["findings"]:
        assert set(finding) == {"rule", "severity", "message", "hint", "span"}
        assert finding["severity"] in {"error", "warning"}
        assert finding["message"] and finding["hint"]
    human = cc("check", "--kind", "outreach", "-", input=JOB_OUTREACH).stdout
    assert "asks-for-job" in human and "fix:" in human


def test_an_eml_file_is_read_by_its_text(cc, tmp_path):
    eml = tmp_path / "sent.eml"
    html = GOOD_OUTREACH.replace("\n\n", "<br><br>").replace("\n", "<br>")
    eml.write_bytes(
        (
            "From: Sam <sam@example.com>\r\nTo: Ada <ada@acme.example>\r\n"
            "Subject: PyData follow-up\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/html; charset=utf-8\r\n\r\n"
            f"<html><body><p>{html}</p></body></html>\r\n"
        ).encode()
    )
    report = cc.json("check", "--kind", "outreach", str(eml))
    assert report["ok"] is True
    assert 40 < report["words"] < 75


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--kind", "sonnet"], "kind: must be one of"),
        (["--kind", "outreach", "/no/such/message.txt"], "/no/such/message.txt"),
        (["--kind", "outreach", "--contact", "ada"], "no coffeechat workspace"),
    ],
)
def test_bad_input_is_one_line(cc, args, error):
    result = cc.fails("check", *args, input="Hello")
    assert error in result.stderr


def test_a_file_that_is_not_text(cc, tmp_path):
    blob = tmp_path / "photo.jpg"
    blob.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\xff\xfe")
    result = cc.fails("check", "--kind", "outreach", str(blob))
    assert "not UTF-8 text" in result.stderr


def test_with_a_contact_their_zone_reads_the_times(ccw):
    ccw("contact", "add", "Ada Lovelace", "--timezone", "Europe/London", "--company", "Acme")
    text = (
        "Hi Ada, thank you so much for agreeing to chat! Would any of these work: "
        "Tuesday Dec 1 at 12:30, Wednesday Dec 2 at 17:30, or any time on Friday? "
        "Which works best for you? I'm happy to come to your office or do a call, "
        "or suggest another time. Looking forward to it!\n\nBest,\nSam"
    )
    report = ccw.json("check", "--kind", "scheduling", "--contact", "ada", "-")  # stdin empty
    assert report["ok"] is False  # an empty message
    result = ccw("check", "--kind", "scheduling", "--contact", "ada", "--json", input=text)
    import json

    report = json.loads(result.stdout)
    assert report["ok"] is True, report["findings"]


def test_every_kind_of_draft_can_be_checked_by_its_own_rules(cc):
    nudge = "Hi Ada, just following up on my last email. I haven't heard back.\n\nSam"
    report = json.loads(cc("check", "--kind", "follow-up", "-", "--json", input=nudge).stdout)
    assert report["ok"] is False
    assert {f["rule"] for f in report["findings"]} == {"restates-ask", "guilt", "easy-out"}
    long = "Hi Ada, " + "just a word " * 80
    report = json.loads(cc("check", "--kind", "reschedule", "-", "--json", input=long).stdout)
    assert "length" in [f["rule"] for f in report["findings"]]
    confirm = "Hi Ada, thanks again: see you tomorrow at 3pm at Blue Bottle.\n\nSam"
    short = json.loads(cc("check", "--kind", "confirm", "-", "--json", input=confirm).stdout)
    assert short == {"ok": True, "words": 12, "findings": []}


def test_a_span_is_where_the_words_are_in_the_text_as_given(cc, tmp_path):
    text = "\r\n  Hi Ada,\r\n\r\nWe met at PyData. Are you hiring?\r\n\r\nBest,\r\nSam\r\n"
    message = tmp_path / "crlf.txt"
    message.write_bytes(text.encode("utf-8"))
    report = cc.json("check", "--kind", "outreach", str(message))
    (job,) = [f for f in report["findings"] if f["rule"] == "asks-for-job"]
    start, end = job["span"]
    assert text[start:end] == "Are you hiring"
    missing = [f for f in report["findings"] if f["rule"] == "meeting-length"]
    assert missing and missing[0]["span"] is None


def test_an_ask_in_a_ps_after_the_signature_counts(cc):
    text = (
        "Hi Ada,\n\nWe met at PyData, where you spoke about your team's streaming work.\n\n"
        "Best,\nSam\n\nP.S. Could I ask for 20 minutes of your advice next week?"
    )
    result = cc("check", "--kind", "outreach", "-", "--json", input=text)
    report = json.loads(result.stdout)
    assert report["ok"] is True, report["findings"]
    assert report["findings"] == []
