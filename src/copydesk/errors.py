"""The one exception tree of copydesk.

Every error has a stable ``code`` (for logs, the API and tests) and a message
that tells the user what to do next. The core library only raises these; the
command line and the web desk turn them into output.

::

    CopydeskError
    ├── ConfigError                 a setting or config file is wrong
    ├── InputError                  the article given to us cannot be used
    │   ├── EmptyInputError         nothing to translate
    │   ├── BinaryInputError        a binary file (image, PDF, archive)
    │   ├── EncodingError           text in an encoding we cannot decode
    │   ├── TooLargeError           over the size limit
    │   ├── NoArticleError          a page with no article body
    │   └── FetchError              a URL could not be fetched
    │       ├── PrivateAddressError the URL resolves to a private address
    │       └── FetchTimeoutError   the server did not answer in time
    ├── LanguageError               unknown language or unsupported pair
    ├── EngineError                 a translation engine failed
    │   ├── EngineUnavailableError  not installed, not configured, unreachable
    │   ├── UnsupportedPairError    the engine cannot translate this pair
    │   ├── RateLimitedError        the service asks us to slow down
    │   └── BadResponseError        the engine answered something unusable
    ├── ModelError                  a local model is missing, corrupt or fails to install
    ├── WorkerLostError             a background task's worker stopped answering too often
    └── WorkflowError               the desk refuses a step of the review workflow
        ├── ConflictError           the segment changed since the editor loaded it
        ├── PermissionDeniedError   the user's role does not allow the step
        └── NotFoundError           no such article, translation or segment on the desk
"""

from __future__ import annotations


class CopydeskError(Exception):
    """Root of all copydesk errors."""

    code = "copydesk_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(CopydeskError):
    code = "config_error"


class InputError(CopydeskError):
    code = "bad_input"


class EmptyInputError(InputError):
    code = "empty_input"


class BinaryInputError(InputError):
    code = "binary_input"


class EncodingError(InputError):
    code = "bad_encoding"


class TooLargeError(InputError):
    code = "too_large"


class NoArticleError(InputError):
    code = "no_article"


class FetchError(InputError):
    code = "fetch_failed"


class PrivateAddressError(FetchError):
    code = "private_address"


class FetchTimeoutError(FetchError):
    code = "fetch_timeout"


class LanguageError(CopydeskError):
    code = "bad_language"


class EngineError(CopydeskError):
    code = "engine_error"


class EngineUnavailableError(EngineError):
    code = "engine_unavailable"


class UnsupportedPairError(EngineError):
    code = "unsupported_pair"


class RateLimitedError(EngineError):
    code = "rate_limited"


class BadResponseError(EngineError):
    code = "bad_response"


class ModelError(CopydeskError):
    code = "model_error"


class WorkflowError(CopydeskError):
    code = "workflow_error"


class ConflictError(WorkflowError):
    """Two editors saved the same segment from the same base version.

    Carries both texts so the editor can merge them: ``theirs`` (saved first,
    now current at ``current_version``) and ``yours`` (refused).
    """

    code = "edit_conflict"

    def __init__(self, message: str, *, theirs: str, yours: str, current_version: int,
                 editor: str = "") -> None:
        super().__init__(message)
        self.theirs = theirs
        self.yours = yours
        self.current_version = current_version
        self.editor = editor  # who saved ``theirs``, when the desk knows


class PermissionDeniedError(WorkflowError):
    code = "permission_denied"


class NotFoundError(WorkflowError):
    code = "not_found"


class WorkerLostError(CopydeskError):
    """The workers running a background task stopped answering (killed, crashed) too often."""

    code = "worker_lost"
