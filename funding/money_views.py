"""The money steps as GOV.UK "check your answers": sign-off, accept remaining lines, approve, pay, returning a
claim to its council, and rejecting a line already paid (a recovery). Each step first shows what will happen in
pounds; only the confirmation (a POST with `confirm`, or the return's reason) calls funding.actions, and the page
then says what was done. The actions enforce every rule, separation of duties included; these pages only say the
refusal before the user confirms."""

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from councils.access import Refused, show_refusal
from councils.formats import count, long_date, pounds
from councils.lists import table_page
from funding import actions, claimable
from funding.access import get_claim, get_claim_to_review, may_prepare_claims, may_submit
from funding.forms import PayForm, ReturnClaimForm, SubmitClaimForm
from funding.models import Claim, ClaimLine, PaymentType, SpotCheck
from funding.tables import ClaimableTable


@dataclass
class Figures:
    """A claim's lines in pounds, for the confirmation pages."""

    counting: int = 0
    counting_total: int = 0
    accepted: int = 0
    accepted_total: int = 0
    rejected: int = 0
    rejected_total: int = 0
    proposed: int = 0
    proposed_total: int = 0
    held: int = 0  # proposed lines waiting for their spot check
    held_total: int = 0


def figures_of(claim: Claim) -> Figures:
    lines = claim.lines.all()
    pending_check = Q(status=ClaimLine.Status.PROPOSED, spot_check__outcome=SpotCheck.Outcome.PENDING)

    def n_total(condition: Q) -> dict:
        return {"n": Count("pk", filter=condition), "t": Sum("amount", filter=condition, default=0)}

    parts = {
        "counting": Q(status__in=ClaimLine.COUNTING),
        "accepted": Q(status=ClaimLine.Status.ACCEPTED),
        "rejected": Q(status=ClaimLine.Status.REJECTED),
        "proposed": Q(status=ClaimLine.Status.PROPOSED),
        "held": pending_check,
    }
    aggregates = {}
    for name, condition in parts.items():
        spec = n_total(condition)
        aggregates[f"{name}"], aggregates[f"{name}_total"] = spec["n"], spec["t"]
    return Figures(**lines.aggregate(**aggregates))


def _by_payment(lines) -> list[dict]:
    rows = list(lines.values("payment_type").annotate(n=Count("pk"), total=Sum("amount")).order_by("payment_type"))
    for row in rows:
        row["label"] = PaymentType(row["payment_type"]).label
    return rows


def _confirm(request: HttpRequest, claim: Claim, **context) -> HttpResponse:
    return render(request, "funding/confirm.html", {"claim": claim, **context})


def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim(request.user, pk)
    if not may_submit(request.user, claim):
        raise Http404
    form = SubmitClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if "confirm" not in request.POST:
            counting = claim.lines.filter(status__in=ClaimLine.COUNTING)
            return _confirm(
                request,
                claim,
                title="Check the claim before you submit it",
                rows=[
                    ("Council", claim.council.name),
                    ("Results as of", long_date(claim.results_on)),
                    ("Internal audit sign-off", form.cleaned_data["internal_audit"]),
                    ("Troubled families coordinator", form.cleaned_data["coordinator"]),
                ],
                by_payment=_by_payment(counting),
                total=("Total claimed", pounds(figures_of(claim).counting_total)),
                removed=claim.lines.filter(status=ClaimLine.Status.REMOVED).count(),
                hidden=form.cleaned_data,
                button="Confirm and submit the claim",
                refusal=actions.duty_refusal(request.user, claim, "submit"),
            )
        try:
            actions.submit_claim(request.user, claim, **form.cleaned_data)
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            f = figures_of(claim)
            messages.success(
                request, f"Claim #{claim.pk} submitted: {count(f.counting, 'line')}, {pounds(f.counting_total)}"
            )
            return redirect(claim)
    return render(request, "funding/claim_submit.html", {"claim": claim, "form": form})


