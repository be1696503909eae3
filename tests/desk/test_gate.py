"""The publishing gate's services refuse what does not exist with a clear message."""

from __future__ import annotations

import pytest

from copydesk.desk import gate
from copydesk.errors import NotFoundError


def test_overriding_an_unknown_segment_is_a_clear_not_found(editor):
    with pytest.raises(NotFoundError, match="No segment 999999"):
        gate.override(999999, "numbers", issue="abc", version=1, user=editor,
                      reason="checked by hand")
