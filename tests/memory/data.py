"""Where the memory tests find the shared real data (read in place)."""

from tests.fixtures.shared_data import FLORES, SHARED_DATA, needs_shared_data
from tests.fixtures.shared_data import WMT19 as WMT

TMX_DIR = SHARED_DATA / "interop" / "okapi" / "tmx"

__all__ = ["FLORES", "TMX_DIR", "WMT", "needs_shared_data"]
