"""Word documents (.docx) read into our own content: sections, prose, tables, figures.

In: a .docx a content file names (a section's ``file:``, a report's or an
appendix's ``docx:``). ``package`` opens the zip with its sizes bounded,
``styles`` says what each style and list means, ``reader`` walks the XML into
paragraphs and tables that remember where they stand ('paragraph 14 "Financial
implications"'), noting what a reader of the Word file does not see: tracked
changes, comments, hidden, white and tiny text, text boxes and shapes.
Out, through ``convert``: the model's sections and blocks, with Markdown prose,
so a Word report is typeset by our templates like any other; ``findings`` tells
the clerk what to fix in Word. Nothing hidden, deleted or commented, and no
document property, is ever carried into the model.
"""

from publication.source.word.document import WordDocument
from publication.source.word.reader import read_word

__all__ = ["WordDocument", "read_word"]
