"""Committee packs: a meeting's agenda, reports and appendices as two PDFs.

In: a validated ``Meeting`` (``source``). Out: the public pack (exempt reports
replaced by a notice) and the full pack, each joined from documents made by the
stages below (typeset, finish, check), numbered, bookmarked and checked. Made
documents are kept in a cache by a hash of all they were made from, and
``watch`` makes the packs again when a file is saved.
"""
