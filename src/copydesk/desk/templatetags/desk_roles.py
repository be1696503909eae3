"""``user|holds:"admin"``: whether a template's user holds a role (``roles.has_role``)."""

from __future__ import annotations

from typing import Any

from django import template

from copydesk.desk import roles

register = template.Library()


@register.filter
def holds(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and roles.has_role(user, role)
