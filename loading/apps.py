from django.apps import AppConfig


class LoadingConfig(AppConfig):
    name = "loading"
    verbose_name = "Loading the record"
