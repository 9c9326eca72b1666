"""What funding announces for the apps that stand on it (programme's notices e-mail the people concerned), so that
funding itself depends on none of them. Receivers run in the sender's transaction."""

from django.dispatch import Signal

line_decided = Signal()  # a claim line accepted or rejected: sent with line=
claim_returned = Signal()  # a claim in review returned to its council (a draft again): sent with claim=
