"""Reads an .xlsx workbook with openpyxl and prints, as JSON, what a spreadsheet user gets: per
sheet, the frozen panes, the autofilter range and every cell's type and value.

    python xlsx_read.py WORKBOOK.xlsx

Types are openpyxl's: s (text), n (number), b (boolean), f (formula), and null for an empty cell.
"""

import json
import re
import sys

import openpyxl

# ECMA-376 writes control characters in text as _xHHHH_ (a carriage return is _x000D_). Excel and
# LibreOffice decode them; openpyxl leaves them as they are, so they are decoded here.
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def value(cell):
    if isinstance(cell.value, str):
        return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), cell.value)
    return cell.value


def main(path):
    workbook = openpyxl.load_workbook(path, data_only=False)
    sheets = {}
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows():
            rows.append([None if c.value is None else {"t": c.data_type, "v": value(c)} for c in row])
        sheets[sheet.title] = {"frozen": sheet.freeze_panes, "filter": sheet.auto_filter.ref, "rows": rows}
    print(json.dumps({"sheets": [ws.title for ws in workbook.worksheets], "content": sheets}))


if __name__ == "__main__":
    main(sys.argv[1])