def claim_accept_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_to_review(request.user, pk)
    if request.method == "POST":
        try:
            accepted = actions.accept_remaining_lines(request.user, claim)
        except Refused as refused:
            show_refusal(request, refused)
        else:
            f = figures_of(claim)
            messages.success(
                request,
                f"{count(accepted, 'line')} accepted. "
                f"Accepted so far: {count(f.accepted, 'line')}, {pounds(f.accepted_total)}",
            )
        return redirect(claim)
    f = figures_of(claim)
    to_accept = claim.lines.filter(status=ClaimLine.Status.PROPOSED).exclude(
        spot_check__outcome=SpotCheck.Outcome.PENDING
    )
    return _confirm(
        request,
        claim,
        title="Accept the remaining lines",
        rows=[
            ("Lines to accept now", f"{f.proposed - f.held} ({pounds(f.proposed_total - f.held_total)})"),
            ("Lines waiting for their spot check", f"{f.held} ({pounds(f.held_total)}): not accepted now"),
            ("Already accepted", f"{f.accepted} ({pounds(f.accepted_total)})"),
            ("Rejected", f"{f.rejected} ({pounds(f.rejected_total)})"),
        ],
        by_payment=_by_payment(to_accept),
        total=("Accepted after this", pounds(f.accepted_total + f.proposed_total - f.held_total)),
        button="Accept these lines",
    )


