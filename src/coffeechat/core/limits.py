"""The field limits: how long each text a user gives may be, how many of a list a contact
may hold, and which dates make sense. Defined once, here; ``core.validate`` enforces them
for ``contact add/edit``, ``company add/edit``, ``log``, the notes and every importer, the
JSON export reader (``formats.exportjson``) takes its lengths from ``COLUMNS``, and a test
checks every limit against the column that stores it (PostgreSQL refuses a longer text).

Lengths are in characters (Python ``len``: code points), as PostgreSQL's ``varchar(n)``
counts them.
"""

from __future__ import annotations

import datetime as dt

# --- lengths ------------------------------------------------------------------------------

#: A person's, a company's, a guide's name; a title, a city, a role.
NAME = 200
#: Where you met someone ("PyCon 2026, the Rust sprint").
MET_AT = 300
#: An e-mail address (the column's size; RFC 5321 allows 64 + 1 + 255).
EMAIL = 320
#: A phone number, as written.
PHONE = 40
#: A web address: a company's website, a LinkedIn profile.
URL = 500
#: One tag.
TAG = 50
#: Weekly hours ("Mon-Fri 09:00-17:00, Sat 10:00-12:00").
HOURS = 200
#: Why you want to talk to a contact (`contact add --reason`): a sentence or two.
REASON = 500
#: The cities where you can meet people in person ("Chicago, Evanston, Oak Park").
CITIES = 500
#: An SMTP server's host name (DNS: 253, with room for an IPv6 literal).
HOST = 255
#: A calendar's file path or URL.
SOURCE = 2000
#: A meeting's video link (`schedule confirm --link`).
LINK = 2000
#: A guide's short name (its key).
GUIDE_NAME = 40
#: A short text: a takeaway, a promise, a next step, a place, an e-mail signature.
TEXT = 5_000
#: A note: on a contact, a company, a timeline entry, a conversation, a path step; a
#: reflection. Long enough for a pasted document (notes had no limit before issue 12:
#: a backup holding a long one must still restore), well inside what PostgreSQL's
#: full-text index takes from one document (1 MB of tsvector).
NOTE = 100_000

# --- counts -------------------------------------------------------------------------------
# (``contact add/edit`` refuse more; an import keeps the first ones and warns; ``import
# json`` restores a backup as it was, since earlier versions had no count to keep to)

#: E-mail addresses one contact may hold.
EMAILS = 20
#: Tags one contact may hold.
TAGS = 50

# --- dates --------------------------------------------------------------------------------

#: The first and last day any date or instant may fall on: outside is a typo (a met-on of
#: 0001-01-01, a reply in 9999), refused with one line everywhere a date is given.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
#: A fact that already happened (an outreach, a reply, a meeting held) logged for later
#: than this after now is refused: a typo in the year, not a plan (plans are scheduled).
FUTURE_SLACK = dt.timedelta(days=1)

# --- every text column, table.column → its limit ---------------------------------------------

#: The limit of each text column a user (or a file) fills. The schema's ``String(n)``
#: must be at least this long (``tests/test_values.py`` walks the schema); ``Text``
#: columns have no size in the database, only this limit. Columns holding a choice
#: (``kind``, ``status``, ``seniority``...) or a zone are checked against their choices
#: and are not listed.
COLUMNS: dict[str, int] = {
    "user.name": NAME,
    "user.email": EMAIL,
    "user.availability": HOURS,
    "user.signature": TEXT,
    "user.phone": PHONE,
    "user.smtp_host": HOST,
    "user.smtp_user": EMAIL,
    "user.cities": CITIES,
    "company.name": NAME,
    "company.website": URL,
    "company.note": NOTE,
    "contact.name": NAME,
    "contact.phone": PHONE,
    "contact.linkedin": URL,
    "contact.title": NAME,
    "contact.city": NAME,
    "contact.work_hours": HOURS,
    "contact.met_at": MET_AT,
    "contact.note": NOTE,
    "contact.reason": REASON,
    "contact_email.email": EMAIL,
    "contact_tag.tag": TAG,
    "event.note": NOTE,
    "calendar_source.source": SOURCE,
    "conversation.place": TEXT,
    "conversation.link": LINK,
    "conversation.reflection": NOTE,
    "conversation.next_step": TEXT,
    "note.text": NOTE,
    "takeaway.text": TEXT,
    "promise.text": TEXT,
    "guide.name": GUIDE_NAME,
    "guide.title": NAME,
    "path.role": NAME,
    "path_step.note": NOTE,
}


def length(table: str, column: str) -> int:
    """The limit of one text column (KeyError for a column that has none)."""
    return COLUMNS[f"{table}.{column}"]
