"""Suggestions for a time zone typed as a place: ``Chicago`` → ``America/Chicago``.

IANA zone names are ``Area/City`` (``America/Chicago``, ``Asia/Kolkata``); people type the
city. :func:`suggest` finds the zones whose city part matches what was typed (capitals,
spaces, hyphens and underscores aside), or whose description in the tz database's
``zone.tab`` does (``Tasmania`` → ``Australia/Hobart``), or a few well-known cities that
share a zone with another city (``San Francisco`` → ``America/Los_Angeles``); failing
those, city parts that are spelt almost the same (``Chicgo``). Pure: the zones and their
descriptions are given by the caller.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

#: Well-known cities that are not the city of a zone name, and the zone they keep.
CITIES: Mapping[str, str] = {
    "atlanta": "America/New_York",
    "austin": "America/Chicago",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "barcelona": "Europe/Madrid",
    "beijing": "Asia/Shanghai",
    "boston": "America/New_York",
    "dallas": "America/Chicago",
    "delhi": "Asia/Kolkata",
    "hanoi": "Asia/Bangkok",
    "houston": "America/Chicago",
    "miami": "America/New_York",
    "milan": "Europe/Rome",
    "montreal": "America/Toronto",
    "mumbai": "Asia/Kolkata",
    "munich": "Europe/Berlin",
    "new_delhi": "Asia/Kolkata",
    "osaka": "Asia/Tokyo",
    "ottawa": "America/Toronto",
    "philadelphia": "America/New_York",
    "portland": "America/Los_Angeles",
    "san_diego": "America/Los_Angeles",
    "san_francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "washington": "America/New_York",
    "zurich": "Europe/Zurich",
}

#: At most this many suggestions are made.
LIMIT = 3


def _key(text: str) -> str:
    """What is compared: lower case, with spaces and hyphens read as underscores."""
    return re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")


def _places(description: str) -> list[str]:
    """The place names of a zone.tab description: "New South Wales (most areas)" gives
    new_south_wales; "Mountain - ID (south); OR (east)" gives mountain."""
    head = re.split(r"[(;,]| - ", description, maxsplit=1)[0]
    return [_key(head)] if head.strip() else []


def suggest(value: str, zones: Mapping[str, str], limit: int = LIMIT) -> list[str]:
    """Zones that ``value`` may have meant, best first (at most ``limit``); ``zones`` maps
    each zone name to its description (``""`` when it has none)."""
    typed = _key(value)
    if not typed:
        return []
    found: list[str] = []

    def add(zone: str) -> None:
        if zone in zones and zone not in found:
            found.append(zone)

    whole = {_key(z): z for z in zones}
    if typed in whole:  # the right name in the wrong case, or with spaces
        add(whole[typed])
    city = {zone: _key(zone.rsplit("/", 1)[-1]) for zone in zones}
    for zone in sorted(zones):
        if city[zone] == typed or city[zone] == typed.rsplit("/", 1)[-1]:
            add(zone)
    if typed in CITIES:
        add(CITIES[typed])
    # a zone for most of its region first, the shortest description first among them:
    # "Eastern (most areas)" (New York) before "Eastern - MI (most areas)" (Detroit)
    ranked = sorted(zones, key=lambda z: ("most areas" not in zones[z], len(zones[z]), z))
    for zone in ranked:
        if typed in _places(zones[zone]):
            add(zone)
    if not found:
        close = difflib.get_close_matches(typed, sorted(set(city.values())), n=limit, cutoff=0.8)
        for name in close:
            for zone in sorted(zones):
                if city[zone] == name:
                    add(zone)
    return found[:limit]
