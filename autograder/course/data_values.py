"""The hidden tests' values, and data files that hold them.

A hidden test's inputs and expected values leak in a data file as well as in code: a CSV of expected
outputs, a JSON of hidden inputs, a ``.npy`` of both. The secret values are the numbers and strings
written in the hidden tests, and the numbers the reference run printed in graded cells and in the
chapters not released; a value any released text shows openly is no secret, nor is a whole number
(0, 1, 50: in every data set) nor a string shorter than ``MIN_STRING``. A number written in a test
matches only itself (to float32's precision); a printed one matches what rounds to it, when it was
printed with at least ``MIN_DIGITS`` significant digits.

A data file (CSV, TSV, JSON, ``.npy``, a ``.npz``'s arrays, a ``.pyc``'s constants) is reported when
it holds at least ``MIN_MATCHES`` different secret values of one chapter, and, when it is large, they
make up a tenth of its values (a long series of measurements hits a rounded value by chance).
"""
from __future__ import annotations

import ast
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np

NUMBER = r"(?<![\w.])-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])"
MIN_STRING = 12
MIN_DIGITS = 4
MIN_MATCHES = 3
LARGE = 100                # values; past this, secrets must also be a tenth of the file's values
VALUES_LIMIT = 5_000_000   # values read from one file
NPY_MAGIC = b"\x93NUMPY"
JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def numbers_in(text: str) -> list[str]:
    return re.findall(NUMBER, text)


def _significant_digits(text: str) -> int:
    try:
        return len(Decimal(text).as_tuple().digits)
    except InvalidOperation:
        return 0


def _half_unit(text: str) -> float:
    """Half a unit of the last digit written: what rounding to this text allows."""
    return 0.5 * float(Decimal(1).scaleb(Decimal(text).as_tuple().exponent))


def string_literals(source: str) -> set[str]:
    """The string constants of Python source (none when it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    return {" ".join(n.value.split()) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


@dataclass
class SecretValues:
    public_numbers: set[float] = field(default_factory=set)
    public_text: str = ""
    _numbers: dict[float, tuple[float, tuple[str, str]]] = field(default_factory=dict)   # value → (tolerance, owner)
    strings: dict[str, tuple[str, str]] = field(default_factory=dict)
    _sorted: tuple | None = None

    def add_code(self, source: str, owner: tuple[str, str]) -> None:
        """Numbers and strings written in a hidden test (``owner``: chapter, kind)."""
        for text in numbers_in(source):
            value = float(text)
            if value.is_integer() or value in self.public_numbers:
                continue
            self._numbers.setdefault(value, (abs(value) * 1e-6, owner))
        for literal in string_literals(source):
            if len(literal) >= MIN_STRING and literal not in self.public_text:
                self.strings.setdefault(literal, owner)
        self._sorted = None

    def add_printed(self, text: str, owner: tuple[str, str]) -> None:
        """Numbers the reference run printed (rounded: they match what rounds to them)."""
        for number in numbers_in(text):
            value = float(number)
            if value.is_integer() or value in self.public_numbers or _significant_digits(number) < MIN_DIGITS:
                continue
            self._numbers.setdefault(value, (_half_unit(number), owner))
        self._sorted = None

    def _table(self):
        if self._sorted is None:
            keys = sorted(self._numbers)
            self._sorted = (np.array(keys, dtype=float), np.array([self._numbers[k][0] for k in keys]),
                            [self._numbers[k][1] for k in keys])
        return self._sorted

    def matches(self, numbers, strings) -> dict[tuple[str, str], set[str]]:
        """{(chapter, kind): the secret values found} when the rule of the module's docstring holds."""
        values = np.asarray(numbers, dtype=float).ravel()[:VALUES_LIMIT]
        values = values[np.isfinite(values)]
        keys, tolerances, owners = self._table()
        hits: dict[tuple[str, str], set[str]] = {}
        counted: dict[tuple[str, str], int] = {}
        if len(keys) and len(values):
            at = np.searchsorted(keys, values)
            for shift in (-1, 0):
                j = np.clip(at + shift, 0, len(keys) - 1)
                near = np.abs(values - keys[j]) <= tolerances[j]
                for index, count in zip(*np.unique(j[near], return_counts=True)):
                    owner = owners[index]
                    hits.setdefault(owner, set()).add(repr(float(keys[index])))
                    counted[owner] = counted.get(owner, 0) + int(count)
        seen_strings = {" ".join(s.split()) for s in strings}
        for literal in seen_strings & self.strings.keys():
            owner = self.strings[literal]
            hits.setdefault(owner, set()).add(repr(literal))
            counted[owner] = counted.get(owner, 0) + 1
        total = len(values) + len(seen_strings)
        return {owner: found for owner, found in hits.items() if len(found) >= MIN_MATCHES
                and (total <= LARGE or counted[owner] * 10 >= total)}


def _array_values(array: np.ndarray, numbers: list, strings: list) -> None:
    if array.dtype.kind in "biuf":
        numbers.append(array.astype(float, copy=False).ravel()[:VALUES_LIMIT])
    elif array.dtype.kind == "c":
        flat = array.ravel()[:VALUES_LIMIT]
        numbers += [flat.real.astype(float), flat.imag.astype(float)]
    elif array.dtype.kind in "US":
        strings += [str(s) for s in array.ravel()[:VALUES_LIMIT]]


def values(name: str, data: bytes) -> tuple[np.ndarray, list[str]] | None:
    """(numbers, strings) of a data file; None when it is not one this module reads."""
    lower = name.lower()
    numbers: list = []
    strings: list[str] = []
    if lower.endswith(".npz") and data[:2] == b"PK":
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                for key in list(archive.files)[:1000]:
                    _array_values(archive[key], numbers, strings)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile):
            return None
    elif data.startswith(NPY_MAGIC):
        try:
            _array_values(np.load(io.BytesIO(data), allow_pickle=False), numbers, strings)
        except (ValueError, OSError, EOFError):
            return None
    elif lower.endswith(".json"):   # read as tokens: a walk of a parsed 5 MB JSON in Python takes seconds
        text = data.decode("utf-8", errors="replace")
        numbers.append(np.array(re.findall(NUMBER, text)[:VALUES_LIMIT], dtype=float))
        for literal in JSON_STRING.findall(text)[:VALUES_LIMIT]:
            try:
                strings.append(json.loads(literal) if "\\" in literal else literal[1:-1])
            except ValueError:
                continue
    elif lower.endswith((".csv", ".tsv")):
        text = data.decode("utf-8", errors="replace")
        delimiter = "\t" if lower.endswith(".tsv") or text.count("\t") > text.count(",") else ","
        for row in csv.reader(io.StringIO(text.replace("\x00", "")), delimiter=delimiter):
            for cell in row:
                cell = cell.strip()
                try:
                    numbers.append(float(cell))
                except ValueError:
                    if cell:
                        strings.append(cell)
    else:
        return None
    flat = [np.asarray(n, dtype=float).ravel() for n in numbers if isinstance(n, np.ndarray)]
    scalars = np.array([n for n in numbers if not isinstance(n, np.ndarray)], dtype=float)
    return np.concatenate(flat + [scalars]) if flat else scalars, strings
