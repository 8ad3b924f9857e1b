"""Create a Wagtail Locale for every configured content language.

The admin needs the locales to offer translations even without the demo content. Wagtail's own
migration creates only the default language's locale; this one adds the others from
WAGTAIL_CONTENT_LANGUAGES (de, en, ar, tr, uk, ru in the example site). Existing locales are kept.
"""

from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    for code, _name in languages:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_initial"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
