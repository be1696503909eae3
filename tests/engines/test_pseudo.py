from copydesk.engines.pseudo import PseudoEngine


def pseudo(text):
    [candidate] = PseudoEngine().translate([text], "en", "de")
    return candidate


def test_keeps_markup_numbers_names_and_links():
    out = pseudo("The <g1>FT</g1> said 3.5% of GTG-1002 at https://x.org/a was sold.").text
    for kept in ("<g1>FT</g1>", "3.5%", "GTG-1002", "https://x.org/a"):
        assert kept in out


def test_is_visibly_not_a_translation():
    candidate = pseudo("the talks continue")
    assert candidate.text.startswith("⟦") and candidate.text.endswith("⟧")
    assert candidate.text != "⟦the talks continue⟧"
    assert str(candidate.signature).startswith("engine:pseudo|")
    assert not PseudoEngine.is_real_translation


def test_is_deterministic_and_batch_preserving():
    texts = ["One.", "", "Two words."]
    first = PseudoEngine().translate(texts, "en", "de")
    assert [c.text for c in first] == [c.text for c in PseudoEngine().translate(texts, "en", "de")]
    assert len(first) == 3 and first[1].text == ""
