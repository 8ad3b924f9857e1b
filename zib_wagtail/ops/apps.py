from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "zib_wagtail.ops"
    label = "zib_ops"
    verbose_name = "Betrieb"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from .login_throttle import on_logged_in, on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="zib_ops_login_failed")
        user_logged_in.connect(on_logged_in, dispatch_uid="zib_ops_logged_in")
