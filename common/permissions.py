"""Who the secretariat is: the one definition every app uses (the review's querysets, the admin,
the services, the import pages)."""


def is_secretariat(user) -> bool:
    """The secretariat edits everything: superusers and users who may change participants."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("review.change_participant")))
