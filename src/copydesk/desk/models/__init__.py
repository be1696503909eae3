"""The desk's database models; the rules that use them live in the service modules."""

from copydesk.desk.models.activity import ReviewActivity, ReviewPresence
from copydesk.desk.models.audit import AuditCheckpoint, AuditEvent
from copydesk.desk.models.editorial import (
    Article,
    Edition,
    Segment,
    SegmentState,
    SourceVersion,
    Translation,
    TranslationState,
)
from copydesk.desk.models.people import ApiToken, Role, SignInReservation, User
from copydesk.desk.models.review import (
    Comment,
    Origin,
    Override,
    Publication,
    PublicationKind,
    Revision,
)
from copydesk.desk.models.tasks import TaskLease
from copydesk.desk.models.webhooks import DeliveryStatus, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Article",
    "AuditCheckpoint",
    "AuditEvent",
    "Comment",
    "DeliveryStatus",
    "Edition",
    "Origin",
    "Override",
    "Publication",
    "PublicationKind",
    "ReviewActivity",
    "ReviewPresence",
    "Revision",
    "Role",
    "Segment",
    "SegmentState",
    "SignInReservation",
    "SourceVersion",
    "TaskLease",
    "Translation",
    "TranslationState",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
