"""The contact readers (LinkedIn CSV, vCard, any CSV) on exports as the tools write them."""

from __future__ import annotations

import codecs
import datetime as dt
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from coffeechat.core.errors import CoffeechatError
from coffeechat.core.model import Contact, HowMet
from coffeechat.formats import exportcontacts, imported
from coffeechat.formats.csvcontacts import TARGETS, parse_map, read_csv_contacts
from coffeechat.formats.imported import (
    ImportedContact,
    ImportFileError,
    ReadResult,
    Skipped,
    guess_day_first,
    parse_date,
)
from coffeechat.formats.linkedin import read_linkedin
from coffeechat.formats.vcard import read_vcard

IMPORTS = Path(__file__).parent / "data" / "imports"
Reader = Callable[[bytes, str], ReadResult]

CARNET_MAP = (
    "Nom complet=name,Courriel=email,Téléphone=phone,Entreprise=company,Poste=title,"
    "Rencontré le=met_on,Ville=city,Étiquettes=tags,Remarques=note"
)


def data(name: str) -> bytes:
    return (IMPORTS / name).read_bytes()


def read(reader: Reader, name: str) -> ReadResult:
    return reader(data(name), name)


def by_name(result: ReadResult) -> dict[str, ImportedContact]:
    return {record.name: record for record in result.records}


def fails(reader: Reader, raw: bytes, source: str = "contacts.txt") -> str:
    """The one-line message of the ImportFileError a reader raises for ``raw``."""
    with pytest.raises(ImportFileError) as caught:
        reader(raw, source)
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    assert message.startswith(source), message
    assert isinstance(caught.value, CoffeechatError)
    return message


def csv_map(mapping: str) -> Reader:
    """read_csv_contacts with a --map, as a two-argument reader."""
    return lambda raw, source: read_csv_contacts(raw, source, parse_map(mapping))


def vcf(*lines: str, end: str = "\r\n") -> bytes:
    return (end.join(lines) + end).encode()


# -- LinkedIn ------------------------------------------------------------------------------


def test_linkedin_connections_export_reads_every_row_with_its_line() -> None:
    result = read(read_linkedin, "Connections.csv")
    rows = [
        (r.line, r.name, r.emails, r.company, r.title, r.met_on.isoformat() if r.met_on else None)
        for r in result.records
    ]
    assert rows == [
        (5, "Zoë Martin", (), "Northwind Traders", "Senior Product Designer", "2026-11-05"),
        (6, "José García López", ("jose.garcia@example.es",), "Acme, Inc.", "Staff Engineer",
         "2026-10-28"),
        (7, "李雷", ("li.lei@example.cn",), "Example Robotics", "Robotics Engineer", "2026-09-03"),
        (8, "Priya Natarajan", ("priya@example.com",), "Fabrikam, Ltd.",
         "Director, Data Science", "2026-08-14"),
        (9, "Marcus O'Brien", (), "Contoso", "VP, Engineering", "2026-07-01"),
        (10, "Aisha Khan", ("aisha.khan@example.org",), None, None, "2026-06-20"),
        (12, "Hannah Schmidt", ("hannah.schmidt@example.de",), "Globex GmbH",
         "Werkstudentin Data Engineering", "2026-04-09"),
        (13, "Olusegun Adeyemi", (), 'Ada "Pixel" Labs', "Founder & CEO", "2026-03-17"),
        (14, "Sam Lee, PhD", ("sam.lee@example.edu",), "University of Example",
         "Associate Professor", "2026-02-02"),
        (15, "Zoë Martin", (), "Northwind Traders", "Senior Product Designer", "2026-11-05"),
        (16, "Ingrid Johansson", ("ingrid.johansson@example.se",), "Volvo Cars",
         "Engineering Manager", "2026-01-30"),
        (17, "Mateo Rossi", ("mateo.rossi@example.it",), "Fincantieri",
         "Naval Architect, Hull Design", "2025-12-11"),
        (18, "Fatima Zahra", (), "Careem", "Backend Engineer", "2025-11-07"),
    ]  # fmt: skip
    assert result.skipped == [Skipped(11, "no name")]
    assert result.total == 14 and result.warnings == []
    assert {r.how_met for r in result.records} == {"online"}
    zoe = result.records[0]
    assert zoe.linkedin == "https://www.linkedin.com/in/zoe-martin-4b1a2c"
    assert (zoe.phones, zoe.note, zoe.city, zoe.tags) == ((), None, None, ())


