"""Drafting the messages of the workflow from what the workspace knows about a contact."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coffeechat.core.errors import (
    AmbiguousContact,
    CoffeechatError,
    InvalidValue,
    UnknownContact,
)
from coffeechat.core.model import Contact, EventKind, UserSettings
from coffeechat.service.contacts import ContactDetail
from coffeechat.service.scheduling import (
    FLEXIBLE,
    NothingToMove,
    ProposalView,
    SchedulingMixin,
)
from coffeechat.store import users
from coffeechat.store.scheduling import ConversationRow, OptionRow

#: Hours after a conversation within which a thank-you should go out.
THANK_YOU_HOURS = 24


class CannotDraft(CoffeechatError):
    """A draft that needs something the workspace does not have yet (the message says what)."""


@dataclass
class Draft:
    """A drafted message for a contact, ready to copy, open (``mailto``) or save as .eml."""

    kind: str
    contact: Contact
    to_email: str | None
    subject: str
    body: str
    mailto: str
    sender: tuple[str, str | None] = ("", None)
    user_zone: str = "UTC"
    warnings: list[str] = field(default_factory=list)


def zone_label(zone: str) -> str:
    """``London time`` for ``Europe/London``; ``UTC`` as is."""
    if "/" not in zone:
        return zone
    return zone.rsplit("/", 1)[1].replace("_", " ") + " time"


def _span(start: dt.datetime, end: dt.datetime, zone: str, window: bool = False) -> str:
    from coffeechat.formats.jsonout import local_span

    return local_span(start, end, zone, window)


def _my_span(start: dt.datetime, end: dt.datetime, their_zone: str, my_zone: str) -> str:
    """An option in the user's zone, said as briefly as it can be beside theirs: the clock
    only (``12:30-13:00 EST``) when it falls on the same date there, else with the day."""
    mine = _span(start, end, my_zone)
    same_day = (
        start.astimezone(zoneinfo.ZoneInfo(my_zone)).date()
        == start.astimezone(zoneinfo.ZoneInfo(their_zone)).date()
    )
    return mine.split(" ", 3)[3] if same_day else mine


def _formats_of(options: list[dict[str, Any]], contact: Contact) -> dict[str, Any]:
    """What a scheduling draft says about the formats on offer: the format once when every
    option shares it (``shared_format``: "a video call"; None otherwise), whether any is
    in person, and the sentence offering another place or medium."""
    from coffeechat.core.places import IN_PERSON, Format, flexibility, format_phrase

    formats = []
    for o in options:
        try:
            formats.append(Format(o["format"]))
        except ValueError:  # a format this version does not know: say it on each line
            return {"shared_format": None, "in_person": False, "flexibility": flexibility([])}
    places = {o["place"] for o in options}
    shared = (
        format_phrase(formats[0], contact.city, contact.company)
        if formats and len(set(formats)) == 1 and len(places) == 1
        else None
    )
    in_person = any(f in IN_PERSON for f in formats)
    return {
        "shared_format": shared,
        "in_person": in_person,
        # each in-person line already offers to come to them: only the call is left to say
        "flexibility": flexibility(formats, places_said=shared is None and in_person),
    }


def draft_kind(kind: str) -> str:
    """A kind of draft as given (any case, spaces around), checked: InvalidValue unless
    it is one of ``core.drafts.KINDS``."""
    from coffeechat.core.drafts import KINDS

    cleaned = (kind or "").strip().lower()
    if cleaned not in KINDS:
        raise InvalidValue("kind", kind, f"must be one of {'|'.join(KINDS)}", "outreach")
    return cleaned


class DraftingMixin(SchedulingMixin):
    """Drafts of every message of the workflow (``coffeechat draft KIND CONTACT``)."""

    def draft(
        self,
        kind: str,
        ref: str,
        to: str | None = None,
        *,
        read: tuple[ContactDetail, UserSettings] | None = None,
    ) -> Draft:
        """Draft the message of ``kind`` for a contact; ``to`` names the person an
        intro-request asks them to introduce the user to. A caller that has just read
        that contact (``show_contact(ref)``) and the settings passes them as ``read``,
        so they are not read again."""
        from coffeechat.core.drafts import mailto
        from coffeechat.formats.drafts import render

        cleaned = draft_kind(kind)
        target = (to or "").strip()
        if cleaned == "intro-request" and not target:
            raise InvalidValue(
                "to", to, "intro-request needs --to NAME, the person to be introduced to", "Grace"
            )
        if cleaned != "intro-request" and target:
            raise InvalidValue("to", to, "only intro-request takes --to", "intro-request")
        if read is not None:
            detail, owner = read
        else:
            detail = self.show_contact(ref)
            with self.reading() as conn:
                owner = users.get_settings(conn, self.owner_id)
        warnings: list[str] = []
        context = self._draft_context(cleaned, detail, owner, target, warnings)
        subject, body = render(cleaned, context, self.settings.home)
        c = detail.contact
        email = c.emails[0] if c.emails else None
        if email is None:
            warnings.append(
                f"{c.name} has no e-mail address: add one with "
                f"`coffeechat contact edit {c.id} --email ...`"
            )
        return Draft(
            kind=cleaned,
            contact=c,
            to_email=email,
            subject=subject,
            body=body,
            mailto=mailto(email, subject, body),
            sender=(owner.name, owner.email),
            user_zone=owner.timezone,
            warnings=warnings,
        )

    # --- the template context -----------------------------------------------------------

    def _draft_context(
        self,
        kind: str,
        detail: ContactDetail,
        owner: UserSettings,
        target: str,
        warnings: list[str],
    ) -> dict[str, Any]:
        """Everything a template may use (docs/drafts.md lists it per kind)."""
        from coffeechat.core import drafts as wording

        c = detail.contact
        now = self.now()
        today = now.astimezone(zoneinfo.ZoneInfo(owner.timezone)).date()
        headline = wording.headline_of(owner.signature)
        their_zone = c.timezone or owner.timezone
        signature = (owner.signature or owner.name).strip()
        my_first = wording.first_name(owner.name)
        notes = [c.note or ""] + [
            e.note or "" for e in sorted(detail.timeline, key=lambda e: e.at, reverse=True)
            if e.kind is EventKind.NOTE
        ]  # fmt: skip
        why = wording.why_them(c.reason, notes)
        context: dict[str, Any] = {
            "kind": kind,
            "me": {
                "name": owner.name,
                "first_name": my_first,
                "email": owner.email,
                "phone": owner.phone,
                "signature": signature,
                "sign_off": wording.sign_off(signature, headline),
                "headline": headline,
                "about": wording.about_me(headline),
                "about_them": wording.headline_sentence(
                    headline, f"{my_first} is", f"About {my_first}"
                )
                if headline
                else None,
                "zone": owner.timezone,
            },
            "why": why.sentence,
            "why_placeholder": wording.WHY_PLACEHOLDER,
            "contact": {
                "id": c.id,
                "name": c.name,
                "first_name": wording.first_name(c.name),
                "email": c.emails[0] if c.emails else None,
                "company": c.company,
                "title": c.title,
                "field": wording.field_of(c.title),
                "city": c.city,
                "zone": their_zone,
                "zone_label": zone_label(their_zone),
            },
            "connection": wording.connection_sentence(
                c.how_met, c.met_at, c.met_on, c.introduced_by, today
            ),
            "connection_subject": wording.subject_connection(c.how_met, c.met_at, c.introduced_by),
            "connected": bool(c.how_met or c.met_at or c.introduced_by),
            "same_zone": their_zone == owner.timezone,
            "introduced": [name for _, name in detail.introduced],
        }
        met = self._last_met(detail, now)
        met_day = met.astimezone(zoneinfo.ZoneInfo(owner.timezone)).date() if met else None
        context["met_when"] = wording.relative_day(met_day, today) if met_day else None
        context["since"] = wording.time_since(met_day, today) if met_day else None
        if kind == "outreach" and why.sentence is None:
            warnings.append(
                f"nothing says why you want to talk to {c.name}, so the draft leaves a line "
                "in [brackets] to fill in; or record it and draft again: "
                f'`coffeechat contact edit {c.id} --reason "your talk on streaming at PyData"`'
            )
        elif kind in ("outreach", "second-contact") and why.source in ("question", "note"):
            warnings.append(
                f"why them comes from your notes on {c.name}: check that it reads well to "
                f"them, or give a reason: `coffeechat contact edit {c.id} --reason TEXT`"
            )
        if kind == "outreach" and not context["connected"]:
            warnings.append(
                f"how you met {c.name} is not recorded, so the first line is generic: "
                f'`coffeechat contact edit {c.id} --met-at "PyData NYC"`'
            )
        if kind == "keep-in-touch":
            context["opening"] = wording.catch_up_opening(met_day, today)
            warnings.append("fill in the parts in [brackets] before sending")
        if kind == "second-contact" and not c.company:
            raise CannotDraft(
                f"second-contact: {c.name} has no company; this draft is for a second person at "
                f"a company you target (`coffeechat contact edit {c.id} --company NAME`)"
            )
        if kind == "follow-up":
            sent = [e for e in detail.timeline if e.kind is EventKind.OUTREACH]
            if sent:
                day = max(e.at for e in sent).astimezone(zoneinfo.ZoneInfo(owner.timezone))
                context["sent_on"] = wording.relative_day(day.date(), today)
            else:
                context["sent_on"] = None
                warnings.append(
                    f"no outreach to {c.name} is logged; once sent, log it: "
                    f"`coffeechat log {c.id} outreach`"
                )
            from coffeechat.formats.drafts import render

            context["outreach_subject"] = render("outreach", context, self.settings.home)[0]
        if kind == "scheduling":
            context["options"] = self._scheduling_options(detail, owner, warnings)
            context.update(_formats_of(context["options"], c))
        if kind == "reschedule":
            upcoming = self._next_conversation(detail, now)
            if upcoming is None or upcoming.start is None or upcoming.end is None:
                raise NothingToMove(
                    f"{c.name} has no scheduled conversation to move; offer times with "
                    f"`coffeechat draft scheduling {c.id}`"
                )
            context["meeting"] = self._meeting(upcoming, owner, now)
            context["options"] = self._reschedule_options(detail, upcoming, owner, warnings)
            context.update(_formats_of(context["options"], c))
        if kind == "confirm":
            upcoming = self._next_conversation(detail, now)
            if upcoming is None or upcoming.start is None:
                raise CannotDraft(
                    f"confirm: {c.name} has no scheduled conversation to confirm; record the "
                    f"time they chose with `coffeechat schedule confirm {c.id} --option N`"
                )
            context["meeting"] = self._meeting(upcoming, owner, now)
            if not owner.phone:
                warnings.append(
                    "no phone number in your settings, so the confirmation gives none: "
                    '`coffeechat settings set phone "+1 212 555 0142"`'
                )
            if context["meeting"]["day"] != "tomorrow":
                from coffeechat.core.scheduling import confirm_day

                on = confirm_day(upcoming.start, upcoming.zone)
                warnings.append(f"a confirmation goes the day before: send it on {on:%a %d %b}")
        if kind in wording.NEEDS_TAKEAWAY:
            if met is None:
                raise wording.NotMetYet(kind, c.name, c.id)
            # A note logged on the timeline, else a takeaway written on the conversation,
            # else the meeting's own note (often just where it was).
            note = (
                wording.choose_note(detail.timeline, (EventKind.NOTE,))
                or self._written_takeaway(detail)
                or wording.choose_note(detail.timeline, (EventKind.MEETING,))
            )
            if note is None:
                raise wording.NoTakeaway(kind, c.name, c.id)
            found = wording.takeaway(note)
            context["takeaway"] = {
                "note": found.note,
                "sentence": found.sentence,
                "action": found.action,
                "report": found.report,
                "is_introduction": found.is_introduction,
            }
            if kind == "thank-you" and now - met > dt.timedelta(hours=THANK_YOU_HOURS):
                warnings.append(
                    "a thank-you is best sent within 24 hours of the conversation; "
                    "send it today all the same"
                )
        if kind == "report-back":
            context["opening"] = wording.report_opening(met_day, today)
            reached, planned = self._introduced_by_state(detail, now)
            context["introduced_in_touch"] = wording.and_list(reached)
            context["introduced_not_yet"] = wording.and_list(planned)
            warnings.append("fill in the part in [brackets] before sending")
        if kind == "intro-request":
            context["target"] = self._target(target, c.id)
        return context

    def _written_takeaway(self, detail: ContactDetail) -> str | None:
        """The latest takeaway written on the contact's conversations, for a draft that
        names one when the timeline has no note (notes under a topic of the guide are what
        they told, not what the user took away)."""
        from coffeechat.store import conversations as conversation_store

        with self.reading() as conn:
            for row in reversed(detail.conversations):
                takeaways = conversation_store.takeaways_for(conn, self.owner_id, row.id)
                for text in [t.text for t in reversed(takeaways)]:
                    if text.strip():
                        return " ".join(text.split())
        return None

    def _introduced_by_state(
        self, detail: ContactDetail, now: dt.datetime
    ) -> tuple[list[str], list[str]]:
        """The people this contact introduced the user to: (those the timeline shows the
        user has been in touch with, those not yet)."""
        from coffeechat.core import drafts as wording

        reached: list[str] = []
        planned: list[str] = []
        for person_id, name in detail.introduced:
            timeline = self.show_contact(str(person_id)).timeline
            (reached if wording.in_touch(timeline, now) else planned).append(name)
        return reached, planned

    def _next_conversation(self, detail: ContactDetail, now: dt.datetime) -> ConversationRow | None:
        found = [
            c
            for c in detail.conversations
            if c.status == "scheduled" and c.start is not None and c.start > now
        ]
        return found[-1] if found else None

    def _last_met(self, detail: ContactDetail, now: dt.datetime) -> dt.datetime | None:
        """When the user last talked with the contact: a meeting logged, or a scheduled
        conversation that has started."""
        times = [e.at for e in detail.timeline if e.kind is EventKind.MEETING and e.at <= now]
        times += [
            c.start
            for c in detail.conversations
            if c.status == "scheduled" and c.start is not None and c.start <= now
        ]
        return max(times) if times else None

    def _option(self, o: OptionRow, zone: str, owner: UserSettings) -> dict[str, Any]:
        from coffeechat.core import drafts as wording

        window = o.kind == FLEXIBLE
        mine = None if zone == owner.timezone else _my_span(o.start, o.end, zone, owner.timezone)
        return {
            "number": o.number,
            "kind": o.kind,
            "format": o.format,
            "their_time": _span(o.start, o.end, zone, window),
            "my_time": mine,
            "place": wording.lower_first(o.place),
            "flexible": window,
        }

    def _held_or_new(
        self,
        detail: ContactDetail,
        belongs: bool,
        make: Callable[[str], ProposalView],
        warnings: list[str],
        none_found: str,
    ) -> tuple[str, list[OptionRow]]:
        """The options held for the contact while they all lie ahead (and ``belongs``: they
        were offered for what is being drafted), else new ones from ``make``."""
        now = self.now()
        proposal = detail.proposal
        if (
            belongs
            and proposal
            and proposal.options
            and all(o.start > now for o in proposal.options)
        ):
            return proposal.zone, list(proposal.options)
        view = make(str(detail.contact.id))
        warnings += view.warnings
        if not view.options:
            raise CannotDraft(none_found)
        return view.contact_zone, view.options

    def _scheduling_options(
        self, detail: ContactDetail, owner: UserSettings, warnings: list[str]
    ) -> list[dict[str, Any]]:
        """The options of the open proposal while all are still ahead, else a new one."""
        zone, options = self._held_or_new(
            detail,
            True,
            self.propose_slots,
            warnings,
            f"scheduling: no free times for you and {detail.contact.name} in the next "
            "7 days; widen your availability or try `coffeechat schedule propose "
            f"{detail.contact.id} --days 14`",
        )
        if len(options) != 3:
            warnings.append(f"{len(options)} options found; three give them a real choice")
        return [self._option(o, zone, owner) for o in options]

    def _reschedule_options(
        self,
        detail: ContactDetail,
        upcoming: ConversationRow,
        owner: UserSettings,
        warnings: list[str],
    ) -> list[dict[str, Any]]:
        """The options of the open reschedule proposal, else new ones (2-3 of them)."""
        belongs = detail.proposal is not None and detail.proposal.conversation_id == upcoming.id
        zone, options = self._held_or_new(
            detail,
            belongs,
            self.reschedule,
            warnings,
            f"reschedule: no free times for you and {detail.contact.name} in the next "
            f"7 days; try `coffeechat schedule reschedule {detail.contact.id} --days 14`",
        )
        return [self._option(o, zone, owner) for o in options[:3]]

    def _meeting(
        self, conversation: ConversationRow, owner: UserSettings, now: dt.datetime
    ) -> dict[str, Any]:
        from coffeechat.core import drafts as wording

        assert conversation.start is not None and conversation.end is not None
        zone = conversation.zone
        local = conversation.start.astimezone(zoneinfo.ZoneInfo(zone))
        today = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        start, end = conversation.start, conversation.end
        day = wording.relative_day(local.date(), today)
        if day not in ("today", "tomorrow"):
            day = f"on {local:%a} {local.day:02d} {local:%b}"
        return {
            "their_time": _span(start, end, zone),
            "my_time": None if zone == owner.timezone else _span(start, end, owner.timezone),
            "clock": f"{local:%H:%M %Z}",
            "day": day,
            "place": conversation.place or "to be agreed",
            "format": conversation.format,
            "link": conversation.link,
        }

    def _target(self, name: str, contact_id: int) -> dict[str, Any]:
        """The person an intro-request is about: a contact of the workspace when the name
        finds one, else just the name."""
        from coffeechat.core import drafts as wording

        person: Contact | None = None
        try:
            with self.reading() as conn:
                found = self._resolve_contact(conn, name)
        except (UnknownContact, AmbiguousContact):
            found = None
        if found is not None and found != contact_id:
            person = self.show_contact(str(found)).contact
        full = person.name if person else " ".join(name.split())
        return {
            "name": full,
            "first_name": wording.first_name(full),
            "company": person.company if person else None,
            "title": person.title if person else None,
        }


@dataclass(frozen=True)
class TemplateInfo:
    """The template a kind of draft is written from: yours (under the workspace folder)
    or the one shipped with coffeechat, and where yours goes."""

    kind: str
    path: Path
    own: bool
    own_path: Path
    text: str


def draft_templates(home: Path) -> list[TemplateInfo]:
    """Each kind of draft with the template in use (``draft`` renders from it)."""
    from coffeechat.core.drafts import KINDS
    from coffeechat.formats.drafts import OVERRIDE_FOLDER, template_path

    out = []
    for kind in KINDS:
        path = template_path(kind, home)
        own = home / OVERRIDE_FOLDER / f"{kind}.txt"
        try:
            text = path.read_text(encoding="utf-8")[:20_000]
        except (OSError, UnicodeDecodeError) as error:
            text = f"(cannot be read: {error})"
        out.append(TemplateInfo(kind, path, path == own, own, text))
    return out


#: The largest template saved from the web (a draft is a screen of text).
TEMPLATE_LIMIT = 64 * 1024


class TemplatesMixin(DraftingMixin):
    """Your own draft templates, saved from the web's Settings (the CLI's way is a file
    of the same name in ``COFFEECHAT_HOME/templates/``)."""

    def save_template(self, kind: str, text: str) -> TemplateInfo:
        """Save your version of a kind of draft's template after checking it: it
        compiles, its first line is its ``Subject:``, and (when you have a contact whose
        draft of that kind can be written) a draft renders from it, so an unknown
        variable is refused with its line. Nothing is written when it is refused."""
        from coffeechat.formats import files
        from coffeechat.formats.drafts import OVERRIDE_FOLDER, check_source, render_source

        cleaned = draft_kind(kind)
        source = text.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"
        if len(source.encode("utf-8")) > TEMPLATE_LIMIT:
            raise InvalidValue(
                "template", cleaned, f"is longer than {TEMPLATE_LIMIT // 1024} KB", "a draft"
            )
        name = f"{OVERRIDE_FOLDER}/{cleaned}.txt"
        check_source(source, name)
        sample = self._sample_context(cleaned)
        if sample is not None:
            render_source(source, name, sample)
        own = self.settings.home / OVERRIDE_FOLDER / f"{cleaned}.txt"
        own.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        files.write_bytes(own, source.encode("utf-8"), mode=0o600)
        return next(t for t in draft_templates(self.settings.home) if t.kind == cleaned)

    def reset_template(self, kind: str) -> bool:
        """Go back to the built-in template of a kind of draft (remove yours); whether
        there was one of yours."""
        from coffeechat.formats.drafts import OVERRIDE_FOLDER

        cleaned = draft_kind(kind)
        own = self.settings.home / OVERRIDE_FOLDER / f"{cleaned}.txt"
        try:
            own.unlink()
        except FileNotFoundError:
            return False
        return True

    def _sample_context(self, kind: str) -> dict[str, Any] | None:
        """What a draft of ``kind`` for your first contact (by name) would be written from
        (None when you have none, or that draft cannot be written for them yet)."""
        from coffeechat.core.errors import CoffeechatError

        with self.reading() as conn:
            owner = users.get_settings(conn, self.owner_id)
        try:
            found = self.list_contacts(limit=1)
            if not found:
                return None
            detail = self.show_contact(str(found[0].id))
            target = "a colleague of yours" if kind == "intro-request" else ""
            return self._draft_context(kind, detail, owner, target, [])
        except CoffeechatError:
            return None
