"""XLIFF 1.2 and 2.0 out and back: tags as inline codes, versions kept, hostile files refused."""

from __future__ import annotations

import pytest
from lxml import etree

from copydesk.article import InlineTag
from copydesk.errors import InputError, TooLargeError
from copydesk.interop import safexml, xliff, xliff_read

TAGS = {"1": InlineTag("bold"), "2": InlineTag("link", {"href": "https://example.org/"}),
        "3": InlineTag("break")}


def document(**changes: object) -> xliff.ExportDocument:
    segments = (
        xliff.ExportSegment("title.s1", "Bridge opens", "Brücke eröffnet", 3, "confirmed",
                            "editor"),
        xliff.ExportSegment(
            "b1.s1", "The <g1>new <g2>bridge</g2></g1> opened<x3/> today & <b>tomorrow</b>.",
            "Die <g1>neue <g2>Brücke</g2></g1> öffnete<x3/> heute & <b>morgen</b>.", 2,
            "draft", "mt", (xliff.Note("check", "[numbers] 3.5 is missing", 1),
                            xliff.Note("comment", "Check the name", author="Erika")), TAGS),
        xliff.ExportSegment("b2.s1", "Text about \u02c2g1> markup", "Text über \u02c2g1> Markup",
                            1, "draft", "memory"),
    )
    fields: dict[str, object] = {"translation": 7, "article": 4, "original": "https://x.test/a",
                                 "source_language": "en", "target_language": "de",
                                 "segments": segments}
    fields.update(changes)
    return xliff.ExportDocument(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_a_written_file_reads_back_as_the_same_targets_and_versions(version):
    doc = document()
    proposal = xliff_read.read(xliff.write(doc, version))
    assert proposal.xliff_version == version
    assert [(t.id, t.target, t.base_version, t.translation) for t in proposal.targets] == [
        (s.id, s.target, s.version, 7) for s in doc.segments]
    assert (proposal.source_language, proposal.target_language) == ("en", "de")


def test_tags_become_codes_with_their_kinds_in_both_versions():
    two = xliff.write(document(), "2.0").decode()
    assert '<pc id="1" type="fmt" subType="xlf:b">neue <pc id="2" type="link">Brücke</pc></pc>' \
        in two
    assert '<ph id="3" type="fmt" subType="xlf:lb"/>' in two
    assert "&amp; &lt;b&gt;morgen&lt;/b&gt;" in two
    assert 'cd:version="2"' in two and 'state="initial"' in two and 'state="reviewed"' in two
    assert '<note category="check" priority="1" appliesTo="target">[numbers]' in two
    one = xliff.write(document(), "1.2").decode()
    assert '<g id="1" ctype="bold">neue <g id="2" ctype="link">Brücke</g></g>' in one
    assert '<x id="3" ctype="lb"/>' in one
    assert 'state="signed-off"' in one and 'approved="yes"' in one
    assert '<note priority="5" from="Erika">Check the name</note>' in one


def test_an_approved_translation_exports_its_confirmed_segments_as_final():
    assert 'state="final"' in xliff.write(document(final=True), "2.0").decode()
    assert 'state="final"' in xliff.write(document(final=True), "1.2").decode()


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_what_copydesk_writes_is_valid(version):
    root = safexml.parse(xliff.write(document(), version))
    assert xliff.validation_problem(root) is None
    if version == "2.0":
        assert safexml.schema_problem(root, "xliff_core_2.0.xsd") is None


def test_an_id_that_is_not_an_xml_name_token_is_caught_by_the_schema():
    bad = document(segments=(xliff.ExportSegment("b 1", "a", "b", 1),))
    with pytest.raises(InputError, match="not valid"):
        xliff.write(bad, "2.0")


def test_a_character_xml_cannot_carry_is_refused_naming_the_segment():
    bad = document(segments=(xliff.ExportSegment("b1.s1", "a", "b\x01", 1),))
    with pytest.raises(InputError, match=r"b1\.s1.*U\+0001"):
        xliff.write(bad, "1.2")


TWO = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
       'trgLang="de"><file id="f"><unit id="u1">{body}</unit></file></xliff>')


def test_other_tools_codes_are_numbered_and_paired():
    body = ('<segment><source><sc id="a"/>x<ec startRef="a"/><ph id="7"/> <pc id="b">y</pc>'
            '</source><target><sc id="a"/>X<ec startRef="a"/><ph id="7"/> <pc id="b">Y</pc> '
            '<mrk id="m" type="term">Z</mrk><cp hex="0001"/></target></segment>')
    [target] = xliff_read.read(TWO.format(body=body).encode()).targets
    assert target.target == "<g1>X</g1><x7/> <g2>Y</g2> Z\x01"
    assert target.base_version is None and target.translation is None


