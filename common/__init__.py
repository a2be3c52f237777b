"""Infrastructure shared by the apps (provisions, review): admin pages, import forms, permissions."""
