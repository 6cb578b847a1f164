"""Posting the admin's change forms as a browser would: every field with its current value, then
the changes a test makes."""

from django.forms import BaseForm


def _form_values(form: BaseForm) -> dict:
    values = {}
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        if value is None or value is False:
            continue  # an unticked box or an empty value is not sent
        if value is True:
            value = "on"
        values[bound.html_name] = value
    return values


def change_form_data(response, **changes) -> dict:
    """The POST data of the admin change page `response` rendered, with `changes` applied
    (keys are the fields' HTML names, such as "profile-0-headline")."""
    context = response.context
    data = _form_values(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_values(formset.management_form))
        for form in formset.forms:
            data.update(_form_values(form))
    data.update(changes)
    return data
