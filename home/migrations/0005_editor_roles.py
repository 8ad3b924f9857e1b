"""The editorial roles and the moderation workflow "Redaktion → Freigabe" (docs/redaktion.md).

Roles (Django groups), least privilege:

- "Redaktion": create and edit pages (add/change/lock on the whole tree, no publish), add/change/
  choose images and documents, add/change partner, topic and district snippets, the office's
  contact data (OfficeSettings), promoted search results. Pages go live only through the
  workflow. (Wagtail has no separate delete permission for images and documents: who may
  change one may delete it.)
- "Freigabe": everything "Redaktion" may, plus publish and unlock pages and delete snippets;
  the group that approves in the workflow.
- "Zuschüsse-Sachbearbeitung": the grant applications and funding rounds only (grants
  migration 0002); no page, image or document permission.
- "Übersetzung": wagtail-localize's `submit_translation`, change (not add, not publish) pages and
  change the translatable snippets. Wagtail cannot scope page permissions by language, so a
  translation, like every page change, goes live only after "Freigabe" approved it.

"Redaktion" and "Zuschüsse-Sachbearbeitung" come from grants migration 0002; this migration sets
every role's permissions to exactly the sets above (re-running it changes nothing). The
workflow replaces Wagtail's default "Moderators approval" on the root page, which is deactivated.
"""

from django.db import migrations

REDAKTION = "Redaktion"
FREIGABE = "Freigabe"
SACHBEARBEITUNG = "Zuschüsse-Sachbearbeitung"
UEBERSETZUNG = "Übersetzung"
WORKFLOW_NAME = "Redaktion → Freigabe"
TASK_NAME = "Freigabe"
DEFAULT_WORKFLOW_NAME = "Moderators approval"

# (app_label, model, codename) of the model-wide permissions.
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
SNIPPETS = [("home", "partner"), ("projects", "topic"), ("projects", "district")]

REDAKTION_GLOBAL = [
    ACCESS_ADMIN,
    *[(app, model, f"{action}_{model}") for app, model in SNIPPETS for action in ("add", "change")],
    ("home", "officesettings", "change_officesettings"),
    *[
        ("wagtailsearchpromotions", "searchpromotion", f"{action}_searchpromotion")
        for action in ("add", "change", "delete")
    ],
]
FREIGABE_GLOBAL = REDAKTION_GLOBAL + [(app, model, f"delete_{model}") for app, model in SNIPPETS]
UEBERSETZUNG_GLOBAL = [
    ACCESS_ADMIN,
    ("wagtail_localize", "translation", "submit_translation"),
    *[(app, model, f"change_{model}") for app, model in SNIPPETS],
]
SACHBEARBEITUNG_GLOBAL = [
    ACCESS_ADMIN,
    ("grants", "grantapplication", "view_grantapplication"),
    ("grants", "grantapplication", "change_grantapplication"),
    ("grants", "fundinground", "view_fundinground"),
    ("grants", "fundinground", "add_fundinground"),
    ("grants", "fundinground", "change_fundinground"),
]

# Page permissions on the root page (so: on every language's tree).
PAGE_PERMISSIONS = {
    REDAKTION: ["add_page", "change_page", "lock_page"],
    FREIGABE: ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
    UEBERSETZUNG: ["change_page"],
    SACHBEARBEITUNG: [],
}

# Image and document permissions on the root collection.
MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]
COLLECTION_PERMISSIONS = {
    REDAKTION: [(app, model, f"{a}_{model}") for app, model in MEDIA for a in ("add", "change", "choose")],
    FREIGABE: [(app, model, f"{a}_{model}") for app, model in MEDIA for a in ("add", "change", "choose")],
    UEBERSETZUNG: [],
    SACHBEARBEITUNG: [],
}

GLOBAL_PERMISSIONS = {
    REDAKTION: REDAKTION_GLOBAL,
    FREIGABE: FREIGABE_GLOBAL,
    UEBERSETZUNG: UEBERSETZUNG_GLOBAL,
    SACHBEARBEITUNG: SACHBEARBEITUNG_GLOBAL,
}


def get_permission(apps, app_label, model, codename):
    """The permission, created if Django's post_migrate has not created it yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def set_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, permissions in GLOBAL_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([get_permission(apps, *key) for key in permissions])

        wanted_pages = [get_permission(apps, "wagtailcore", "page", c) for c in PAGE_PERMISSIONS[name]]
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root_page, permission__in=wanted_pages
        ).delete()
        if root_page is not None:
            for permission in wanted_pages:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )

        wanted_media = [get_permission(apps, *key) for key in COLLECTION_PERMISSIONS[name]]
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission__in=wanted_media
        ).delete()
        if root_collection is not None:
            for permission in wanted_media:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def unset_roles(apps, schema_editor):
    """Back to grants migration 0002: drop the new groups; "Redaktion" loses what was added."""
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[FREIGABE, UEBERSETZUNG]).delete()
    redaktion = Group.objects.filter(name=REDAKTION).first()
    if redaktion is not None:
        redaktion.permissions.set([get_permission(apps, *ACCESS_ADMIN)])


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([Group.objects.get(name=FREIGABE)])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root_page = Page.objects.filter(depth=1).first()
    if root_page is None:
        return
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    # Wagtail's default workflow ("Moderators approval") is no longer assigned anywhere.
    Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME, workflow_pages__isnull=True).update(
        active=False
    )


def remove_workflow(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    default = Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME).first()
    root_page = Page.objects.filter(depth=1).first()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name=TASK_NAME).delete()
    if default is not None:
        default.active = True
        default.save()
        if root_page is not None:
            WorkflowPage.objects.get_or_create(page=root_page, defaults={"workflow": default})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_officesettings_easy_language_page"),
        ("projects", "0001_initial"),
        ("grants", "0003_funding_round_budget_optional"),
        ("search", "0001_promotion_permissions_for_editors"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RunPython(set_roles, unset_roles),
        migrations.RunPython(create_workflow, remove_workflow),
    ]