def test_linkedin_reads_crlf_and_no_bom_and_no_notes_alike() -> None:
    original = read(read_linkedin, "Connections.csv")
    crlf = data("Connections.csv").replace(b"\n", b"\r\n")
    assert read_linkedin(crlf, "Connections.csv").records == original.records
    bare = data("Connections.csv").removeprefix(codecs.BOM_UTF8)
    header_first = b"\n".join(bare.split(b"\n")[3:])  # an older export: no notes
    older = read_linkedin(header_first, "Connections.csv")
    assert [r.name for r in older.records] == [r.name for r in original.records]
    assert older.records[0].line == 2


def test_linkedin_resaved_with_semicolons_still_reads() -> None:
    raw = (
        b"First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
        b"Ada;Lovelace;https://www.linkedin.com/in/ada;ada@example.com;Acme, Inc.;CTO;"
        b"5 Nov 2026\n"
    )
    (ada,) = read_linkedin(raw, "Connections.csv").records
    assert (ada.company, ada.met_on) == ("Acme, Inc.", dt.date(2026, 11, 5))


def test_linkedin_with_a_column_missing_reads_short_and_long_rows() -> None:
    # found by the fuzzer: no "Email Address" column, a header wider than LinkedIn's,
    # and rows shorter than it
    raw = (
        b"First Name,Last Name,URL,Company,Position,Connected On,Notes,Tags,Source\n"
        b"Ada,Lovelace\n"
        b"Grace,Hopper,https://www.linkedin.com/in/grace,Navy,Admiral,5 Nov 2026,,,,extra\n"
        b"Alan,Turing,https://www.linkedin.com/in/alan,NPL,Fellow,1 Oct 2026\n"
    )
    result = read_linkedin(raw, "Connections.csv")
    ada, grace, alan = result.records
    assert (ada.name, ada.company, ada.met_on, ada.emails) == ("Ada Lovelace", None, None, ())
    assert (grace.company, grace.title, grace.met_on) == ("Navy", "Admiral", dt.date(2026, 11, 5))
    assert (alan.linkedin, alan.emails) == ("https://www.linkedin.com/in/alan", ())
    assert [w.line for w in result.warnings] == [3]  # the extra value


def test_linkedin_keeps_a_contact_and_warns_about_a_bad_value() -> None:
    raw = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ada,Lovelace,https://example.com/ada,ada(at)example.com,Acme,CTO,sometime\n"
        b"Grace,Hopper,,grace@navy.example,Navy,Admiral,01 Jan 2026,extra,cells\n"
    )
    result = read_linkedin(raw, "Connections.csv")
    assert [r.name for r in result.records] == ["Ada Lovelace", "Grace Hopper"]
    ada = result.records[0]
    assert (ada.emails, ada.linkedin, ada.met_on) == ((), None, None)
    assert [(w.line, w.reason[:20]) for w in result.warnings] == [
        (2, 'email: "ada(at)examp'),
        (2, 'linkedin: "https://e'),
        (2, 'met_on: "sometime" i'),
        (3, "row has 9 values but"),
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Name,Email\nAda,ada@example.com\n", 'line 1: no "First Name" column in the header'),
        (
            b'Notes:\n"LinkedIn\'s note, with a comma"\n\nNom,Pr\xc3\xa9nom,URL,Email\n',
            'line 4: no "First Name" column in the header',
        ),
        (b"First Name,URL\nAda,\n", 'line 1: no "Last Name" column in the header'),
        (b"", "Connections.csv: is empty"),
        (b"\n\n   \n", "Connections.csv: is empty"),
        (b'First Name,Last Name\nAda,"Love\nlace\n', "line 2: a quoted value starting"),
        (b'First Name,Last Name\nAda,"Love"lace\n', "line 2: cannot be read as CSV"),
        (b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", "is a vCard file, not LinkedIn's"),
        (b"Notes:\n" * 20 + b"First Name,Last Name\n", 'line 1: no "First Name" column'),
    ],
)
def test_linkedin_refuses_what_is_not_its_export(raw: bytes, expected: str) -> None:
    message = fails(read_linkedin, raw, "Connections.csv")
    assert expected in message
    if "First Name" in expected:
        assert "is this LinkedIn's Connections export?" in message


