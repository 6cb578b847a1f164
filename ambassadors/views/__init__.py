"""Pages, one module an area (`ambassadors.views.applications` ...). Every action is a plain
form post that works without JavaScript; a view parses, checks who may, calls one service."""
