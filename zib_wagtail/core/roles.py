"""The editorial roles and the moderation workflow „Redaktion → Freigabe“ (docs/redaktion.md).

Site policy, applied by `manage.py zib_setup_roles` (the example site's `make run` calls it),
never by the apps' migrations: another site installing the apps keeps its own groups and
workflows until it runs the command. Running it again changes nothing.

Roles (Django groups), least privilege: nothing an editor does reaches the public site without
„Freigabe“.

- „Redaktion“: create and edit pages (add/change/lock on the whole tree, no publish); upload and
  choose images and documents, edit and delete only their own uploads; add/change partner, topic
  and district snippets, the office's contact data (OfficeSettings), promoted search results.
  Pages go live only through the workflow.
- „Freigabe“: everything „Redaktion“ may, plus publish and unlock pages, edit and delete every
  image and document, delete snippets; the group that approves in the workflow.
- „Zuschüsse-Sachbearbeitung“: the grant applications and funding rounds only (and the
  templates of the decision letters); no page, image or document permission.
- „Zuschüsse-Leitung“: the office lead: everything of „Zuschüsse-Sachbearbeitung“, plus the
  second signature of a deletion (`delete_grantapplication`: confirm a deletion another person
  asked for, anonymise) and the access log of the applications (`view_accesslog`).
- „Zuschüsse-Begutachtung“: reviewers; the grants permission `review_grantapplication` only,
  which shows them the applications a clerk assigned to them (grants.permissions): no export,
  no status change, nothing else of the admin.
- „Übersetzung“: wagtail-localize's `submit_translation`, change (not add, not publish) pages and
  change the translatable snippets.

Deleting and moving pages. Wagtail 8 has no page permission of its own for either (its page
permission types are add, bulk_delete, change, lock, publish, unlock; Django's `delete_page` is
never consulted); `PagePermissionTester` derives them:

- delete: with „change“, a page without subpages (without „bulk_delete“) that is not live, and
  with „publish“ also a live one;
- move: as delete, whatever the subpages, to a parent where the user may add, and, when the
  page or a subpage is live, publish.

So „Redaktion“ (and „Übersetzung“, for delete) may delete and „Redaktion“ move only pages that
are not online; deleting and moving live pages is the decision of „Freigabe“. Nobody but
administrators gets „bulk_delete“: a page with subpages (a whole section) is deleted only by
them. Images and documents: Wagtail's delete right is the change right, and an add right
includes change for one's own uploads; as changing or deleting an image that a live page shows
changes that page at once, only „Freigabe“ gets change.

Permissions of apps that are not installed are left out. Wagtail's „Editors“ and „Moderators“
groups may manage promoted search results. The workflow replaces Wagtail's default
„Moderators approval“ on the root page, which is deactivated.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

REDAKTION = "Redaktion"
FREIGABE = "Freigabe"
SACHBEARBEITUNG = "Zuschüsse-Sachbearbeitung"
LEITUNG = "Zuschüsse-Leitung"
BEGUTACHTUNG = "Zuschüsse-Begutachtung"
UEBERSETZUNG = "Übersetzung"
WORKFLOW_NAME = "Redaktion → Freigabe"
TASK_NAME = "Freigabe"
DEFAULT_WORKFLOW_NAME = "Moderators approval"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")
SNIPPETS = [("zib_core", "partner"), ("zib_core", "topic"), ("zib_core", "district")]
PROMOTIONS = [
    ("wagtailsearchpromotions", "searchpromotion", f"{action}_searchpromotion")
    for action in ("add", "change", "delete")
]

REDAKTION_GLOBAL = [
    ACCESS_ADMIN,
    *[(app, model, f"{action}_{model}") for app, model in SNIPPETS for action in ("add", "change")],
    ("zib_core", "officesettings", "change_officesettings"),
    *PROMOTIONS,
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
    ("grants", "decisionlettertemplate", "view_decisionlettertemplate"),
    ("grants", "decisionlettertemplate", "add_decisionlettertemplate"),
    ("grants", "decisionlettertemplate", "change_decisionlettertemplate"),
]
LEITUNG_GLOBAL = SACHBEARBEITUNG_GLOBAL + [
    ("grants", "grantapplication", "delete_grantapplication"),
    ("grants", "accesslog", "view_accesslog"),
]
BEGUTACHTUNG_GLOBAL = [
    ACCESS_ADMIN,
    ("grants", "grantapplication", "review_grantapplication"),
]

#: The roles of the grants app, left out where it is not installed.
GRANTS_ROLES = {SACHBEARBEITUNG, LEITUNG, BEGUTACHTUNG}

GLOBAL_PERMISSIONS = {
    REDAKTION: REDAKTION_GLOBAL,
    FREIGABE: FREIGABE_GLOBAL,
    UEBERSETZUNG: UEBERSETZUNG_GLOBAL,
    SACHBEARBEITUNG: SACHBEARBEITUNG_GLOBAL,
    LEITUNG: LEITUNG_GLOBAL,
    BEGUTACHTUNG: BEGUTACHTUNG_GLOBAL,
}
#: Page permissions on the root page (so: on every language's tree). Deliberately no
#: „bulk_delete_page“ (deleting a page with its subpages) for any role.
PAGE_PERMISSIONS = {
    REDAKTION: ["add_page", "change_page", "lock_page"],
    FREIGABE: ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
    UEBERSETZUNG: ["change_page"],
    SACHBEARBEITUNG: [],
    LEITUNG: [],
    BEGUTACHTUNG: [],
}
MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]


def _media_rights(*actions):
    return [(app, model, f"{a}_{model}") for app, model in MEDIA for a in actions]


#: Image and document permissions on the root collection. „add“ lets Wagtail's ownership rule
#: give edit and delete of one's own uploads; „change“ (which includes delete) those of others.
COLLECTION_PERMISSIONS = {
    REDAKTION: _media_rights("add", "choose"),
    FREIGABE: _media_rights("add", "change", "choose"),
    UEBERSETZUNG: [],
    SACHBEARBEITUNG: [],
    LEITUNG: [],
    BEGUTACHTUNG: [],
}
#: Wagtail's own groups (from its migrations) that get further rights.
WAGTAIL_GROUP_PERMISSIONS = {"Editors": PROMOTIONS, "Moderators": PROMOTIONS}


def _permission(app_label, model, codename):
    """The permission, or None where its app is not installed."""
    if app_label not in apps.app_configs:
        return None
    content_type = ContentType.objects.get_for_model(apps.get_model(app_label, model))
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def _permissions(keys):
    return [p for p in (_permission(*key) for key in keys) if p is not None]


def _set_roles():
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, keys in GLOBAL_PERMISSIONS.items():
        if name in GRANTS_ROLES and "grants" not in apps.app_configs:
            continue
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(keys))

        wanted_pages = _permissions([("wagtailcore", "page", c) for c in PAGE_PERMISSIONS[name]])
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root_page, permission__in=wanted_pages
        ).delete()
        for permission in wanted_pages:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )

        wanted_media = _permissions(COLLECTION_PERMISSIONS[name])
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission__in=wanted_media
        ).delete()
        for permission in wanted_media:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    for name, keys in WAGTAIL_GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(keys))


def _set_workflow():
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.set([Group.objects.get(name=FREIGABE)])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    # Wagtail's default workflow („Moderators approval“) is no longer assigned anywhere.
    Workflow.objects.filter(name=DEFAULT_WORKFLOW_NAME, workflow_pages__isnull=True).update(
        active=False
    )


@transaction.atomic
def setup_roles():
    """Create or update the groups, their permissions and the workflow (idempotent)."""
    _set_roles()
    _set_workflow()
