"""The JSON documents that ``--json`` prints: a public contract (docs/json.md).

Instants are ISO 8601 with the UTC offset of the zone they were meant in; dates are
``YYYY-MM-DD``; zones are IANA names.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Iterator
from typing import Any, BinaryIO

from coffeechat.core.model import Company, Contact, Event, UserSettings


def instant(value: dt.datetime | None, zone: str) -> str | None:
    """An aware instant as ISO 8601 in ``zone`` (seconds precision)."""
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone)).isoformat(timespec="seconds")


def contact(c: Contact, user_zone: str) -> dict[str, Any]:
    """A contact as JSON."""
    return {
        "id": c.id,
        "name": c.name,
        "emails": list(c.emails),
        "phone": c.phone,
        "linkedin": c.linkedin,
        "company": c.company,
        "company_id": c.company_id,
        "title": c.title,
        "seniority": c.seniority.value if c.seniority else None,
        "city": c.city,
        "timezone": c.timezone,
        "country": c.country,
        "work_hours": c.work_hours,
        "how_met": c.how_met.value if c.how_met else None,
        "met_at": c.met_at,
        "met_on": c.met_on.isoformat() if c.met_on else None,
        "introduced_by": (
            {"id": c.introduced_by_id, "name": c.introduced_by} if c.introduced_by_id else None
        ),
        "tags": list(c.tags),
        "note": c.note,
        "reason": c.reason,
        "keep_in_touch": c.keep_in_touch,
        "stage": c.stage.value,
        "stage_since": instant(c.stage_since, user_zone),
        "last_event_at": instant(c.last_event_at, user_zone),
        "created_at": instant(c.created_at, user_zone),
    }


def event(e: Event) -> dict[str, Any]:
    """A timeline entry as JSON."""
    return {
        "id": e.id,
        "kind": e.kind.value,
        "at": instant(e.at, e.zone),
        "zone": e.zone,
        "note": e.note,
        "value": e.value,
    }


def check_report(report: Any) -> dict[str, Any]:
    """The checker's report on a message as JSON (``check --json``, ``POST /api/v1/check``)."""
    return {
        "ok": report.ok,
        "words": report.words,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "hint": f.hint,
                "span": list(f.span) if getattr(f, "span", None) else None,
            }
            for f in report.findings
        ],
    }


def company(c: Company) -> dict[str, Any]:
    """A company as JSON (with its LAMP rank and the contacts who work there)."""
    return {
        "id": c.id,
        "name": c.name,
        "website": c.website,
        "advocacy": c.advocacy,
        "motivation": c.motivation,
        "posting": c.posting,
        "note": c.note,
        "rank": c.rank,
        "active": c.active,
        "target": c.target,
        "contacts": [{"id": cid, "name": name} for cid, name in c.contacts],
    }


def settings(s: UserSettings) -> dict[str, Any]:
    """The owner's settings as JSON."""
    return {
        "name": s.name,
        "email": s.email,
        "timezone": s.timezone,
        "country": s.country,
        "availability": s.availability,
        "signature": s.signature,
        "phone": s.phone,
        "weekly_goal": s.weekly_goal,
        "smtp_host": s.smtp_host,
        "smtp_port": s.smtp_port,
        "smtp_security": s.smtp_security,
        "smtp_user": s.smtp_user,
        "cities": s.cities,
        "paper": s.paper,
    }


# --- writing a document as it is produced ---------------------------------------------------
#
# ``chunks`` gives the text of ``json.dumps(document, indent=2, ensure_ascii=False)`` piece
# by piece, the same bytes, and takes iterators (a generator of contacts, say) where a list
# goes: they are written element by element as they come, so a list of 100,000 contacts
# is never held as one string (nor, given a generator, as one list).

_INDENT = "  "
_ENCODER = json.JSONEncoder(indent=2, ensure_ascii=False)
_STRING = json.encoder.encode_basestring
#: Write to the stream once this many characters are waiting.
BATCH = 1 << 16


def _float(value: float) -> str:
    return _ENCODER.encode(value)


