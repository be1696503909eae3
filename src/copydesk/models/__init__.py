"""Local translation models: install (download or local file, then convert
with CTranslate2's converter), list and remove.

Each model lives in its own folder under ``settings.models_path``::

    models/opus-mt-en-de/
        model.bin, config.json, shared_vocabulary.json   (CTranslate2)
        source.spm, target.spm                          (SentencePiece)
        copydesk-model.json                             (the manifest)
"""

from copydesk.models.catalog import (
    MANIFEST,
    InstalledModel,
    find_model,
    list_models,
    read_manifest,
    remove_model,
)
from copydesk.models.install import QUANTIZATIONS, install_opus_mt

__all__ = [
    "MANIFEST",
    "QUANTIZATIONS",
    "InstalledModel",
    "find_model",
    "install_opus_mt",
    "list_models",
    "read_manifest",
    "remove_model",
]
