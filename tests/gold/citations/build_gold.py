"""Build the hand-checked citation gold files (tests/gold/citations/<seed stem>.jsonl).

Every row below was written by a human reading the seed line by line; this script only
(1) locates each listed raw string in the normalized text, in reading order, to get start/end,
(2) checks text[start:end] == raw, that the start/end sit on token boundaries, that the date
    text is really near the number, that issue_date agrees with date_raw, and
(3) as a *check for misses only*, lists every number-slash-like token in the text that no
    gold row covers, so a human can confirm each one is not a citation.
Nothing in the gold rows is produced by a regex.

Run from /work/main:  .venv/bin/python tests/gold/citations/build_gold.py
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from extractors.normalize import normalize_text  # noqa: E402

SEEDS = Path("/work/shared/seeds")
OUT = Path(__file__).resolve().parent

SELF, CITED = "self", "cited"


def C(
    raw,
    kind,
    date_raw,
    issue_date,
    *,
    number=None,
    role=CITED,
    valid=True,
    repaired=False,
    note=None,
    before=False,
    window=None,
):
    """One gold row. number defaults to raw with all whitespace removed (NFC).
    before=True: the date text precedes the number ("Ngày dd/mm/yyyy, ... ban hành ...")."""
    if number is None:
        number = unicodedata.normalize("NFC", re.sub(r"\s+", "", raw))
    row = {
        "raw": raw,
        "number": number,
        "doc_kind": kind,
        "issue_date": issue_date,
        "date_raw": date_raw,
        "role": role,
        "valid_format": valid,
        "repaired": repaired,
    }
    if note:
        row["note"] = note
    row["_before"] = before
    row["_window"] = window
    return row


NL = "\n\n"  # the seeds put an empty line between every printed line

GOLD: dict[str, list[dict]] = {}

# ---------------------------------------------------------------- 000 (Sở Y tế Lai Châu, BC 6 tháng 2021)
GOLD["000_37cec8ec2d1626d1"] = [
    C(
        "222/SNV-XDCQ",
        "Văn bản",
        "22/02/202",
        None,
        note="line 7: 'văn bản số'; date year truncated in the source ('22/02/202') -> issue_date null",
    ),
    C(
        "2919/KH-UBND",
        "Kế hoạch",
        "14/12/2020",
        "2020-12-14",
        note="line 33: kind word lower-case 'kế hoạch'",
    ),
    C("280/KH-UBND", "Kế hoạch", "02/02/2021", "2021-02-02", note="line 35: date on the next printed line"),
    C(
        "539/KH-UBND",
        "Kế hoạch",
        "09/03/2021",
        "2021-03-09",
        note="line 39: kind word split across lines 'kế \\n\\nhoạch số'",
    ),
    C(
        "121/KH-" + NL + "SYT",
        "Kế hoạch",
        "29/9/2020",
        "2020-09-29",
        note="lines 43-45: symbol broken across a line break after 'KH-'; date after a comma",
    ),
    C(
        "2351/QĐ-SYT",
        "Quyết định",
        "30/12/2020",
        "2020-12-30",
        note="line 47: kind word split 'Quyết \\n\\nđịnh số'; date after a comma",
    ),
    C(
        "2362/QĐBCĐ-SYT",
        "Quyết định",
        "31/12/2020",
        "2020-12-31",
        note="line 51: compound type code QĐBCĐ (decision of the Ban chỉ đạo), no hyphen inside; kept as written",
    ),
    C("06/KH-SYT", "Kế hoạch", "12/01/2021", "2021-01-12", note="line 59: number starts the printed line"),
    C("02/NQ-CP", "Nghị quyết", "01/01/2021", "2021-01-01", note="line 61: number starts the printed line"),
    C("23/KH-SYT", "Kế hoạch", "02/02/2021", "2021-02-02"),
    C("24/KH-SYT", "Kế hoạch", "03/02/2021", "2021-02-03"),
    C(
        "24/KH-SYT",
        "Kế hoạch",
        "03/02/2021",
        "2021-02-03",
        before=True,
        note="line 104-106: repeat; date precedes: 'Ngày 03/02/2021 sở Y tế ban hành Kế hoạch số 24/KH-SYT'",
    ),
]

# ---------------------------------------------------------------- 001 (Sở Y tế Sơn La, BC quý I 2023)
QD, KH, ND, TT, CV = "Quyết định", "Kế hoạch", "Nghị định", "Thông tư", "Công văn"
GOLD["001_d76b854a65e5ff62"] = [
    C("2697/QĐ-UBND", QD, "23/12/2022", "2022-12-23"),
    C("2697/QĐ-UBND", QD, "23/12/2022", "2022-12-23"),
    C("2697/QĐ-UBND", QD, "23/12/2022", "2022-12-23", note="line 33-35: 'Quyết định số' ends line 33"),
    C("2697/QĐ-UBND", QD, "23/12/2022", "2022-12-23"),
    C("04/KH-SYT", KH, "06/01/2023", "2023-01-06"),
    C("56/KH-SYT", KH, "21/02/2023", "2023-02-21"),
    C("07/KH-SYT", KH, "10/01/2023", "2023-01-10"),
    C("25/KH-SYT", KH, "29/01/2023", "2023-01-29"),
    C("24/KH-" + NL + "SYT", KH, "29/01/2023", "2023-01-29", note="lines 63-65: symbol broken after 'KH-'"),
    C("23/KH-SYT", KH, None, None, note="line 67: no date given"),
    C("26/KH-SYT", KH, "30/01/2023", "2023-01-30", note="line 67-69: 'Kế hoạch \\n\\nsố'"),
    C(
        "1147/QĐ-SYT",
        QD,
        "14/12/2022",
        "2022-12-14",
        note="line 69-71: kind word split 'Quyết \\n\\nđịnh số'",
    ),
    C("03/KH-SYT", KH, "05/01/2023", "2023-01-05", note="line 72: 'Kế  hoạch' with a double space"),
    C("402/KH-SYT", KH, "29/12/2022", "2022-12-29"),
    C(
        "439/TB-SYT",
        "Thông báo",
        "30/12/2022",
        "2022-12-30",
        note="line 82-84: 'tháng 01/2023' right after is a month, not a citation",
    ),
    C("35/TB-SYT", "Thông báo", "02/02/2023", "2023-02-02"),
    C(
        "54/TB-SYT",
        "Thông báo",
        "03/3/2023",
        "2023-03-03",
        note="line 86-88: 'tháng 3/2023' is not a citation",
    ),
    C("28/KH-" + NL + "SYT", KH, "30/01/2023", "2023-01-30", note="lines 88-90: symbol broken after 'KH-'"),
    C("20/KH-SYT", KH, "30/01/2023", "2023-01-30"),
    C("15/KH-SYT", KH, "13/01/2023", "2023-01-13"),
    C("29/KH-SYT", KH, "30/01/2023", "2023-01-30"),
    C("294/QĐ-UBND", QD, "25/02/2023", "2023-02-25"),
    C("85/KH-SYT", KH, "13/3/2023", "2023-03-13", note="line 108: kind word lower-case"),
    C("56/KH-UBND", KH, "25/02/2023", "2023-02-25"),
    C("71/KH-SYT", KH, "03/02/2023", "2023-02-03"),
    C(
        "61/2018/NĐ-CP",
        ND,
        "23/04/2018",
        "2018-04-23",
        note="line 144-146: 'Nghị định' (no 'số') ends line 144, number starts line 146",
    ),
    C("34/2016/NĐ-CP", ND, "14/5/2016", "2016-05-14"),
    C("34/2016/NĐ-CP", ND, "14/5/2016", "2016-05-14"),
    C(
        "24/KH-SYT",
        KH,
        "28/01/2023",
        "2023-01-28",
        note="line 268: same number as line 63 but a different date (28/01 vs 29/01) in the source",
    ),
    C("25/KH-SYT", KH, "28/01/2023", "2023-01-28"),
    C("61/2018/NĐ-CP", ND, "23/4/2018", "2018-04-23"),
    C(
        "01/2018/TT-VPCP",
        TT,
        "23/11/2018",
        "2018-11-23",
        note="lines 298-300: kind word typo 'Thông số' = Thông tư; number on the next line",
    ),
    C("61/2018/NĐ-CP", ND, "23/4/2018", "2018-04-23"),
    C(
        "35/NQCP",
        "Nghị quyết",
        None,
        None,
        valid=False,
        note="line 306: hyphen missing (35/NQ-CP); kept as written",
    ),
    C("30/CT-TTg", "Chỉ thị", "30/10/2018", "2018-10-30"),
    C("56/KH-SYT", KH, "21/02/2023", "2023-02-21", note="line 333: kind word lower-case"),
    C(
        "1790/QĐ-" + NL + "UBND",
        QD,
        "25/8/2022",
        "2022-08-25",
        note="lines 343-345: symbol broken after 'QĐ-'",
    ),
    C("13/CT-TTg", "Chỉ thị", "10/6/2015", "2015-06-10"),
    C(
        "12/KH-SYT",
        KH,
        "12/01/2023",
        "2023-01-12",
        before=True,
        note="line 416: date precedes: 'Ngày 12/01/2023, Sở Y tế đã ban hành Kế hoạch số 12/KH-SYT'",
    ),
    C("37/2021/TT-BYT", TT, "31/12/2021", "2021-12-31"),
    C("1218/QĐ-UBND", QD, "09/6/2021", "2021-06-09"),
    C("1747/QĐ-UBND", QD, "20/7/2021", "2021-07-20"),
    C("20/2022/QĐ-UBND", QD, None, None, note="line 495: no date given"),
    C("52/2018/QĐ-UBND", QD, "16/12/2018", "2018-12-16", note="line 497-499: 'Quyết định \\n\\nsố'"),
    C(
        "03/2023/QĐ-" + NL + "UBND",
        QD,
        "10/02/2023",
        "2023-02-10",
        before=True,
        note="lines 507-509: symbol broken after 'QĐ-'; date precedes: 'Ngày 10/02/2023, UBND tỉnh Sơn La ban hành Quyết định số'",
    ),
    C(
        "03/2023/QĐ-UBND",
        QD,
        "10/02/2023",
        "2023-02-10",
        before=True,
        window=400,
        note="line 511-513: shared date (second object of '... ban hành Quyết định số ... và Quyết định số ...'); "
        "the source repeats the same number 03/2023 for a second decision (probably a typo in the source)",
    ),
    C("120/2020/NĐ-CP", ND, "07/10/2020", "2020-10-07", note="line 521: 'Nghị định' without 'số'"),
    C("1747/QĐ-UBND", QD, "20/7/2021", "2021-07-20", note="line 523-525: 'Quyết \\n\\nđịnh' without 'số'"),
    C("1218/QĐ-UBND", QD, "09/6/2021", "2021-06-09"),
    C(
        "1973/SNV",
        CV,
        "04/11/2022",
        "2022-11-04",
        note="line 533: official letter without type code, issuer only",
    ),
    C("120/2020/NĐ-CP", ND, "07/10/2020", "2020-10-07"),
    C("107/2020/NĐ-CP", ND, "14/9/2020", "2020-09-14", note="line 558: date after a comma"),
    C("24/2014/NĐ-CP", ND, "04/4/2014", "2014-04-04", note="line 560: date after a comma"),
    C(
        "108/2020/NĐ-CP",
        ND,
        "14/9/2020",
        "2020-09-14",
        note="line 564: kind word glued to previous word 'trung ươngNghị định'",
    ),
    C("37/2014/NĐ-CP", ND, "05/5/2014", "2014-05-05"),
    C("106/2020/NĐ-CP", ND, "10/9/2020", "2020-09-10"),
    C("120/2020/NĐ-CP", ND, "07/10/2020", "2020-10-07", note="line 574: date after a comma"),
    C("106/QĐ-SNV", QD, "08/2/2023", "2023-02-08"),
    C(
        "42/QĐ-SNV",
        QD,
        "16/01/2022",
        "2022-01-16",
        note="line 594: year 2022 as written (elsewhere 42/QĐ-SNV is dated 16/01/2023)",
    ),
    C("106/QĐ-SNV", QD, "08/02/2023", "2023-02-08", note="line 617: glued 'Thực hiệnQuyết định'"),
    C(
        "2705/QĐ-" + NL + "UBND",
        QD,
        "24/12/2022",
        "2022-12-24",
        note="lines 621-623: symbol broken after 'QĐ-'",
    ),
    C("138/2020/NĐ-CP", ND, "27/11/2020", "2020-11-27"),
    C(
        "115/2020/NĐ-CP",
        ND,
        "25/9/2020",
        "2020-09-25",
        note="line 663-665: 'Nghị định' ends line 663, no 'số'",
    ),
    C(
        "1061-QĐ/TU",
        "Quy định",
        "10/12/2019",
        "2019-12-10",
        note="line 667: Party document; kind word 'Quy định'",
    ),
    C("1062-QĐ/TU", "Quy định", "10/12/2019", "2019-12-10"),
    C("204-QĐ/TU", "Quy định", "29/6/2021", "2021-06-29"),
    C("39/2016/QĐ-UBND", QD, "07/12/2016", "2016-12-07"),
    C("08/2021/QĐ-UBND", QD, "26/5/2021", "2021-05-26"),
    C("09/2021/QĐ-UBND", QD, "26/5/2021", "2021-05-26"),
    C(
        "2686/QĐ-UBND",
        QD,
        "21/12/2023",
        "2023-12-21",
        note="line 722: date as written; 21/12/2023 is after this report (03/2023), probably a typo for 2022 - not repaired",
    ),
    C(
        "2705/QD-UBND",
        QD,
        "24/12/2022",
        "2022-12-24",
        number="2705/QĐ-UBND",
        repaired=True,
        note="line 724: ASCII-folded type code 'QD' restored to 'QĐ'",
    ),
    C("42/QĐ-SNV", QD, "16/01/2023", "2023-01-16", note="line 724-726: 'Quyết \\n\\nđịnh số'"),
    C("106/QĐ-SNV", QD, "08/02/2023", "2023-02-08"),
    C(
        "44/QĐ-UBND",
        QD,
        "10/01/2023",
        "2023-01-10",
        note="line 734: shared date, given far away: '44/QĐ-UBND về việc ... và Quyết định số 58/QĐ-UBND về việc ... "
        "ban hành ngày 10/01/2023' (line 740); reading both decisions as issued that day - uncertain for 44",
    ),
    C(
        "58/QĐ-UBND",
        QD,
        "10/01/2023",
        "2023-01-10",
        note="line 736: two spaces after the number; date given after the subject, '... ban hành ngày 10/01/2023' "
        "(line 738-740), shared with 44/QĐ-UBND; confirmed by line 769-771",
    ),
    C(
        "25/SYT-TCCB",
        CV,
        "10/8/2022",
        "2022-08-10",
        before=True,
        note="line 750-752: date precedes: 'Ngày 10/8/2022, Sở Y tế Công văn số 25/SYT-TCCB' (verb missing in source); "
        "official letter without type code",
    ),
    C(
        "1449/SNV-CCVC",
        CV,
        "05/8/2022",
        "2022-08-05",
        note="line 752-754: kind word doubled across the line break 'Công văn \\n\\nCông văn số'",
    ),
    C("1919/SYT-TCCB", CV, "10/8/2022", "2022-08-10"),
    C("122/2019/NQ-HĐND", "Nghị quyết", "06/12/2019", "2019-12-06"),
    C(
        "4650/HD-UBND",
        "Hướng dẫn",
        "01/12/2022",
        "2022-12-01",
        note="line 764: issuer word between number and date: '4650/HD-UBND tỉnh ngày 01/12/2022'",
    ),
    C("122/2019/NQ-HĐND", "Nghị quyết", "06/12/2019", "2019-12-06"),
    C(
        "58/QĐ-" + NL + "UBND",
        QD,
        "10/01/2023",
        "2023-01-10",
        note="lines 769-771: symbol broken after 'QĐ-'",
    ),
    C(
        "2705/QĐ-" + NL + "UBND",
        QD,
        "24/12/2022",
        "2022-12-24",
        note="lines 773-775: symbol broken after 'QĐ-'",
    ),
    C("42/QĐ-" + NL + "SNV", QD, "16/01/2023", "2023-01-16", note="lines 777-779: symbol broken after 'QĐ-'"),
    C("70/SNV-CCVC", CV, "13/01/2023", "2023-01-13"),
    C(
        "256/SYT-" + NL + "TCCB",
        CV,
        "13/02/2023",
        "2023-02-13",
        note="lines 791-793: official letter, symbol broken after 'SYT-'",
    ),
    C(
        "02-HD/TU",
        "Hướng dẫn",
        "10/11/2020",
        "2020-11-10",
        note="line 799: Party document; date after a comma",
    ),
    C("2574-CV/TU", CV, "28/10/2022", "2022-10-28", note="line 803: Party official letter N-CV/ISSUER"),
    C(
        "110-KH/ĐUK",
        KH,
        "11/11/2020",
        "2020-11-11",
        note="line 805-807: Party plan, kind word split 'Kế \\n\\nhoạch'",
    ),
    C("63-KH/ĐU", KH, "20/11/2022", "2022-11-20", note="line 811: kind word lower-case; date on next line"),
    C("05/HD-SYT", "Hướng dẫn", "21/11/2022", "2022-11-21"),
    C("1085/QĐ-SYT", QD, "28/11/2022", "2022-11-28"),
    C(
        "1165/QĐ-SYT",
        QD,
        "19/12/2022",
        "2022-12-19",
        note="lines 833-835: shared date; kind word doubled across lines 'Quyết định số Quyết định \\n\\nsố'",
    ),
    C(
        "1166/QĐ-SYT",
        QD,
        "19/12/2022",
        "2022-12-19",
        note="line 835: shared date; no kind word ('1165/QĐ-SYT và 1166/QĐ-SYT ngày 19/12/2022'), inferred from QĐ",
    ),
    C("138/2020/NĐ-CP", ND, "27/11/2020", "2020-11-27", note="line 886-888: glued 'theoNghị định \\n\\nsố'"),
    C("115/2020/NĐ-CP", ND, "25/9/2020", "2020-09-25", note="line 890: glued 'chức;Nghị định số'"),
    C("09/2021/QĐ-UBND", QD, "26/5/2021", "2021-05-26", note="line 892-894: glued 'chức;Quyết định số'"),
    C("39/2016/QĐ-UBND", QD, "07/12/2016", "2016-12-07"),
    C("551/QĐ-SYT", QD, "17/5/2022", "2022-05-17"),
    C("09/CT-UBND", "Chỉ thị", "23/6/2017", "2017-06-23"),
    C("18-CT/TU", "Chỉ thị", "24/3/2022", "2022-03-24", note="line 935: Party directive"),
    C("349-QĐ/TU", QD, "17/3/2022", "2022-03-17", note="line 939: Party decision"),
    C("889-QĐ/TU", QD, "28/5/2021", "2021-05-28"),
    C("108/2014/NĐ-CP", ND, "20/11/2014", "2014-11-20"),
    C("113/2018/NĐ-CP", ND, "31/8/2018", "2018-08-31"),
    C(
        "108/2014/NĐ-CP",
        ND,
        None,
        None,
        note="line 998: no space between 'số' and the number ('số108/2014/NĐ-CP')",
    ),
    C("143/2020/NĐ-CP", ND, "10/12/2020", "2020-12-10"),
    C("108/2014/NĐ-CP", ND, None, None),
    C("113/2018/NĐ-CP", ND, "31/8/2018", "2018-08-31"),
    C("108/2014/NĐ-CP", ND, "20/11/2014", "2014-11-20"),
    C(
        "01/2015/TTLT-BNV-BTC",
        "Thông tư liên tịch",
        "14/4/2015",
        "2015-04-14",
        note="line 1008-1010: 'Thông tư liên tịch \\n\\nsố'; two issuers",
    ),
    C("108/2014/NĐ-CP", ND, "20/11/2014", "2014-11-20"),
    C("4126/BNV-TCBC", CV, "24/8/2021", "2021-08-24"),
    C("143/2020/NĐ-CP", ND, None, None),
    C(
        "548/QĐ-UBND",
        QD,
        "01/4/2022",
        "2022-04-01",
        note="line 1022: inside '(ban hành kèm theo Quyết định số ...)'",
    ),
    C("276/KH-UBND", KH, "22/11/2022", "2022-11-22"),
    C("277/KH-UBND", KH, "22/11/2022", "2022-11-22"),
    C("271/KH-SYT", KH, "07/9/2022", "2022-09-07"),
    C("2675/QĐ-UBND", QD, "20/12/2022", "2022-12-20"),
    C("1630/SNV-CCVC", CV, "12/9/2022", "2022-09-12"),
    C(
        "374/KH-" + NL + "SYT",
        KH,
        "07/12/2022",
        "2022-12-07",
        note="lines 1060-1062: in parentheses, symbol broken after 'KH-'",
    ),
    C("05/QĐ-UBND", QD, "04/01/2023", "2023-01-04"),
    C("08/2013/TT-BNV", TT, "31/7/2013", "2013-07-31", note="line 1079-1081: glued 'lao động:Thông tư số'"),
    C("03/2021/TT-BNV", TT, "29/6/2021", "2021-06-29"),
    C("21/2015/QĐ-UBND", QD, "15/7/2015", "2015-07-15"),
    C("68/2000/NĐ-" + NL + "CP", ND, None, None, note="lines 1097-1099: symbol broken after 'NĐ-'; no date"),
    C("76/2019/NĐ-CP", ND, "08/10/2019", "2019-10-08"),
    C("09/2005/TT-BNV", TT, "05/01/2005", "2005-01-05"),
    C("2653/BNV-TL", CV, "03/7/2006", "2006-07-03"),
    C("861/SNV-XDCQ&CTTN", CV, "29/4/2020", "2020-04-29", note="line 1113: '&' inside the issuer code"),
    C("56/2011/NĐ-CP", ND, "04/7/2011", "2011-07-04"),
    C(
        "02/2012/TTLT-BYT-BNV-BTC",
        TT,
        "19/01/2012",
        "2012-01-19",
        note="line 1121: joint circular (TTLT, three issuers) but the text's kind word is 'Thông tư'",
    ),
    C("56/2011/NĐ-CP", ND, "04/7/2011", "2011-07-04"),
    C("07/2005/TT-BNV", TT, "05/01/2005", "2005-01-05"),
    C(
        "6608/BYT-" + NL + "TCCB",
        CV,
        "22/8/2005",
        "2005-08-22",
        note="lines 1129-1131: official letter, symbol broken after 'BYT-'",
    ),
    C("59/2019/NĐ-CP", ND, "01/7/2019", "2019-07-01"),
    C(
        "723/UBND-NC",
        CV,
        "17/3/2021",
        "2021-03-17",
        note="line 1149-1151: kind word lower-case 'công văn số'",
    ),
    C("59/2019/NĐ-CP", ND, None, None),
    C("59/2019/NĐ-CP", ND, None, None, note="line 1155-1157: 'Kế hoạchchuyển đổi ... theo Nghị định số'"),
    C("130/2005/NĐ-CP", ND, "17/10/2005", "2005-10-17"),
    C("60/2021/NĐ-CP", ND, None, None, note="line 1181-1183: kind word doubled 'Nghị định Nghị định số'"),
    C(
        "56/2022/TT-BTC",
        TT,
        "",
        None,
        note="line 1187: 'Thông tư 56/2022/TT-BTC ngày  của Bộ Tài chính' - 'ngày' with no date -> date_raw ''",
    ),
    C("151/2017/NĐ-CP", ND, "26/12/2017", "2017-12-26"),
    C("118/NQ-HĐND", "Nghị quyết", None, None, note="line 1201: no year, no date"),
    C("13/KH-SYT", KH, "12/01/2023", "2023-01-12", note="line 1225: glued 'bao gồmKế hoạch'"),
    C("94/QĐ-SYT", QD, "12/01/2023", "2023-01-12"),
    C("62/BC-SYT", "Báo cáo", "07/2/2023", "2023-02-07", note="line 1233: kind word lower-case 'báo cáo số'"),
    C("56/BC-SYT", "Báo cáo", "03/2/2023", "2023-02-03"),
    C("1217/QĐ-SYT", QD, "31/12/2022", "2022-12-31"),
    C(
        "151/2017/NĐ-CP",
        ND,
        "26/12/2017",
        "2017-12-26",
        note="line 1272: preceded by 'Luật Ngân sách nhà nước 2015; Luật Quản lý, sử dụng tài sản công 2017' (not citations)",
    ),
    C("130/2005/NĐ-CP", ND, "17/10/2005", "2005-10-17"),
    C("3006/QĐ-UBND", QD, "07/12/2021", "2021-12-07", note="line 1337: two spaces before 'ngày'"),
    C("60/2021/NĐ-CP", ND, None, None),
    C("03-NQ/TU", "Nghị quyết", "21/01/2021", "2021-01-21", note="line 1505: Party resolution"),
    C(
        "2697/QĐ-" + NL + "UBND",
        QD,
        "23/12/2022",
        "2022-12-23",
        note="lines 1509-1511: symbol broken after 'QĐ-'",
    ),
    C("04/KH-SYT", KH, "06/01/2023", "2023-01-06"),
    C("56/KH-SYT", KH, "21/02/2023", "2023-02-21", note="line 1527-1529: 'Kế \\n\\nhoạch số'"),
    C("07/KH-SYT", KH, "10/01/2023", "2023-01-10"),
    C(
        "09/CT-UBND",
        "Chỉ thị",
        "23/5/2017",
        "2017-05-23",
        note="line 1533-1535: as written 23/5/2017 (line 929 gives 23/6/2017 for the same directive)",
    ),
    C("130/2005/NĐ-CP", ND, "17/10/2005", "2005-10-17"),
    C("117/2013/NĐ-CP", ND, None, None),
    C("60/2021/NĐ-CP", ND, "21/6/2021", "2021-06-21"),
]

# ---------------------------------------------------------------- 002 (Phụ lục, Lai Châu 2021; table)
GOLD["002_36f90cc5eb78d7d9"] = [
    C(
        "117        /KH-SYT",
        "Kế hoạch",
        "…27  /8/2021",
        "2021-08-27",
        number="117/KH-SYT",
        role=SELF,
        note="line 5: appendix header '(Kèm theo Kế hoạch số      117        /KH-SYT ngày …27  /8/2021 ...)': "
        "filled-in blank, spaces inside the symbol and inside the date; ellipsis leader before the day",
    ),
    C(
        "34/21.06/NĐ-CP",
        "Nghị định",
        "14/5/21.06",
        "2016-05-14",
        number="34/2016/NĐ-CP",
        repaired=True,
        note="line 109: corrupted year '21.06' = 2016 in number and date; preceded by 'Luật ban hành văn bản QPPL 21.05' "
        "(law named without a number - not a citation)",
    ),
    C(
        "30/21.08/QĐ-UBND",
        "Quyết định",
        "31/8/21.08",
        "2018-08-31",
        number="30/2018/QĐ-UBND",
        repaired=True,
        note="line 110: corrupted year '21.08' = 2018 in number and date",
    ),
    C(
        "61/21.08/NĐ-CP",
        "Nghị định",
        None,
        None,
        number="61/2018/NĐ-CP",
        repaired=True,
        note="line 152: corrupted year '21.08' = 2018; 'Nghị định' without 'số'; no date",
    ),
]

# ---------------------------------------------------------------- 003 (KH CCHC 2026-2030, Lai Châu; no 'Số:' header)
GOLD["003_839fe06358cecadd"] = [
    C("76/NQ-CP", "Nghị quyết", "15/7/2021", "2021-07-15"),
    C("08-NQ/TU", "Nghị quyết", "20/5/2021", "2021-05-20", note="line 14: Party resolution N-NQ/TU"),
    C("688/QĐ-UBND", "Quyết định", "11/6/2021", "2021-06-11"),
    C("2943/KH-UBND", "Kế hoạch", "20/9/2021", "2021-09-20", note="line 22: 'Kế hoạch' without 'số'"),
    C(
        "3196/UBND-KSTT",
        "Công văn",
        "25/6/2025",
        "2025-06-25",
        note="lines 24-26: 'Công văn số' ends line 24; official letter without type code",
    ),
    C("66/NQ-CP", "Nghị quyết", None, None, note="line 180: 'Nghị quyết 66/NQ-CP' without year or date"),
    C("66/NQ-CP", "Nghị quyết", None, None),
    C(
        "57/NQ-TW",
        "Nghị quyết",
        None,
        None,
        note="line 200: Politburo resolution (properly 57-NQ/TW) written in state style N/NQ-TW; kept as written",
    ),
    C("957/KH-UBND", "Kế hoạch", None, None, note="lines 200-202: 'Kế hoạch số' ends line 200; no date"),
    C(
        "137/2024/NĐ-CP",
        "Nghị định",
        None,
        None,
        note="line 231: after 'Điều 9' (section number is not a citation)",
    ),
    C("120/NĐ-CP", "Nghị định", None, None, note="line 277: decree number without year"),
    C("56/QĐ-BYT", "Quyết định", "08/01/2024", "2024-01-08"),
    C("03/2022/TT-BTP", "Thông tư", "10/02/2022", "2022-02-10"),
]

# ---------------------------------------------------------------- 004 (KH CCHC 2024, Hòa Bình)
GOLD["004_5402a99ec6066c4b"] = [
    C(
        "/KH-SYT",
        "Kế hoạch",
        "tháng   01  năm 2024",
        None,
        role=SELF,
        valid=False,
        note="line 5: own number left blank 'Số :            /KH-SYT'; kind inferred from KH; header date "
        "'Hòa Bình, ngày         tháng   01  năm 2024' has no day -> issue_date null",
    ),
    C("244/KH-UBND", "Kế hoạch", "25/12/2023", "2023-12-25"),
    C("1085/QĐ-TTg", "Quyết định", "15/9/2022", "2022-09-15"),
    C(
        "209/KH-UBND",
        "Kế hoạch",
        "31/10/2022",
        "2022-10-31",
        note="line 165-167: kind word split 'Kế \\n\\nhoạch số'",
    ),
    C(
        "468/QĐ-TTg",
        "Quyết định",
        "27/3/2021",
        "2021-03-27",
        note="lines 215-217: 'Quyết định số' ends line 215",
    ),
    C("28-KL/TW", "Kết luận", "21/02/2022", "2022-02-21", note="line 235: Party conclusion"),
    C(
        "40-KL/TW",
        "Kết luận",
        "18/7/2022",
        "2022-07-18",
        note="lines 237-239: 'Kết luận số' ends line 237; date after comma",
    ),
    C("90/2020/NĐ-CP", "Nghị định", "13/8/2020", "2020-08-13"),
    C("48/2023/NĐ-CP", "Nghị định", "17/7/2023", "2023-07-17"),
    C(
        "90/2020/NĐ-CP",
        "Nghị định",
        "13/8/2020",
        "2020-08-13",
        note="line 276-278: date on the next printed line",
    ),
    C("130/2005/NĐ-CP", "Nghị định", None, None),
    C("60/2021/NĐ-CP", "Nghị định", None, None),
    C("60/2021/NĐ-CP", "Nghị định", "21/6/2021", "2021-06-21"),
    C(
        "32/2019/NĐ-CP",
        "Nghị định",
        "10/4/2019",
        "2019-04-10",
        note="line 331-333: 'ngày' ends line 331, date on 333",
    ),
]


# ---------------------------------------------------------------- locate + verify
_NUMERIC_DATE = re.compile(r"^…?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}|21\.\d\d)$")


def _expected_iso(date_raw: str) -> str | None:
    m = _NUMERIC_DATE.match(date_raw)
    if not m:
        return None
    d, mo, y = m.groups()
    if y.startswith("21."):
        y = "201" + y[-1]  # seeds: "21.06" = 2016, "21.08" = 2018
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


def build(stem: str, rows: list[dict]) -> tuple[str, list[dict]]:
    path = SEEDS / f"{stem}.txt"
    text = normalize_text(path.read_text(encoding="utf-8"))
    pos = 0
    out = []
    for row in rows:
        raw = row["raw"]
        i = text.find(raw, pos)
        # skip hits that are only part of a longer token (e.g. '56/KH-SYT' inside '156/KH-SYT')
        while i != -1 and (
            (i > 0 and text[i - 1].isdigit() and raw[0].isdigit())
            or (i + len(raw) < len(text) and (text[i + len(raw)].isalnum() or text[i + len(raw)] in "-&"))
        ):
            i = text.find(raw, i + 1)
        assert i != -1, f"{stem}: raw {raw!r} not found after offset {pos}"
        start, end = i, i + len(raw)
        assert text[start:end] == raw
        # date sanity: the written date must really be next to this number
        dr = row["date_raw"]
        if dr:
            w = row["_window"] or (120 if row["_before"] else 260)
            window = text[max(0, start - w) : start] if row["_before"] else text[end : end + w]
            assert dr in window, f"{stem}: date {dr!r} not near {raw!r} at {start}"
        elif dr == "":
            assert re.match(r"\s*ngày\s+của", text[end : end + 30]), f"{stem}: empty date not at {raw!r}"
        if dr and row["issue_date"]:
            exp = _expected_iso(dr)
            assert exp is None or exp == row["issue_date"], (stem, raw, dr, row["issue_date"])
        assert row["number"] == unicodedata.normalize("NFC", row["number"])
        assert not re.search(r"\s", row["number"])
        rec = {"start": start, "end": end}
        rec.update({k: v for k, v in row.items() if not k.startswith("_")})
        out.append(rec)
        pos = end
    return text, out


# Only a safety net for the human re-read: every whitespace-free token holding a '/' or a
# 'digits-LETTER' join that no gold row covers; full dates and URLs are left out.
_DATE_TOKEN = re.compile(r"^[(…]*\d{1,2}/\d{1,2}/\d{4}[,.;:)]*$")


def uncovered(text: str, recs: list[dict]) -> list[tuple[int, str]]:
    spans = [(r["start"], r["end"]) for r in recs]
    res = []
    for m in re.finditer(r"\S+", text):
        tok, s = m.group(), m.start()
        if "/" not in tok and not re.search(r"\d-[A-ZĐ]", tok):
            continue
        if _DATE_TOKEN.match(tok) or "http" in tok or ".gov.vn" in tok:
            continue
        if any(a <= s + k < b for a, b in spans for k in range(len(tok))):
            continue
        line = text.count("\n", 0, s) + 1
        res.append((line, tok))
    return res


def main() -> None:
    show = "--uncovered" in sys.argv
    for stem, rows in GOLD.items():
        text, recs = build(stem, rows)
        with open(OUT / f"{stem}.jsonl", "w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        # re-read what was written and re-verify
        for line in (OUT / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            assert text[r["start"] : r["end"]] == r["raw"]
        print(f"{stem}: {len(recs)} rows ({sum(r['role'] == 'self' for r in recs)} self)")
        if show:
            for ln, ctx in uncovered(text, recs):
                print(f"    not covered, line {ln}: {ctx!r}")


if __name__ == "__main__":
    main()
