"""Let Wagtail's „Editors“ and „Moderators“ groups manage promoted search results.

The same way Wagtail grants these groups the document and image permissions. Editors can then
promote pages and see the popular search terms (search/wagtail_hooks.py).
"""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]
CODENAMES = ["add_searchpromotion", "change_searchpromotion", "delete_searchpromotion"]


def permissions(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailsearchpromotions", model="searchpromotion"
    )
    return [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} search promotion"},
        )[0]
        for codename in CODENAMES
    ]


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    granted = permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    revoked = permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*revoked)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0002_initial_data"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
