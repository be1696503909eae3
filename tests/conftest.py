"""Shared pytest configuration: fixture plugins used across the test tree."""

pytest_plugins = ["tests.fixtures.opus_mt"]
