"""The claims workflow: the only way a claim or a claim line changes state.

Each function takes the acting user, checks that this user may act (funding/access.py, refusing with
councils.access.Refused), runs in one transaction, locks the rows money depends on, and writes the claim's
timeline (ClaimEvent).

    draft      an officer prepares it from the claimable lines on a date; lines can be removed with a reason
               (claims.py)
    submitted  an approver of the council, not the preparer, signs it off (internal audit and coordinator);
               outside a claim window it waits for the next window (claims.py); central staff may return it
               to the council, a draft again, to correct and submit again (review.py)
    approved   central staff accept or reject every line and finish the spot checks (review.py), then approve
               (money.py)
    paid       central staff record the payment, less any recoveries the council owes (money.py)

Money cannot go wrong: preparing and submitting lock the council and its families and check the caps and the
funded number again under those locks (claims.py); the database's constraints are the last line.
"""

from funding.actions.claims import discard_draft, prepare_claim, remove_line, submit_claim
from funding.actions.money import approve_claim, duty_refusal, pay_claim, recoveries_to_take
from funding.actions.review import (
    DEFAULT_SAMPLE_RATE,
    MAX_SAMPLE_WEIGHT,
    RETURNED,
    accept_remaining_lines,
    choose_sample,
    close_window,
    decide_line,
    draw_sample,
    may_be_returned,
    open_window,
    record_check,
    return_claim,
    sample_weight,
)

__all__ = [
    "DEFAULT_SAMPLE_RATE",
    "MAX_SAMPLE_WEIGHT",
    "RETURNED",
    "accept_remaining_lines",
    "approve_claim",
    "choose_sample",
    "close_window",
    "decide_line",
    "discard_draft",
    "draw_sample",
    "duty_refusal",
    "may_be_returned",
    "open_window",
    "pay_claim",
    "prepare_claim",
    "record_check",
    "recoveries_to_take",
    "remove_line",
    "return_claim",
    "sample_weight",
    "submit_claim",
]
