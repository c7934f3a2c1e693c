"""What the tool supports, in one place: every stage that refuses input beyond a
limit names it from here, and the README's Limits section says the same.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_LARGE_PRINT_SIZE",
    "FORMAT_NAMES",
    "LARGE_PRINT_SIZES",
    "WORD_MAX_BYTES",
    "WORD_MAX_PARTS",
    "WORD_MAX_PART_BYTES",
    "WORD_MAX_PICTURE_PIXELS",
    "WORD_MAX_RATIO",
    "WORD_MAX_UNPACKED",
    "size_problem",
]

LARGE_PRINT_SIZES = range(16, 49)
DEFAULT_LARGE_PRINT_SIZE = 18
# The alternative formats made beside the PDF editions (publication/formats/).
FORMAT_NAMES = ("html", "epub", "text", "braille")


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
