"""The words the tool itself prints, in the publication's language.

Everything a reader sees that the author did not write (the contents heading,
"Page 3 of 14", the cover's edition line, an agenda's headings, a pack's page
stamps, a link's description) comes from a gettext message catalogue:
``publication/locale/<language>/LC_MESSAGES/publication.po``, read with Babel
when first asked for (no compiled files to go stale). English is the language
the messages are written in; Welsh is translated. A language without a
catalogue is refused (``NoCatalogue``) rather than printed half in English, and
a message a catalogue lacks is a fault of the tool (``MissingTranslation``),
which the tests guard against by comparing every catalogue with the messages
the code and templates use.

``translator(tag)`` is the one way in, for any stage or output format.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DOMAIN",
    "LOCALE_DIR",
    "MissingTranslation",
    "NoCatalogue",
    "Translator",
    "catalogue_languages",
    "has_catalogue",
    "language_name",
    "mark",
    "translator",
]

DOMAIN = "publication"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"  # the messages are written in English; its catalogue may keep them


class NoCatalogue(LookupError):
    """No catalogue for this language: its pages cannot be printed in it."""


class MissingTranslation(LookupError):
    """A catalogue lacks a message the tool prints: a fault of the tool, not of the content."""


@dataclass(frozen=True)
class Translator:
    """Messages, plurals and dates in one language (``language`` is the catalogue's, such
    as ``cy``). ``gettext`` and ``ngettext`` fill ``%(name)s`` placeholders from keywords."""

    language: str
    catalog: Catalog
    translations: Translations

    def gettext(self, message: str, **values: object) -> str:
        self._known(message)
        return (
            self.translations.gettext(message) % values
            if values
            else (self.translations.gettext(message))
        )

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        self._known(singular)
        text = self.translations.ngettext(singular, plural, count)
        return text % {"num": count, **values}

    def long_date(self, iso: str) -> str:
        """'2026-03-01' as a reader writes it: '1 March 2026', '1 Mawrth 2026';
        '2026-03' as 'March 2026'; a year alone as it is."""
        parts = [int(p) for p in iso.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        day = date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
        pattern = "d MMMM y" if len(parts) == 3 else "LLLL y"
        return format_date(day, pattern, locale=self.language)

    def _known(self, message: str) -> None:
        entry = self.catalog.get(message)
        if self.language == SOURCE_LANGUAGE and entry is not None:
            return
        strings = entry.string if entry is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            raise MissingTranslation(
                f"the {self.language} catalogue has no translation of {message!r}; "
                f"add it to {_po_path(self.language)}"
            )


def mark(message: str) -> str:
    """Marks a message for the catalogues where it is defined; it is translated where
    it is printed (``translator(tag).gettext(message)``)."""
    return message


def catalogue_languages() -> tuple[str, ...]:
    """The languages there is a catalogue for, such as ('cy', 'en')."""
    found = LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    return tuple(sorted(path.parent.parent.name for path in found))


def has_catalogue(tag: str) -> bool:
    return _catalogue_language(tag) is not None


def translator(tag: str) -> Translator:
    """The translator for a BCP 47 tag (``cy-GB`` uses the ``cy`` catalogue); raises
    ``NoCatalogue`` for a language there is none for."""
    language = _catalogue_language(tag)
    if language is None:
        have = ", ".join(catalogue_languages())
        raise NoCatalogue(f"there is no catalogue of page furniture for {tag!r} (there is: {have})")
    return _load(language)


def language_name(tag: str) -> str:
    """The language's English name, for messages: 'Welsh', 'Polish'."""
    try:
        return Locale.parse(tag.replace("-", "_")).english_name or tag
    except (ValueError, UnknownLocaleError):
        return tag


def _catalogue_language(tag: str) -> str | None:
    primary = tag.split("-")[0].lower()
    return primary if primary and _po_path(primary).is_file() else None


def _po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(language: str) -> Translator:
    with _po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translator(language, catalog, Translations(compiled, domain=DOMAIN))