def test_linkedin_header_is_looked_for_in_the_first_twenty_lines() -> None:
    raw = b"Notes:\n\n" + b"more notes\n\n" * 18 + b"First Name,Last Name\nAda,Lovelace\n"
    (ada,) = read_linkedin(raw, "Connections.csv").records
    assert ada.line == 40


# -- vCard ---------------------------------------------------------------------------------


def assert_lines_are_card_starts(name: str, result: ReadResult) -> None:
    lines = data(name).decode("utf-8").splitlines()
    for line in [r.line for r in result.records] + [s.line for s in result.skipped]:
        assert lines[line - 1] == "BEGIN:VCARD", (name, line)


def test_google_vcard_export() -> None:
    result = read(read_vcard, "google-contacts.vcf")
    assert_lines_are_card_starts("google-contacts.vcf", result)
    people = by_name(result)
    assert list(people) == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Dorothy Vaughan"]
    ada = people["Ada Lovelace"]
    assert ada == ImportedContact(
        line=1,
        name="Ada Lovelace",
        emails=("ada@example.com", "ada.lovelace@analytical.example"),
        phones=("+44 20 7946 0018",),
        linkedin="https://www.linkedin.com/in/ada-lovelace",
        company="Analytical Engines Ltd.",
        title="Chief Programmer",
        note=(
            "Met at the Babbage talk, keen on Bernoulli numbers.\nAsk about the Notes on the "
            "Analytical Engine; she offered to introduce me to Charles."
        ),
        city="London",
        tags=("mentors",),
    )
    grace = people["Grace Hopper"]
    assert grace.line == 17
    # the third address is the first one written in other case: kept once
    assert grace.emails == ("grace.hopper@navy.example", "grace@cobol.example")
    assert grace.phones == ("+1 202-555-0143", "+1 (202) 555-0199")
    assert grace.company == "United States Navy"  # the first ORG component
    assert grace.tags == ("engineering", "mentors")  # myContacts is Google's, not a label
    assert result.skipped == [Skipped(41, 'no name ("noreply-billing@vendor.example")')]
    assert [(w.line, w.reason.split(":")[0]) for w in result.warnings] == [
        (48, "email"),
        (48, "phone"),
    ]
    assert result.total == 5


def test_icloud_vcard_with_a_photo() -> None:
    result = read(read_vcard, "icloud.vcf")
    assert_lines_are_card_starts("icloud.vcf", result)
    zoe, marcus = result.records
    assert zoe.name == "Zoë Martin"
    assert zoe.emails == ("zoe.martin@northwind.example", "zoe@martin.example")
    assert zoe.phones == ("+1 (415) 555-0142",)
    assert zoe.linkedin == "http://www.linkedin.com/in/zoe-martin-4b1a2c"  # X-SOCIALPROFILE
    assert (zoe.company, zoe.title, zoe.city) == (
        "Northwind Traders",
        "Senior Product Designer",
        "San Francisco",
    )
    assert zoe.note == (
        "Coffee at Blue Bottle on 12 Nov.\nShe ran the design system migration, ask about hiring."
    )
    assert (marcus.line, marcus.name, marcus.title) == (456, "Marcus O'Brien", "VP, Engineering")
    assert result.skipped == result.warnings == []


def test_android_vcard_21_with_quoted_printable_and_soft_breaks() -> None:
    result = read(read_vcard, "android-2.1.vcf")
    assert_lines_are_card_starts("android-2.1.vcf", result)
    jose, lei, chidi = result.records
    assert jose.name == "José García López"
    assert jose.company == "Acme España"
    assert jose.phones == ("+34 612 345 678", "+34 91 123 45 67")
    assert jose.emails == ("jose.garcia@example.es", "jgarcia@acme.example")
    assert jose.note == (
        "Conocido en la conferencia PyConES de Málaga. Quiere presentarme a su antigua jefa en "
        "Barcelona; le debo un café ☕ y el enlace a mi portafolio.\nSegunda línea de la nota."
    )
    assert (lei.line, lei.name) == (38, "李雷")  # from N only: family name first
    assert (chidi.line, chidi.phones) == (44, ("0803 555 0123",))  # the empty TEL is no phone
    assert chidi.linkedin == "https://www.linkedin.com/in/chidiokafor"
    assert result.skipped == [Skipped(55, 'no name ("+1 555 0100")')]
    assert result.warnings == []


