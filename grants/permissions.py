from wagtail.permission_policies import ModelPermissionPolicy

#: The actions of the office's staff on applications; each sees every application.
STAFF_ACTIONS = {"view", "change", "delete"}
#: Reviewers: `review_grantapplication`, only the applications assigned to them.
REVIEW = "review"


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come only from the public form: nobody adds or copies them in the admin.

    Viewing needs `view_grantapplication`, status changes `change_grantapplication`
    (group "Zuschüsse-Sachbearbeitung"); deleting `delete_grantapplication` (group
    "Zuschüsse-Leitung"), and only as the second person of a deletion request
    (grants.privacy), besides the retention purge.
    Reviewing needs `review_grantapplication` (group "Zuschüsse-Begutachtung") and reaches only
    the applications assigned to the reviewer that they have not withdrawn from; a reviewer
    has no "view": exports, downloads of other applications and status changes stay closed.
    """

    def user_has_permission(self, user, action):
        if action in {"add", "copy"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        """Staff: every application; a reviewer: their assigned ones (for REVIEW)."""
        if self.user_has_any_permission(user, STAFF_ACTIONS & set(actions)):
            return self.model._default_manager.all()
        if REVIEW in actions and self.user_has_permission(user, REVIEW):
            from .reviews import assigned_to

            return assigned_to(user)
        return self.model._default_manager.none()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def is_reviewer_only(self, user):
        """A reviewer without any of the staff's rights."""
        return self.user_has_permission(user, REVIEW) and not self.user_has_any_permission(
            user, STAFF_ACTIONS
        )


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only `view_<model>`: the rows are written by the grants code, never in the admin (the
    access log, grants.models.AccessLog)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


class DeletionRequestPolicy(ReadOnlyPolicy):
    """The deletion requests, read-only, for whoever may ask for or confirm a deletion."""

    def user_has_permission(self, user, action):
        from wagtail.permissions import policy_registry

        from .models import GrantApplication

        applications = policy_registry.get_by_type(GrantApplication)
        return action == "view" and applications.user_has_any_permission(user, ["change", "delete"])
