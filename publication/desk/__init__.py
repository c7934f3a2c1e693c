"""The desk: a web page where library staff and clerks make any edition or pack.

In: HTTP requests from a browser (forms and links; small scripts only add to
them). Out: pages that list what is in ``content/``, jobs that call the
pipelines (``publication.pipeline.build``, ``publication.packs.pipeline.build_pack``)
in worker processes or on a Redis queue, and the PDFs those put in the build
cache. No build logic of its own: ``offers`` says what can be asked for,
``work`` runs one request, ``jobs`` and ``queue`` run them, ``app`` routes,
``pages`` and ``templates/`` show it, ``security`` guards it.
"""