def test_vcard_40() -> None:
    result = read(read_vcard, "contacts-4.0.vcf")
    ingrid, mateo = result.records
    assert ingrid.name == "Ingrid Johansson"
    assert ingrid.phones == ("+46-70-123-45-67", "+46-31-59-00-00")  # tel: URIs, ext dropped
    assert ingrid.city == "Göteborg"
    assert ingrid.tags == ("automotive", "mentors")
    assert ingrid.note == "Introduced by Zoë.\nPrefers mornings (CET)."
    assert (mateo.line, mateo.name, mateo.company) == (18, "Mateo Rossi", "Fincantieri")


def test_vcard_name_from_n_when_fn_is_missing_and_escapes_and_folding() -> None:
    raw = vcf(
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Stevenson;John;Philip,Paul;Dr.;Jr.",
        "NOTE:one\\, two\\; three\\\\four\\nfive",
        "\tand a folded tail",
        "ORG:Acme\\; Sons;Sales",
        "CATEGORIES:golf,board games",
        "END:VCARD",
        end="\n",
    )
    (john,) = read_vcard(raw, "x.vcf").records
    assert john.name == "John Philip Paul Stevenson"
    assert john.note == "one, two; three\\four\nfiveand a folded tail"
    assert john.company == "Acme; Sons"
    assert john.tags == ("golf", "board games")


def test_vcard_charset_names_how_to_read_8bit_bytes() -> None:
    raw = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1:Jos\xe9 Garc\xeda\r\n"
        b"N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Garc=EDa;Jos=E9\r\nEND:VCARD\r\n"
    )
    (jose,) = read_vcard(raw, "x.vcf").records
    assert jose.name == "José García"


def test_vcard_line_that_is_not_a_property_is_a_warning() -> None:
    raw = vcf("BEGIN:VCARD", "FN:Ada Lovelace", "this line is damaged", "END:VCARD")
    result = read_vcard(raw, "x.vcf")
    assert [r.name for r in result.records] == ["Ada Lovelace"]
    assert result.warnings == [
        Skipped(3, 'cannot read "this line is damaged" (expected NAME:VALUE); ignored')
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (data("truncated.vcf"), "line 17: the card begun on this line has no END:VCARD"),
        (
            vcf("BEGIN:VCARD", "FN:Ada", "BEGIN:VCARD", "FN:Grace", "END:VCARD"),
            "line 3: BEGIN:VCARD, but the card begun on line 1 has no END:VCARD",
        ),
        (vcf("BEGIN:VCARD", "FN:Ada", "END:VCARD", "END:VCARD"), "line 4: END:VCARD without"),
        (
            vcf("BEGIN:VCARD", "FN:Ada", "END:VCARD", "FN:Grace", "BEGIN:VCARD", "END:VCARD"),
            'line 4: "FN:Grace" is outside a card',
        ),
        (data("Connections.csv"), 'line 1: is not a vCard file: it starts with "Notes:"'),
        (vcf("BEGIN:VCALENDAR", "END:VCALENDAR"), "line 1: is an iCalendar file, not a vCard"),
        (data("junk.bin"), "line 1: holds binary data"),
        (b"", "contacts.vcf: is empty"),
        (
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos\xe9\r\nEND:VCARD\r\n",
            "line 3: FN is not UTF-8 text (byte 0xE9)",
        ),
        ("BEGIN:VCARD\nFN:Ada\n".encode("utf-16"), "has no END:VCARD"),
    ],
)
def test_vcard_refuses_damaged_files_naming_the_line(raw: bytes, expected: str) -> None:
    assert expected in fails(read_vcard, raw, "contacts.vcf")


def test_vcard_utf16_with_bom_reads() -> None:
    raw = "BEGIN:VCARD\r\nFN:Zoë Martin\r\nEND:VCARD\r\n".encode("utf-16")
    assert [r.name for r in read_vcard(raw, "x.vcf").records] == ["Zoë Martin"]


