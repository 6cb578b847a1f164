"""Every form of the admin console checks text like the site's forms do (hub.core.validation):
the model forms the admin generates for a ModelAdmin or an inline without a form of its own get
`CleanTextFormMixin` here, once every app has registered its admin classes."""

from django.contrib import admin

from hub.core.validation import form_class_guarded


def admin_forms_guard(site: admin.AdminSite = admin.site) -> None:
    for model_admin in site._registry.values():
        model_admin.form = form_class_guarded(model_admin.form)
        for inline in model_admin.inlines:
            inline.form = form_class_guarded(inline.form)
