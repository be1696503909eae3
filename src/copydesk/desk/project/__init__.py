"""The Django project of the embedded desk: settings built from copydesk settings."""
