"""The network of introductions: chains, counts, the CONTACT filter, JSON, SVG and PNG."""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.errors import UnknownContact
from coffeechat.core.model import Stage
from coffeechat.core.network import YOU, Counts, Network, Offer, Person, build
from coffeechat.formats import network as drawing
from coffeechat.service import Workspace
from coffeechat.service.network import NetworkMixin
from conftest import CLI, OWNER, make_settings

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"

# --- the pure network -------------------------------------------------------------------------

ADA, BOB, CAROL, DAN, EVE, FINN, HANA, ZED = range(1, 9)


def _people() -> list[Person]:
    """You → Ada → Bob → Hana, Ada → Carol (offered only), Dan met through Ada, Eve ↔ Finn
    (a cycle by mistake), Zed outside the network."""
    return [
        Person(ADA, "Ada Lovelace", Stage.RECAPPED, "Acme"),
        Person(BOB, "Bob Chen", Stage.MET_UP, "Acme", ADA),
        Person(CAROL, "Carol Diaz", Stage.MET, None, ADA),
        Person(DAN, "Dan Okafor", Stage.FOLLOWING_UP, "Globex", ADA),
        Person(EVE, "Eve Martin", Stage.REACHED_OUT, None, FINN),
        Person(FINN, "Finn Berg", Stage.AGREED, None, EVE),
        Person(HANA, "Hana Ito", Stage.SCHEDULED, "Initech", BOB),
        Person(ZED, "Zed Quinn", Stage.MET),
    ]


def _offers() -> list[Offer]:
    return [Offer(ADA, CAROL, "offered"), Offer(BOB, HANA, "made"), Offer(ADA, BOB, "met")]


@pytest.fixture
def net() -> Network:
    return build("Sam Rivera", _people(), _offers())


def test_chains_run_from_you_to_the_last_person_introduced(net: Network) -> None:
    assert net.chains() == [
        ["You", "Ada Lovelace", "Bob Chen", "Hana Ito"],
        ["You", "Ada Lovelace", "Carol Diaz"],
        ["You", "Ada Lovelace", "Dan Okafor"],
        ["You", "Eve Martin", "Finn Berg"],
    ]
    assert ZED not in net.nodes  # in no introduction: not in the network
    assert net.depth == 3
    assert [n.depth for n in net.contacts()] == [1, 2, 3, 2, 2, 1, 2]


def test_counts_offered_made_and_converted(net: Network) -> None:
    assert net.nodes[ADA].counts == Counts(offered=3, made=2, converted=2)
    assert net.nodes[BOB].counts == Counts(offered=1, made=1, converted=0)
    assert net.nodes[HANA].counts == Counts()
    assert not net.nodes[HANA].is_introducer
    # the status of the introduction that brought each person
    assert net.nodes[CAROL].status == "offered"  # offered but not made
    assert net.nodes[BOB].status == "met"
    assert net.nodes[DAN].status == "met"  # introduced_by, no offer recorded, met up
    assert net.nodes[HANA].status == "made"
    assert net.nodes[ADA].status is None  # someone you know yourself


def test_introduced_by_without_an_offer_counts_as_made() -> None:
    people = [Person(1, "Ada", Stage.MET), Person(2, "Bob", Stage.REACHED_OUT, None, 1)]
    net = build("Sam", people, [])
    assert net.nodes[1].counts == Counts(1, 1, 0)
    assert net.nodes[2].status == "made"


def test_a_cycle_is_broken_at_the_contact_added_first(net: Network) -> None:
    assert net.nodes[EVE].parent == YOU
    assert net.nodes[FINN].parent == EVE
    # the link that closed the cycle stays a fact, off the chains
    off = [(e.from_id, e.to_id) for e in net.edges if not e.chain]
    assert off == [(FINN, EVE)]
    # both still count what they did
    assert net.nodes[FINN].counts.offered == 1
    assert net.nodes[EVE].counts.offered == 1


def test_a_cycle_with_no_way_back_to_you_never_loops() -> None:
    people = [
        Person(3, "C", Stage.MET, None, 2),
        Person(1, "A", Stage.MET, None, 3),
        Person(2, "B", Stage.MET, None, 1),
        Person(4, "D", Stage.MET, None, 4),  # introduced by themselves: ignored
    ]
    offers = [Offer(2, 1, "offered"), Offer(4, 4, "made"), Offer(9, 1, "made")]
    net = build("Sam", people, offers)
    assert net.chains() == [["You", "A", "B", "C"]]
    assert 4 not in net.nodes
    assert sorted((e.from_id, e.to_id, e.chain) for e in net.edges) == [
        (0, 1, True),
        (1, 2, True),
        (2, 1, False),
        (2, 3, True),
        (3, 1, False),
    ]


