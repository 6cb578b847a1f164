"""Forms of the members app, one module an area (`members.forms.profiles`)."""
