"""What the tool supports, in one place: every stage that refuses input beyond a
limit names it from here, and the README's Limits section says the same.

Each limit is far above what a real publication needs (a long strategy has a
hundred sections and a hundred pages) and low enough that one broken or hostile
file cannot hold a machine for minutes or take gigabytes: the most text a
document may hold (about 350 A4 pages) builds in about 40 seconds in 250 MB.
Input beyond a limit is refused before the expensive work, with the limit named.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_LARGE_PRINT_SIZE",
    "DEFAULT_MAX_MEMORY_MB",
    "DEFAULT_MAX_SECONDS",
    "FORMAT_NAMES",
    "LARGE_PRINT_SIZES",
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "MAX_MARKUP_NESTING",
    "MAX_PACK_DOCUMENTS",
    "MAX_PAGES",
    "MAX_PDF_BYTES",
    "MAX_PROSE_CHARACTERS",
    "MAX_SECTIONS",
    "MAX_SVG_BYTES",
    "MAX_SVG_DEPTH",
    "MAX_SVG_ELEMENTS",
    "MAX_TABLE_CELLS",
    "MAX_TABLE_COLUMNS",
    "MAX_TEXT_FILE_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_VALUES",
    "PDF_DEPTH",
    "PDF_PAGES",
    "PDF_STREAM_BYTES",
    "PRINT_FORMS",
    "WORD_MAX_BYTES",
    "WORD_MAX_PARTS",
    "WORD_MAX_PART_BYTES",
    "WORD_MAX_PICTURE_PIXELS",
    "WORD_MAX_RATIO",
    "WORD_MAX_UNPACKED",
    "megabytes",
    "size_problem",
]

LARGE_PRINT_SIZES = range(16, 49)
DEFAULT_LARGE_PRINT_SIZE = 18
# The alternative formats made beside the PDF editions (publication/formats/).
FORMAT_NAMES = ("html", "epub", "text", "braille")
# The files for the printer made beside a PDF edition (publication/print/).
PRINT_FORMS = ("booklet",)

# -- content: YAML and Markdown -----------------------------------------------
MAX_TEXT_FILE_BYTES = 2_000_000  # one YAML or Markdown file (a 600-page book is about 1.5 MB)
MAX_YAML_VALUES = 100_000  # values one YAML file holds, every alias written out
MAX_YAML_DEPTH = 40  # blocks and lists inside one another (real content nests about 15 deep)
MAX_SECTIONS = 1_000  # sections in a publication, or in all of a meeting's reports
MAX_PROSE_CHARACTERS = 1_000_000  # prose in one document (about 350 A4 pages), each use counted
MAX_MARKUP_NESTING = 60  # HTML elements inside one another in one piece of Markdown
MAX_TABLE_CELLS = 10_000  # in all the tables of one document (2,000 rows of 5 take half a minute)
MAX_TABLE_COLUMNS = 40  # in one table (an A4 page shows a dozen)

# -- images and appended files --------------------------------------------------
MAX_IMAGE_PIXELS = 50_000_000  # width x height of a raster image (a full A4 page at 600 dpi)
MAX_IMAGE_BYTES = 50_000_000  # one image file
MAX_SVG_BYTES = 5_000_000  # one SVG file, its entities written out
MAX_SVG_ELEMENTS = 50_000  # elements an SVG draws, each <use> counted as what it copies
MAX_SVG_DEPTH = 50  # elements inside one another in an SVG, following <use>
MAX_PDF_BYTES = 200_000_000  # one PDF appended to a pack
MAX_PACK_DOCUMENTS = 200  # reports and appendices in one meeting's pack, each made on its own

# -- output ---------------------------------------------------------------------
MAX_PAGES = 1_000  # pages in one PDF (any edition; a pack's documents each)


def megabytes(size: int) -> str:
    """A file size as people say it: '2 MB', '1.5 MB'."""
    return f"{size / 1_000_000:.3g} MB"


def size_problem(size: object) -> str:
    """Why a large-print size cannot be used, or ''."""
    if not isinstance(size, int) or isinstance(size, bool):
        return f"'{size}' is not a whole number of points, such as 18"
    if size < LARGE_PRINT_SIZES.start:
        return (
            f"{size} point is not large print: large print starts at 16 point; "
            "for smaller sizes the standard edition (12 point) is the right one"
        )
    if size >= LARGE_PRINT_SIZES.stop:
        return f"{size} point is larger than we make ({LARGE_PRINT_SIZES.stop - 1} at most)"
    return ""


# A Word document is a zip of XML parts and pictures, and may come from anyone: these
# bound what reading one can cost. A zip bomb declares small sizes or packs tightly;
# both are refused before anything is unpacked, and zipfile stops at the declared size.
WORD_MAX_BYTES = 50 * 2**20  # the .docx file itself
WORD_MAX_PARTS = 2000  # entries in its zip (a long report with many pictures has ~100)
WORD_MAX_PART_BYTES = 64 * 2**20  # one part unpacked: the text of a 1,000-page report
WORD_MAX_UNPACKED = 256 * 2**20  # every part unpacked, together
WORD_MAX_RATIO = 200  # unpacked over packed, for a part over 1 MB (Word's XML: 5 to 30)
WORD_MAX_PICTURE_PIXELS = 40_000_000  # one picture: a 40-megapixel photograph

# PDFs we read but did not make: appended to a pack, or given to `publication check`.
PDF_PAGES = 10_000  # pages in one file
PDF_DEPTH = 500  # levels of nesting in any of its trees (structure, bookmarks, names, pages)
PDF_STREAM_BYTES = 8 * 2**20  # one page's content (or its metadata), decompressed

# Every build, pack and check runs under these unless told otherwise
# (--max-seconds, --max-memory); see ``publication.guard``.
DEFAULT_MAX_SECONDS = 600  # wall-clock time for the whole command
DEFAULT_MAX_MEMORY_MB = 2048  # resident memory of each process (the command and each worker)
