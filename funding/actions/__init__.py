"""The claims workflow (funding/actions/review.py for now): `from funding.actions import X` keeps working."""

from funding.actions.review import *  # noqa: F403
from funding.actions.review import _event  # noqa: F401