def test_a_unit_split_by_a_tool_is_joined_back():
    body = ('<segment><source>A.</source><target>Eins.</target></segment><ignorable>'
            '<source> </source></ignorable><segment><source>B.</source><target>Zwei.</target>'
            '</segment>')
    [target] = xliff_read.read(TWO.format(body=body).encode()).targets
    assert target.target == "Eins. Zwei."


def test_a_unit_without_target_is_listed_not_proposed():
    proposal = xliff_read.read(TWO.format(body="<segment><source>A</source></segment>").encode())
    assert proposal.targets == () and proposal.without_target == ("u1",)


def test_xliff12_begin_and_end_codes_pair_up_and_native_code_is_not_text():
    data = ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'original="a" source-language="en" target-language="de" datatype="html"><body>'
            '<trans-unit id="1"><source>a</source><target><bx id="1" rid="r"/>fett<ex id="2" '
            'rid="r"/> <bpt id="3">&lt;b&gt;</bpt>x<ept id="3">&lt;/b&gt;</ept> <ph id="4">'
            '&lt;br/&gt;</ph> <g id="5">&lt;g1&gt;</g></target></trans-unit></body></file>'
            '</xliff>')
    [target] = xliff_read.read(data.encode()).targets
    assert target.target == "<g1>fett</g1> <g3>x</g3> <x4/> <g5>\u02c2g1></g5>"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"<xliff", "not well-formed"),
    (b"<html/>", "not <xliff>"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"/>',
     "not valid"),
    (b'<xliff version="3.0"/>', "reads XLIFF 1.2 and 2.0"),
    (b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
     b'original="a" source-language="en" datatype="x"><body><trans-unit id="1"><source>a'
     b'</source></trans-unit><trans-unit id="1"><source>b</source></trans-unit></body></file>'
     b'</xliff>', "two <trans-unit> elements"),
])
def test_unusable_files_are_refused_with_the_reason(data, message):
    with pytest.raises(InputError, match=message):
        xliff_read.read(data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<xliff version="1.2"><file><body><trans-unit id="1"><source>&lol4;</source>
</trans-unit></body></file></xliff>"""


def test_an_entity_bomb_is_refused_without_expanding_it():
    with pytest.raises(InputError, match="document type declaration"):
        xliff_read.read(BILLION_LAUGHS)


def test_an_external_entity_never_reads_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
            'original="a" source-language="en" datatype="x"><body><trans-unit id="1"><source>a'
            '</source><target>&s;</target></trans-unit></body></file></xliff>').encode()
    with pytest.raises(InputError, match="document type declaration") as refused:
        xliff_read.read(data)
    assert "TOP SECRET" not in str(refused.value)


def test_a_huge_file_is_refused_before_parsing():
    data = b"<xliff>" + b" " * safexml.MAX_BYTES + b"</xliff>"
    with pytest.raises(TooLargeError, match="over the limit"):
        xliff_read.read(data)


def test_a_deeply_nested_file_is_refused():
    depth = safexml.MAX_DEPTH + 5
    body = "<mrk id='m'>" * depth + "x" + "</mrk>" * depth
    with pytest.raises(InputError, match="deep"):
        xliff_read.read(TWO.format(body=f"<segment><source>{body}</source></segment>").encode())


def test_a_schema_import_from_the_network_is_refused():
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(safexml._VendoredOnly())
    wrapper = (f'<xs:schema xmlns:xs="{safexml.XSD}"><xs:import namespace="urn:x" '
               'schemaLocation="http://192.0.2.1/evil.xsd"/></xs:schema>')
    with pytest.raises((InputError, etree.XMLSchemaParseError)):
        etree.XMLSchema(etree.fromstring(wrapper.encode(), parser, base_url="x/all.xsd"))


def test_many_codes_and_extension_elements_are_checked_in_linear_time():
    import time

    count = 6_000  # quadratic checks would take minutes here, linear ones a few seconds
    codes = "".join(f'<sm id="m{i}"/>x<em startRef="m{i}"/><ph id="{i}"/>' for i in range(count))
    extensions = "".join(f'<my:e id="e{i}"/>' for i in range(count))
    body = f"{extensions}<segment><source>{codes}</source><target>{codes}</target></segment>"
    data = TWO.format(body=body).replace('version="2.0"', 'xmlns:my="urn:x" version="2.0"', 1)
    started = time.perf_counter()
    [target] = xliff_read.read(data.encode()).targets
    assert time.perf_counter() - started < 20
    assert target.target.count("<x") == count
