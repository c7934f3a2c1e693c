"""The few words the formats print of their own, in one place.

Everything else a reader sees comes from the content or from the templates the
print edition uses too.
"""

from __future__ import annotations

SKIP_LINK = "Skip to main content"
CONTENTS = "Contents"
NOTES = "Notes"
IMAGE = "Image"  # [Image: the alt text]
TABLE = "Table"  # Table: its caption
TELEPHONE = "Telephone"
EMAIL = "Email"
WEBSITE = "Website"
PRINT_PAGE = "Page"  # a print page in the e-book's page list
COVER = "Cover"
PAGE_LIST = "Pages of the print edition"
EPUB_SUMMARY = (
    "Headings, a table of contents and the print edition's page numbers to move "
    "around by; every image that carries meaning is described in text; tables have "
    "header cells; text and colours can be changed by the reading system. No "
    "flashing, sound or motion."
)
