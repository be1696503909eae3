"""Files that other tools exchange with the desk: XLIFF for CAT tools, ninjs for newsrooms.

* ``xliff.write(document, version)`` turns a translation's segments into an
  XLIFF file (see ``xliff`` for what goes where);
* ``xliff_read.read(data)`` parses an XLIFF 1.2 or 2.0 file, safely and
  validated (``safexml``, ``xliff20_rules``, ``xliff20_modules``,
  ``xliff12_structure``), into proposed targets per
  segment with the version each was made on, and for 1.2 the strict
  schema's objections as warnings (``xliff12_schema``).
* ``ninjs`` checks ninjs news items (IPTC's JSON) against the vendored
  schemas; ``ninjs_read`` reads one as an article and ``ninjs_write`` writes
  a translation as one.

Plain Python over lxml: the desk (``copydesk.desk.xliff_exchange``) decides
what a proposal changes.
"""
