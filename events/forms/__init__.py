"""Forms of the events app, one module an area (`events.forms.organizers`)."""
