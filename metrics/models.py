"""The metrics models arrive with the Metrics issue."""
