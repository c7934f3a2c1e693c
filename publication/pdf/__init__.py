"""Reading PDFs safely, ours and those made elsewhere: what finishing, checking and
joining share. In: an open pikepdf document. Out: its trees walked with every
object visited once and depth bounded (``objects``), its streams' decoded sizes
found without decoding past a bound (``streams``), and the active content it
carries found or taken out (``active``). A file that breaks a bound is reported as
damaged or too large, never followed for ever.
"""
