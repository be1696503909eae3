"""The desk's database models; the rules that use them live in the service modules."""

from copydesk.desk.models.activity import ReviewActivity, ReviewPresence
from copydesk.desk.models.admin import AdminEvent, AdminTrailHead
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
from copydesk.desk.models.exclusions import BlockExclusion
from copydesk.desk.models.feeds import Feed, FeedEntry
from copydesk.desk.models.people import ApiToken, Role, SignInReservation, User
from copydesk.desk.models.reports import (
    ReaderReport,
    ReportChannel,
    ReportKind,
    ReportSlot,
    ReportState,
)
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
from copydesk.desk.models.wordpress import (
    PostStatus,
    WordPressAction,
    WordPressDelivery,
    WordPressPost,
    WordPressSite,
)

__all__ = [
    "AdminEvent",
    "AdminTrailHead",
    "ApiToken",
    "Article",
    "AuditCheckpoint",
    "AuditEvent",
    "BlockExclusion",
    "Comment",
    "DeliveryStatus",
    "Edition",
    "Feed",
    "FeedEntry",
    "Origin",
    "Override",
    "PostStatus",
    "Publication",
    "PublicationKind",
    "ReaderReport",
    "ReportChannel",
    "ReportKind",
    "ReportSlot",
    "ReportState",
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
    "WordPressAction",
    "WordPressDelivery",
    "WordPressPost",
    "WordPressSite",
]
