"""copydesk: a translation copy desk for newsrooms."""

__version__ = "0.1.0"
