"""Every number a report prints, gathered in one place from the recorded data.

The sections never compute anything themselves. The economy, the community indicators,
the SROI, the score changes and the metrics against their targets come from the
evaluation selectors (`evaluation.selectors`), the same functions the dashboards and
`economy_summary` use, so the PDF shows the same numbers. A report period is run
through them one calendar year at a time (their unit) and the years are added up.
A village report uses the figures of the association's village.

Privacy: programme and village reports show no names and no group under
`MIN_GROUP` people (domain brief §7); such counts print as "< 5". Every table of counts
and the months are suppressed complementarily (`evaluation.suppression`): a cell hidden
only so that the total minus the shown cells gives no small group back prints "–". A
village report is empty when the programme's village table hides its village, or when
its association is a small part of the village (the village's figures minus the
association's would give the rest); it has no months (a village's months against the
programme's months would give the other villages' small months back).
"""

from evaluation.reports.figures.collect import collect
from evaluation.reports.figures.data import MIN_GROUP, ReportData, Scope
from evaluation.reports.figures.metrics import hide_metrics

__all__ = ["MIN_GROUP", "ReportData", "Scope", "collect", "hide_metrics"]
