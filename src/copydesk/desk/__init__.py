"""The web desk: a Django app that keeps articles, translations, review and the audit trail.

It orchestrates the core library (pipeline, engines, checks, publish) and never
re-implements it. Configure it with ``copydesk.desk.bootstrap.setup(settings)``
before importing anything that touches models. The services (``sources``,
``workflow``, ``revisions``, ``gate``, ``publishing``, ``audit``) are what views,
the REST API and the command line call; every rule of the workflow lives there.
"""
