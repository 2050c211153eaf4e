"""The paper size to print on: Letter where people buy Letter, A4 everywhere else.

The countries are those of CLDR's ``paperSize type="US-Letter"`` (Unicode CLDR,
``common/supplemental/supplementalData.xml``, ``<measurementData>``): Belize, Canada,
Chile, Colombia, Costa Rica, Guatemala, Mexico, Nicaragua, Panama, the Philippines,
Puerto Rico, El Salvador, the United States and Venezuela. A user's own ``paper``
setting, or ``--paper`` on a command, wins over their country.
"""

from __future__ import annotations

from coffeechat.core.errors import InvalidValue

#: The sizes coffeechat prints on.
SIZES = ("a4", "letter")

#: Where Letter is the everyday paper (CLDR); A4 is used everywhere else.
LETTER_COUNTRIES = frozenset(
    {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"}
)


def for_country(country: str | None) -> str:
    """``letter`` for a Letter country, ``a4`` for any other (and for none)."""
    return "letter" if (country or "").upper() in LETTER_COUNTRIES else "a4"


def checked(value: str, field: str = "paper") -> str:
    """A paper size as given by the user (``A4``, ``letter``...), in lower case."""
    cleaned = value.strip().lower()
    if cleaned not in SIZES:
        raise InvalidValue(field, value, f"must be one of {'|'.join(SIZES)}", "letter")
    return cleaned


def paper_for(given: str | None, setting: str | None, country: str | None) -> str:
    """The size to use: the one given (``--paper``), else the setting, else the country's."""
    if given:
        return checked(given)
    if setting:
        return setting
    return for_country(country)
