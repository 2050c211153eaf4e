"""The network of introductions: who introduced the user to whom, as chains from the user.

Contact A leads to person B when B was introduced by A (``introduced_by``) or when A
offered to introduce the user to B (an introduction recorded with ``intro add``). The
user is the root (id ``YOU``); a contact nobody introduced hangs off the user. Only the
contacts that take part in an introduction, as introducer or as person introduced, are
in the network: the rest are the user's plain contacts, and the board shows those.

Every person has one place in the tree: their ``introduced_by`` when it is set, else the
introducer whose offer went furthest (the oldest one on a tie). Other offers for the same
person stay in the edges, off the chains. A cycle (A introduced B, and B introduced A by
mistake) is broken at the contact added first, who then hangs off the user. Siblings are
ordered by name, so the same data always gives the same picture.

Per contact, the counts of what they did for the user:

- ``offered``: people they offered to introduce, or did introduce;
- ``made``: of those, the introductions made (the e-mail went out, or the person came
  with ``introduced_by`` and no offer recorded) or already met;
- ``converted``: of those, people the user went on to meet (``met-up`` or beyond).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from coffeechat.core.introductions import STATUSES
from coffeechat.core.model import PIPELINE, Stage

#: The id of the user, the root of every chain.
YOU = 0
#: How the user is named in chains.
YOU_LABEL = "You"

#: The stages that mean the user met the person (an introduction turned into a chat).
MET_UP_OR_BEYOND = frozenset(PIPELINE[PIPELINE.index(Stage.MET_UP) :])
#: Statuses that count as an introduction made.
MADE = frozenset({"made", "met"})


@dataclass(frozen=True)
class Person:
    """A contact as the network needs it."""

    id: int
    name: str
    stage: Stage
    company: str | None = None
    introduced_by_id: int | None = None


@dataclass(frozen=True)
class Offer:
    """An introduction recorded as offered, with its status derived from the timelines
    (``offered``, ``asked``, ``made`` or ``met``: see ``core.introductions``)."""

    from_id: int
    to_id: int
    status: str


@dataclass(frozen=True)
class Counts:
    """What one contact did: introductions offered, made, and turned into conversations."""

    offered: int = 0
    made: int = 0
    converted: int = 0


@dataclass(frozen=True)
class Edge:
    """``from_id`` leads to ``to_id``. ``status`` is the introduction's status, None for
    the user's own contacts (``from_id`` is ``YOU``). ``chain`` is False for a link that is
    not on the chains (a second offer for the same person, or a link that closed a cycle)."""

    from_id: int
    to_id: int
    status: str | None
    chain: bool = True


@dataclass
class Node:
    """One person in the tree (the user too, with id ``YOU``)."""

    id: int
    name: str
    stage: Stage | None = None
    company: str | None = None
    parent: int | None = None
    #: The status of the introduction that brought them (None under the user).
    status: str | None = None
    depth: int = 0
    children: list[int] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)

    @property
    def is_introducer(self) -> bool:
        """Whether they offered at least one introduction."""
        return self.counts.offered > 0


@dataclass
class Network:
    """The tree of introductions, from the user, possibly narrowed to one contact."""

    user_name: str
    nodes: dict[int, Node]
    edges: list[Edge]
    focus: int | None = None

    @property
    def root(self) -> Node:
        """The user."""
        return self.nodes[YOU]

    @property
    def empty(self) -> bool:
        """Whether nobody is in the network (no introductions yet)."""
        return len(self.nodes) <= 1

    def walk(self) -> Iterator[Node]:
        """Every node, the user first, depth first, children by name."""
        return _preorder(self.nodes)

    def contacts(self) -> list[Node]:
        """The contacts in the tree, in the order of ``walk``."""
        return [n for n in self.walk() if n.id != YOU]

    def chain_ids(self) -> list[list[int]]:
        """Every path from the user to a person who introduced nobody further."""
        if self.empty:
            return []
        out: list[list[int]] = []
        stack: list[list[int]] = [[YOU]]
        while stack:
            path = stack.pop()
            children = self.nodes[path[-1]].children
            if not children:
                out.append(path)
            stack.extend([*path, c] for c in reversed(children))
        return out

    def chains(self) -> list[list[str]]:
        """The chains by name, e.g. ``["You", "Priya Natarajan", "Grace Kim"]``."""
        return [[self.nodes[i].name for i in chain] for chain in self.chain_ids()]

    @property
    def depth(self) -> int:
        """The depth of the deepest person (0 when the network is empty)."""
        return max(n.depth for n in self.nodes.values())


def _rank(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else -1


def _key(person: Person) -> tuple[str, int]:
    return (person.name.casefold(), person.id)


def links(people: dict[int, Person], offers: Sequence[Offer]) -> dict[tuple[int, int], str]:
    """(introducer, person) → status: the furthest status of the offers between them, and
    ``made`` (``met`` once met) for an ``introduced_by`` with no offer recorded."""
    found: dict[tuple[int, int], str] = {}
    for offer in offers:
        pair = (offer.from_id, offer.to_id)
        if offer.from_id == offer.to_id or not {offer.from_id, offer.to_id} <= people.keys():
            continue
        if pair not in found or _rank(offer.status) > _rank(found[pair]):
            found[pair] = offer.status
    for p in people.values():
        by = p.introduced_by_id
        if by is None or by == p.id or by not in people or (by, p.id) in found:
            continue
        found[(by, p.id)] = "met" if p.stage in MET_UP_OR_BEYOND else "made"
    return found


def counts(found: dict[tuple[int, int], str]) -> dict[int, Counts]:
    """Per introducer: how many offered, made, and turned into a conversation."""
    tally: dict[int, list[int]] = {}
    for (src, _), status in found.items():
        row = tally.setdefault(src, [0, 0, 0])
        row[0] += 1
        row[1] += status in MADE
        row[2] += status == "met"
    return {cid: Counts(*row) for cid, row in tally.items()}


def _parents(
    people: dict[int, Person], offers: Sequence[Offer], found: dict[tuple[int, int], str]
) -> dict[int, int]:
    """Each introduced person's place in the tree: their introducer."""
    parent: dict[int, int] = {}
    order = {(o.from_id, o.to_id): n for n, o in reversed(list(enumerate(offers)))}
    ranked = sorted(found, key=lambda k: (-_rank(found[k]), order.get(k, len(order)), k))
    for src, dst in ranked:
        if dst not in parent:
            parent[dst] = src
    for p in people.values():  # introduced_by wins over any offer
        by = p.introduced_by_id
        if by is not None and (by, p.id) in found:
            parent[p.id] = by
    return parent


