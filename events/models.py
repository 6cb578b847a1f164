"""Events and user groups (see the Events issue)."""
