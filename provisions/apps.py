from django.apps import AppConfig


class ProvisionsConfig(AppConfig):
    name = "provisions"
    verbose_name = "ITR provisions"
