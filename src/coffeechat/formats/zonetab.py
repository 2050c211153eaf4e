"""The tz database's own tables, read from the ``tzdata`` package.

``zone.tab`` gives one country per zone; ``iso3166.tab`` the valid country codes.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def zone_countries() -> dict[str, str]:
    """IANA zone → ISO 3166 country code (zones without a country are absent)."""
    return {row[2]: row[0] for row in _rows("zone.tab") if len(row) >= 3}


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 code → country name."""
    return {row[0]: row[1] for row in _rows("iso3166.tab") if len(row) >= 2}


@cache
def zone_descriptions() -> dict[str, str]:
    """Every zone of ``zone.tab`` (and UTC) → its description there ("" when none), for
    suggesting a zone when a place was typed."""
    found = {
        row[2]: (row[3] if len(row) >= 4 else "") for row in _rows("zone.tab") if len(row) >= 3
    }
    return found | {"UTC": ""}


def checked_zone(value: str, field: str = "timezone") -> str:
    """``validate.timezone``, whose error for a place typed instead of a zone name
    suggests the zones meant: "unknown time zone 'Chicago'; did you mean America/Chicago?"."""
    from coffeechat.core import validate
    from coffeechat.core.errors import InvalidValue, UnknownZone
    from coffeechat.core.zones import suggest

    try:
        return validate.timezone(value, field)
    except InvalidValue:
        raise UnknownZone(field, value, suggest(value, zone_descriptions())) from None