def test_vcard_skips_a_huge_photo_without_keeping_it() -> None:
    photo = "A" * 74
    lines = ["BEGIN:VCARD", "FN:Ada Lovelace", "PHOTO;ENCODING=b;TYPE=JPEG:" + photo]
    lines += [" " + photo] * 60_000  # about 4.5 MB of base64
    raw = vcf(*lines, "EMAIL:ada@example.com", "END:VCARD")
    tracemalloc.start()
    try:
        result = read_vcard(raw, "big.vcf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.records[0].emails == ("ada@example.com",)
    # the decoded text is one copy of the file; keeping the photo would be two more
    assert peak < 1.6 * len(raw), (peak, len(raw))


# -- any CSV -------------------------------------------------------------------------------


def test_parse_map() -> None:
    assert parse_map(" Full name = name , Mail=email,Work Mail=email,") == {
        "Full name": "name",
        "Mail": "email",
        "Work Mail": "email",
    }
    assert parse_map("A=b=name,Prénom=first-name") == {"A=b": "name", "Prénom": "first_name"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Name=name,Mail=mail", 'unknown target "mail" for column "Mail"; targets are name,'),
        ("Name", '"Name" is not COLUMN=TARGET'),
        ("=name", '"=name" is not COLUMN=TARGET'),
        ("A=name,B=name", 'name is mapped from two columns ("A" and "B")'),
        ("Name=name,Name=email", 'column "Name" is mapped twice'),
        ("Mail=email", "no column is mapped to name"),
        ("", "the map is empty"),
    ],
)
def test_parse_map_errors(text: str, expected: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        parse_map(text)
    assert str(caught.value).startswith("--map: ")
    assert expected in str(caught.value)


def test_every_target_can_be_mapped() -> None:
    header = ",".join(f"col {t}" for t in TARGETS)
    row = "Ada,Ada,Lovelace,ada@example.com,+44 20 7946 0018,ada-l,Acme,CTO,hi,2026-11-05,London,x"
    mapping = ",".join(f"col {t}={t}" for t in TARGETS)
    (ada,) = csv_map(mapping)(f"{header}\n{row}\n".encode(), "x.csv").records
    assert ada == ImportedContact(
        line=2,
        name="Ada",
        emails=("ada@example.com",),
        phones=("+44 20 7946 0018",),
        linkedin="https://www.linkedin.com/in/ada-l",
        company="Acme",
        title="CTO",
        note="hi",
        met_on=dt.date(2026, 11, 5),
        city="London",
        tags=("x",),
    )


def test_generic_csv_with_semicolons_and_a_map() -> None:
    result = csv_map(CARNET_MAP)(data("carnet.csv"), "carnet.csv")
    people = by_name(result)
    assert list(people) == ["Camille Dubois", "Léa Moreau", "Hugo Lambert", "Inès Haddad"]
    camille = people["Camille Dubois"]
    assert camille.met_on == dt.date(2026, 11, 5)  # 05/11/2026, day first like 23/10/2026
    assert camille.tags == ("finance", "mentor")
    assert camille.city == "Paris"
    lea = people["Léa Moreau"]
    assert lea.emails == ("lea.moreau@example.fr", "lea@moreau.example")
    assert lea.company == "Decathlon; Lille"
    hugo = people["Hugo Lambert"]
    assert hugo.note == "Ancien collègue; veut un café\nle mois prochain"
    assert hugo.met_on == dt.date(2026, 9, 14)
    assert people["Inès Haddad"].line == 7  # Hugo's note spans two lines
    assert result.skipped == [Skipped(6, 'no name ("jean@example.fr")')]
    assert result.warnings == [
        Skipped(7, 'met_on: "pas encore" is not a date; imported without it')
    ]


def test_map_column_names_match_without_case_and_must_exist() -> None:
    result = csv_map("nom complet=name,COURRIEL=email")(data("carnet.csv"), "carnet.csv")
    assert result.records[0].emails == ("camille.dubois@example.fr",)
    message = fails(csv_map("Nom complet=name,Mail=email"), data("carnet.csv"), "carnet.csv")
    assert message.startswith('carnet.csv, line 1: --map names the column "Mail", which is not')
    assert '(columns: "Nom complet", "Courriel", "Téléphone"' in message


def test_csv_without_a_map_names_the_columns_and_asks_for_one() -> None:
    message = fails(read_csv_contacts, data("carnet.csv"), "carnet.csv")
    assert message.startswith("carnet.csv, line 1: not a Google Contacts or Outlook export")
    assert '--map "Nom complet=name,Courriel=email"' in message
    assert '"Étiquettes", "Remarques"' in message


def test_google_contacts_csv() -> None:
    result = read(read_csv_contacts, "google-contacts.csv")
    people = by_name(result)
    assert list(people) == ["Ada Lovelace", "Grace Brewster Hopper", "Kat", "Dorothy Vaughan"]
    ada = people["Ada Lovelace"]
    assert ada.line == 2
    assert ada.emails == (
        "ada@example.com",
        "ada@lovelace.example",
        "ada.lovelace@analytical.example",
    )
    assert (ada.company, ada.title, ada.city) == (
        "Analytical Engines Ltd.",
        "Chief Programmer",
        "London",
    )
    assert ada.note == "Met at the Babbage talk, keen on Bernoulli numbers.\nAsk about the Notes."
    assert ada.linkedin == "https://www.linkedin.com/in/ada-lovelace"
    assert ada.tags == ("mentors",)
    grace = people["Grace Brewster Hopper"]
    assert grace.line == 6  # Ada's note and address span lines 2-5
    assert grace.phones == ("+1 202-555-0143", "+1 (202) 555-0199")
    assert (grace.tags, grace.linkedin) == (("engineering",), None)  # not a LinkedIn site
    assert people["Kat"].emails == ("katherine.johnson@nasa.example",)  # the nickname
    assert result.skipped == [Skipped(8, 'no name ("sales@acme.example")')]
    assert [(w.line, w.reason.split(":")[0]) for w in result.warnings] == [(9, "email")]
    assert result.total == 5  # fmt: skip


def test_older_google_contacts_csv() -> None:
    result = read(read_csv_contacts, "google-contacts-old.csv")
    hannah, tomas = result.records
    assert hannah.name == "Hannah Schmidt"
    assert hannah.emails == ("hannah.schmidt@example.de", "hannah@schmidt.example")
    assert (hannah.company, hannah.title, hannah.city) == ("Globex GmbH", "Werkstudentin", "Berlin")
    assert hannah.linkedin == "https://www.linkedin.com/in/hannah-schmidt"
    assert hannah.tags == ("berlin",)
    assert (tomas.line, tomas.name, tomas.company) == (3, "Tomás Ó Ceallaigh", "Stripe")


def test_outlook_csv() -> None:
    raw = (
        b'"First Name","Middle Name","Last Name","Company","Job Title","Business City",'
        b'"Business Phone","Mobile Phone","E-mail Address","E-mail 2 Address","Notes",'
        b'"Categories","Web Page"\r\n'
        b'"Ada","","Lovelace","Acme","CTO","London","+44 20 7946 0018","","ada@example.com",'
        b'"ada@acme.example","Met at PyCon","Mentors;Fintech",'
        b'"https://www.linkedin.com/in/ada"\r\n'
    )
    (ada,) = read_csv_contacts(raw, "outlook.csv").records
    assert (ada.name, ada.company, ada.title, ada.city) == ("Ada Lovelace", "Acme", "CTO", "London")
    assert ada.emails == ("ada@example.com", "ada@acme.example")
    assert ada.tags == ("mentors", "fintech")
    assert ada.linkedin == "https://www.linkedin.com/in/ada"


def test_excel_unicode_text_and_sep_line() -> None:
    tab = "Name\tEmail\r\nZoë Martin\tzoe@example.com\r\n".encode("utf-16")
    (zoe,) = csv_map("Name=name,Email=email")(tab, "contacts.txt").records
    assert (zoe.name, zoe.emails) == ("Zoë Martin", ("zoe@example.com",))
    sep = b"sep=;\r\nName;Met\r\nAda, Countess;03/04/2026\r\n"
    (ada,) = csv_map("Name=name,Met=met_on")(sep, "x.csv").records
    assert (ada.line, ada.name, ada.met_on) == (3, "Ada, Countess", dt.date(2026, 4, 3))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (data("no-header.csv"), "line 1: this first line holds a contact, not a header"),
        (data("latin1.csv"), "line 3: is not UTF-8 text (byte 0xE9 at offset 144)"),
        (data("junk.bin"), "line 1: is not UTF-8 text"),
        (data("Connections.csv"), "line 4: this is LinkedIn's Connections export"),
        (data("google-contacts.vcf"), "is a vCard file, not a CSV file"),
        (b"", "contacts.csv: is empty"),
        (b"sep=;\r\n", "contacts.csv: is empty"),
        (b'First Name,E-mail 1 - Value\nAda,"ada@example.com\n', "line 2: a quoted value"),
        (b"Name,Email\x00\n", "line 1: holds binary data"),
    ],
)
def test_csv_refuses_damaged_files_naming_the_line(raw: bytes, expected: str) -> None:
    assert expected in fails(read_csv_contacts, raw, "contacts.csv")


