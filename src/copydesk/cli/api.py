"""``copydesk api``: the desk's REST API described as an OpenAPI document."""

from __future__ import annotations

import json

import click

from copydesk.cli.common import load_settings


@click.command("api")
def api_document() -> None:
    """Print the OpenAPI document of the REST API (served at /api/v1/openapi.json) as JSON."""
    from copydesk.desk import bootstrap

    bootstrap.setup(load_settings(), migrate=False)  # a description: the database is not read
    from ninja.responses import NinjaJSONEncoder

    from copydesk.desk.api import api

    click.echo(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder, indent=2,
                          ensure_ascii=False))
