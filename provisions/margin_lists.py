"""Writing margin lists the way the group's documents write them: ``3, 5, 11, 16-26, 29, 1/1-1/39``.

The inverse of ``provisions.margins.parse_margin_list``: the Annex summary and the drafting documents
list many margins at once, and a delegate reads them best compressed into ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .margins import parse_margin

# The Annex writes two neighbours as "63, 64" and three or more as a range ("49-51").
SHORTEST_RANGE = 3


def compress_margins(margins: Iterable[str], *, instrument_margins: Sequence[str]) -> str:
    """``margins`` as a list with ranges, in natural order, each margin once.

    A range covers consecutive provisions of the instrument (``instrument_margins``, every margin it
    has, in any order): ``16-26`` only where 16 to 26 are all chosen and no provision lies between
    them that is not (a ``29A`` between 29 and 30 breaks ``28-31`` unless it is chosen too), so that
    reading the list back with ``parse_margin_list`` gives exactly the same provisions. A range never
    runs from the main body into an appendix, nor from one appendix into another. Margins the
    instrument does not have are listed on their own, in order.
    """
    order = sorted({parse_margin(margin) for margin in instrument_margins})
    index = {margin: position for position, margin in enumerate(order)}
    chosen = sorted({parse_margin(margin) for margin in margins})
    items: list[str] = []
    run: list = []

    def close_run():
        if len(run) >= SHORTEST_RANGE:
            items.append(f"{run[0]}-{run[-1]}")
        else:
            items.extend(str(margin) for margin in run)
        run.clear()

    for margin in chosen:
        follows = (
            run
            and margin in index
            and run[-1] in index
            and index[margin] == index[run[-1]] + 1
            and margin.appendix == run[-1].appendix
        )
        if not follows:
            close_run()
        run.append(margin)
    close_run()
    return ", ".join(items)
