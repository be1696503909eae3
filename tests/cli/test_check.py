import json

from click.testing import CliRunner

from copydesk.cli.check import check
from tests.fixtures.shared_data import WMT19 as WMT
from tests.fixtures.shared_data import needs_shared_data

MINE = ["--enable", "numbers", "--enable", "negation", "--enable", "quotes"]


def invoke(stdin, *args):
    result = CliRunner().invoke(check, ["--from", "en", "--to", "de", *args], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result, lines


def line(**record):
    return json.dumps(record, ensure_ascii=False) + "\n"


def test_each_line_gets_risk_and_issues():
    stdin = line(id="a", source="40 people came.", target="30 Menschen kamen.")
    stdin += line(id="b", source="He did not win.", target="Er hat nicht gewonnen.")
    result, out = invoke(stdin, *MINE)
    assert result.exit_code == 0
    assert [r["id"] for r in out] == ["a", "b"]
    assert out[0]["risk"] >= 0.9 and out[0]["issues"][0]["check"] == "numbers"
    assert out[0]["issues"][0]["target_span"] == [0, 2]
    assert out[1]["issues"] == [] and 0.0 < out[1]["risk"] < 0.1


def test_bad_lines_get_an_error_and_the_run_goes_on():
    stdin = "{not json\n" + line(id=2, source="x") + line(id=3, source="", target="y")
    stdin += line(id=4, source=5, target="y") + line(id=5, source="a" * 20_001, target="b")
    stdin += "[1, 2]\n\n" + line(id=7, source="Two men.", target="Zwei Männer.")
    result, out = invoke(stdin, *MINE)
    assert result.exit_code == 1
    codes = [r.get("error", {}).get("code") for r in out]
    assert codes == ["bad_json", "missing_field", "empty_input", "missing_field",
                     "too_large", "bad_json", None]
    assert "risk" in out[-1]


def test_unknown_language_or_check_stops_before_reading():
    result = CliRunner().invoke(check, ["--from", "en", "--to", "xx"], input="{}\n")
    assert result.exit_code == 2 and "Unknown language" in result.output
    result = CliRunner().invoke(check, ["--from", "en", "--to", "de", "--enable", "nope"], input="")
    assert result.exit_code == 2 and "nope" in result.output


def test_output_file_and_help(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(line(id=1, source="on Tuesday", target="am Donnerstag"), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = CliRunner().invoke(check, ["--from", "en", "--to", "de", "--enable", "dates",
                                        str(source), "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["issues"][0]["check"] == "dates"
    help_text = CliRunner().invoke(check, ["--help"]).output
    for option in ("--from", "--to", "--enable", "--disable", "--glossary", "--output", "Exit"):
        assert option in help_text


@needs_shared_data
def test_runs_fast_on_real_pairs():
    src = (WMT / "newstest2019.eng").read_text(encoding="utf-8").splitlines()[:300]
    tgt = (WMT / "newstest2019.deu").read_text(encoding="utf-8").splitlines()[:300]
    pairs = enumerate(zip(src, tgt, strict=True))
    stdin = "".join(line(id=i, source=s, target=t) for i, (s, t) in pairs)
    names = ["numbers", "dates", "names", "quotes", "attribution", "negation"]
    _result, out = invoke(stdin, *[arg for name in names for arg in ("--enable", name)])
    assert len(out) == 300 and all("risk" in r for r in out)
