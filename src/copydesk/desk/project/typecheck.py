"""A plain settings module for mypy's Django plugin (``[tool.django-stubs]``).

The desk itself never imports this: it configures Django at start-up through
``copydesk.desk.bootstrap.setup``. Static analysis needs a module instead.
"""

from copydesk.desk.project.settings import build
from copydesk.settings import load

globals().update(build(load(options={"home": "/nonexistent"}, environ={}),
                       secret_key="type-checking-only"))
