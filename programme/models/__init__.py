"""The programme's models, one module per room; Django and the rest of the code import them from here.

- pilots: the pilot roster, its member councils, neighbourhood localities and pooling areas;
- plans: a pilot's community-budget plan (partners, resources, asks, outcomes, milestones) and its published versions;
- returns: the reporting quarters and each pilot's quarterly progress returns;
- summaries: the national picture's stored outcomes and turned-around counts (not returns: nobody submits them);
- the reminders and notices e-mailed live with their sending code in programme/notices/.
"""

from programme.models.pilots import Locality, Membership, Pilot, PoolingArea
from programme.models.plans import (
    Ask,
    AskComment,
    Contribution,
    Department,
    Measure,
    MeasureReading,
    Milestone,
    OutcomeTheme,
    Partner,
    Plan,
    PlanVersion,
    Project,
)
from programme.models.returns import MilestoneUpdate, ProgressReturn, ReportingQuarter, ReturnComment
from programme.models.summaries import CouncilSummaryRow, OutcomeSummary, OutcomeSummaryRow
from programme.notices.models import Notice

__all__ = [
    "Ask",
    "AskComment",
    "Contribution",
    "CouncilSummaryRow",
    "Department",
    "Locality",
    "Measure",
    "MeasureReading",
    "Membership",
    "Milestone",
    "MilestoneUpdate",
    "Notice",
    "OutcomeSummary",
    "OutcomeSummaryRow",
    "OutcomeTheme",
    "Partner",
    "Pilot",
    "Plan",
    "PlanVersion",
    "PoolingArea",
    "ProgressReturn",
    "Project",
    "ReportingQuarter",
    "ReturnComment",
]
