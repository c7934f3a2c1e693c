"""The few words the formats print of their own, in one place, as messages.

Each is translated into the publication's language (or a part's, in a
bilingual publication) through the message catalogues, like the print
edition's page furniture. Everything else a reader sees comes from the content
or from the templates the print edition uses too.
"""

from __future__ import annotations

from publication.messages import mark

SKIP_LINK = mark("Skip to main content")
CONTENTS = mark("Contents")
ABOUT = mark("About this document")
NOTES = mark("Notes")
IMAGE = mark("Image")  # [Image: the alt text]
TABLE = mark("Table")  # Table: its caption
TELEPHONE = mark("Telephone:")
EMAIL = mark("Email:")
WEBSITE = mark("Website:")
COVER = mark("Cover")
PAGE_LIST = mark("Pages of the print edition")
EPUB_SUMMARY = mark(
    "Headings, a table of contents and the print edition's page numbers to move "
    "around by; every image that carries meaning is described in text; tables have "
    "header cells; text and colours can be changed by the reading system. No "
    "flashing, sound or motion."
)
