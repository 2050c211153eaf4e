"""A demo workspace: sample people at every stage, dated relative to now."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from coffeechat.config import Settings
from coffeechat.service.workspace import Workspace

OWNER = {
    "name": "Sam Rivera",
    "email": "sam.rivera@example.com",
    "timezone": "America/New_York",
    "availability": "Mon-Fri 07:30-21:00; Sat 10:00-14:00",
    "signature": "Sam Rivera\nBootcamp graduate, full-stack developer",
    "phone": "+1 212 555 0142",
}

COMPANIES: list[tuple[str, dict[str, Any]]] = [
    (
        "Lumen Health",
        {"advocacy": "yes", "motivation": 3, "posting": 3, "website": "lumen.example"},
    ),
    ("Northwind Analytics", {"advocacy": "yes", "motivation": 3, "posting": 2}),
    ("Tidewater Bank", {"advocacy": "no", "motivation": 2, "posting": 3}),
    ("Foxglove Studio", {"motivation": 2, "posting": 1, "note": "Design-led, small team"}),
    ("Parcel & Co", {"advocacy": "no", "motivation": 1, "posting": 2}),
    ("Brightline Robotics", {"motivation": 3, "posting": 1}),
]

# name, fields, [(days ago, kind, note)]
CONTACTS: list[tuple[str, dict[str, Any], list[tuple[float, str, str | None]]]] = [
    (
        "Priya Natarajan",
        {
            "company": "Lumen Health",
            "title": "Senior Backend Engineer",
            "seniority": "senior",
            "emails": ["priya@lumen.example"],
            "timezone": "America/New_York",
            "city": "New York",
            "how_met": "event",
            "met_at": "PyData NYC meetup",
            "tags": ["python", "health"],
        },
        [
            (20, "outreach", "Asked for 20 minutes about their data platform"),
            (18, "reply", None),
            (17, "scheduling-email", None),
            (10, "meeting", "Coffee near their office"),
            (9.5, "thank-you", None),
            (9, "note", "Offered to introduce me to their team lead"),
        ],
    ),
    (
        "Marcus Oyelaran",
        {
            "company": "Northwind Analytics",
            "title": "Data Engineer",
            "seniority": "mid",
            "emails": ["marcus@northwind.example"],
            "timezone": "Europe/London",
            "city": "London",
            "how_met": "online",
            "met_at": "Rust Discord",
            "tags": ["data"],
        },
        [
            (6, "outreach", None),
            (4, "reply", "Happy to chat next week"),
            (3, "scheduling-email", "Offered Tue lunch, Wed after work, Fri flexible"),
        ],
    ),
    (
        "Elena Sokolova",
        {
            "company": "Tidewater Bank",
            "title": "Engineering Manager",
            "seniority": "lead",
            "timezone": "America/Chicago",
            "how_met": "event",
            "met_at": "Women in Tech mixer",
            "reason": "how you went from writing code to leading a team at a bank",
        },
        [(2, "outreach", "Short note after the mixer")],
    ),
    (
        "Tomás Herrera",
        {
            "company": "Foxglove Studio",
            "title": "Product Designer",
            "seniority": "mid",
            "timezone": "America/Los_Angeles",
            "how_met": "online",
            "tags": ["design"],
        },
        [(9, "outreach", None)],
    ),
    (
        "Grace Kim",
        {
            "company": "Lumen Health",
            "title": "Team Lead, Platform",
            "seniority": "lead",
            "timezone": "America/New_York",
            "introduced_by": "Priya Natarajan",
        },
        [],
    ),
    (
        "Daniel Mensah",
        {
            "company": "Brightline Robotics",
            "title": "CTO",
            "seniority": "executive",
            "timezone": "Pacific/Auckland",
            "how_met": "event",
            "met_at": "RoboConf talk Q&A",
            "reason": "your answer at RoboConf on testing robots without the hardware",
            "tags": ["robotics"],
        },
        [(3, "outreach", None), (1, "reply", "Yes, let's talk")],
    ),
    (
        "Aiko Tanaka",
        {
            "company": "Parcel & Co",
            "title": "Software Engineer",
            "seniority": "entry",
            "timezone": "Asia/Tokyo",
            "how_met": "already-known",
            "tags": ["bootcamp"],
        },
        [(1, "meeting", "Video catch-up about her first year")],
    ),
]

# What was written about the chats: (topic or None, text) notes, takeaways, promises.
PRIYA_NOTES = [
    ("journey", "Physics degree, then QA at a start-up; moved to backend through on-call work"),
    ("journey", "Keeps sharp with a reading group on Designing Data-Intensive Applications"),
    ("challenges", "Hardest part: HIPAA rules on every data change; reviews take a week"),
    ("workflow", "Squads per product area; platform work shared out by task each sprint"),
    ("team", "About a third senior; new hires take roughly three months to ramp up"),
    ("advice", "Lead my résumé with the pipeline project and its numbers"),
    ("break-in", "Their data platform team hires from support engineering too"),
    ("network", "Grace Kim, who leads the platform team"),
    ("stay-in-touch", "Happy to hear how the search goes"),
    (None, "Recommended the Data Engineering Podcast"),
]
PRIYA_TAKEAWAYS = [
    ("insight", "Health-tech teams spend real time on compliance: say I am at ease with it"),
    ("mentor", "Offered to review my portfolio once it is updated"),
    ("path", "Support engineering is a side door into the platform team"),
    ("resource", "Designing Data-Intensive Applications; the Data Engineering Podcast"),
    ("advice", "Put numbers on every project in my résumé"),
]
AIKO_NOTES = [
    ("journey", "Bootcamp in 2025, first job at Parcel & Co after four months of search"),
    ("team", "Small team of six; she had a buddy for her first two months"),
    ("advice", "Build one project end to end and write about it"),
]


def _demo_conversations(workspace: Workspace, now: dt.datetime) -> None:
    """Priya's chat written up and recapped; Aiko's catch-up noted, its recap still due."""
    written = [workspace.add_note("Priya Natarajan", text, topic=t) for t, text in PRIYA_NOTES]
    workspace.set_skipped(written[0].conversation_id, "balance", True)
    for kind, text in PRIYA_TAKEAWAYS:
        workspace.add_takeaway("Priya Natarajan", kind, text)
    soon = (now + dt.timedelta(days=2)).date().isoformat()
    workspace.add_promise("Priya Natarajan", "me", "Send my updated portfolio", due=soon)
    workspace.add_promise("Priya Natarajan", "them", "Introduce me to Grace Kim")
    workspace.add_introduction("Priya Natarajan", "Grace Kim")
    workspace.log("Grace Kim", "introduced", note="Priya's e-mail introducing us")
    workspace.write_recap(
        "Priya Natarajan",
        reflection="Platform work in health care suits me; I should learn more about compliance.",
    )
    for topic, text in AIKO_NOTES:
        workspace.add_note("Aiko Tanaka", text, topic=topic)
    workspace.add_introduction("Aiko Tanaka", "Kenji Sato", company="Parcel & Co")
    _demo_paths(workspace, now)


def _demo_paths(workspace: Workspace, now: dt.datetime) -> None:
    """Two applications: one the conventional way, one through Priya's referral."""

    def day(days_ago: int) -> str:
        return (now - dt.timedelta(days=days_ago)).date().isoformat()

    applied = workspace.add_path("Tidewater Bank", "Data Engineer", "conventional")
    for step, days_ago in (("application", 40), ("resume-screen", 30), ("phone-screen", 21),
                           ("technical-challenge", 12)):  # fmt: skip
        workspace.add_path_step(applied.id, step, on=day(days_ago))
    referred = workspace.add_path("Lumen Health", "Platform Engineer", "Priya Natarajan")
    for step, days_ago in (("introduction", 8), ("technical-challenge", 4)):
        workspace.add_path_step(referred.id, step, on=day(days_ago))


