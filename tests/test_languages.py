"""Language codes and language identification."""

from __future__ import annotations

import pytest

from copydesk import languages
from copydesk.errors import LanguageError


@pytest.mark.parametrize(("text", "code"), [
    ("Der chinesische E-Commerce-Riese Alibaba hat am Samstag einen Bericht dementiert.", "de"),
    ("The council voted on Tuesday to extend the tram network by twelve kilometres.", "en"),
    ("Le conseil municipal a voté mardi l'extension du réseau de tramway.", "fr"),
    ("De gemeenteraad heeft dinsdag ingestemd met de uitbreiding van het tramnet.", "nl"),
    ("Regjeringen la fram statsbudsjettet for neste år i dag, og opposisjonen var kritisk.",
     "nb"),
])
def test_detect(text: str, code: str) -> None:
    assert languages.detect(text) == code
    assert code in languages.LANGUAGES


@pytest.mark.parametrize("text", ["", "ok", "Alibaba", "12:30 – 14:00"])
def test_detect_refuses_short_text(text: str) -> None:
    with pytest.raises(LanguageError, match="too short"):
        languages.detect(text)


def test_detect_refuses_unconfident_guess() -> None:
    with pytest.raises(LanguageError, match="with confidence"):
        languages.detect("Alibaba Tencent Huawei Xiaomi ByteDance Baidu")


def test_normalize_keeps_region() -> None:
    assert languages.normalize("de_ch") == "de-CH"
    assert languages.base("de-CH") == "de"
    with pytest.raises(LanguageError, match="Unknown language"):
        languages.normalize("xx")
