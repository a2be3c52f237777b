"""Template filters for review.marks: ``{{ provision|unverified_mark }}``, ``{{ provision|shown_subject }}``,
``{{ text|symbols_kept_whole }}``, ``{{ stance|stance_words }}``, ``{{ text|text_direction }}``."""

from django import template

from .. import marks

register = template.Library()
register.filter("unverified_mark", marks.unverified_mark)
register.filter("shown_subject", marks.shown_subject)
register.filter("symbols_kept_whole", marks.symbols_kept_whole)
register.filter("stance_words", marks.stance_words)
register.filter("text_direction", marks.text_direction)