def _break_cycles(parent: dict[int, int]) -> set[int]:
    """Cut every cycle at the contact with the smallest id (added first); returns who was
    cut loose (they hang off the user). Follows each chain upward once: no loops."""
    done: set[int] = set()
    cut: set[int] = set()
    for start in sorted(parent):
        path: list[int] = []
        seen: set[int] = set()
        node: int | None = start
        while node is not None and node not in done and node not in seen:
            seen.add(node)
            path.append(node)
            node = parent.get(node)
        if node is not None and node in seen:  # the walk came back: a cycle
            cycle = path[path.index(node) :]
            loose = min(cycle)
            del parent[loose]
            cut.add(loose)
        done.update(path)
    return cut


def build(
    user_name: str,
    people: Sequence[Person],
    offers: Sequence[Offer],
    focus: int | None = None,
) -> Network:
    """The network of introductions among ``people`` (offers oldest first).

    With ``focus``, only the chains through that contact: their introducers up to the user,
    and everyone below them. A focused contact outside the network stands alone under the
    user.
    """
    by_id = {p.id: p for p in people}
    found = links(by_id, offers)
    tally = counts(found)
    members = {i for pair in found for i in pair}
    if focus is not None and focus in by_id:
        members.add(focus)
    parent = _parents(by_id, offers, found)
    _break_cycles(parent)

    nodes: dict[int, Node] = {YOU: Node(YOU, YOU_LABEL)}
    for cid in members:
        p = by_id[cid]
        up = parent.get(cid, YOU)
        nodes[cid] = Node(
            cid,
            p.name,
            p.stage,
            p.company,
            up,
            found.get((up, cid)) if up != YOU else None,
            counts=tally.get(cid, Counts()),
        )
    for cid in sorted(members, key=lambda i: _key(by_id[i])):
        parent_id = nodes[cid].parent
        assert parent_id is not None
        nodes[parent_id].children.append(cid)
    if focus is not None and focus in nodes:
        nodes = _narrow(nodes, focus)
    _set_depths(nodes)

    tree = {(n.parent, n.id) for n in nodes.values() if n.parent is not None}
    edges = [Edge(src, dst, found.get((src, dst)), True) for src, dst in sorted(tree)]
    edges += [
        Edge(src, dst, status, False)
        for (src, dst), status in sorted(found.items())
        if (src, dst) not in tree and src in nodes and dst in nodes
    ]
    rank = {n.id: i for i, n in enumerate(_preorder(nodes))}
    edges.sort(key=lambda e: (rank[e.to_id], not e.chain, rank[e.from_id]))
    return Network(user_name, nodes, edges, focus if focus in nodes else None)


def _preorder(nodes: dict[int, Node]) -> Iterator[Node]:
    stack = [YOU]
    while stack:
        node = nodes[stack.pop()]
        yield node
        stack.extend(reversed(node.children))


def _narrow(nodes: dict[int, Node], focus: int) -> dict[int, Node]:
    """Keep the focused contact, their introducers up to the user, and all below them."""
    keep: set[int] = set()
    up: int | None = focus
    while up is not None and up not in keep:
        keep.add(up)
        up = nodes[up].parent
    below = list(nodes[focus].children)
    while below:
        cid = below.pop()
        if cid not in keep:
            keep.add(cid)
            below.extend(nodes[cid].children)
    kept = {cid: n for cid, n in nodes.items() if cid in keep}
    for n in kept.values():
        n.children = [c for c in n.children if c in keep]
    return kept


def _set_depths(nodes: dict[int, Node]) -> None:
    for node in _preorder(nodes):
        for cid in node.children:
            nodes[cid].depth = node.depth + 1