def test_a_map_given_on_a_file_without_a_header_names_the_missing_column() -> None:
    message = fails(csv_map("Name=name"), data("no-header.csv"), "no-header.csv")
    assert message.startswith('no-header.csv, line 1: --map names the column "Name"')


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2026-11-05", False, "2026-11-05"),
        ("2026-11-05T09:30:00Z", False, "2026-11-05"),
        ("2026-11-05 09:30", False, "2026-11-05"),
        ("2026/11/05", False, "2026-11-05"),
        ("05 Nov 2026", False, "2026-11-05"),
        ("5 Nov 2026", False, "2026-11-05"),
        ("5 November 2026", False, "2026-11-05"),
        ("05-Nov-2026", False, "2026-11-05"),
        ("Nov 5, 2026", False, "2026-11-05"),
        ("November 5th, 2026", False, "2026-11-05"),
        ("Sept 5 2026", False, "2026-09-05"),
        ("11/05/2026", False, "2026-11-05"),
        ("11/05/2026", True, "2026-05-11"),
        ("25/12/2026", False, "2026-12-25"),
        ("12/25/2026", True, "2026-12-25"),
        ("05.11.2026", False, "2026-11-05"),
        ("11/5/26", False, "2026-11-05"),
        ("  ", False, None),
    ],
)
def test_parse_date(text: str, day_first: bool, expected: str | None) -> None:
    parsed = parse_date(text, day_first)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01", "31 Feb 2026", "5 Novem 2026", "0/0/0"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_guess_day_first() -> None:
    assert guess_day_first(["03/04/2026", "23/04/2026"], default=False) is True
    assert guess_day_first(["03/04/2026", "04/23/2026"], default=True) is False
    assert guess_day_first(["03/04/2026", "2026-04-03"], default=True) is True
    assert guess_day_first(["13/04/2026", "04/23/2026"], default=False) is False


