"""``copydesk wordpress`` as a user runs it: the installed command on a fresh
``COPYDESK_HOME``, with two real WordPress sites on loopback, and the worker publishing
to the target site. The application password is only ever in the environment."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx

from tests.desk.test_webhooks_cli import COPYDESK
from tests.fixtures.served_desk import desk_environment
from tests.fixtures.wordpress_sites import WordPressSites, wordpress_sites

__all__ = ["wordpress_sites"]  # fixtures

TOWNS = ("Ghent", "Leuven", "Bruges", "Namur", "Mons", "Liège")
REVIEW = textwrap.dedent("""
    import sys
    from copydesk import settings
    from copydesk.desk import bootstrap
    bootstrap.setup(settings.load())
    from copydesk.desk import publishing, revisions, workflow
    from copydesk.desk.models import Translation, User
    from copydesk.engines.base import is_pseudo_output
    editor, publisher = User.objects.get(username="erika"), User.objects.get(username="paula")
    translation = Translation.objects.get(article__key=sys.argv[1])
    for segment in translation.segments.filter(active=True):
        if is_pseudo_output(segment.origin, segment.signature):
            segment = revisions.save_segment(segment.pk, "Redigiert " + segment.key,
                                             base_version=segment.version, user=editor)
        revisions.confirm_segment(segment.pk, base_version=segment.version, user=editor)
    workflow.approve(translation, user=editor)
    publishing.publish_translation(translation, user=publisher)
""")


def environment(home: Path, sites: WordPressSites, password: str | None = None) -> dict[str, str]:
    env = desk_environment(home, allow_private_urls="true")
    env["WP_SOURCE_PASSWORD"] = sites.source.password
    env["WP_TARGET_PASSWORD"] = sites.target.password if password is None else password
    return env


def run(env: dict[str, str], *args: str, stdin: str | None = None,
        program: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(program or [COPYDESK, *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=300, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_sites_pull_and_the_worker_publishing(tmp_path: Path, wordpress_sites: WordPressSites):
    sites, home = wordpress_sites, tmp_path / "home"
    env = environment(home, sites)
    assert "No WordPress sites yet" in ok(run(env, "wordpress", "sites"))
    ok(run(env, "editions", "add", "de", "--language", "de", "--engine", "pseudo"))
    for name, role in (("erika", "editor"), ("paula", "publisher")):
        ok(run(env, "users", "add", name, "--role", role, "--password-stdin",
               stdin="a-long-pass-phrase-9\n"))
    added = ok(run(env, "wordpress", "add-site", "source", sites.source.url, "--user", "admin",
                   "--password-env", "WP_SOURCE_PASSWORD"))
    assert "'copydesk wordpress test source'" in added
    ok(run(env, "wordpress", "add-site", "target", sites.target.url, "--user", "admin",
           "--password-env", "WP_TARGET_PASSWORD", "--edition", "de", "--status", "publish"))
    listed = ok(run(env, "wordpress", "sites"))
    assert "$WP_TARGET_PASSWORD" in listed and sites.target.url in listed
    assert "Signed in to target as admin (user 1; administrator)." in ok(
        run(env, "wordpress", "test", "target"))

    post = sites.source.api("POST", "/wp/v2/posts", json={
        "title": f"Bridge opens in {random.choice(TOWNS)}", "status": "publish",
        "content": "<!-- wp:paragraph --><p>The bridge opened today.</p><!-- /wp:paragraph -->"})
    key = f"wordpress:source:{post['id']}"
    pulled = ok(run(env, "wordpress", "pull", "source", str(post["id"]), "--as", "erika",
                    "--edition", "de", "--language", "en"))
    assert pulled.startswith(f"{key}: ") and "is on the desk for" in pulled
    assert "has not changed" in ok(run(env, "wordpress", "pull", "source", post["link"], "--as",
                                       "erika"))
    ok(run(env, "worker", "--batch"))  # the machine translation
    ok(run(env, program=[sys.executable, "-c", REVIEW, key]))
    queued = ok(run(env, "wordpress", "deliveries"))
    assert " publish   pending " in queued
    ok(run(env, "worker", "--batch"))
    log = ok(run(env, "wordpress", "deliveries")).splitlines()
    assert log[1].split()[1:5] == ["target", "publish", "delivered", "1"]
    post_id = int(log[1].split()[5])
    made = httpx.get(f"{sites.target.url}/wp-json/wp/v2/posts/{post_id}", timeout=30).json()
    assert made["status"] == "publish" and "copydesk-disclosure" in made["content"]["rendered"]

    everything = "".join(r.stdout + r.stderr for r in (
        run(env, "wordpress", "sites"), run(env, "wordpress", "test", "target"),
        run(env, "wordpress", "deliveries")))
    assert sites.target.password not in everything and sites.source.password not in everything


def test_bad_credentials_and_a_missing_variable_are_clear(tmp_path: Path,
                                                         wordpress_sites: WordPressSites):
    sites, home = wordpress_sites, tmp_path / "home"
    wrong = "abcd EFGH ijkl MNOP qrst UVWX"
    env = environment(home, sites, password=wrong)
    ok(run(env, "wordpress", "add-site", "target", sites.target.url, "--user", "admin",
           "--password-env", "WP_TARGET_PASSWORD"))
    refused = run(env, "wordpress", "test", "target")
    assert refused.returncode == 1
    assert "refused the user 'admin' and the application password in WP_TARGET_PASSWORD" in \
        refused.stderr
    assert "Users → Profile → Application Passwords" in refused.stderr
    assert wrong not in refused.stderr + refused.stdout
    env.pop("WP_TARGET_PASSWORD")
    unset = run(env, "wordpress", "test", "target")
    assert unset.returncode == 1 and "Set the environment variable WP_TARGET_PASSWORD" in \
        unset.stderr
    typo = run(env, "wordpress", "add-site", "other", sites.target.url, "--user", "admin",
               "--password-env", wrong)
    assert typo.returncode == 1 and "NAME of the variable" in typo.stderr
    assert "abcd" not in typo.stderr + typo.stdout
    assert wrong not in ok(run(env, "wordpress", "sites"))
