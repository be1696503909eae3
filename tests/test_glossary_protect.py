"""Do-not-translate terms through engines without a glossary: placeholders out, terms back."""

import pytest
import sentencepiece as spm

from copydesk.glossary import Glossary, GlossaryTerms, Term, TermType, protect, restore
from tests.fixtures.opus_mt import train_spm


def dnt(source: str, case_sensitive: bool = True) -> Term:
    return Term(source, source, TermType.DNT, "en", "de", case_sensitive)


GLOSSARY = Glossary([
    dnt("eBay"), dnt("eBay Kleinanzeigen"),
    Term("central bank", "Notenbank", TermType.PREFERRED, "en", "de"),
    Term("Copydesk", "Copydesk", TermType.PREFERRED, "en", "de"),
    Term("tariff", "Tarif", TermType.FORBIDDEN, "en", "de"),
    Term("tariff", "Zoll", TermType.PREFERRED, "en", "de"),
    Term("eBay", "eBay", TermType.DNT, "en", "fr", True),
])


def test_engines_with_a_glossary_get_preferred_and_dnt_terms_of_the_pair():
    terms = GlossaryTerms.of(GLOSSARY, "en-GB", "de")
    assert terms.mapping == {"eBay": "eBay", "eBay Kleinanzeigen": "eBay Kleinanzeigen",
                             "central bank": "Notenbank", "Copydesk": "Copydesk",
                             "tariff": "Zoll"}
    assert [t.source for t in terms.protected] == ["eBay", "eBay Kleinanzeigen", "Copydesk"]
    assert GlossaryTerms.of(None, "en", "de") == GlossaryTerms()


def test_terms_become_numbered_placeholders_longest_first():
    terms = GlossaryTerms.of(GLOSSARY, "en", "de").protected
    found = protect("eBay Kleinanzeigen and eBay sell via copydesk.", terms)
    assert found.text == "DNT0 and DNT1 sell via DNT2."
    assert found.terms == ("eBay Kleinanzeigen", "eBay", "Copydesk")


def test_case_sensitive_terms_and_word_boundaries():
    protected = protect("EBAY, ebay and eBayer are not eBay.", [dnt("eBay")])
    assert protected.text == "EBAY, ebay and eBayer are not DNT0."


def test_restore_writes_the_exact_terms_back_whatever_the_model_did_to_the_token():
    protected = protect("eBay and Copydesk", [dnt("eBay"), dnt("Copydesk")])
    assert restore("DNT0 und DNT1", protected) == "eBay und Copydesk"
    assert restore("dnt 1 und Dnt-0", protected) == "Copydesk und eBay"
    assert restore("DNT1s Aktie", protected) == "Copydesks Aktie"


def test_a_dropped_placeholder_keeps_the_translation_as_it_is():
    protected = protect("eBay and Copydesk", [dnt("eBay"), dnt("Copydesk")])
    assert restore("DNT0 und die Firma", protected) == "eBay und die Firma"
    assert restore("DNT7 bleibt", protected) == "DNT7 bleibt"


def test_text_that_already_looks_like_a_placeholder_is_left_alone():
    protected = protect("Model DNT3 from eBay", [dnt("eBay")])
    assert protected.text == "Model DNT3 from eBay" and protected.terms == ()
    assert restore("Modell DNT3 von eBay", protected) == "Modell DNT3 von eBay"


@pytest.fixture(scope="module")
def news_pieces(tmp_path_factory):
    """A SentencePiece model trained on news sentences, as OPUS-MT models tokenise."""
    path = tmp_path_factory.mktemp("spm") / "source.model"
    train_spm(path, "en", 600)
    return spm.SentencePieceProcessor(model_file=str(path))


def test_placeholders_survive_sentencepiece_tokenisation_where_brackets_would_not(news_pieces):
    protected = protect("Shares of eBay and Copydesk rose.", [dnt("eBay"), dnt("Copydesk")])
    ids = news_pieces.encode(protected.text)
    assert news_pieces.unk_id() not in ids
    assert news_pieces.decode(ids) == protected.text
    assert news_pieces.unk_id() in news_pieces.encode("Shares of ⟦0⟧ rose.")