def _scalar(value: Any) -> str | None:
    """The JSON text of a string, number, bool or None, as ``json.dumps`` writes it;
    None for anything else."""
    if isinstance(value, str):
        return _STRING(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    return None


def _key(key: Any) -> str:
    """A dict key as ``json.dumps`` writes it (str, or a number, bool or None as text)."""
    if isinstance(key, str):
        return _STRING(key)
    text = _scalar(key)
    if text is None:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _STRING(text)


def chunks(value: Any, level: int = 0) -> Iterator[str]:
    """The JSON text of ``value`` in pieces, as ``dumps`` writes it (``level`` is the
    indentation the value starts at); an iterator is written as a list, item by item."""
    text = _scalar(value)
    if text is not None:
        yield text
    elif isinstance(value, dict):
        if not value:
            yield "{}"
            return
        inner = "\n" + _INDENT * (level + 1)
        before = "{" + inner
        for key, item in value.items():
            yield before + _key(key) + ": "
            yield from chunks(item, level + 1)
            before = "," + inner
        yield "\n" + _INDENT * level + "}"
    elif isinstance(value, list | tuple | Iterator):
        inner = "\n" + _INDENT * (level + 1)
        before = "[" + inner
        for item in value:
            yield before
            yield from chunks(item, level + 1)
            before = "," + inner
        yield "[]" if before[0] == "[" else "\n" + _INDENT * level + "]"
    else:
        yield from chunks(_ENCODER.default(value), level)


def batches(document: Any, size: int | None = None) -> Iterator[str]:
    """The text of ``document`` in pieces of about ``size`` characters (``BATCH`` by
    default): fewer, larger writes."""
    size = size or BATCH
    waiting: list[str] = []
    held = 0
    for piece in chunks(document):
        waiting.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(waiting)
            waiting.clear()
            held = 0
    if waiting:
        yield "".join(waiting)


def write(stream: BinaryIO, document: Any) -> None:
    """``document`` as UTF-8 on a binary stream, as it is produced (no final newline)."""
    for text in batches(document):
        stream.write(text.encode("utf-8"))


def dumps(document: Any) -> str:
    """One JSON document, pretty-printed, non-ASCII kept as is (iterators become lists)."""
    return "".join(chunks(document))


def local_span(start: dt.datetime, end: dt.datetime, zone: str, window: bool = False) -> str:
    """``Tue 01 Dec 12:15-12:45 GMT`` in ``zone``; a window reads ``any time 14:00-16:00``."""
    tz = zoneinfo.ZoneInfo(zone)
    a, b = start.astimezone(tz), end.astimezone(tz)
    day = a.strftime("%a %d %b")
    span = f"{a:%H:%M}-{b:%H:%M}" if a.date() == b.date() else f"{a:%H:%M}-{b:%a %H:%M}"
    return f"{day}, any time {span} {a:%Z}" if window else f"{day} {span} {a:%Z}"


def option(o: Any, contact_zone: str, user_zone: str) -> dict[str, Any]:
    """One offered option as JSON (``o`` is a stored OptionRow)."""
    window = o.kind == "flexible"
    return {
        "number": o.number,
        "start": instant(o.start, contact_zone),
        "end": instant(o.end, contact_zone),
        "kind": o.kind,
        "format": o.format,
        "contact_local": local_span(o.start, o.end, contact_zone, window),
        "user_local": local_span(o.start, o.end, user_zone, window),
        "place": o.place,
        "reason": o.reason,
    }


def conversation(c: Any, user_zone: str) -> dict[str, Any]:
    """A conversation as JSON (``c`` is a store ConversationRow)."""
    from coffeechat.core.scheduling import confirm_day

    return {
        "id": c.id,
        "status": c.status,
        "start": instant(c.start, c.zone),
        "end": instant(c.end, c.zone),
        "zone": c.zone,
        "user_local": local_span(c.start, c.end, user_zone) if c.start and c.end else None,
        "place": c.place,
        "format": c.format,
        "link": c.link,
        "reschedules": c.reschedules,
        "confirm_on": confirm_day(c.start, c.zone).isoformat() if c.start else None,
        "guide": c.guide,
        "recapped_at": instant(c.recapped_at, user_zone),
    }


def proposal(view: Any) -> dict[str, Any]:
    """Options offered to a contact (``view`` is a service ProposalView): the document of
    ``schedule propose --json``, ``schedule reschedule --json`` and the web API."""
    return {
        "contact": contact(view.contact, view.user_zone),
        "contact_zone": view.contact_zone,
        "user_zone": view.user_zone,
        "duration_minutes": view.duration_min,
        "proposal_id": view.proposal_id,
        "options": [option(o, view.contact_zone, view.user_zone) for o in view.options],
        "warnings": view.warnings,
    }


def confirmation(done: Any) -> dict[str, Any]:
    """A confirmed conversation (``done`` is a service Confirmation): the document of
    ``schedule confirm --json`` and the web API."""
    return {
        "contact": contact(done.contact, done.user_zone),
        "conversation": conversation(done.conversation, done.user_zone),
        "rescheduled": done.rescheduled,
        "invite": str(done.invite),
        "follow_ups": [
            {
                "kind": "confirm",
                "due": done.confirm_on.isoformat(),
                "reason": "confirm the day before: time with zone, place, your phone",
            }
        ],
        "warnings": done.warnings,
    }


def plan(p: Any) -> dict[str, Any]:
    """A guide fitted to the time (``p`` is a core.guides.Plan)."""
    return {
        "guide": p.guide,
        "title": p.title,
        "minutes": p.minutes,
        "opening": p.opening,
        "cue_at": p.cue_at,
        "questions": [
            {
                "key": q.key,
                "text": q.text,
                "purpose": q.purpose,
                "minutes": q.minutes,
                "start": q.start,
            }
            for q in p.questions
        ],
        "skipped": list(p.skipped),
    }


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def recap(r: Any) -> dict[str, Any]:
    """A recap's content (``r`` is a core.recap.Recap)."""
    return {
        "variant": r.variant.value,
        "title": r.title_line,
        "user": r.user_name,
        "who": {
            "name": r.contact_name,
            "title": r.title,
            "company": r.company,
            "seniority": r.seniority,
        },
        "how_met": r.how_met,
        "met_at": r.met_at,
        "met_on": _date(r.met_on),
        "introduced_by": r.introduced_by,
        "start": r.start.isoformat(timespec="seconds") if r.start else None,
        "zone": r.zone,
        "minutes": r.minutes,
        "format": r.format,
        "place": r.place,
        "guide": r.guide,
        "topics": [
            {"key": t.key, "question": t.question, "notes": list(t.notes), "skipped": t.skipped}
            for t in r.topics
        ],
        "other_notes": list(r.other_notes),
        "takeaways": [{"kind": t.kind.value, "text": t.text} for t in r.takeaways],
        "promises": [
            {"by": p.by.value, "text": p.text, "due": _date(p.due), "done": p.done}
            for p in r.promises
        ],
        "introductions": [
            {"name": i.name, "company": i.company, "status": i.status} for i in r.introductions
        ],
        "next_contact": _date(r.next_contact),
        "next_step": r.next_step,
        "reflection": r.reflection,
        "written_on": _date(r.written_on),
    }


# --- writing a conversation down: note, takeaway, promise, intro add ------------------------


def _short(c: Contact) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "stage": c.stage.value}


