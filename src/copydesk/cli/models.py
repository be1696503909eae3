"""``copydesk models``: install, list and remove local translation models."""

from __future__ import annotations

import click

from copydesk.cli.common import DeskGroup, load_settings
from copydesk.models import QUANTIZATIONS, install_opus_mt, list_models, remove_model


@click.group(cls=DeskGroup)
def models() -> None:
    """Install, list and remove local translation models."""


def _show_progress(received: int, total: int | None) -> None:
    done = f"{received / 1e6:.1f} MB"
    of = f" of {total / 1e6:.1f} MB" if total else ""
    click.echo(f"\rDownloading... {done}{of}", nl=False, err=True)


@models.command("install")
@click.argument("family", type=click.Choice(["opus-mt"]))
@click.option("--from", "source_lang", required=True, help="Source language, e.g. en.")
@click.option("--to", "target_lang", required=True, help="Target language, e.g. de.")
@click.option("--source", help="A release .zip/.tar.gz, its unpacked folder, or a URL. "
              "Default: download the newest official release.")
@click.option("--name", help="Folder name of the installed model. Default: opus-mt-<from>-<to>.")
@click.option("--quantization", type=click.Choice(QUANTIZATIONS), default="int8",
              show_default=True, help="Weight type of the converted model.")
@click.option("--force", is_flag=True, help="Replace a model of the same name.")
def install(family: str, source_lang: str, target_lang: str, source: str | None,
            name: str | None, quantization: str, force: bool) -> None:
    """Install a FAMILY model (opus-mt) for a language pair."""
    settings = load_settings()
    model = install_opus_mt(
        settings.models_path, source_lang, target_lang, source=source, name=name,
        quantization=quantization, force=force, timeout=settings.fetch_timeout,
        progress=_show_progress)
    if source is None or "://" in source:
        click.echo(err=True)
    click.echo(f"Installed {model.name} ({model.pair}, version {model.version or 'unknown'}, "
               f"{model.quantization}) in {model.path}")


@models.command("list")
def list_command() -> None:
    """Show installed models: name, pair, version, quantisation, size on disk."""
    installed = list_models(load_settings().models_path)
    if not installed:
        click.echo("No models installed. Install one with "
                   "'copydesk models install opus-mt --from en --to de'.")
        return
    click.echo(f"{'name':<24} {'pair':<10} {'version':<12} {'quant':<8} size")
    for model in installed:
        size = f"{model.size_bytes / 1e6:.1f} MB"
        click.echo(f"{model.name:<24} {model.pair:<10} {model.version or '-':<12} "
                   f"{model.quantization:<8} {size}")


@models.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Delete the installed model NAME."""
    remove_model(load_settings().models_path, name)
    click.echo(f"Removed {name}.")
