"""Members: the user (email login), profile, engagement tiers and their history, the activity
ledger, recognition (badges, spotlight, awards, case studies) and ideas with votes.

Constraints that must hold whatever the code path live here, in the database.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from knox.models import AbstractAuthToken

#: Derives the key of `email_lookup_hash` from SECRET_KEY; changing it re-keys every hash.
EMAIL_HASH_SALT = "members.User.email_hash"
#: The domain of the placeholder that replaces the email of a member who left.
ERASED_EMAIL_DOMAIN = "members.invalid"


def email_normalise(email: str) -> str:
    """How Hub compares addresses: trimmed and lower-case, the whole address."""
    return email.strip().lower()


def email_lookup_hash(email: str) -> str:
    """A keyed hash (HMAC-SHA256, key derived from SECRET_KEY) of the normalised address.

    It lets an import recognise a person after they left and their address was erased: the
    hash stays on the row, and without the key it cannot be turned back into the address nor
    checked against a list of guessed addresses. Rotating SECRET_KEY re-keys it: a current
    member's hash follows at their next save (a login saves), but the hash of an erased address
    cannot be recomputed, so those departures are no longer recognised."""
    return salted_hmac(EMAIL_HASH_SALT, email_normalise(email), algorithm="sha256").hexdigest()


def existing_at_condition(instant: datetime) -> Q:
    """The condition "exists as a member at `instant`" as a Q: for a filter, or for an
    aggregate that counts members at several instants in one scan of the table.
    `UserQuerySet.existing_at` filters with it."""
    return Q(joined_at__lte=instant) & (Q(left_at__isnull=True) | Q(left_at__gt=instant))


class UserQuerySet(models.QuerySet):
    """The one definition of a member in time: a person *exists* as a member at instant t when
    `joined_at <= t` and (`left_at` is empty or `left_at > t`). A *current* member exists now.
    `User.is_member_at` is the same rule for one row already loaded."""

    def existing_at(self, instant: datetime) -> "UserQuerySet":
        """Members who exist at `instant`: joined at or before it and not yet left."""
        return self.filter(existing_at_condition(instant))

    def current(self, now: datetime) -> "UserQuerySet":
        """The current members: those who exist at `now`."""
        return self.existing_at(now)

    def awaiting_confirmation(self) -> "UserQuerySet":
        """People who signed up and have not confirmed their email yet: not members (yet)."""
        return self.filter(joined_at__isnull=True, left_at__isnull=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. They count as a member from `joined_at` (set when their email is
    verified) until `left_at`; leaving erases personal data but keeps the row for history."""

    email = models.EmailField("email address", max_length=254, unique=True)
    is_staff = models.BooleanField(
        default=False, help_text="Can log into the admin console (community managers)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(
        default=timezone.now, help_text="When the account was created (signed up)."
    )
    joined_at = models.DateTimeField(
        "joined", null=True, blank=True, db_index=True, help_text="When the email was verified."
    )
    left_at = models.DateTimeField("left", null=True, blank=True, db_index=True)
    tier_locked = models.BooleanField(
        "tier locked",
        default=False,
        help_text="A manager locked this member's tier: no promotion or demotion suggestions.",
    )
    email_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Keyed hash of the email (`email_lookup_hash`), kept after the email is erased "
        "so that importing the same file again recognises the person.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "member"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True)
                | Q(joined_at__isnull=True)
                | Q(left_at__gte=models.F("joined_at")),
                name="user_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        """Keeps `email_hash` in step with the address until the person leaves; after that the
        address is a placeholder and the hash of their last real address stays. Every path that
        sets an address (signup, an email change, the admin, factories, the demo) saves through
        here; the bulk writes of the import set the hash themselves."""
        if self.left_at is None and self.email:
            key = email_lookup_hash(self.email)
            if key != self.email_hash:
                self.email_hash = key
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "email_hash"}
        super().save(*args, **kwargs)

    @property
    def is_erased(self) -> bool:
        """Their personal data was erased when they left (the address is a placeholder)."""
        return self.email.endswith("@" + ERASED_EMAIL_DOMAIN)

    @property
    def display_name(self) -> str:
        profile = getattr(self, "profile", None)
        if profile is not None and profile.display_name:
            return profile.display_name
        if self.left_at:
            return "Former member"
        return self.email.split("@")[0]

    def has_left_by(self, instant: datetime) -> bool:
        """They had left the community by `instant` (the other side of `is_member_at`, for
        rules about leavers rather than about current members)."""
        return self.left_at is not None and self.left_at <= instant

    def is_member_at(self, instant: datetime) -> bool:
        """This person exists as a member at `instant` (see `UserQuerySet`)."""
        return (
            self.joined_at is not None
            and self.joined_at <= instant
            and (self.left_at is None or self.left_at > instant)
        )

    @property
    def is_manager(self) -> bool:
        """Community managers: staff in the managers group (or superusers, who can do all)."""
        if self.is_superuser:
            return True
        if not self.is_staff:
            return False
        cached = getattr(self, "_is_manager", None)
        if cached is None:
            cached = self.groups.filter(name=settings.COMMUNITY_MANAGERS_GROUP).exists()
            self._is_manager = cached
        return cached


class SkillQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Skill.Status.ACCEPTED)


class Skill(models.Model):
    """A shared tag on profiles, from a list that managers keep. A member picks accepted skills
    or suggests a new one: a suggestion is on the suggester's own profile at once (marked as
    awaiting review) but reaches others (the directory, profiles, the picker) only once a
    manager accepts it; a rejected one is taken off every profile that held it."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "On the list"
        SUGGESTED = "suggested", "Awaiting review"
        REJECTED = "rejected", "Not accepted"

    name = models.CharField(max_length=50, unique=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACCEPTED, db_index=True
    )
    suggested_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member who suggested it (empty for skills a manager added).",
    )
    suggested_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The manager who added, accepted or rejected it.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(
        max_length=300, blank=True, help_text="Told to the members who had suggested it."
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Python" and "python" are one skill, whatever the code path.
            models.UniqueConstraint(
                Lower("name"),
                name="skill_name_unique_ignoring_case",
                violation_error_message="There is a skill of this name already (in any case).",
            ),
            models.CheckConstraint(
                condition=~Q(status="suggested") | Q(suggested_at__isnull=False),
                name="skill_suggestion_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="skill_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_awaiting_review(self) -> bool:
        return self.status == self.Status.SUGGESTED


class SkillRemoval(models.Model):
    """A member whose profile lost a suggested skill because a manager rejected it: the row
    the email telling them why is sent from, once (`emailed_at` is set with the send)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="removals")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skill_removals")
    removed_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skill", "member"], name="skill_removal_once")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} removed from {self.member_id}"


#: The answers the sign-up forms offer to "How did you hear about us?" (the attribution
#: survey of the community-attributed growth playbook). The profile keeps any text, so older
#: answers and imported ones stay valid.
HOW_HEARD_CHOICES = [
    "An ambassador invited me",
    "A friend or colleague",
    "A meetup or event",
    "Social media",
    "A blog post or video",
    "A search engine",
    "Somewhere else",
]


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=100, blank=True)
    headline = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True, max_length=4000)
    location = models.CharField(max_length=100, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    github_username = models.CharField(max_length=39, blank=True, db_index=True)
    website = models.URLField(blank=True)
    how_heard = models.CharField("how did you hear about us", max_length=200, blank=True)
    newsletter_opt_in = models.BooleanField(default=False)
    directory_opt_in = models.BooleanField(
        default=False, help_text="Show this member in the public member directory."
    )

    def __str__(self) -> str:
        return self.display_name or str(self.user_id)

    @property
    def avatar_initials(self) -> str:
        words = [word for word in (self.display_name or "").split() if word[:1].isalnum()]
        if not words:
            return "?"
        return "".join(word[0] for word in words[:2]).upper()


class Tier(models.Model):
    """An engagement tier from the strategy: 1 Contributors, 2 Active Members, 3 Core Team."""

    level = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(unique=True)
    pricing = models.CharField(max_length=50, help_text="For example: free, free/paid.")
    description = models.TextField(blank=True)
    benefits = models.JSONField(default=list, help_text="One benefit a line, shown to members.")
    revenue_share_min_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    revenue_share_max_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    revenue_share_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text="The percentage in force, within the range above, used for the revenue pool.",
    )

    class Meta:
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revenue_share_min_percent__lte=models.F("revenue_share_max_percent")),
                name="tier_share_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(revenue_share_percent__gte=models.F("revenue_share_min_percent"))
                & Q(revenue_share_percent__lte=models.F("revenue_share_max_percent")),
                name="tier_share_within_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TierMembership(models.Model):
    """One row per period a member spent in a tier: the tier history. The open row (no
    `ended_at`) is the current tier; the database allows only one open row per member."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tier_history")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="memberships")
    from_tier = models.ForeignKey(
        Tier, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["member_id", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_at__isnull=True),
                name="one_current_tier_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="tier_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["tier", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.member}: {self.tier} from {self.started_at:%Y-%m-%d}"


class PromotionRule(models.Model):
    """What it takes to be suggested for a tier: activity on at least `min_active_days`
    distinct days and at least `min_contributions` contributions within `window_days`."""

    tier = models.OneToOneField(Tier, on_delete=models.CASCADE, related_name="promotion_rule")
    window_days = models.PositiveSmallIntegerField(default=90)
    min_active_days = models.PositiveSmallIntegerField(default=0)
    min_contributions = models.PositiveSmallIntegerField(default=0)
    demotion_ratio_percent = models.PositiveSmallIntegerField(
        default=90,
        help_text="Suggest demotion only below this share of the thresholds (hysteresis).",
    )

    def __str__(self) -> str:
        return f"Rule for {self.tier}"


class TierSuggestion(models.Model):
    class Direction(models.TextChoices):
        PROMOTE = "promote", "Promotion"
        DEMOTE = "demote", "Demotion"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tier_suggestions")
    from_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    to_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="one_pending_tier_suggestion_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} of {self.member} to {self.to_tier}"


class ActivityKind(models.TextChoices):
    CODE = "code", "Code"
    DOCS = "docs", "Docs"
    IDEA = "idea", "Idea"
    ANSWER = "answer", "Answer"
    CONTENT = "content", "Content"
    EVENT_ATTENDANCE = "event_attendance", "Event attendance"
    EVENT_HOSTING = "event_hosting", "Event hosting"
    MENTORING = "mentoring", "Mentoring"
    FEEDBACK = "feedback", "Feedback"
    REFERRAL = "referral", "Referral"


#: The kinds that count as contributions (the contribution rate, revenue share points).
CONTRIBUTION_KINDS = (ActivityKind.CODE, ActivityKind.DOCS, ActivityKind.IDEA)


class ActivityPoints(models.Model):
    """Points a kind of activity is worth; managers tune them in the admin."""

    kind = models.CharField(
        "kind of activity", max_length=32, choices=ActivityKind.choices, unique=True
    )
    points = models.PositiveSmallIntegerField(help_text="What one activity of this kind earns.")

    class Meta:
        ordering = ["kind"]
        verbose_name = "points for a kind of activity"
        verbose_name_plural = "points per kind of activity"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.points}"