# -- limits and progress -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (read_linkedin, "Connections.csv"),
        (read_vcard, "icloud.vcf"),
        (read_csv_contacts, "google-contacts.csv"),
    ],
)
def test_an_over_large_file_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch, reader: Reader, name: str
) -> None:
    monkeypatch.setattr(imported, "MAX_BYTES", 1024)
    message = fails(reader, data(name) + b"\n" * 1024 * 1024, name)
    assert (
        message == f"{name}: is 1.0 MB, over the 0 MB an import reads: split it into smaller files"
    )


def test_too_many_rows_or_cards_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imported, "MAX_RECORDS", 3)
    message = fails(read_linkedin, data("Connections.csv"), "Connections.csv")
    assert message == (
        "Connections.csv, line 8: has more than 3 rows, over what an import reads: "
        "split it into smaller files"
    )
    message = fails(read_vcard, data("google-contacts.vcf"), "google-contacts.vcf")
    assert "google-contacts.vcf: has more than 3 cards" in message
    assert "has more than 3 rows" in fails(read_csv_contacts, data("google-contacts.csv"), "g.csv")


def test_progress_is_reported_every_500_records_and_at_the_end() -> None:
    calls: list[tuple[int, int]] = []
    cards = [f"BEGIN:VCARD\r\nFN:Person {i}\r\nEND:VCARD\r\n" for i in range(1203)]
    result = read_vcard("".join(cards).encode(), "many.vcf", lambda *c: calls.append(c))
    assert len(result.records) == 1203
    assert calls == [(500, 1203), (1000, 1203), (1203, 1203)]
    calls.clear()
    rows = "".join(f"Person {i},p{i}@example.com\n" for i in range(1000))
    read_csv_contacts(
        f"Name,Email\n{rows}".encode(), "x.csv", {"Name": "name"}, lambda *c: calls.append(c)
    )
    assert calls == [(500, 1000), (1000, 1000)]
    calls.clear()
    read_linkedin(data("Connections.csv"), "Connections.csv", lambda *c: calls.append(c))
    assert calls == [(14, 14)]


