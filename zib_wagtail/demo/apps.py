from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The example site's demo content for the ZIB (built from the office's public page).

    Part of the example site, not of the reusable apps: no app imports it.
    """

    name = "zib_wagtail.demo"
    label = "zib_demo"
    verbose_name = "Demo-Inhalte"
