"""Source: what authors write, read and checked into the model.

In: a content folder (``publication.yaml`` or ``meeting.yaml``, the Markdown
files and Word documents they name, images in the folder or the project's
``images/``). Word documents are read by ``word/`` into the same model.
Out: a frozen model (``model.Publication`` or ``model.Meeting``) whose every
value keeps the file and line it came from, and the Markdown rendered to
sanitised HTML fragments; or diagnostics saying what to fix, all at once.
Nothing here knows about HTML pages, PDFs or editions.
"""
