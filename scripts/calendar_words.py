"""Write ``src/coffeechat/core/calendar_words.json``: the names of the weekdays and the
months in the languages people write scheduling e-mails in, from the Unicode CLDR (read
through Babel, a development tool only: the product reads the JSON, not Babel).

    .venv/bin/pip install babel && .venv/bin/python scripts/calendar_words.py

What it keeps, so a name in an English sentence is not misread:

- months: the wide names, in the form used inside a date ("5 de setembro", "17 kwietnia",
  "26 августа") and alone ("kwiecień"), and abbreviations of four letters or more that
  are not English words; the
  time reader uses them only inside a date (a day number beside them), so a short name
  is safe there;
- weekdays: the wide names only (the time reader finds a weekday anywhere), of five
  letters or more, not an English word (``simplemma``'s English list), and not a word
  that also means "week" ("minggu", "linggo");
- parts of the day: CLDR's day periods for the morning, the afternoon and the evening
  ("vormittags", "du soir", "вечера"), of four letters or more and not English words;
- the word for "or" in each language ("oder", "ou", "или"), from CLDR's list patterns;
- a name two languages give different meanings ("listopad" is November in Czech and
  October in Croatian) is dropped.

English names are the time reader's own (with its abbreviations); they are left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import babel
import simplemma
from babel import Locale

OUT = Path(__file__).resolve().parents[1] / "src" / "coffeechat" / "core" / "calendar_words.json"

#: Languages of job seekers and contacts writing across borders (Latin, Cyrillic and
#: Greek scripts; Chinese, Japanese and Korean dates are read by their own pattern).
LOCALES = (
    *("es", "pt", "fr", "de", "it", "nl", "ca", "gl", "eu", "ro", "pl", "cs", "sk", "sl"),
    *("hr", "bs", "sr_Latn", "hu", "fi", "et", "lv", "lt", "sv", "da", "nb", "nn", "is"),
    *("tr", "az", "uz", "kk", "ru", "uk", "be", "bg", "mk", "sr", "el", "sq", "id", "ms"),
    *("fil", "sw", "af", "ga", "cy", "mt", "vi"),
)
#: Also "week" in their language, or a common given name ("Hi Domingo,"): never a weekday
#: on its own.
AMBIGUOUS = frozenset({"minggu", "linggo", "tuần", "domingo"})
#: Words that mean something else in a language people write more often, or are names:
#: "este" is "this" in Spanish and Portuguese, "morgen" and "jutro" are "tomorrow" in
#: German and Polish, "rano" is "early", "день" and "diena" are "day", "tengah malam"
#: is midnight, "ar" is no "or" outside Irish.
NOT_PARTS = frozenset(
    {"este", "morgen", "jutro", "rano", "день", "diena", "tengah malam", "ar"}
    # given names and places in greetings and plans: "Hi Gabi,", "I'm in Sabah on Monday"
    | {"gabi", "sabah", "siang", "gündüz"}
)
#: CLDR's day periods that name a part of a working day ("vormittags", "du soir").
PARTS = frozenset({"morning", "afternoon", "evening"})
ENGLISH_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december"}
)
ENGLISH_DAYS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


def _clean(name: str) -> str:
    return name.lower().rstrip(".").strip()


def collect() -> dict[str, Any]:
    months: dict[str, set[int]] = defaultdict(set)
    days: dict[str, set[int]] = defaultdict(set)
    for code in LOCALES:
        loc = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months[context][width].items():
                    word = _clean(name)
                    if width == "abbreviated" and (
                        len(word) < 4 or simplemma.is_known(word, lang="en")
                    ):
                        continue
                    if " " in word or word in ENGLISH_MONTHS or not word:
                        continue
                    months[word].add(int(number))
            for number, name in loc.days[context]["wide"].items():
                word = _clean(name)
                if (
                    len(word) < 5
                    or " " in word
                    or word in ENGLISH_DAYS
                    or word in AMBIGUOUS
                    or simplemma.is_known(word, lang="en")
                ):
                    continue
                days[word].add(int(number))
    parts: dict[str, set[str]] = defaultdict(set)
    ors: set[str] = set()
    for code in LOCALES:
        loc = Locale.parse(code)
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                periods = loc.day_periods.get(context, {}).get(width, {})
                for key, name in periods.items():
                    part = key.rstrip("12")
                    word = _clean(name)
                    if (
                        part not in PARTS
                        or len(word) < 4
                        or word in NOT_PARTS
                        or simplemma.is_known(word, lang="en")
                    ):
                        continue
                    parts[word].add(part)
        # the word of "A or B" ("A oder B", "A или B"), from the list patterns
        pattern = loc.list_patterns["or"]["end"]
        middle = pattern.replace("{0}", "").replace("{1}", "").strip(" ,")
        if (
            middle.isalpha()
            and middle not in NOT_PARTS
            and middle != "or"
            and not simplemma.is_known(middle, lang="en")
        ):
            ors.add(middle.lower())
    return {
        "parts": {w: next(iter(n)) for w, n in sorted(parts.items()) if len(n) == 1},
        "or": sorted(ors),
        # Babel numbers weekdays from Monday = 0, as Python does
        "weekdays": {w: next(iter(n)) for w, n in sorted(days.items()) if len(n) == 1},
        "months": {w: next(iter(n)) for w, n in sorted(months.items()) if len(n) == 1},
    }


def main() -> None:
    words = collect()
    data: dict[str, object] = {
        "source": f"Unicode CLDR, through Babel {babel.__version__}; scripts/calendar_words.py",
        "locales": list(LOCALES),
        **words,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    counts = ", ".join(f"{len(words[key])} {key}" for key in ("weekdays", "months", "parts", "or"))
    print(f"wrote {OUT} ({counts})")


if __name__ == "__main__":
    main()
