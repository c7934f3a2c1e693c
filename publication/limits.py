"""What the tool supports, in one place: every stage that refuses input beyond a
limit names it from here, and the README's Limits section says the same.
"""

from __future__ import annotations

__all__ = ["DEFAULT_LARGE_PRINT_SIZE", "FORMAT_NAMES", "LARGE_PRINT_SIZES", "size_problem"]

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
