"""``copydesk eval`` as a user runs it: the same scores as the sacrebleu command, engines end
to end on a slice, and bad input refused with nothing written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.evaluation.cli import (
    REPO_ROOT,
    copydesk,
    environment,
    eval_json,
    sacrebleu_command,
    sacrebleu_scores,
)
from tests.fixtures.readme_shell import readme_commands
from tests.fixtures.shared_data import WMT19, WMT24, needs_shared_data, require

EXAMPLES = REPO_ROOT / "examples" / "eval"
SOURCE, REFERENCE, SYSTEM = (EXAMPLES / "source.en", EXAMPLES / "reference.de",
                             EXAMPLES / "system.de")
METRICS = ("bleu", "chrf", "ter")


def _sacrebleu(reference: Path, hypotheses: Path, width: int) -> subprocess.Popen[str]:
    return subprocess.Popen(sacrebleu_command(reference, hypotheses, width),
                            stdout=subprocess.PIPE, text=True)


def _rounded(result: dict[str, object], width: int) -> dict[str, float]:
    return {m: round(float(result[m]), width) for m in METRICS}  # type: ignore[arg-type]


@needs_shared_data
def test_scores_of_a_wmt24_system_are_those_of_the_sacrebleu_command(tmp_path):
    require()
    reference = WMT24 / "references" / "en-de.refA.txt"
    system = WMT24 / "system-outputs" / "GPT-4.txt"
    theirs = _sacrebleu(reference, system, 12)  # all the digits a float has: the same number
    ours = eval_json(tmp_path / "home", "--from", "en", "--to", "de", "--reference", reference,
                     "--hypotheses", system)
    output, _ = theirs.communicate(timeout=600)
    assert theirs.returncode == 0
    assert _rounded(ours, 12) == sacrebleu_scores(output)
    signatures = {item["name"]: item["signature"] for item in json.loads(output)}
    assert ours["signature"] == {"bleu": signatures["BLEU"], "chrf": signatures["chrF2"],
                                 "ter": signatures["TER"]}
    assert ours["segments"] == 998 and ours["engine"] is None and ours["comet"] is None


@needs_shared_data
def test_the_news_part_of_wmt24_scores_as_sacrebleu_does_on_those_lines(tmp_path):
    domains = [row.split("\t")[0] for row in
               (WMT24 / "documents" / "en-de.docs").read_text("utf-8").splitlines()]
    news = [i for i, domain in enumerate(domains) if domain == "news"]
    system = WMT24 / "system-outputs" / "ONLINE-B.txt"
    for name, path in (("ref", WMT24 / "references" / "en-de.refA.txt"), ("hyp", system)):
        lines = path.read_text("utf-8").split("\n")
        (tmp_path / name).write_text("".join(lines[i] + "\n" for i in news), "utf-8")
    theirs = _sacrebleu(tmp_path / "ref", tmp_path / "hyp", 4)
    ours = eval_json(tmp_path / "home", "--from", "en", "--to", "de", "--testset", "wmt24-news",
                     "--hypotheses", system, "--testsets-dir", require())
    assert ours["segments"] == len(news) == 149 and ours["testset"] == "wmt24-news"
    assert _rounded(ours, 4) == sacrebleu_scores(theirs.communicate(timeout=600)[0])


@needs_shared_data
def test_the_pseudo_engine_on_a_slice_of_newstest2019(tmp_path):
    out, report = tmp_path / "hyp.de", tmp_path / "reports" / "pseudo.md"
    done = copydesk(tmp_path / "home", "eval", "--engine", "pseudo", "--from", "en", "--to",
                    "de", "--testset", "newstest2019", "--limit", "8", "-o", out, "--report",
                    report, "--json", COPYDESK_TESTSETS_DIR=str(require()))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)  # the whole of standard output is one JSON object
    assert result["segments"] == 8 and result["testset"] == "newstest2019"
    assert result["engine"] == "pseudo" and result["is_real_translation"] is False
    assert result["engine_signatures"][0].startswith("engine:pseudo|")
    assert result["translation_seconds"] > 0 and result["segments_per_second"] > 0
    assert "not a translation" in done.stderr and "not a translation" in result["warnings"][0]
    translations = out.read_text("utf-8").splitlines()
    assert len(translations) == 8 and all(t.startswith("⟦") for t in translations)
    reference = tmp_path / "ref.de"
    reference.write_text("".join((WMT19 / "newstest2019.deu").read_text("utf-8")
                                 .splitlines(keepends=True)[:8]), "utf-8")
    theirs = subprocess.run(sacrebleu_command(reference, out, 4), capture_output=True, text=True)
    assert _rounded(result, 4) == sacrebleu_scores(theirs.stdout)
    markdown = report.read_text("utf-8")
    assert "pseudo on newstest2019 (en-de)" in markdown and "not a translation" in markdown
    assert (report.parent / "pseudo.chrf.svg").read_text("utf-8").startswith("<?xml")


def test_the_pseudo_engine_on_own_files_prints_sacrebleu_lines(tmp_path):
    done = copydesk(tmp_path / "home", "eval", "--engine", "pseudo", "--from", "en", "--to",
                    "de", "--source", SOURCE, "--reference", REFERENCE)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|")
    assert lines[1].startswith("chrF2|nrefs:1|") and lines[2].startswith("TER|nrefs:1|")
    assert "5 segments" in lines[3] and "engine:pseudo" in lines[3]
    assert "not a translation" in done.stderr


def test_a_local_model_is_scored_batch_by_batch(tmp_path, opus_mt_archive):
    """The random-weight OPUS-MT release, installed as a user installs it: the plumbing of a
    real engine (its output is gibberish, so only the bookkeeping is checked)."""
    home, out = tmp_path / "home", tmp_path / "hyp.de"
    installed = copydesk(home, "models", "install", "opus-mt", "--from", "en", "--to", "de",
                         "--source", opus_mt_archive)
    assert installed.returncode == 0, installed.stderr
    done = copydesk(home, "eval", "--engine", "ctranslate2", "--from", "en", "--to", "de",
                    "--source", SOURCE, "--reference", REFERENCE, "-o", out, "--json",
                    COPYDESK_BATCH_SIZE="2")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["engine"] == "ctranslate2" and result["is_real_translation"] is True
    assert result["engine_signatures"][0].startswith("engine:ctranslate2|model:opus-mt-en-de")
    assert result["warnings"] == [] and "not a translation" not in done.stderr
    assert len(out.read_text("utf-8").splitlines()) == result["segments"] == 5
    theirs = subprocess.run(sacrebleu_command(REFERENCE, out, 4), capture_output=True, text=True)
    assert _rounded(result, 4) == sacrebleu_scores(theirs.stdout)


def test_limit_scores_the_first_segments_only(tmp_path):
    result = eval_json(tmp_path / "home", "--from", "en", "--to", "de", "--reference",
                       REFERENCE, "--hypotheses", SYSTEM, "--limit", "2")
    assert result["segments"] == 2
    # 13a tokens: 9 + 8 against 10 + 8; n-gram matches 16/17, 11/15, 7/13, 5/11 (the second
    # line is the reference itself), and a brevity penalty for 17 against 18 tokens.
    assert result["bleu"] == pytest.approx(100 * (16 / 17 * 11 / 15 * 7 / 13 * 5 / 11) ** 0.25
                                           * 2.718281828459045 ** (1 - 18 / 17))


def test_the_score_lines_are_those_of_sacrebleu_text_output(tmp_path):
    done = copydesk(tmp_path / "home", "eval", "--from", "en", "--to", "de", "--reference",
                    REFERENCE, "--hypotheses", SYSTEM)
    theirs = subprocess.run([*sacrebleu_command(REFERENCE, SYSTEM, 1), "-f", "text"],
                            capture_output=True, text=True)
    assert done.returncode == 0 and theirs.returncode == 0, done.stderr + theirs.stderr
    assert done.stdout.splitlines()[:3] == [line.strip() for line in theirs.stdout.splitlines()]


def test_the_readme_eval_commands_run_from_a_fresh_clone(tmp_path):
    commands = [c for c in readme_commands((REPO_ROOT / "README.md").read_text("utf-8"))
                if c.startswith("copydesk eval")]
    assert commands, "the README shows no 'copydesk eval' command"
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=REPO_ROOT, capture_output=True,
                              text=True, env=environment(tmp_path / "home"), timeout=120)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert "BLEU|nrefs:" in done.stdout


def _bad_files(folder: Path) -> dict[str, Path]:
    (folder / "four.de").write_text("a\nb\nc\nd\n", "utf-8")
    (folder / "empty.de").write_text("", "utf-8")
    (folder / "latin1.de").write_bytes("Straße\n".encode("latin-1") * 5)
    return {"four": folder / "four.de", "empty": folder / "empty.de",
            "latin1": folder / "latin1.de"}


@pytest.mark.parametrize(("args", "message"), [
    (["--reference", REFERENCE, "--hypotheses", "{four}"], "same number of segments"),
    (["--reference", REFERENCE, "--hypotheses", "{empty}"], "has no segments"),
    (["--reference", REFERENCE, "--hypotheses", "{latin1}"], "is not UTF-8"),
    (["--engine", "pseudo", "--source", "{four}", "--reference", REFERENCE],
     "same number of segments"),
    (["--testset", "wmt99", "--engine", "pseudo", "--testsets-dir", "{tmp}"],
     "Unknown test set 'wmt99'; available: newstest2019 (en-de)"),
    (["--testset", "newstest2019", "--from", "de", "--to", "en", "--testsets-dir", "{tmp}"],
     "has no de-en direction; available:"),
    (["--testset", "newstest2019", "--engine", "pseudo"], "COPYDESK_TESTSETS_DIR"),
    (["--engine", "pseudo", "--reference", REFERENCE, "--hypotheses", SYSTEM], "not both"),
    (["--engine", "pseudo", "--reference", REFERENCE], "add --source FILE"),
    (["--reference", REFERENCE, "--hypotheses", SYSTEM, "--to", "xx"], "Unknown language"),
    (["--reference", REFERENCE, "--hypotheses", SYSTEM, "--all-references"],
     "--all-references is for a test set"),
    (["--engine", "pseudo", "--source", SOURCE, "--reference", "{four}", "-o", "{four}"],
     "is an input"),
])
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, args, message):
    files = {**_bad_files(tmp_path), "tmp": tmp_path}
    given = [str(a).format(**files) for a in args]
    languages = [] if "--from" in given else ["--from", "en"]
    languages += [] if "--to" in given else ["--to", "de"]
    out = tmp_path / "out"
    done = copydesk(tmp_path / "home", "eval", *languages, *given, "--report",
                    out / "report.md")
    assert done.returncode == 1, done.stdout
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == "" and not out.exists()


def _fake_comet(folder: Path) -> Path:
    """A stand-in for unbabel-comet: scores 1 where the output is the reference, else 0."""
    package = folder / "site" / "comet"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "import os\n"
        "assert os.environ.get('HF_HUB_OFFLINE') == '1', 'imported with the hub online'\n"
        "class Output:\n"
        "    def __init__(self, scores):\n"
        "        self.scores, self.system_score = scores, sum(scores) / len(scores)\n"
        "class Model:\n"
        "    def predict(self, data, batch_size, gpus, progress_bar):\n"
        "        assert all(d['src'] and d['ref'] for d in data)\n"
        "        return Output([float(d['mt'] == d['ref']) for d in data])\n"
        "def load_from_checkpoint(path):\n"
        "    if not os.path.isfile(path):\n"
        "        raise Exception('Invalid checkpoint path: ' + path)\n"
        "    return Model()\n", "utf-8")
    model = folder / "wmt22-comet-da"
    (model / "checkpoints").mkdir(parents=True)
    (model / "checkpoints" / "model.ckpt").write_bytes(b"weights")
    (model / "hparams.yaml").write_text("class_identifier: regression_metric\n", "utf-8")
    return model


def test_comet_scores_with_a_local_model_folder(tmp_path):
    model = _fake_comet(tmp_path)
    result = eval_json(tmp_path / "home", "--from", "en", "--to", "de", "--source", SOURCE,
                       "--reference", REFERENCE, "--hypotheses", SYSTEM, "--comet-model",
                       model, "--report", tmp_path / "r.md", PYTHONPATH=str(tmp_path / "site"))
    assert result["comet"] == pytest.approx(2 / 5)  # two of the five lines are the reference
    assert result["comet_model"] == str(model) and result["comet_note"] is None
    assert f"| COMET | 0.4000 | `model:{model}` |" in (tmp_path / "r.md").read_text("utf-8")


@pytest.mark.parametrize(("extra", "note"), [
    (["--source", SOURCE, "--comet-model", "{tmp}/no-such-model"], "is not on this machine"),
    (["--comet-model", "{model}"], "COMET needs the source segments"),
])
def test_comet_that_cannot_run_is_said_and_the_scores_go_on(tmp_path, extra, note):
    model = _fake_comet(tmp_path)
    given = [str(a).format(tmp=tmp_path, model=model) for a in extra]
    done = copydesk(tmp_path / "home", "eval", "--from", "en", "--to", "de", "--reference",
                    REFERENCE, "--hypotheses", SYSTEM, *given, PYTHONPATH=str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    comet = next(line for line in done.stdout.splitlines() if line.startswith("COMET"))
    assert comet.startswith("COMET: none, ") and note in comet
    assert "BLEU|nrefs:1" in done.stdout


def test_comet_without_the_package_is_null_with_the_reason(tmp_path):
    probe = subprocess.run([str(REPO_ROOT / ".venv" / "bin" / "python"), "-c", "import comet"],
                           capture_output=True, env=environment(tmp_path / "home"))
    if probe.returncode == 0:
        pytest.skip("unbabel-comet is installed here")
    result = eval_json(tmp_path / "home", "--from", "en", "--to", "de", "--source", SOURCE,
                       "--reference", REFERENCE, "--hypotheses", SYSTEM, "--comet-model",
                       "Unbabel/wmt22-comet-da")
    assert result["comet"] is None and "unbabel-comet is not installed" in result["comet_note"]
    assert result["bleu"] > 0
