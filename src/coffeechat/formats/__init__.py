"""Bytes in and out: tz database tables, JSON documents (and, later, CSV, vCard, iCalendar)."""
