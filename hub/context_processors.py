"""Template context every page needs: the navigation for the visitor's role."""

from django.urls import NoReverseMatch, reverse


def _link(label: str, url_name: str) -> dict | None:
    try:
        return {"label": label, "url": reverse(url_name)}
    except NoReverseMatch:  # an app that is not built yet has no page to link to
        return None


#: (label, url name, who sees it): "all", "member" (logged in) or "manager".
NAVIGATION = [
    ("Home", "home", "all"),
    ("Events", "events:event_list", "all"),
    ("Groups", "events:group_list", "all"),
    ("Members", "members:directory", "all"),
    ("Ideas", "members:idea_list", "all"),
    ("Dashboard", "members:dashboard", "member"),
    ("Admin console", "admin:index", "manager"),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    is_member = bool(user and user.is_authenticated)
    is_manager = bool(is_member and user.is_manager)
    links = []
    for label, url_name, audience in NAVIGATION:
        if audience == "member" and not is_member:
            continue
        if audience == "manager" and not is_manager:
            continue
        link = _link(label, url_name)
        if link is not None:
            links.append(link)
    # The current section is the longest link the path starts with, so /members/dashboard/
    # marks Dashboard, not Members.
    matches = [
        link
        for link in links
        if request.path == link["url"]
        or (link["url"] != "/" and request.path.startswith(link["url"]))
    ]
    current = max(matches, key=lambda link: len(link["url"]), default=None)
    for link in links:
        link["current"] = link is current
    return {"nav_links": links, "is_manager": is_manager}
