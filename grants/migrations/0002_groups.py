"""Create the groups "Zuschüsse-Sachbearbeitung" and "Redaktion" with their permissions.

Sachbearbeitung: admin access, view/change applications, view/add/change funding rounds.
Redaktion: admin access, add/change/lock pages from the root, add/choose/change images and
documents in the root collection; nothing of the grants app.
Idempotent: re-running (or existing groups) only adds what is missing.
"""

from django.db import migrations

SACHBEARBEITUNG = "Zuschüsse-Sachbearbeitung"
REDAKTION = "Redaktion"


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")

    clerks, _ = Group.objects.get_or_create(name=SACHBEARBEITUNG)
    clerks.permissions.add(
        access_admin,
        permission(apps, "grants", "grantapplication", "view_grantapplication", "Can view Antrag"),
        permission(apps, "grants", "grantapplication", "change_grantapplication", "Can change Antrag"),
        permission(apps, "grants", "fundinground", "view_fundinground", "Can view Antragsrunde"),
        permission(apps, "grants", "fundinground", "add_fundinground", "Can add Antragsrunde"),
        permission(apps, "grants", "fundinground", "change_fundinground", "Can change Antragsrunde"),
    )

    editors, _ = Group.objects.get_or_create(name=REDAKTION)
    editors.permissions.add(access_admin)
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename, name in [
            ("add_page", "Can add page"),
            ("change_page", "Can change page"),
            ("lock_page", "Can lock page"),
        ]:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root_page,
                permission=permission(apps, "wagtailcore", "page", codename, name),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]:
            for action in ("add", "choose", "change"):
                GroupCollectionPermission.objects.get_or_create(
                    group=editors,
                    collection=root_collection,
                    permission=permission(
                        apps, app_label, model, f"{action}_{model}", f"Can {action} {model}"
                    ),
                )


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[SACHBEARBEITUNG, REDAKTION]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