class Activity(models.Model):
    """One thing a member did: the activity ledger. `(source, external_id)` is unique so an
    integration delivering the same thing twice records it once."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=32, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    source = models.CharField(
        max_length=50, help_text="web, api, import, event, admin or an integration's name."
    )
    external_id = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    points = models.PositiveSmallIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="activity_source_external_id_unique",
            )
        ]
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["member", "occurred_at"]),
            models.Index(fields=["kind", "occurred_at"]),
            # A member's contributions in time: "first contribution ever" (metrics) probes it.
            models.Index(
                fields=["member", "occurred_at"],
                condition=Q(kind__in=CONTRIBUTION_KINDS),
                name="activity_contribution_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.member_id} on {self.occurred_at:%Y-%m-%d}"


class SlippingAwayEmail(models.Model):
    """The weekly "slipping away" email went to this manager for this ISO week: the row is the
    guarantee of "once". Written in the same transaction as the email is sent, so a run that
    fails midway is retried and skips the managers already told."""

    manager = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the ISO week, in the community's zone.")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["manager", "week"], name="slipping_away_email_once_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"Slipping-away email to {self.manager_id}, week of {self.week}"


class Badge(models.Model):
    class Rule(models.TextChoices):
        MANUAL = "manual", "Awarded by a manager"
        FIRST_CONTRIBUTION = "first_contribution", "First contribution"
        TEN_EVENTS = "ten_events", "Ten events attended"
        SIX_MONTHS_ACTIVE = "six_months_active", "Six months active in a row"
        HUNDRED_POINTS = "hundred_points", "A hundred points in one month"

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300)
    icon = models.CharField(max_length=8, help_text="An emoji or short symbol shown with it.")
    rule = models.CharField(max_length=32, choices=Rule.choices, default=Rule.MANUAL)
    repeatable = models.BooleanField(default=False)
    grants_title = models.CharField(
        max_length=80, blank=True, help_text="A title the member may show, if any."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BadgeAward(models.Model):
    badge = models.ForeignKey(Badge, on_delete=models.PROTECT, related_name="awards")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="badge_awards")
    awarded_at = models.DateTimeField()
    awarded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occasion = models.CharField(
        max_length=50,
        blank=True,
        help_text="Empty for a one-off badge; for a repeatable one what it was for (a month).",
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge", "member", "occasion"], name="badge_award_once_per_occasion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge} to {self.member_id}"


class Spotlight(models.Model):
    """The monthly contributor spotlight; `month` is the first day of the month."""

    month = models.DateField(unique=True)
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="spotlights")
    story = models.TextField(max_length=2000)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Spotlight {self.month:%B %Y}"


class Award(models.Model):
    category = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    winner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="awards")
    citation = models.TextField(max_length=2000)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="award_one_per_category_year")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}"


class CaseStudy(models.Model):
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="case_studies")
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return self.title


class Idea(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PLANNED = "planned", "Planned"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        DUPLICATE = "duplicate", "Duplicate"

    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    status_comment = models.TextField(blank=True, max_length=2000)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="idea_votes")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "member"], name="idea_vote_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.idea_id}"


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox's model with a name and when it was last used).

    Only a digest of the key is stored (`digest`, SHA-512), with its first characters
    (`token_key`) to find the row: the key itself is shown once, to its owner, when it is made,
    and can never be read again, by anyone. Owners make and revoke their tokens on their
    account page (members.services.tokens); operators make one for an integration account with
    `manage.py api_token_create`."""

    name = models.CharField(max_length=100, help_text="What the owner uses it for.")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"
        ordering = ["user_id", "-created"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="one_api_token_name_per_user")
        ]

    def __str__(self) -> str:
        return self.name
