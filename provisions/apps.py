from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProvisionsConfig(AppConfig):
    name = "provisions"
    verbose_name = _("ITR provisions")

    def ready(self):
        from .search import register_sqlite_functions

        # Database plumbing, not domain logic: SQLite needs Unicode case folding for text search.
        connection_created.connect(register_sqlite_functions, dispatch_uid="provisions-sqlite-functions")