def seed_demo(settings: Settings) -> Workspace:
    """Create a workspace at ``settings`` filled with sample data; returns it open."""
    workspace = Workspace.create(settings, **OWNER)
    now = workspace.now()
    zone = str(OWNER["timezone"])
    for name, scores in COMPANIES:
        workspace.add_company(name, **scores)
    for name, fields, events in CONTACTS:
        met_days = max((days for days, _, _ in events), default=3) + 2
        met_on = (now - dt.timedelta(days=met_days)).date().isoformat()
        contact = workspace.add_contact(name=name, met_on=met_on, **fields)
        for days_ago, kind, note in events:
            at = _office_hours(now - dt.timedelta(days=days_ago), zone, future=days_ago < 0)
            workspace.log(str(contact.id), kind, at=at.isoformat(), note=note)
    # Marcus has been offered three times; Daniel chose one (a video call, his lunch time).
    workspace.propose_slots("Marcus Oyelaran")
    auckland = zoneinfo.ZoneInfo("Pacific/Auckland")
    chosen = (
        (now + dt.timedelta(days=3))
        .astimezone(auckland)
        .replace(hour=12, minute=30, second=0, microsecond=0)
    )
    workspace.confirm("Daniel Mensah", at=chosen.replace(tzinfo=None).isoformat(), format="video")
    _demo_conversations(workspace, now)
    workspace.forget_changes()  # the sample data is the workspace's start, like `init`
    return workspace


def _office_hours(instant: dt.datetime, zone: str, future: bool) -> dt.datetime:
    """The same moment moved to a plausible working time in ``zone``: 09:00-18:59 on a
    weekday (to the Friday before a weekend in the past, the Monday after in the future)."""
    local = instant.astimezone(zoneinfo.ZoneInfo(zone)).replace(second=0, microsecond=0)
    local = local.replace(hour=min(max(local.hour, 9), 18))
    while local.weekday() >= 5:
        local += dt.timedelta(days=1 if future else -1)
    return local
