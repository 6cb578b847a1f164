"""The ambassador program's models arrive with the Ambassadors issue."""
