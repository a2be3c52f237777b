import getpass
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from review.accounts import DelegateError, delegate_add


class Command(BaseCommand):
    help = (
        "Create a delegate account (or take an existing user) and link it to participants. "
        "The password of a new user comes from DELEGATE_PASSWORD or a prompt, never the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--participant",
            action="append",
            required=True,
            metavar="NAME",
            help="A participant's name, slug or alias, in any case (as the imports accept them); repeatable.",
        )
        parser.add_argument("--email", default="")

    def handle(self, *args, username, participant, email, **options):
        password = None
        if not get_user_model().objects.filter(username=username).exists():
            password = os.environ.get("DELEGATE_PASSWORD") or self.prompt_password()
        try:
            user, created = delegate_add(username=username, participants=participant, password=password, email=email)
        except DelegateError as error:
            raise CommandError(str(error)) from error
        names = ", ".join(str(item) for item in user.participants.order_by("name"))
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} delegate {user.username}, acting for: {names}."))

    def prompt_password(self) -> str:
        if not os.isatty(0):
            raise CommandError("Set DELEGATE_PASSWORD or run the command in a terminal to be asked for the password.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match; nothing was changed.")
        return password