def written(w: Any, key: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What ``note|takeaway|promise add --json`` print (``w``: a service Written, or a
    TopicNoteSaved): the contact, the conversation, and the record under ``key``."""
    return {
        "contact": _short(w.contact),
        "conversation": w.conversation_id,
        "started": w.started,
        key: {"id": w.id, **fields},
    }


def introduction_made(made: Any, user_zone: str) -> dict[str, Any]:
    """What ``intro add --json`` prints (``made``: a service IntroductionMade)."""
    first = made.introducer.name.split()[0]
    return {
        "introducer": _short(made.introducer),
        "contact": contact(made.person, user_zone),
        "created": made.created,
        "introduction": made.introduction_id,
        "conversation": made.conversation_id,
        "follow_up": {
            "kind": "introduction",
            "due": made.ask_on.isoformat(),
            "text": f"Ask {first} for the introduction to {made.person.name}",
        },
    }


def logged(e: Event, c: Contact) -> dict[str, Any]:
    """What ``log CONTACT KIND --json`` prints: the event and the contact's new stage."""
    document = event(e)
    document["contact"] = _short(c)
    return document


def recap_written(result: Any, fmt: str, file: str | None) -> dict[str, Any]:
    """The document of ``recap --json`` (``result``: a service RecapResult; ``fmt`` the
    format asked for, ``file`` where it was written, if anywhere)."""
    c = result.contact
    return {
        "contact": {"id": c.id, "name": c.name, "stage": c.stage.value},
        "conversation": result.conversation_id,
        "first": result.first,
        "format": fmt,
        "file": file,
        "recap": recap(result.recap),
        "findings": [
            {"rule": f.rule, "severity": f.severity, "message": f.message, "hint": f.hint}
            for f in result.findings
        ],
    }


def search(query: str, results: Any) -> dict[str, Any]:
    """The document of ``search --json`` (``results``: the service's search results)."""
    return {
        "query": query,
        "results": [
            {
                "kind": r.kind,
                "id": r.id,
                "title": r.title,
                "snippet": r.snippet,
                "score": r.score,
                "contact_id": r.contact_id,
            }
            for r in results
        ],
    }


# --- corrections: the rows a user lists, edits and removes ---------------------------------


def written_row(kind: str, row: Any, zone: str) -> dict[str, Any]:
    """A note, takeaway, promise or introduction as JSON (``row``: its store row)."""
    if kind == "note":
        return {
            "id": row.id,
            "conversation": row.conversation_id,
            "topic": row.topic,
            "text": row.text,
            "created_at": instant(row.created_at, zone),
            "updated_at": instant(row.updated_at, zone),
        }
    if kind == "takeaway":
        return {
            "id": row.id,
            "conversation": row.conversation_id,
            "kind": row.kind,
            "text": row.text,
            "created_at": instant(row.created_at, zone),
        }
    if kind == "promise":
        return {
            "id": row.id,
            "conversation": row.conversation_id,
            "by": row.by,
            "text": row.text,
            "due": _date(row.due),
            "done": row.done_at is not None,
            "created_at": instant(row.created_at, zone),
        }
    if kind == "introduction":
        return {
            "id": row.id,
            "conversation": row.conversation_id,
            "from_id": row.from_id,
            "to_id": row.to_id,
            "status": row.status,
            "created_at": instant(row.created_at, zone),
        }
    return event(row)


def corrected(c: Any, zone: str) -> dict[str, Any]:
    """An edit or removal (``c``: a service.corrections.Corrected) as JSON."""
    return {
        "kind": c.kind,
        "id": c.id,
        "removed": c.after is None,
        "before": written_row(c.kind, c.before, zone),
        "after": written_row(c.kind, c.after, zone) if c.after is not None else None,
        "contact": {"id": c.contact.id, "name": c.contact.name, "stage": c.contact.stage.value},
        "also": list(c.also),
    }


def follow_up(item: Any, now: dt.datetime, today: dt.date, zone: str) -> dict[str, Any]:
    """One follow-up item as JSON, as of ``now`` (``today`` in ``zone``)."""
    from coffeechat.core.followups import is_overdue, overdue_days

    due_at = item.due_at.astimezone(zoneinfo.ZoneInfo(zone)) if item.due_at else None
    return {
        "item": item.item,
        "contact": {"id": item.contact_id, "name": item.contact_name},
        "kind": item.kind,
        "due": item.due.isoformat(),
        "due_at": due_at.isoformat() if due_at else None,
        "overdue": is_overdue(item, now, today),
        "overdue_days": overdue_days(item, today),
        "reason": item.reason,
        "suggested_command": item.suggested_command,
    }


def agenda(result: Any, paged: bool) -> dict[str, Any]:
    """The agenda (``agenda --json``); a page (``paged``) also says how many items there
    are in all and where the next page starts."""
    document: dict[str, Any] = {
        "today": result.today.isoformat(),
        "days": result.days,
        "items": [follow_up(i, result.now, result.today, result.user_zone) for i in result.items],
    }
    if paged:
        document |= {"total": result.total, "next_offset": result.next_offset}
    return document


def contact_detail(
    detail: Any,
    zone: str,
    now: dt.datetime,
    responsiveness: str | None,
    items: list[Any],
) -> dict[str, Any]:
    """A contact with its follow-ups, timeline and conversations (``contact show --json``)."""
    today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
    document = contact(detail.contact, zone)
    document["responsiveness"] = responsiveness
    document["follow_ups"] = [follow_up(i, now, today, zone) for i in items]
    document["timeline"] = [event(e) for e in detail.timeline]
    document["introduced"] = [{"id": i, "name": n} for i, n in detail.introduced]
    document["conversations"] = [conversation(c, zone) for c in detail.conversations]
    offered_zone = detail.proposal.zone if detail.proposal else zone
    document["offered"] = [option(o, offered_zone, zone) for o in detail.offered]
    document["needs_new_options"] = detail.needs_new_options(now)
    return document