def test_introduced_by_wins_and_a_second_offer_stays_off_the_chains() -> None:
    people = [
        Person(1, "Ada", Stage.MET),
        Person(2, "Bob", Stage.MET),
        Person(3, "Cleo", Stage.MET, None, 2),
        Person(4, "Dora", Stage.MET),
    ]
    offers = [Offer(1, 3, "made"), Offer(2, 3, "offered"), Offer(1, 4, "offered")]
    offers += [Offer(2, 4, "asked"), Offer(1, 4, "asked")]  # the furthest status counts
    net = build("Sam", people, offers)
    assert net.nodes[3].parent == 2  # introduced_by, though Ada's offer went further
    assert net.nodes[4].parent == 1  # same status: the oldest offer
    assert net.nodes[4].status == "asked"
    assert net.nodes[1].counts == Counts(2, 1, 0)
    assert [(e.from_id, e.to_id) for e in net.edges if not e.chain] == [(2, 4), (1, 3)]


def test_siblings_are_ordered_by_name_whatever_the_ids() -> None:
    people = [Person(i, name, Stage.MET, None, 9) for i, name in enumerate("dCbA", 1)]
    people.append(Person(9, "Root", Stage.MET))
    assert [c[-1] for c in build("Sam", people, []).chains()] == ["A", "b", "C", "d"]


def test_contact_filter_keeps_the_chains_through_them() -> None:
    net = build("Sam Rivera", _people(), _offers(), focus=BOB)
    assert net.focus == BOB
    assert net.chains() == [["You", "Ada Lovelace", "Bob Chen", "Hana Ito"]]
    assert {e.to_id for e in net.edges} == {ADA, BOB, HANA}
    # the counts stay the whole story
    assert net.nodes[ADA].counts == Counts(3, 2, 2)

    top = build("Sam Rivera", _people(), _offers(), focus=ADA)
    assert len(top.chains()) == 3
    leaf = build("Sam Rivera", _people(), _offers(), focus=CAROL)
    assert leaf.chains() == [["You", "Ada Lovelace", "Carol Diaz"]]


def test_a_contact_outside_the_network_stands_alone() -> None:
    net = build("Sam Rivera", _people(), _offers(), focus=ZED)
    assert net.chains() == [["You", "Zed Quinn"]]
    assert net.nodes[ZED].counts == Counts()


def test_empty_network() -> None:
    net = build("Sam Rivera", [Person(1, "Ada", Stage.MET)], [])
    assert net.empty
    assert net.chains() == []
    assert net.edges == []
    assert net.contacts() == []
    assert drawing.to_json(net) == {"chains": [], "contacts": [], "edges": []}
    assert "No introductions yet" in drawing.text(net)


# --- text and JSON ----------------------------------------------------------------------------


def test_text_tree(net: Network) -> None:
    lines = drawing.text(net).splitlines()
    assert lines[0] == "You (Sam Rivera)"
    assert lines[1] == "├── Ada Lovelace, Acme · recapped · 3 offered · 2 made · 2 met"
    assert (
        lines[2]
        == "│   ├── Bob Chen, Acme · met-up · introduction met · 1 offered · 1 made · 0 met"
    )
    assert lines[3] == "│   │   └── Hana Ito, Initech · scheduled · introduction made"
    assert lines[4] == "│   ├── Carol Diaz · met · introduction offered"
    assert (
        lines[-1] == "    └── Finn Berg · agreed · introduction made · 1 offered · 1 made · 0 met"
    )
    assert "also via Finn Berg" in lines[-2]


def test_json_shape(net: Network) -> None:
    document = json.loads(json.dumps(drawing.to_json(net)))
    assert set(document) == {"chains", "contacts", "edges"}
    assert document["chains"][0] == ["You", "Ada Lovelace", "Bob Chen", "Hana Ito"]
    ada, bob = document["contacts"][:2]
    assert ada == {
        "id": ADA,
        "name": "Ada Lovelace",
        "company": "Acme",
        "introduced_by": None,
        "stage": "recapped",
        "offered": 3,
        "made": 2,
        "converted": 2,
    }
    assert bob["introduced_by"] == ADA
    edges = document["edges"]
    assert edges[0] == {"from": 0, "to": ADA, "status": None, "chain": True}
    assert {"from": ADA, "to": CAROL, "status": "offered", "chain": True} in edges
    assert {"from": FINN, "to": EVE, "status": "made", "chain": False} in edges
    assert len([e for e in edges if e["chain"]]) == len(document["contacts"])


