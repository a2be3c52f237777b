"""The ledger of what load_review_data wrote.

A neutral app, below both ``provisions`` and ``review``: both load rows through ``loading.sync``, and
neither needs the other for it.
"""

from django.db import models


class LoadedRow(models.Model):
    """One row the loader wrote, by model and natural key, with the values it wrote.

    With it the loader tells a row a user deleted (in the ledger, not in its table) from one it never
    loaded, and a row a user changed (its values differ from the ledger's) from one whose record
    changed (the row still equals the ledger, the record does not).
    """

    model = models.CharField(max_length=60, help_text="app_label.model, e.g. review.contribution")
    key = models.CharField(max_length=300, help_text="The row's natural key, e.g. EG-ITRs-3/2.")
    values = models.JSONField(help_text="The values the loader last wrote or found equal to the record.")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One entry per row; also the index behind reading one model's entries (loading.sync).
            models.UniqueConstraint(fields=["model", "key"], name="loaded_row_unique_per_model"),
        ]

    def __str__(self):
        return f"{self.model} {self.key}"
