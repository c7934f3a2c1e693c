"""Typesetting: the model in one edition, to HTML and then to a tagged PDF.

In: the model and its fragments (``source``), and an edition (standard, or large
print at the reader's size). Out: one HTML document (Jinja2 templates, our
stylesheets), then the PDF WeasyPrint makes of it, with a record of which HTML
element each structure element came from for the finishing stage. WeasyPrint
reads files only through a fetcher confined to the publication's folders.
"""
