"""Line files are read as the sacrebleu command reads them, and bad ones are refused."""

from __future__ import annotations

import pytest
from sacrebleu.utils import smart_open

from copydesk.errors import BinaryInputError, EmptyInputError, EncodingError, InputError
from copydesk.evaluation.lines import check_aligned, read_lines


@pytest.mark.parametrize("content", [
    b"one\ntwo\n", b"one\ntwo", b"one\r\ntwo\r\n", b"one\rstill one\ntwo\n",
    b"trailing  \t\nspace\xc2\xa0\n", b"  leading\n\nafter a blank\n", b"one\n\n\n",
    b"\xef\xbb\xbfwith a byte order mark\n", "Straße „zitiert“ – 3,5 %\n".encode(),
])
def test_segments_are_the_lines_sacrebleu_reads(tmp_path, content):
    path = tmp_path / "f.txt"
    path.write_bytes(content)
    with smart_open(str(path)) as handle:
        theirs = [line.rstrip() for line in handle]
    assert read_lines(path, "reference") == theirs


def test_a_file_in_another_encoding_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("erste Zeile\nStraße\n".encode("latin-1"))
    with pytest.raises(EncodingError, match=r"not UTF-8 \(byte 0xdf on line 2\).*iconv"):
        read_lines(path, "reference")


@pytest.mark.parametrize(("content", "error", "message"), [
    (b"", EmptyInputError, "has no segments"),
    (b"\n \n\t\n", EmptyInputError, "has no segments"),
    (b"PK\x03\x04\x00\x00binary", BinaryInputError, "is binary"),
])
def test_files_without_text_segments_are_refused(tmp_path, content, error, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        read_lines(path, "hypotheses")


def test_missing_files_and_folders_are_refused(tmp_path):
    with pytest.raises(InputError, match=r"hypotheses file .* does not exist"):
        read_lines(tmp_path / "nope.txt", "hypotheses")
    with pytest.raises(InputError, match="is a folder"):
        read_lines(tmp_path, "source")


def test_aligned_counts_pass_and_misaligned_ones_name_each_file():
    check_aligned({"a.txt": 3, "b.txt": 3})
    with pytest.raises(InputError, match=r"a\.txt: 3, b\.txt: 2"):
        check_aligned({"a.txt": 3, "b.txt": 2})
