"""``copydesk engines``: which engines exist, whether they work, where text goes."""

from __future__ import annotations

import click

from copydesk import languages
from copydesk.cli.common import load_settings
from copydesk.engines import registry
from copydesk.errors import CopydeskError


@click.group()
def engines() -> None:
    """List translation engines and test them."""


@engines.command("list")
def list_engines() -> None:
    """Show each engine, whether it is available, and whether it sends text off-site."""
    settings = load_settings()
    for name, cls in sorted(registry.engine_classes().items()):
        sends_offsite = cls.sends_data_offsite  # the class's answer is the cautious one
        try:
            engine = cls.from_settings(settings)
            problem, sends_offsite = engine.availability(), engine.sends_data_offsite
        except CopydeskError as err:
            problem = str(err)
        status = "available" if problem is None else f"unavailable: {problem}"
        offsite = "sends text off-site" if sends_offsite else "local"
        label = "" if cls.is_real_translation else "  [NOT a translation]"
        click.echo(f"{name:<12} {offsite:<20} {status}{label}")
        if cls.description:
            click.echo(f"{'':<12} {cls.description}")


@engines.command("test")
@click.argument("name")
@click.option("--from", "source_lang", default="en", show_default=True, help="Source language.")
@click.option("--to", "target_lang", default="de", show_default=True, help="Target language.")
@click.option("--text", default="The minister said the talks would continue on Monday.",
              show_default=True, help="Sentence to translate.")
def test_engine(name: str, source_lang: str, target_lang: str, text: str) -> None:
    """Make one round trip through engine NAME and show the result or the problem."""
    settings = load_settings()
    source_lang, target_lang = languages.normalize(source_lang), languages.normalize(target_lang)
    choice = registry.choose(name, source_lang, target_lang, settings)
    for warning in choice.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    [candidate] = choice.engine.translate([text], source_lang, target_lang)
    click.echo(f"{source_lang}: {text}")
    click.echo(f"{target_lang}: {candidate.text}")
    click.echo(f"signature: {candidate.signature}")