def claim_approve(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_to_review(request.user, pk)
    if request.method == "POST":
        try:
            actions.approve_claim(request.user, claim)
        except Refused as refused:
            show_refusal(request, refused)
        else:
            f = figures_of(claim)
            messages.success(
                request, f"Claim #{claim.pk} approved: {count(f.accepted, 'line')}, {pounds(f.accepted_total)}"
            )
        return redirect(claim)
    f = figures_of(claim)
    taken = actions.recoveries_to_take(claim, f.accepted_total)
    recovered = sum(r.amount for r in taken)
    return _confirm(
        request,
        claim,
        title="Approve the claim",
        rows=[
            ("Accepted lines", f"{f.accepted} ({pounds(f.accepted_total)})"),
            ("Rejected lines", f"{f.rejected} ({pounds(f.rejected_total)})"),
            ("Lines not decided yet", f"{f.proposed} ({pounds(f.proposed_total)})"),
            ("Recoveries the payment would take", pounds(recovered)),
        ],
        by_payment=_by_payment(claim.lines.filter(status=ClaimLine.Status.ACCEPTED)),
        total=("Payment due once approved", pounds(f.accepted_total - recovered)),
        button="Approve the claim",
        refusal=actions.duty_refusal(request.user, claim, "approve"),
    )


def claim_pay(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_claim_to_review(request.user, pk)
    form = PayForm(request.POST or None)
    f = figures_of(claim)
    taken = actions.recoveries_to_take(claim, f.accepted_total)
    recovered = sum(r.amount for r in taken)
    summary = {"figures": f, "recoveries": taken, "recovered": recovered, "net": f.accepted_total - recovered}
    refusal = actions.duty_refusal(request.user, claim, "pay")
    if request.method == "POST" and form.is_valid():
        if "confirm" not in request.POST:
            return _confirm(
                request,
                claim,
                title="Check the payment before you record it",
                rows=[
                    ("Accepted lines", f"{f.accepted} ({pounds(f.accepted_total)})"),
                    *[
                        (
                            f"Less recovery: {r.line.family.reference}",
                            f"{pounds(r.amount)} ({r.line.get_payment_type_display()})",
                        )
                        for r in taken
                    ],
                    ("Payment reference", form.cleaned_data["reference"]),
                ],
                total=("Net payment to " + claim.council.name, pounds(summary["net"])),
                hidden=form.cleaned_data,
                button="Confirm and record the payment",
                refusal=refusal,
            )
        try:
            claim = actions.pay_claim(request.user, claim, reference=form.cleaned_data["reference"])
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            message = f"Payment of {pounds(claim.amount_paid)} to {claim.council.name} recorded"
            if claim.amount_recovered:
                message += f" ({pounds(claim.amount_recovered)} recovered)"
            messages.success(request, message)
            return redirect(claim)
    return render(request, "funding/claim_pay.html", {"claim": claim, "form": form, "refusal": refusal, **summary})


def claim_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return a claim in review to its council: the page says what happens to each line in pounds and asks why."""
    claim = get_claim_to_review(request.user, pk)
    form = ReturnClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.return_claim(request.user, claim, reason=form.cleaned_data["reason"])
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            f = figures_of(claim)
            messages.success(
                request,
                f"Claim #{claim.pk} returned to {claim.council.name}: {count(f.counting, 'line')}, "
                f"{pounds(f.counting_total)}, back in draft for the council to correct and submit again",
            )
            return redirect(claim)
    f = figures_of(claim)
    checks = claim.spot_checks.aggregate(
        drawn=Count("pk"), waiting=Count("pk", filter=Q(outcome=SpotCheck.Outcome.PENDING))
    )
    if claim.sample_seed is None:
        sample = "Not drawn yet: it is drawn when the claim is reviewed again"
    else:
        sample = (
            f"{count(checks['drawn'], 'line')} drawn, kept as drawn: {checks['drawn'] - checks['waiting']} recorded "
            f"(outcomes kept), {checks['waiting']} to record after the council submits the claim again"
        )
    rows = [
        ("Lines accepted, to be decided again", f"{f.accepted} ({pounds(f.accepted_total)})"),
        ("Lines not decided yet", f"{f.proposed} ({pounds(f.proposed_total)})"),
        ("Lines rejected, which stay rejected", f"{f.rejected} ({pounds(f.rejected_total)})"),
        ("Spot-check sample", sample),
        ("Paid now", pounds(0)),
    ]
    refusal = "" if actions.may_be_returned(claim) else "Only a claim in review can be returned to the council."
    context = {"claim": claim, "form": form, "rows": rows, "refusal": refusal}
    context["total"] = ("Back with the council in draft", f"{count(f.counting, 'line')}, {pounds(f.counting_total)}")
    return render(request, "funding/claim_return.html", context)


def confirm_reject_paid_line(request: HttpRequest, claim: Claim, line: ClaimLine, reason: str) -> HttpResponse:
    """Before a line already paid is rejected: the recovery it raises and where it will be taken from."""
    return _confirm(
        request,
        claim,
        title="Reject a line that has been paid",
        rows=[
            ("Family", line.family.reference),
            ("Payment", f"{line.get_payment_type_display()}, {pounds(line.amount)}"),
            ("Why it is rejected", reason),
            ("Recovery raised", f"{pounds(line.amount)}, taken from {claim.council.name}'s next payment"),
        ],
        hidden={"decision": "reject", "reason": reason},
        button="Reject the line and raise the recovery",
        warning=True,
    )


def claimable_list(request: HttpRequest) -> HttpResponse:
    """The officer's families with results the council can claim now: exactly what the home counted."""
    if not may_prepare_claims(request.user):
        raise Http404
    figure = claimable.current(request.user.council)
    families = {f.pk: f for f in request.user.council.families.filter(pk__in=figure.family_ids)}
    rows: dict[int, dict] = {}
    for family_id, _reference, payment_type, amount in figure.lines:
        if family_id in families:
            row = rows.setdefault(family_id, {"family": families[family_id], "payments": [], "amount": 0})
            row["payments"].append(PaymentType(payment_type).label)
            row["amount"] += amount
    return table_page(
        request,
        queryset=sorted(rows.values(), key=lambda r: r["family"].reference),
        table_class=ClaimableTable,
        filterset_class=None,
        template_name="funding/claimable.html",
        export_name="claimable-now",
        context={"figure": figure},
    )
