from wagtail.permission_policies import ModelPermissionPolicy


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come only from the public form: nobody adds or copies them in the admin.

    Viewing needs `view_grantapplication`, status changes `change_grantapplication`
    (group "Zuschüsse-Sachbearbeitung"); deleting is left to superusers and the retention purge.
    """

    def user_has_permission(self, user, action):
        if action in {"add", "copy"}:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
