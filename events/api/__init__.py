"""The events API under /api/v1/: events, RSVPs, attendees and check-ins, groups."""
