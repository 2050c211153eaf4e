"""A first walk through the product, end to end through the CLI."""


def test_walkthrough(ccw):
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme", "--timezone", "Europe/London")
    ccw("log", "ada", "outreach")
    assert ccw.json("contact", "show", "ada")["stage"] == "reached-out"
    board = ccw.json("board")
    assert [
        c["name"] for s in board["stages"] if s["stage"] == "reached-out" for c in s["contacts"]
    ] == ["Ada Lovelace"]
