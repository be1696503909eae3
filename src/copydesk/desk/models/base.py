"""Rows that are written once and never changed or removed through the ORM."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models

from copydesk.errors import WorkflowError


def _refuse(model: str) -> NoReturn:
    raise WorkflowError(f"{model} rows are append-only: add a new row instead of changing "
                        "or deleting one.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        _refuse(self.model.__name__)

    def delete(self) -> NoReturn:
        _refuse(self.model.__name__)


class AppendOnlyModel(models.Model):
    """A model whose rows can be created but not updated or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(type(self).__name__)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(type(self).__name__)
