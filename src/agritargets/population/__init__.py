"""Read a population file the way staff actually have it, or say exactly what is wrong.

The reader is a pipeline of named steps, each a module testable on its own:

1. :mod:`~agritargets.population.decode` / :mod:`~agritargets.population.workbook` — bytes to rows
   (content decides the format; hidden sheets are never read unasked);
2. + 3. :mod:`~agritargets.population.table` — find the header, map the columns;
4. :mod:`~agritargets.population.units` — 万人 or 人, from the header, a 单位 line or the values;
5. :mod:`~agritargets.population.rows` and :mod:`~agritargets.population.plausibility` — validate
   every row, and every county against the 2020 census;
6. :mod:`~agritargets.population.crosscheck` — stated totals and subtotals against the county rows;

then :mod:`~agritargets.population.denominator` chooses P, and
:func:`~agritargets.population.prepare.validated_allocation` applies the rule and
keeps the record of what was used (:mod:`~agritargets.population.record`).
"""

from agritargets.population.reader import TABLE_COLUMNS, PopulationInput, read_population

__all__ = ["TABLE_COLUMNS", "PopulationInput", "read_population"]
