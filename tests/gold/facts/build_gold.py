"""Build the hand-checked number-fact gold files (tests/gold/facts/).

Outputs
  <seed stem>.jsonl   every percentage in the seed, in reading order (empty file when none)
  001_other.jsonl     the non-percent number facts of seed 001 (counts, money, x/y ratios)

Every row below was written by a person reading the seed line by line. Which items exist,
their value, subject, is_target and comparator all come from that reading. This script only
  (1) finds each listed raw string in the normalized text, in reading order and on the printed
      line the reader gave, to work out start/end;
  (2) checks text[start:end] == raw, token boundaries, that the value agrees with the digits
      of raw, that is_target/comparator are consistent;
  (3) as a check for misses only: fails if any '%' in a seed is not covered by a row, and
      with --uncovered lists every digit token of seed 001 that no row covers, so a person
      can confirm it is not a fact (dates, document numbers, years, section numbers ...).
  (4) checks the hand-written metadata files (tests/gold/metadata/*.json) against the text:
      title / signer / place occur in the text, dates are ISO, periods are consistent.
Nothing in the gold rows is produced by a regex.

Run from /work/main:  .venv/bin/python tests/gold/facts/build_gold.py [--uncovered]
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from extractors.normalize import normalize_text  # noqa: E402

SEEDS = Path("/work/shared/seeds")
OUT = Path(__file__).resolve().parent
META = OUT.parent / "metadata"

GE, GT, LE, LT, EQ = ">=", ">", "<=", "<", "="
NL = "\n\n"  # the seeds put an empty line between printed lines


def P(raw, value, subject, line, *, target=False, cmp=None, note=None):
    """One percentage row. line = 1-based line (normalized text) where raw starts."""
    row = {
        "raw": raw,
        "value": float(value),
        "subject": subject,
        "is_target": target,
        "comparator": cmp,
    }
    if note:
        row["note"] = note
    row["_line"] = line
    return row


def O(raw, kind, value, unit, line, *, num=None, den=None, note=None):
    """One non-percent fact row (seed 001 only)."""
    row = {
        "raw": raw,
        "kind": kind,
        "value": float(value),
        "unit": unit,
        "numerator": num,
        "denominator": den,
    }
    if note:
        row["note"] = note
    row["_line"] = line
    return row


def C(raw, value, unit, line, note=None):
    return O(raw, "count", value, unit, line, note=note)


def IMPLIED(raw, value, unit, line, what):
    """A bare number whose unit is not written next to it but is plain from the sentence."""
    return O(
        raw,
        "count",
        value,
        unit,
        line,
        note=f"line {line}: unit implied ({what}); not written after the number",
    )


def R(raw, num, den, unit, line, note=None):
    return O(raw, "ratio", num / den, unit, line, num=num, den=den, note=note)


def M(raw, value, line, note=None):
    return O(raw, "money", value, "đồng", line, note=note)


PCT: dict[str, list[dict]] = {}
OTHER: dict[str, list[dict]] = {}

# ------------------------------------------------------------ 000 Lai Châu, BC 6 tháng đầu năm 2021
PCT["000_37cec8ec2d1626d1"] = [
    P(
        "100%",
        100,
        "thủ tục hành chính được công bố, công khai",
        212,
        note="line 212: report (BC), stated as achieved -> result, not a target",
    ),
]

# ------------------------------------------------------------ 001 Sơn La, BC quý I năm 2023
NT = " (người bệnh nội trú)"
NGT = " (người bệnh ngoại trú)"
PCT["001_d76b854a65e5ff62"] = [
    P("100%", 100, "đơn vị đã tổ chức tuyên truyền cải cách hành chính theo đúng kế hoạch", 209),
    P(
        "100%",
        100,
        "nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao đã giải quyết đúng hạn",
        225,
        note="line 225: 649 văn bản received, 649 completed",
    ),
    P("92.03%", 92.03, "Tỷ lệ hài lòng chung" + NT, 428, note="line 428: decimal point, not comma"),
    P("82.17%", 82.17, "Tỷ lệ hài lòng so với mong đợi" + NT, 430),
    P("86.17 %", 86.17, "Tỷ lệ người bệnh quay trở lại" + NT, 432, note="line 432: space before %"),
    P("75.4 %", 75.4, "Chỉ số hài lòng toàn diện" + NT, 434, note="line 434: space before %"),
    P("87.5%", 87.5, "Tỷ lệ hài lòng chung" + NGT, 440),
    P("84.4%", 84.4, "Tỷ lệ hài lòng so với mong đợi" + NGT, 442),
    P("84.1 %", 84.1, "Tỷ lệ người bệnh quay trở lại" + NGT, 444, note="line 444: space before %"),
    P("80.5%", 80.5, "Chỉ số hài lòng toàn diện" + NGT, 446),
    P("73 %", 73, "hồ sơ đã giải quyết", 467, note="line 467: '227 hồ sơ = 73 %' of 310 hồ sơ received"),
    P("19 %", 19, "hồ sơ đang giải quyết", 467, note="line 467: '59 hồ sơ = 19 %'"),
    P(
        "7,7 %",
        7.7,
        "hồ sơ từ chối",
        469,
        note="line 469: decimal comma and space before %; '24 hồ sơ = 7,7 %'",
    ),
    P("18,3%", 18.3, "công chức hoàn thành xuất sắc nhiệm vụ", 858),
    P("76,7%", 76.7, "công chức hoàn thành tốt nhiệm vụ", 860),
    P("5%", 5, "công chức không hoàn thành nhiệm vụ", 862),
    P("0%", 0, "công chức hoàn thành nhiệm vụ", 864),
    P(
        "0%",
        0,
        "công chức không đánh giá xếp loại",
        866,
        note="line 864-866: subject starts on the previous line",
    ),
    P("14,6%", 14.6, "viên chức hoàn thành xuất sắc nhiệm vụ", 874),
    P("82,9%", 82.9, "viên chức hoàn thành tốt nhiệm vụ", 876),
    P(
        "1,9%",
        1.9,
        "viên chức hoàn thành nhiệm vụ",
        878,
        note="line 878: a stray '3' follows ('1,9%; 3'), not part of the value",
    ),
    P("0,5%", 0.5, "viên chức không hoàn thành nhiệm vụ", 880),
    P("0,18%", 0.18, "viên chức không thực hiện đánh giá", 882),
    P(
        "100%",
        100,
        "chi phí hoạt động do đơn vị sự nghiệp tự bảo đảm",
        1353,
        note="line 1353: '16 đơn vị tự bảo đảm 100% chi phí hoạt động' (autonomy class, stated as fact)",
    ),
    P(
        "100%",
        100,
        "thủ tục hành chính giải quyết qua phần mềm một cửa điện tử",
        1379,
        note="line 1379: in the results section (II.6), no goal word -> result; could be read as a standing goal",
    ),
    P(
        "90%",
        90,
        "thông tin chỉ đạo điều hành của ngành được đưa lên trang thông tin điện tử",
        1395,
        target=True,
        cmp=EQ,
        note="line 1395: 'Đảm bảo 90% ...' right after a plan that 'đề ra các nhiệm vụ, chỉ tiêu' -> read as a target "
        "(plain, '='); judgment call, a reader could call it a result",
    ),
    P(
        "90%",
        90,
        "Mức độ hài lòng của nhân dân và doanh nghiệp về thủ tục hành chính",
        1576,
        target=True,
        cmp=GT,
        note="line 1576: section IV (phương hướng quý II), 'đạt mức trên 90%'",
    ),
]

OTHER["001_d76b854a65e5ff62"] = [
    C("7 nhiệm vụ", 7, "nhiệm vụ", 45, note="line 45: 7 nhiệm vụ trọng tâm of Kế hoạch 04/KH-SYT"),
    C(
        "52 " + NL + "nhiệm vụ",
        52,
        "nhiệm vụ",
        45,
        note="line 45-47: number and unit on different printed lines",
    ),
    R("26/52 nhiệm vụ", 26, 52, "nhiệm vụ", 53),
    C("04 tin bài", 4, "tin bài", 185),
    C("649 văn bản", 649, "văn bản", 223),
    C("649 văn bản", 649, "văn bản", 225),
    C("01 sáng kiến", 1, "sáng kiến", 232),
    C("01 văn bản", 1, "văn bản", 260),
    C("7393 văn bản", 7393, "văn bản", 325, note="line 325: văn bản đến, no thousands separator"),
    IMPLIED("1248", 1248, "văn bản", 325, "văn bản đến từ Trung ương, các Bộ"),
    IMPLIED(
        "6145",
        6145,
        "văn bản",
        327,
        "văn bản đến từ địa phương; the 'văn bản' after it starts the next clause 'văn bản gửi đi'",
    ),
    C("1637 bản", 1637, "bản", 327, note="line 327: văn bản gửi đi"),
    C("637Công văn", 637, "Công văn", 329, note="line 329: number glued to the unit"),
    C("254 Quyết định", 254, "Quyết định", 329),
    C("81 Tờ trình", 81, "Tờ trình", 329),
    C("193 Báo cáo", 193, "Báo cáo", 329),
    C("131 Kế hoạch", 131, "Kế hoạch", 329),
    C("93 Thông báo", 93, "Thông báo", 331),
    C(
        "248 văn bản",
        248,
        "văn bản",
        331,
        note="line 331: '248 văn bản khác'; 637+254+81+193+131+93+248 = 1637",
    ),
    C("169 danh mục", 169, "danh mục", 349, note="line 349: '169 danh mục TTHC'"),
    C("172 quy trình", 172, "quy trình", 351, note="line 351: '172 quy trình nội bộ'"),
    C("169 thủ tục", 169, "thủ tục", 353, note="line 353: '169 thủ tục hành chính'"),
    C("61 thủ tục", 61, "thủ tục", 355),
    C("24 thủ tục", 24, "thủ tục", 357),
    C("05 thủ tục", 5, "thủ tục", 359),
    C("09 thủ tục", 9, "thủ tục", 361),
    C("04 thủ tục", 4, "thủ tục", 363),
    C("01 thủ tục", 1, "thủ tục", 365),
    C("02 thủ tục", 2, "thủ tục", 367),
    C("24 thủ tục", 24, "thủ tục", 369),
    C("30 thủ tục", 30, "thủ tục", 371),
    C("03 thủ tục", 3, "thủ tục", 373, note="line 373: cấp tỉnh"),
    C("02 thủ tục", 2, "thủ tục", 375, note="line 375: cấp xã"),
    C(
        "03 thủ tục",
        3,
        "thủ tục",
        377,
        note="line 377: the 12 per-field counts (lines 355-377) add up to 168, not the 169 stated on line 353",
    ),
    C(
        "02đơn",
        2,
        "đơn",
        406,
        note="line 406: '02đơn/02 vụ việc' = 2 petitions about 2 cases: two counts, not a fraction; number glued to unit",
    ),
    C("02 vụ việc", 2, "vụ việc", 406),
    C("01 đơn", 1, "đơn", 406, note="line 406: '01 đơn/01 vụ việc', two counts"),
    C("01 vụ " + NL + "việc", 1, "vụ việc", 406, note="line 406-408: unit broken across the line"),
    C("0 đơn", 0, "đơn", 408, note="line 408: Đơn khiếu nại: 0 đơn"),
    C("01 đơn", 1, "đơn", 408, note="line 408: Đơn tố cáo: '01 đơn/01 vụ việc'"),
    C("01 vụ việc", 1, "vụ việc", 408),
    C("01 đơn", 1, "đơn", 410, note="line 410: '01 đơn đề nghị'"),
    C("01 đơn", 1, "đơn", 410, note="line 410: '01 đơn tố cáo'"),
    C("2.771 phiếu", 2771, "phiếu", 426, note="line 426: dot = thousands separator"),
    C("1.799 phiếu", 1799, "phiếu", 438),
    C("20 phiếu", 20, "phiếu", 457),
    C("310 hồ sơ", 310, "hồ sơ", 465),
    C(
        "124",
        124,
        "hồ sơ",
        465,
        note="line 465: '(trong đó mức độ 3,4 hồ sơ 124)': unit written before the number; '3,4' are service levels",
    ),
    C("227 hồ sơ", 227, "hồ sơ", 467),
    C("59 hồ sơ", 59, "hồ sơ", 467),
    C("0 hồ sơ", 0, "hồ sơ", 469),
    C("24 hồ sơ", 24, "hồ sơ", 469, note="line 469: 227+59+0+24 = 310"),
    C("06 Bênh viện", 6, "Bênh viện", 546, note="line 546: typo 'Bênh' for 'Bệnh' kept as written"),
    C("64 biên chế", 64, "biên chế", 584),
    C("61 biên chế", 61, "biên chế", 586),
    C("03 biên chế", 3, "biên chế", 586, note="line 586: 'thiếu 03 biên chế'"),
    C("13 cấp phó", 13, "cấp phó", 586),
    C("04 Phó " + NL + "Giám đốc", 4, "Phó Giám đốc", 586, note="line 586-588: unit broken across the line"),
    C("07 Phó Trưởng phòng", 7, "Phó Trưởng phòng", 588),
    C("02 Phó Chi cục", 2, "Phó Chi cục", 588),
    C("11 cấp phó", 11, "cấp phó", 588),
    C("03 Phó Giám đốc", 3, "Phó Giám đốc", 590),
    C("06 Phó Trưởng phòng", 6, "Phó Trưởng phòng", 590),
    C("02 Phó Chi cục", 2, "Phó Chi cục", 590),
    C("02 cấp phó", 2, "cấp phó", 590, note="line 590: 'thiếu 02 cấp phó'"),
    C("01 Phó Giám đốc", 1, "Phó Giám đốc", 592),
    C("01 Phó Trưởng phòng", 1, "Phó Trưởng phòng", 592),
    C("24 người", 24, "người", 602),
    C("24 người", 24, "người", 602),
    C("0 người", 0, "người", 602),
    C("01 Vị trí", 1, "Vị trí", 604),
    C("01 Phó Giám " + NL + "đốc", 1, "Phó Giám đốc", 604, note="line 604-606: unit broken across the line"),
    C("01 Phó Giám đốc", 1, "Phó Giám đốc", 610),
    C("55 người", 55, "người", 612),
    C("45 người", 45, "người", 612),
    C("10 người", 10, "người", 612),
    C("184 người", 184, "người", 613),
    C("160 người", 160, "người", 613),
    C("24 người", 24, "người", 613),
    IMPLIED("5.482", 5482, "người", 639, "Tổng số nhân lực ngành y tế được giao"),
    IMPLIED("4.876", 4876, "người", 641, "nhân lực đã thực hiện"),
    C("64 người", 64, "người", 645),
    C("61 người", 61, "người", 647),
    IMPLIED("2244", 2244, "người", 653, "biên chế viên chức được giao"),
    IMPLIED("2128", 2128, "người", 653, "biên chế viên chức đã thực hiện"),
    IMPLIED("3.174", 3174, "người", 657, "người làm việc được phê duyệt"),
    IMPLIED("2.681", 2681, "người", 657, "người làm việc đã thực hiện"),
    C("16 đơn vị", 16, "đơn vị", 750),
    R("16/16 đơn vị", 16, 16, "đơn vị", 756),
    C("02 tổ chức, cơ quan, đơn vị", 2, "tổ chức, cơ quan, đơn vị", 841),
    C("32 tổ chức, cơ quan, đơn vị", 32, "tổ chức, cơ quan, đơn vị", 843),
    C("02 tổ chức, cơ quan, đơn vị", 2, "tổ chức, cơ quan, đơn vị", 845),
    C("01 tổ chức, cơ quan, đơn vị", 1, "tổ chức, cơ quan, đơn vị", 847),
    IMPLIED("60", 60, "công chức", 856, "Tổng số công chức"),
    C("04 lãnh đạo Sở", 4, "lãnh đạo Sở", 856),
    IMPLIED("11", 11, "công chức", 858, "công chức hoàn thành xuất sắc nhiệm vụ"),
    IMPLIED("46", 46, "công chức", 860, "công chức hoàn thành tốt nhiệm vụ"),
    IMPLIED("03", 3, "công chức", 862, "công chức không hoàn thành nhiệm vụ"),
    IMPLIED("0", 0, "công chức", 864, "công chức hoàn thành nhiệm vụ"),
    IMPLIED("0", 0, "công chức", 866, "công chức không đánh giá xếp loại"),
    IMPLIED("4.462", 4462, "viên chức", 870, "Tổng số viên chức"),
    C("4.454 viên chức", 4454, "viên chức", 870),
    C("08 viên chức", 8, "viên chức", 872),
    IMPLIED("650", 650, "viên chức", 874, "viên chức hoàn thành xuất sắc nhiệm vụ"),
    IMPLIED("3.697", 3697, "viên chức", 876, "viên chức hoàn thành tốt nhiệm vụ"),
    IMPLIED("83", 83, "viên chức", 878, "viên chức hoàn thành nhiệm vụ"),
    IMPLIED("24", 24, "viên chức", 880, "viên chức không hoàn thành nhiệm vụ"),
    IMPLIED("08", 8, "viên chức", 882, "viên chức không thực hiện đánh giá"),
    C("01 vị trí", 1, "vị trí", 918),
    C("01 vị trí", 1, "vị trí", 919),
    C("01 vị trí", 1, "vị trí", 923),
    C("0 vị trí", 0, "vị trí", 925),
    C("13 người", 13, "người", 1036),
    C("04 trường hợp", 4, "trường hợp", 1042),
    C("01 trường hợp", 1, "trường hợp", 1044),
    M("546.489.887 đồng", 546489887, 1046, note="line 1046: tổng kinh phí"),
    M(
        "546.489.887 đồng",
        546489887,
        1048,
        note="line 1048: kinh phí NSNN cấp bổ sung (same figure as the total)",
    ),
    M("12.784.200 đồng", 12784200, 1050, note="line 1050: kinh phí đơn vị tự chi trả"),
    C("16 lượt", 16, "lượt", 1068, note="line 1068: '16 lượt công chức, viên chức'"),
    C("01 lượt người", 1, "lượt người", 1070),
    C("14 lượt người", 14, "lượt người", 1070),
    C("01 lượt người", 1, "lượt người", 1072),
    R("6/14  vị trí", 6, 14, "vị trí", 1159, note="line 1159: two spaces before the unit"),
    R("36/36 đơn vị", 36, 36, "đơn vị", 1175),
    R(
        "36/36 " + NL + "cơ quan, đơn vị",
        36,
        36,
        "cơ quan, đơn vị",
        1250,
        note="line 1250-1252: unit on the next line",
    ),
    C("03 Dự án", 3, "Dự án", 1302),
    C("01 " + NL + "dự án", 1, "dự án", 1308, note="line 1308-1310: unit on the next line"),
    C("21 đơn vị", 21, "đơn vị", 1343),
    C("16 đơn vị", 16, "đơn vị", 1353),
    C("05 Đơn vị", 5, "Đơn vị", 1355),
    C("100 hồ sơ", 100, "hồ sơ", 1489),
    C("7 nhiệm vụ", 7, "nhiệm vụ", 1517),
    C("52 nhiệm vụ", 52, "nhiệm vụ", 1519),
    R("20/52 nhiệm vụ", 20, 52, "nhiệm vụ", 1527, note="line 1527: same plan as line 53, which says 26/52"),
]

# ------------------------------------------------------------ 002 appendix to 117/KH-SYT (score table)
PCT["002_36f90cc5eb78d7d9"] = []  # no percentage: the 'Tỷ lệ ...' rows carry score points, not percents

# ------------------------------------------------------------ 003 Lai Châu, KH giai đoạn 2026-2030
T = dict(target=True)
PCT["003_839fe06358cecadd"] = [
    P(
        "20%",
        20,
        "phòng chuyên môn, đơn vị trực thuộc Sở được kiểm tra cải cách hành chính hàng năm",
        89,
        cmp=GE,
        **T,
    ),
    P(
        "50%",
        50,
        "hoạt động kiểm tra được thực hiện thông qua môi trường số",
        91,
        cmp=GE,
        **T,
        note="line 91: 'ít nhất'",
    ),
    P("90%", 90, "Mức độ hài lòng của người dân về dịch vụ y tế công lập", 99, cmp=GE, **T),
    P(
        "95%",
        95,
        "người dân, tổ chức hài lòng với sự phục vụ của Sở",
        101,
        cmp=GE,
        **T,
        note="line 99-101: 'tối thiểu' broken across the line ('tối \\n\\nthiểu 95%')",
    ),
    P(
        "95%",
        95,
        "văn bản quy phạm pháp luật tham mưu đúng quy định",
        117,
        cmp=GT,
        **T,
        note="line 117: 'Trên 95%' under '2.1. Mục tiêu'",
    ),
    P("100%", 100, "văn bản quy phạm pháp luật đã ban hành được kiểm tra, rà soát", 123, cmp=EQ, **T),
    P(
        "100%",
        100,
        "thủ tục hành chính có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến",
        160,
        cmp=EQ,
        **T,
    ),
    P(
        "80%",
        80,
        "tỷ lệ thanh toán trực tuyến trên Cổng dịch vụ công quốc gia",
        164,
        cmp=GE,
        **T,
        note="line 164: 'đạt từ 80% trở lên'",
    ),
    P(
        "100%",
        100,
        "thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình, một phần",
        166,
        cmp=EQ,
        **T,
    ),
    P("80%", 80, "Tỷ lệ hồ sơ giải quyết trực tuyến", 170, cmp=GE, **T),
    P(
        "95%",
        95,
        "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính",
        174,
        cmp=GE,
        **T,
    ),
    P(
        "50%",
        50,
        "cắt giảm thời gian giải quyết thủ tục hành chính (so với năm 2024)",
        176,
        cmp=EQ,
        **T,
        note="line 176: a reduction rate, not a share",
    ),
    P("50%", 50, "cắt giảm chi phí tuân thủ thủ tục hành chính (so với năm 2024)", 176, cmp=EQ, **T),
    P("100%", 100, "cắt giảm điều kiện đầu tư, kinh doanh không cần thiết", 178, cmp=EQ, **T),
    P("100%", 100, "thủ tục hành chính được công bố, công khai đúng quy định", 182, cmp=EQ, **T),
    P(
        "100%",
        100,
        "hồ sơ quá hạn có văn bản xin lỗi người dân, tổ chức",
        182,
        cmp=EQ,
        **T,
        note="line 182-184: subject 'hồ \\n\\nsơ' broken across the line",
    ),
    P(
        "100%",
        100,
        "phản ánh, kiến nghị của cá nhân, tổ chức được giải quyết bảo đảm quy định",
        184,
        cmp=EQ,
        **T,
    ),
    P(
        "100%",
        100,
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        188,
        cmp=EQ,
        **T,
        note="line 188: 'đạt 100%' without 'từ'/'trở lên' -> plain target",
    ),
    P("100%", 100, "tỷ lệ cấp kết quả điện tử giải quyết thủ tục hành chính", 190, cmp=EQ, **T),
    P(
        "80%",
        80,
        "tỷ lệ khai thác, sử dụng thông tin, dữ liệu đã được số hóa trong giải quyết thủ tục hành chính",
        192,
        cmp=EQ,
        **T,
    ),
    P(
        "100%",
        100,
        "thủ tục hành chính nội bộ được thực hiện quản trị nội bộ trên môi trường điện tử",
        194,
        cmp=EQ,
        **T,
    ),
    P("70%", 70, "thủ tục hành chính được thực hiện phi địa giới hành chính", 198, cmp=EQ, **T),
    P(
        "25%",
        25,
        "lãnh đạo quản lý cấp sở có đủ khả năng làm việc trong môi trường quốc tế",
        304,
        cmp=GE,
        **T,
        note="line 304: 'Phấn đấu đạt từ 25%-35%': range, lower bound (>=)",
    ),
    P(
        "35%",
        35,
        "lãnh đạo quản lý cấp sở có đủ khả năng làm việc trong môi trường quốc tế",
        304,
        cmp=LE,
        **T,
        note="line 304: 'Phấn đấu đạt từ 25%-35%': range, upper bound (<=); judgment call",
    ),
    P(
        "30%",
        30,
        "lãnh đạo, quản lý cấp phòng thuộc sở có đủ khả năng làm việc trong môi trường quốc tế",
        306,
        cmp=GT,
        **T,
        note="line 306: 'trên 30%'",
    ),
    P(
        "100%",
        100,
        "dịch vụ công trực tuyến toàn trình được cung cấp trên nhiều phương tiện truy cập",
        383,
        cmp=EQ,
        **T,
    ),
    P("100%", 100, "hồ sơ công việc tại Sở được xử lý trên môi trường mạng", 387, cmp=EQ, **T),
    P(
        "100%",
        100,
        "văn bản điện tử được ký số và trao đổi qua hệ thống quản lý văn bản và điều hành",
        387,
        cmp=EQ,
        **T,
    ),
    P("70%", 70, "hoạt động kiểm tra của cơ quan được thực hiện thông qua môi trường số", 393, cmp=EQ, **T),
    P("100%", 100, "đơn vị khám chữa bệnh tuyến công lập sử dụng hóa đơn điện tử", 397, cmp=EQ, **T),
    P("100%", 100, "người dân đến khám bệnh, chữa bệnh được lập hồ sơ sức khỏe điện tử", 401, cmp=EQ, **T),
    P("100%", 100, "người dân sử dụng Căn cước, VNeID, VssID khi khám chữa bệnh BHYT", 405, cmp=EQ, **T),
]

# ------------------------------------------------------------ 004 Hòa Bình, KH năm 2024
PCT["004_5402a99ec6066c4b"] = []  # the plan states no figures at all


# =================================================================== machinery
def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def line_start(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos


def boundary_ok(text: str, s: int, e: int) -> bool:
    prev = text[s - 1] if s > 0 else " "
    if prev.isalnum():
        return False
    # a number may not start in the middle of another number (e.g. '0%' inside '100%', '5%' in '0,5%')
    if prev in ".," and s >= 2 and text[s - 2].isdigit():
        return False
    last = text[e - 1]
    nxt = text[e] if e < len(text) else " "
    if last.isalnum() and nxt.isalnum():
        return False
    if last.isdigit() and nxt in ".,/" and e + 1 < len(text) and text[e + 1].isdigit():
        return False
    return True


def locate(text: str, rows: list[dict], label: str) -> list[dict]:
    out = []
    cursor = 0
    for row in rows:
        raw, line = row["raw"], row["_line"]
        pos = max(cursor, line_start(text, line))
        while True:
            s = text.find(raw, pos)
            if s < 0:
                raise SystemExit(f"{label}: {raw!r} (line {line}) not found after offset {cursor}")
            if boundary_ok(text, s, s + len(raw)):
                break
            pos = s + 1
        got = line_of(text, s)
        if got != line:
            raise SystemExit(f"{label}: {raw!r} expected on line {line}, first match is on line {got}")
        e = s + len(raw)
        assert text[s:e] == raw
        rec = {"start": s, "end": e}
        rec.update({k: v for k, v in row.items() if not k.startswith("_")})
        out.append(rec)
        cursor = e
    return out


def number_of(raw: str) -> str:
    """Digits part of raw for a consistency check only."""
    m = re.match(r"\d[\d.,/]*", raw)
    assert m, raw
    return m.group(0)


def check_pct(rec: dict, label: str) -> None:
    raw = rec["raw"]
    assert raw.endswith("%"), (label, raw)
    num = raw[:-1].rstrip()
    assert re.fullmatch(r"\d+([.,]\d+)?", num), (label, raw)
    assert abs(float(num.replace(",", ".")) - rec["value"]) < 1e-9, (label, raw, rec["value"])
    assert rec["comparator"] in (None, GE, GT, LE, LT, EQ), (label, raw)
    if rec["is_target"]:
        assert rec["comparator"] is not None, (label, raw)
    else:
        assert rec["comparator"] is None, (label, raw)
    assert rec["subject"].strip() == rec["subject"] and rec["subject"], (label, raw)


def check_other(rec: dict, label: str) -> None:
    raw, kind = rec["raw"], rec["kind"]
    n = number_of(raw)
    if kind == "ratio":
        a, b = n.split("/")
        assert (int(a), int(b)) == (rec["numerator"], rec["denominator"]), (label, raw)
        assert abs(rec["value"] - int(a) / int(b)) < 1e-12, (label, raw)
    else:
        assert kind in ("count", "money"), (label, raw)
        assert rec["numerator"] is None and rec["denominator"] is None, (label, raw)
        assert "," not in n and "/" not in n, (label, raw)
        assert float(n.replace(".", "")) == rec["value"], (label, raw, rec["value"])
    if kind == "money":
        assert rec["unit"] == "đồng", (label, raw)


def covered(spans, s, e):
    return any(a <= s and e <= b for a, b in spans)


def write_jsonl(path: Path, recs: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ------------------------------------------------------------ metadata checks
def collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def iso(d):
    return dt.date.fromisoformat(d)


def check_metadata(stem: str, text: str) -> None:
    path = META / f"{stem}.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    keys = {
        "province", "agency", "level", "doc_type", "doc_number", "place", "issue_date", "title",
        "period_type", "period_year", "period_quarter", "period_start", "period_end",
        "signer_name", "signer_role", "signature_time", "notes",
    }  # fmt: skip
    assert set(m) == keys, (stem, set(m) ^ keys)
    flat = collapse(text)
    assert m["title"] == collapse(m["title"]) and m["title"] in flat, (stem, "title")
    for k in ("province", "agency", "place", "signer_name"):
        if m[k] is not None:
            assert m[k] in text, (stem, k, m[k])
    if m["signer_role"] is not None:
        for part in m["signer_role"].split(" / "):
            assert part in text, (stem, "signer_role", part)
    assert m["level"] in ("province", "department", "district", "commune", None)
    assert m["period_type"] in ("year", "half", "quarter", "month", "multi-year")
    if m["doc_number"] is not None:
        assert m["doc_number"] in re.sub(r"\s+", "", text), (stem, "doc_number")
    if m["issue_date"] is not None:
        iso(m["issue_date"])
    a, b = iso(m["period_start"]), iso(m["period_end"])
    assert a <= b
    if m["period_type"] == "multi-year":
        assert m["period_year"] is None and a.year < b.year
    else:
        assert m["period_year"] == a.year == b.year
    if m["period_type"] == "quarter":
        q = m["period_quarter"]
        assert a == dt.date(a.year, 3 * q - 2, 1), stem
    else:
        assert m["period_quarter"] is None
    if m["signature_time"] is not None:
        t = dt.datetime.fromisoformat(m["signature_time"])
        assert t.utcoffset() == dt.timedelta(hours=7)
        written = t.strftime("%Y-%m-%dT%H:%M:%S") + "+0700"
        assert written in text, (stem, "signature_time not written in trailer")
        stamps = re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0700", text)
        assert written == min(stamps), (stem, "not the earliest trailer time")
    assert m["notes"].strip()


def main() -> None:
    show_uncovered = "--uncovered" in sys.argv
    counts = {}
    for seed in sorted(SEEDS.glob("*.txt")):
        stem = seed.stem
        text = normalize_text(seed.read_text(encoding="utf-8"))
        pct = locate(text, PCT[stem], stem)
        for r in pct:
            check_pct(r, stem)
        spans = [(r["start"], r["end"]) for r in pct]
        for i, ch in enumerate(text):
            if ch == "%" and not covered(spans, i, i + 1):
                raise SystemExit(f"{stem}: '%' at line {line_of(text, i)} not covered by a gold row")
        write_jsonl(OUT / f"{stem}.jsonl", pct)
        counts[stem] = [len(pct), sum(r["is_target"] for r in pct)]
        if stem in OTHER:
            oth = locate(text, OTHER[stem], stem + " other")
            for r in oth:
                check_other(r, stem)
            ospans = [(r["start"], r["end"]) for r in oth]
            for a, b in ospans:
                assert not any(s < b and a < e for s, e in spans), (stem, "other overlaps a percent")
            write_jsonl(OUT / f"{stem[:3]}_other.jsonl", oth)
            counts[stem].append(len(oth))
            if show_uncovered:
                allspans = spans + ospans
                print(f"--- {stem}: digit tokens not covered by any row (confirm each is not a fact)")
                for mm in re.finditer(r"\d[\d.,:/\-]*\d|\d", text):
                    if not any(s <= mm.start() < e for s, e in allspans):
                        ln = line_of(text, mm.start())
                        ctx = text[max(0, mm.start() - 25) : mm.end() + 25].replace("\n", "⏎")
                        print(f"  L{ln:<5} {mm.group(0)!r:<22} …{ctx}…")
        check_metadata(stem, text)
    for stem, c in counts.items():
        extra = f", other {c[2]}" if len(c) > 2 else ""
        print(f"{stem}: {c[0]} percentages ({c[1]} targets){extra}")


if __name__ == "__main__":
    main()