# --- drawings ---------------------------------------------------------------------------------


def _odd_people() -> list[Person]:
    return [
        Person(1, 'Zoë <O\'Brien> & "Co"', Stage.MET_UP, "Ünïcode & Sons"),
        Person(2, "李雷", Stage.NO_REPLY, "腾讯", 1),
        Person(3, "A" * 120, Stage.DECLINED, "B" * 80, 1),
        Person(4, "Price $5 $x^2$", Stage.SCHEDULING, None, 2),
    ]


def test_svg_is_well_formed_and_escaped() -> None:
    net = build("Sam & <Rivera>", _odd_people(), [Offer(1, 2, "asked")], focus=2)
    data = drawing.svg(net)
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert 'Zoë <O\'Brien> & "Co"' in texts
    assert "李雷" in texts
    assert "Price $5 $x^2$" in texts
    assert "Introductions of Sam & <Rivera>, through 李雷" in texts
    assert b"<O'Brien>" not in data  # escaped in the bytes
    assert float(root.get("width", 0)) > 0


def test_svg_cuts_long_names_with_an_ellipsis() -> None:
    net = build("Sam", _odd_people(), [])
    root = ET.fromstring(drawing.svg(net))
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    long = [t for t in texts if t.startswith("AAAA")]
    assert long and long[0].endswith("…") and len(long[0]) < 60
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert "A" * 120 + ", " + "B" * 80 + " · declined" in tips  # the whole name on hover


def test_png_with_missing_glyphs_and_dollars_raises_no_warning() -> None:
    data = drawing.png(build("Sam", _odd_people(), [Offer(1, 2, "met")]))
    assert data.startswith(PNG_SIGNATURE)


def test_png_and_svg_of_an_empty_network() -> None:
    net = build("Sam Rivera", [], [])
    assert drawing.png(net).startswith(PNG_SIGNATURE)
    texts = [t.text for t in ET.fromstring(drawing.svg(net)).iter(f"{SVG}text")]
    assert "No introductions yet." in texts


def _boxes(scene: drawing.Scene) -> list[Any]:
    return [r for r in scene.rects if r.h == drawing.BOX_H]


def test_two_hundred_people_lay_out_fast_without_overlaps() -> None:
    people = [Person(1, "Root Introducer", Stage.MET_UP)]
    for i in range(2, 201):  # a wide and deep tree
        parent = 1 if i < 40 else (i * 7919) % (i - 1) + 1
        people.append(Person(i, f"Person {i} Zoë", list(Stage)[i % len(Stage)], "Acme", parent))
    start = time.perf_counter()
    net = build("Sam", people, [])
    scene = drawing.layout(net)
    svg = drawing.svg(net)
    assert time.perf_counter() - start < 5
    assert len(net.contacts()) == 200
    boxes = _boxes(scene)
    assert len(boxes) == 201
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x
            apart = apart or a.y + a.h <= b.y or b.y + b.h <= a.y
            assert apart, (a, b)
    assert all(r.x + r.w <= scene.width and r.y + r.h <= scene.height for r in boxes)
    ET.fromstring(svg)
    start = time.perf_counter()
    assert drawing.png(net).startswith(PNG_SIGNATURE)
    assert time.perf_counter() - start < 20


def test_a_long_chain_needs_no_recursion() -> None:
    people = [Person(1, "P1", Stage.MET)]
    people += [Person(i, f"P{i}", Stage.MET, None, i - 1) for i in range(2, 1500)]
    net = build("Sam", people, [])
    assert len(net.chains()) == 1 and len(net.chains()[0]) == 1500
    assert len(drawing.text(net).splitlines()) == 1500
    scene = drawing.layout(net)
    boxes = _boxes(scene)
    assert len(boxes) == 1500
    assert scene.width == max(b.x + b.w for b in boxes) + drawing.PAD  # no margin to spare


# --- the service ------------------------------------------------------------------------------


class NetWorkspace(Workspace, NetworkMixin):
    """The workspace with the network use case (until Workspace has it itself)."""


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[NetWorkspace]:
    workspace = NetWorkspace.create(make_settings(tmp_path / "ws"), **OWNER)
    assert isinstance(workspace, NetWorkspace)
    try:
        yield workspace
    finally:
        workspace.close()


def _seed(ws: Workspace) -> None:
    """You → Ada → Bob (met up) → Hana (introduction made); Ada offered Carol."""
    ws.add_contact(name="Ada Lovelace", company="Acme")
    ws.add_contact(name="Bob Chen", introduced_by="Ada Lovelace")
    ws.log("Bob Chen", "outreach", at="2026-11-16T10:00")
    ws.log("Bob Chen", "meeting", at="2026-11-20T12:00")
    ws.add_introduction("Ada Lovelace", "Carol Diaz")
    ws.add_introduction("Bob Chen", "Hana Ito", company="Initech")
    ws.log("Bob Chen", "introduced")
    ws.add_contact(name="Zed Quinn")


