from wagtail.admin.forms import WagtailAdminPageForm


class ProjectPageForm(WagtailAdminPageForm):
    """Offer only the district, topics and partners of the page's own language."""

    LOCALIZED_CHOICES = ("district", "topics", "partners")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if locale_id is None:
            return
        for name in self.LOCALIZED_CHOICES:
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(locale_id=locale_id)
