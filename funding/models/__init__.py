"""The funding app's models, one module per idea; every model is importable from here (`from funding.models
import Claim`), as Django and the rest of the code expect."""

from funding.models.claims import *  # noqa: F403
