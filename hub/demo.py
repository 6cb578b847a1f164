"""Building the demo community: the steps each app contributes, run in order by seed_demo.

A step is a function `step(*, context: DemoContext) -> str` that is deterministic for a given
seed and safe to run twice (it finds what it made before instead of making it again). It returns
one line saying what it did.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

DEMO_PASSWORD = "hub-demo-password"
DEMO_MANAGER_EMAIL = "manager@demo.hub.test"
DEMO_MEMBER_EMAIL = "member@demo.hub.test"


@dataclass
class DemoContext:
    rng: random.Random
    now: datetime
    member_count: int
    progress: Callable[[str], None]
    made: dict = field(default_factory=dict)  # what a step keeps for its own later calls


def demo_steps() -> list[tuple[str, Callable]]:
    """The steps in the order they run; later apps append theirs here."""
    from events.demo import seed_events
    from members.demo import seed_members
    from members.demo_recognition import seed_recognition

    return [
        ("members", seed_members),
        ("events", seed_events),  # before recognition, so event badges see the check-ins
        ("recognition", seed_recognition),
    ]
