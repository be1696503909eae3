"""The ``copydesk`` command: a thin adapter over the library.

Each sub-command lives in its own module; this one builds the group, loads
the settings once and turns ``CopydeskError`` into a message and exit code 1.
"""

from __future__ import annotations

import click

from copydesk import __version__
from copydesk.cli.admin_audit import admin_trail
from copydesk.cli.api import api_document
from copydesk.cli.check import check
from copydesk.cli.common import DeskGroup, settings_option
from copydesk.cli.desk import audit, worker
from copydesk.cli.engines import engines
from copydesk.cli.evaluate import evaluate_command
from copydesk.cli.feeds import feeds
from copydesk.cli.glossary import glossary
from copydesk.cli.memory import memory
from copydesk.cli.models import models
from copydesk.cli.settings import show_settings
from copydesk.cli.staff import editions, users
from copydesk.cli.stats import stats
from copydesk.cli.translate import translate
from copydesk.cli.web import demo, serve
from copydesk.cli.webhooks import webhooks
from copydesk.cli.wordpress import wordpress
from copydesk.cli.xliff import export_translation, import_translation


@click.group(cls=DeskGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="copydesk")
@settings_option
def main() -> None:
    """copydesk: translate news articles between language editions.

    \b
    Quick start:
      copydesk translate https://example.com/story --to de -o story.de.html
      copydesk models install opus-mt --from en --to de
      copydesk engines list

    Settings come from command options, COPYDESK_* environment variables,
    the config file ($COPYDESK_HOME/config.toml) and defaults, in that order;
    'copydesk settings' lists them all.
    """


main.add_command(translate)
main.add_command(check)
main.add_command(audit)
audit.add_command(admin_trail)
main.add_command(worker)
main.add_command(serve)
main.add_command(demo)
main.add_command(users)
main.add_command(editions)
main.add_command(glossary)
main.add_command(engines)
main.add_command(models)
main.add_command(memory)
main.add_command(show_settings)
main.add_command(evaluate_command)
main.add_command(stats)
main.add_command(api_document)
main.add_command(webhooks)
main.add_command(feeds)
main.add_command(wordpress)
main.add_command(export_translation)
main.add_command(import_translation)

__all__ = ["main"]
