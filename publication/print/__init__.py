"""Files for the printer, made from a finished reading copy.

In: the finished PDF of one edition (its bytes) and what the file is called.
Out: print-only PDFs beside it, such as a booklet: the pages imposed two-up in
saddle-stitch order, to print double-sided and fold. Nothing here is tagged or
meant to be read on screen: the tagged reading copy is always made beside it.
"""

from publication.print.booklet import booklet_sides, impose_booklet

__all__ = ["booklet_sides", "impose_booklet"]
