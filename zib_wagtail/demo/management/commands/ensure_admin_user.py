import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser 'admin' with a random password if no superuser exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An admin user exists already (forgot the password? "
                f"`.venv/bin/python manage.py changepassword {username}`)."
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username, email="", password=password, first_name="Admin"
        )
        self.stdout.write(
            self.style.SUCCESS(
                "\nAdmin user created (shown only this once):\n"
                f"  URL:      http://127.0.0.1:8000/admin/\n"
                f"  Username: {username}\n"
                f"  Password: {password}\n"
            )
        )