def test_service_network(ws: NetWorkspace) -> None:
    _seed(ws)
    net = ws.network()
    assert net.user_name == "Sam Rivera"
    assert net.chains() == [
        ["You", "Ada Lovelace", "Bob Chen", "Hana Ito"],
        ["You", "Ada Lovelace", "Carol Diaz"],
    ]
    by_name = {n.name: n for n in net.contacts()}
    assert by_name["Ada Lovelace"].counts == Counts(offered=2, made=1, converted=1)
    assert by_name["Bob Chen"].counts == Counts(offered=1, made=1, converted=0)
    assert by_name["Bob Chen"].stage is Stage.FOLLOWING_UP  # met, then the introduction
    assert by_name["Carol Diaz"].status == "offered"
    assert by_name["Hana Ito"].status == "made"
    assert by_name["Hana Ito"].company == "Initech"

    narrowed = ws.network("carol")
    assert narrowed.chains() == [["You", "Ada Lovelace", "Carol Diaz"]]
    assert ws.network("zed").chains() == [["You", "Zed Quinn"]]
    with pytest.raises(UnknownContact):
        ws.network("nobody")


def test_service_network_of_a_fresh_workspace(ws: NetWorkspace) -> None:
    assert ws.network().empty


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def cli_network(ccw: CLI, monkeypatch: pytest.MonkeyPatch) -> CLI:
    """``coffeechat network`` on a fresh workspace (registered here until the CLI has it)."""
    import coffeechat.cli
    import coffeechat.service

    if not isinstance(coffeechat.service.Workspace, type) or not issubclass(
        coffeechat.service.Workspace, NetworkMixin
    ):
        monkeypatch.setattr(coffeechat.service, "Workspace", NetWorkspace)
    if "network" not in coffeechat.cli.COMMANDS:
        help_line = (
            "Show who introduced you to whom: the chains from you, and what each introducer did."
        )
        monkeypatch.setitem(
            coffeechat.cli.COMMANDS, "network", ("coffeechat.cli.network", "network", help_line)
        )
    ccw("contact", "add", "Ada Lovelace", "--company", "Acme")
    ccw("contact", "add", "Bob Chen", "--introduced-by", "Ada")
    ccw("intro", "add", "Bob", "--to", "Zoë <Li>")
    return ccw


def test_cli_text_and_json(cli_network: CLI) -> None:
    out = cli_network("network").stdout
    assert out.splitlines()[0] == "You (Sam Rivera)"
    assert "└── Ada Lovelace, Acme · met · 1 offered · 1 made · 0 met" in out
    document = cli_network.json("network")
    assert document["chains"] == [["You", "Ada Lovelace", "Bob Chen", "Zoë <Li>"]]
    assert [c["name"] for c in document["contacts"]] == ["Ada Lovelace", "Bob Chen", "Zoë <Li>"]
    assert document["edges"][-1]["status"] == "offered"
    narrowed = cli_network.json("network", "zoë")
    assert narrowed["chains"] == document["chains"]


def test_cli_unknown_contact_is_one_line(cli_network: CLI) -> None:
    result = cli_network.fails("network", "nobody")
    assert "nobody" in result.stderr


def test_cli_writes_drawings(cli_network: CLI, tmp_path: Path) -> None:
    png = tmp_path / "net.png"
    assert "Network written to" in cli_network("network", "-o", str(png)).stderr
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    svg = tmp_path / "net.svg"
    cli_network("network", "ada", "-o", str(svg))
    ET.fromstring(svg.read_bytes())
    as_text = tmp_path / "net.txt"
    cli_network("network", "--format", "text", "-o", str(as_text))
    assert as_text.read_text(encoding="utf-8").startswith("You (Sam Rivera)")
    # SVG may go to stdout; with -o and --json, the file is written and JSON printed
    ET.fromstring(cli_network("network", "--format", "svg").stdout_bytes)
    document = json.loads(cli_network("network", "-o", str(png), "--json").stdout)
    assert document["chains"]


def test_cli_refuses_a_png_on_a_terminal(cli_network: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    import coffeechat.cli.options  # where every command checks for a terminal

    terminal = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True))
    monkeypatch.setattr(coffeechat.cli.options, "sys", terminal)
    result = cli_network.fails("network", "--format", "png")
    assert "add -o FILE.png" in result.stderr
