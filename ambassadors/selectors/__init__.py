"""Reads, one module an area (`ambassadors.selectors.applications`, `.terms`, `.programme`,
`.attribution`, `.referrals` ...). `ambassadors_current` is also importable from here: it is
what other apps ask ("who is an ambassador now").

The signatures other apps import (the metrics app's dashboard, report and surveys) are stable:

- `ambassadors_current(*, now: datetime) -> QuerySet[User]`
- `ambassadors.selectors.terms.ambassadors_in_month(*, month: date) -> QuerySet[User]`
- `ambassadors.selectors.programme.ambassador_month_metrics(*, month: date)`
  `-> AmbassadorMonthMetrics` and `ambassador_month_metrics_range(*, first, last)`
- `ambassadors.selectors.programme.ambassador_month_rows(*, month: date) -> QuerySet[User]`
- `ambassadors.selectors.attribution.signups_by_source(*, first: date, last: date)`
  `-> list[SignupSourceRow]`, `signups_by_source_totals(rows, *, first, last)`
- `ambassadors.selectors.attribution.referred_retention(*, first: date, last: date, now)`
  `-> dict[str, GroupRetention]`
"""

from ambassadors.selectors.terms import ambassadors_current

__all__ = ["ambassadors_current"]
