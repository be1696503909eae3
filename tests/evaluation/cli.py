"""``copydesk eval`` run as a user runs it: a subprocess with a fresh home and no settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SACREBLEU = VENV_BIN / "sacrebleu"


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")}
    env.update(COPYDESK_HOME=str(home), PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
               **extra)
    return env


def copydesk(home: Path, *args: str | Path, cwd: Path | None = None,
             **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VENV_BIN / "copydesk"), *map(str, args)], cwd=cwd or home.parent,
                          env=environment(home, **env), capture_output=True, text=True,
                          timeout=600)


def eval_json(home: Path, *args: str | Path, **env: str) -> dict[str, Any]:
    """The one JSON object that ``copydesk eval ... --json`` prints (and nothing else)."""
    done = copydesk(home, "eval", *args, "--json", **env)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def sacrebleu_command(reference: Path, hypotheses: Path, width: int) -> list[str]:
    return [str(SACREBLEU), str(reference), "-i", str(hypotheses), "-m", "bleu", "chrf", "ter",
            "-w", str(width)]


def sacrebleu_scores(output: str) -> dict[str, float]:
    """``{"bleu": .., "chrf": .., "ter": ..}`` from the sacrebleu command's JSON output."""
    names = {"BLEU": "bleu", "chrF2": "chrf", "TER": "ter"}
    return {names[item["name"]]: item["score"] for item in json.loads(output)}
