"""Monitoring through the year: actual sales against the targets and the time schedule (序时进度).

Work point 8 of the notice asks every level to monitor progress towards the targets. The
steps, each a module:

1. :mod:`~agritargets.monitor.reader` — the staff file, read with the population reader's
   steps; :mod:`~agritargets.monitor.headers` (what each column holds),
   :mod:`~agritargets.monitor.series` (month columns monthly or cumulative),
   :mod:`~agritargets.monitor.money` (元/万元/亿元, exactly) and
   :mod:`~agritargets.monitor.periods` (the period and the schedule);
2. :mod:`~agritargets.monitor.targets` — the 2023 printed targets or an ``allocate`` rerun;
3. :mod:`~agritargets.monitor.checks` — coverage, implausible figures, stated growth;
4. :mod:`~agritargets.monitor.compute` — every measure, exactly (columns defined once in
   :mod:`~agritargets.monitor.columns`);
5. :mod:`~agritargets.monitor.outputs` — the files, all or nothing;

:func:`~agritargets.monitor.pipeline.run_monitor` runs 1–4, :mod:`~agritargets.monitor.command`
is ``agritargets monitor`` and :mod:`~agritargets.monitor.template` its import template.
"""

from agritargets.monitor.columns import MonitorResult

__all__ = ["MonitorResult"]
