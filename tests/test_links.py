"""The one link rule: what a browser would read, then an allowlist of schemes.

``ATTACKS`` and ``is_dangerous`` are shared with the reader, renderer, CLI
and desk tests, which send the same targets through every way in and out.
"""

from __future__ import annotations

import html
import unicodedata
from urllib.parse import unquote

import pytest

from copydesk import links
from copydesk.errors import InputError

# Every character a browser strips before the scheme (and some it does not but
# other readers might): Unicode spaces, line and paragraph separators, format
# characters and C0/C1 controls.
INVISIBLE_PREFIXES = [
    " ", "\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
    "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f",
    "\u3000", "\u0085", "\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u180e", "\u202e",
    "\x00", "\x01", "\x08", "\t", "\n", "\r", "\x0b", "\x0c", "\x1f", "\x7f", "\x9f",
    "\u00a0\u3000 \t",
]
SPELLINGS = [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "java\rscript:alert(1)", "java\x00script:alert(1)",
    "java\u200bscript:alert(1)", "javascript\t:alert(1)", "javascript :alert(1)",
    "javascript&colon;alert(1)", "jav&#x09;ascript:alert(1)", "jav&#9;ascript:alert(1)",
    "&#106;avascript:alert(1)", "javascript&#58;alert(1)", "javascript&#x3A;alert(1)",
    "javascript%3Aalert(1)", "%6Aavascript:alert(1)", "ｊａｖａｓｃｒｉｐｔ:alert(1)",
    "javascript：alert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "data:text/html,<b>x</b>",
    "file:///etc/passwd", "FILE:///etc/passwd", "blob:https://a.example/1", "about:blank",
    "chrome://settings", "jar:file:///x!/y", "ms-its:x.chm::/y", "livescript:alert(1)",
    "tel:+49301234",
]
ATTACKS = [*(prefix + "javascript:alert(1)" for prefix in INVISIBLE_PREFIXES),
           *("javascript:alert(1)" + suffix for suffix in ("\u00a0", "\u3000", "\x00")),
           *SPELLINGS]
SAFE = [
    ("https://a.example/story", "https://a.example/story"),
    ("HTTP://A.EXAMPLE/", "HTTP://A.EXAMPLE/"),
    ("\u00a0https://a.example/x\u3000", "https://a.example/x"),
    ("\ufeff\u200b https://a.example/x", "https://a.example/x"),
    ("https://a.example/\t/x\n", "https://a.example//x"),
    ("mailto:desk@a.example", "mailto:desk@a.example"),
    ("//cdn.a.example/x", "//cdn.a.example/x"),
    ("/politik/eu", "/politik/eu"),
    ("../x.html", "../x.html"),
    ("#top", "#top"),
    ("?page=2", "?page=2"),
    ("https://a.example/?q=1&b=2", "https://a.example/?q=1&b=2"),
    ("a/b:c", "a/b:c"),
]


def is_dangerous(text: str) -> bool:
    """Whether any reading of ``text`` (entities, percent-escapes, NFKC, without the
    characters browsers drop) names a script or local scheme."""
    readings = {text, html.unescape(text), unquote(text), unquote(html.unescape(text))}
    for reading in readings:
        reading = unicodedata.normalize("NFKC", reading)
        compact = "".join(c for c in reading if not (c.isspace() or
                                                    unicodedata.category(c) in ("Cc", "Cf")))
        if any(s in compact.casefold() for s in ("javascript:", "vbscript:", "data:text",
                                                 "file:", "livescript:")):
            return True
    return False


def test_the_attack_list_is_long() -> None:
    assert len(ATTACKS) >= 60


@pytest.mark.parametrize("target", ATTACKS)
def test_every_attack_is_refused(target: str) -> None:
    assert links.safe_link(target) is None


@pytest.mark.parametrize(("target", "kept"), SAFE)
def test_safe_links_are_kept_normalised(target: str, kept: str) -> None:
    assert links.safe_link(target) == kept


@pytest.mark.parametrize("target", [None, "", "   ", "\u00a0\u200b", "http://[::1"])
def test_empty_or_unparsable_targets_are_no_links(target: str | None) -> None:
    assert links.safe_link(target) is None


@pytest.mark.parametrize("address", [
    "ftp://localhost/../../../../etc/passwd", "file:///etc/passwd", "FILE:///etc/passwd",
    " file:///etc/passwd", "\u00a0file:///etc/passwd", "/etc/passwd", "../../etc/passwd",
    "etc/passwd", "./story.html", "C:\\Windows\\win.ini", "C:/Windows/win.ini",
    "\\\\server\\share\\x", "data:text/plain,hello", "gopher://localhost/", "ftp:", "ftp:/x",
    "javascript:alert(1)", "https://", "http:///etc/passwd", "mailto:desk@a.example", "~/x",
    "http://[::1", "", "a.example/story", "www.a.example", "story.html",
])
def test_web_url_takes_only_http_and_https(address: str) -> None:
    with pytest.raises(InputError) as refused:
        links.web_url(address)
    assert str(refused.value) == ("Only web addresses starting with http:// or https:// can be "
                                  "added here; to add a file, upload it, or paste its text.")


@pytest.mark.parametrize(("address", "url"), [
    ("https://a.example/story", "https://a.example/story"),
    ("\u00a0 https://a.example/story\u3000", "https://a.example/story"),
    ("HTTP://a.example", "HTTP://a.example"),
    ("https://www.a.example:8080/x", "https://www.a.example:8080/x"),
])
def test_web_url_normalises(address: str, url: str) -> None:
    assert links.web_url(address) == url


def test_is_dangerous_sees_through_spellings() -> None:
    assert all(is_dangerous(s) for s in ["java\tscript:", "jav&#x09;ascript:", "JAVASCRIPT&colon;"])
    assert not is_dangerous("https://a.example/ a javascript article")