# -- coffeechat's own exports read back ----------------------------------------------------


def exported_contacts() -> list[Contact]:
    return [
        Contact(
            id=1,
            name="Zoë Martin",
            emails=["zoe@example.com", "zoe.martin@northwind.example"],
            phone="+1 (415) 555-0142",
            linkedin="https://www.linkedin.com/in/zoe-martin",
            company="Northwind Traders; Design, Inc.",
            title="Senior Product Designer",
            city="San Francisco",
            how_met=HowMet.EVENT,
            met_on=dt.date(2026, 11, 5),
            tags=["design", "mentors"],
            note="Coffee at Blue Bottle.\nAsk about the design system, hiring; and "
            + "the long tail of a note that goes on " * 5,
        ),
        Contact(id=2, name="李雷", emails=["li.lei@example.cn"], company="Example Robotics"),
    ]


def test_coffeechat_vcard_export_reads_back() -> None:
    result = read_vcard(exportcontacts.contacts_vcard(exported_contacts()), "export.vcf")
    zoe, lei = result.records
    original = exported_contacts()[0]
    assert (zoe.name, list(zoe.emails), zoe.phones) == (
        original.name,
        original.emails,
        ("+1 (415) 555-0142",),
    )
    assert (zoe.company, zoe.title, zoe.linkedin) == (
        original.company,
        original.title,
        original.linkedin,
    )
    assert (zoe.note, list(zoe.tags)) == (original.note.strip(), original.tags)
    assert (lei.name, lei.emails) == ("李雷", ("li.lei@example.cn",))
    assert result.skipped == result.warnings == []


def test_coffeechat_csv_export_reads_back_without_a_map() -> None:
    result = read_csv_contacts(exportcontacts.contacts_csv(exported_contacts()), "export.csv")
    zoe, lei = result.records
    original = exported_contacts()[0]
    assert (zoe.name, list(zoe.emails), zoe.phones) == (
        original.name,
        original.emails,
        ("+1 (415) 555-0142",),
    )
    assert (zoe.company, zoe.title, zoe.linkedin, zoe.city) == (
        original.company,
        original.title,
        original.linkedin,
        original.city,
    )
    assert (zoe.how_met, zoe.met_on, list(zoe.tags)) == ("event", original.met_on, original.tags)
    assert zoe.note == original.note.strip()
    assert (lei.name, lei.company) == ("李雷", "Example Robotics")
    assert result.skipped == result.warnings == []


def test_linkedin_notes_that_mention_first_name_are_not_the_header() -> None:
    raw = b'Notes:\n"Sorted by First Name, then Last Name"\n\nFirst Name,Last Name\nAda,Lovelace\n'
    (ada,) = read_linkedin(raw, "Connections.csv").records
    assert (ada.line, ada.name) == (5, "Ada Lovelace")


def test_a_value_over_the_csv_field_limit_is_one_error_naming_its_line() -> None:
    long_notes = b"First Name " + b"x" * 200_000 + b"\nFirst Name,Last Name\nAda,L\n"
    assert [r.line for r in read_linkedin(long_notes, "c.csv").records] == [3]
    for raw in (b"First Name,Last Name\nAda," + b"x" * 200_000, b'Name\n"' + b"x" * 200_000):
        message = fails(csv_map("Name=name") if raw.startswith(b"Name") else read_linkedin, raw)
        assert "line 2: a value starting on this line is longer than 131,072" in message


def test_card_limit_holds_for_files_with_cr_line_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imported, "MAX_RECORDS", 2)
    raw = b"BEGIN:VCARD\rFN:A\rEND:VCARD\r" * 3
    assert "line 7: has more than 2 cards" in fails(read_vcard, raw, "old-mac.vcf")
