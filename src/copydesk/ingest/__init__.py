"""Readers that turn a page, a file or a pasted text into an :class:`~copydesk.article.Article`.

``load`` takes a file path, an http(s) URL or ``-`` for standard input and
picks the reader; the readers can also be called directly on text.
"""

from copydesk.ingest.fetch import FetchedPage, fetch
from copydesk.ingest.html import from_html
from copydesk.ingest.json import from_json
from copydesk.ingest.markdown import from_markdown
from copydesk.ingest.sources import FORMATS, load
from copydesk.ingest.text import from_text

__all__ = ["FORMATS", "FetchedPage", "fetch", "from_html", "from_json", "from_markdown",
           "from_text", "load"]
