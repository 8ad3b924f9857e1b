from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler

from zib_wagtail.demo import grants, grants_translations, home, home_translations, search

#: In order: the German pages and data first, then their translations.
LOADERS = (home, grants, search, home_translations, grants_translations)


@contextmanager
def search_index_updated_at_the_end():
    """Skip the search index update on every single save while loading (each page is saved
    several times in six languages); `update_index` indexes everything once afterwards."""
    models = [
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


class Command(BaseCommand):
    help = (
        "Load the demo content of the ZIB site (built from the office's public page) in all "
        "content languages. Idempotent: creates only what is missing and never overwrites "
        "editors' changes."
    )

    def handle(self, *args, **options):
        created = []
        call_command("zib_setup_locales", verbosity=0)
        with search_index_updated_at_the_end():
            for loader in LOADERS:
                created.extend(loader.load().created)
        if created:
            for label in created:
                self.stdout.write(f"created {label}")
            call_command("update_index", verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({len(created)} objects)."))
        else:
            self.stdout.write("Demo content is already complete; nothing changed.")
