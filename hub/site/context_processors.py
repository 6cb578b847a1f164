"""Template context every page needs: the navigation for the visitor's role, from the links
each app registered at `hub.core.extension_points.navigation_links`."""

from django.urls import NoReverseMatch, reverse

from hub.core.extension_points import navigation_links


def _visible(audience: str, *, is_member: bool, is_manager: bool) -> bool:
    return audience == "all" or (audience == "member" and is_member) or is_manager


def navigation(request) -> dict:
    """`nav_links` for everyone's main navigation; `manager_links`, the pages only managers
    have, in a navigation of their own so the main one stays short."""
    user = getattr(request, "user", None)
    is_member = bool(user and user.is_authenticated)
    is_manager = bool(is_member and user.is_manager)
    links = []
    for link in navigation_links.items():
        if not _visible(link.audience, is_member=is_member, is_manager=is_manager):
            continue
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:  # a page that is switched off has no link
            continue
        links.append({"label": link.label, "url": url, "audience": link.audience})
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
    return {
        "nav_links": [link for link in links if link["audience"] != "manager"],
        "manager_links": [link for link in links if link["audience"] == "manager"],
        "is_manager": is_manager,
    }
