from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DataVersionConfig(AppConfig):
    name = "dataversion"
    verbose_name = "Data version"

    def ready(self):
        from .triggers import ensure_data_version

        # Schema upkeep, not domain logic (as contenttypes creates its rows after migrate): SQLite drops a
        # table's triggers when a migration rebuilds the table, and a new model's table has none yet, so
        # every migrate (and flush) ends by putting back whatever trigger or row is missing.
        post_migrate.connect(ensure_data_version, sender=self, dispatch_uid="dataversion-ensure")
