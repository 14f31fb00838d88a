"""SELECT results as plain Python rows that turn into typed pandas DataFrames."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import XSD, Literal
from rdflib.query import Result

# XSD datatypes -> the pandas dtype of a column holding only them
_DTYPES = {
    **dict.fromkeys(map(str, (XSD.date, XSD.dateTime, XSD.dateTimeStamp)), "datetime64[ns]"),
    **dict.fromkeys(
        map(str, (XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger)), "Int64"
    ),
    **dict.fromkeys(map(str, (XSD.decimal, XSD.double, XSD.float)), "float64"),
    str(XSD.boolean): "boolean",
}


@dataclass
class Rows:
    """The rows of a SELECT query, as plain Python values, convertible to pandas."""

    columns: list[str]
    rows: list[tuple]
    datatypes: list[str | None] = field(default_factory=list)  # per column: the one XSD datatype of its literals

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def df(self):
        """A pandas DataFrame with typed columns: xsd:date -> datetime64, integers -> Int64
        (nullable), decimals and doubles -> float64, booleans -> boolean; IRIs and other
        literals are strings, unbound cells missing values."""
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=self.columns)
        for column, datatype in zip(self.columns, self.datatypes):
            dtype = _DTYPES.get(datatype or "")
            try:
                if dtype == "datetime64[ns]":
                    frame[column] = pd.to_datetime(frame[column], errors="coerce")
                elif dtype:
                    frame[column] = frame[column].astype(dtype)
            except (TypeError, ValueError):  # an ill-typed literal came through as text: keep the column as it is
                pass
        return frame

    @classmethod
    def from_table(cls, table) -> Rows:
        """From a store's `table()`: columns, plain values, datatypes."""
        return cls(list(table.columns), list(table.rows), list(table.datatypes))

    @classmethod
    def from_result(cls, result: Result) -> Rows:
        columns = [str(v) for v in result.vars]
        terms = [tuple(row) for row in result]
        rows = [tuple(_python(term) for term in row) for row in terms]
        return cls(columns, rows, [_column_datatype(row[i] for row in terms) for i in range(len(columns))])


def _column_datatype(terms: Iterable) -> str | None:
    """The datatype every bound cell of a column shares, if they are all typed literals."""
    found = {str(t.datatype) if isinstance(t, Literal) and t.datatype else None for t in terms if t is not None}
    return found.pop() if len(found) == 1 else None


def _python(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)
