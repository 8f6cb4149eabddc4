"""Data tables and sentence templates for the synthetic CCHC sample corpus.

Everything here is data: provinces, agencies, central legal documents (real numbers
and dates only), section templates and the PAR self-assessment criteria. The logic that
fills and lays them out lives in :mod:`devtools.sample_corpus`.

Template mini-language: each section variant is a list of ``(kind, text)`` where kind is
``h1`` (roman heading), ``h2`` (``1.`` heading), ``h3`` (``a)`` heading), ``p`` (paragraph),
``b`` (``- `` bullet), ``+`` (``+ `` bullet) or ``n`` (numbered item); a trailing ``?``
marks a block that may be dropped to fit the page budget. Texts use ``str.format`` fields.
"""

from __future__ import annotations

from typing import NamedTuple


class Province(NamedTuple):
    """A province; ``merged_into`` names the 2025 merged province, None if unchanged."""

    slug: str
    name: str
    merged_into: str | None


class Agency(NamedTuple):
    """An issuing agency and the vocabulary that goes with it."""

    code: str  # used in document numbers: 45/BC-SYT
    name: str  # "Sở Y tế"
    short: str  # how the report refers to itself: "Sở", "UBND tỉnh"
    units: str  # subordinate units phrase
    unit_word: str
    fields: str  # fields of administrative procedures
    tthc: tuple[int, int]  # number of procedures under the agency
    dossiers: tuple[int, int]  # dossiers received per year
    n_units: tuple[int, int]
    n_depts: tuple[int, int]
    office: str  # "Lưu: VT, VP."
    recipients: tuple[str, ...]


PROVINCES: tuple[Province, ...] = (
    Province("laichau", "Lai Châu", None),
    Province("sonla", "Sơn La", None),
    Province("hoabinh", "Hòa Bình", "Phú Thọ"),
    Province("quangninh", "Quảng Ninh", None),
    Province("caobang", "Cao Bằng", None),
    Province("hagiang", "Hà Giang", "Tuyên Quang"),
    Province("dienbien", "Điện Biên", None),
    Province("quangbinh", "Quảng Bình", "Quảng Trị"),
    Province("backan", "Bắc Kạn", "Thái Nguyên"),
    Province("kontum", "Kon Tum", "Quảng Ngãi"),
)

AGENCIES: dict[str, Agency] = {
    "SYT": Agency(
        "SYT",
        "Sở Y tế",
        "Sở",
        "các đơn vị trực thuộc",
        "đơn vị",
        "khám bệnh, chữa bệnh; dược, mỹ phẩm; an toàn thực phẩm; y tế dự phòng",
        (140, 190),
        (900, 3200),
        (14, 28),
        (5, 8),
        "VP",
        ("UBND tỉnh (b/c);", "Sở Nội vụ (tổng hợp);", "Giám đốc, các PGĐ Sở;", "Các phòng, đơn vị thuộc Sở;"),
    ),
    "SNV": Agency(
        "SNV",
        "Sở Nội vụ",
        "Sở",
        "các phòng, đơn vị thuộc Sở",
        "phòng, đơn vị",
        "tổ chức bộ máy; công chức, viên chức; thi đua, khen thưởng; văn thư, lưu trữ",
        (80, 115),
        (300, 950),
        (6, 10),
        (5, 7),
        "VT, CCHC",
        ("Bộ Nội vụ (b/c);", "UBND tỉnh (b/c);", "Lãnh đạo Sở;", "Các phòng, đơn vị thuộc Sở;"),
    ),
    "STP": Agency(
        "STP",
        "Sở Tư pháp",
        "Sở",
        "các phòng, đơn vị thuộc Sở",
        "phòng, đơn vị",
        "hộ tịch; lý lịch tư pháp; công chứng; luật sư; trợ giúp pháp lý",
        (120, 150),
        (6000, 18000),
        (5, 8),
        (4, 6),
        "VT, VP",
        ("UBND tỉnh (b/c);", "Sở Nội vụ (tổng hợp);", "Giám đốc, các PGĐ Sở;", "Các phòng, đơn vị thuộc Sở;"),
    ),
    "UBND": Agency(
        "UBND",
        "Ủy ban nhân dân tỉnh",
        "UBND tỉnh",
        "các sở, ban, ngành, UBND cấp huyện",
        "cơ quan, đơn vị",
        "đất đai; đầu tư; xây dựng; tư pháp; lao động - thương binh và xã hội",
        (1700, 2000),
        (120000, 380000),
        (28, 34),
        (18, 22),
        "VT, NC",
        (
            "Bộ Nội vụ (b/c);",
            "Văn phòng Chính phủ (b/c);",
            "TT Tỉnh ủy, TT HĐND tỉnh;",
            "Chủ tịch, các PCT UBND tỉnh;",
            "Các sở, ban, ngành tỉnh;",
            "UBND các huyện, thành phố;",
        ),
    ),
}

# key: (kind, number, date "d/m/yyyy" or None when not certain, issuer, subject)
CENTRAL_DOCS: dict[str, tuple[str, str, str | None, str, str]] = {
    "nq76": (
        "Nghị quyết",
        "76/NQ-CP",
        "15/7/2021",
        "của Chính phủ",
        "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030",
    ),
    "nd61": (
        "Nghị định",
        "61/2018/NĐ-CP",
        "23/4/2018",
        "của Chính phủ",
        "về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    ),
    "nd107": (
        "Nghị định",
        "107/2021/NĐ-CP",
        "6/12/2021",
        "của Chính phủ",
        "sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
    ),
    "tt01": (
        "Thông tư",
        "01/2018/TT-VPCP",
        "23/11/2018",
        "của Văn phòng Chính phủ",
        "hướng dẫn thi hành một số quy định của Nghị định số 61/2018/NĐ-CP",
    ),
    "qd468": (
        "Quyết định",
        "468/QĐ-TTg",
        "27/3/2021",
        "của Thủ tướng Chính phủ",
        "phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông "
        "trong giải quyết thủ tục hành chính",
    ),
    "nd45": (
        "Nghị định",
        "45/2020/NĐ-CP",
        "8/4/2020",
        "của Chính phủ",
        "về thực hiện thủ tục hành chính trên môi trường điện tử",
    ),
    "qd06": (
        "Quyết định",
        "06/QĐ-TTg",
        "6/1/2022",
        "của Thủ tướng Chính phủ",
        "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực "
        "điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022-2025, tầm nhìn đến năm 2030",
    ),
    "ct27": ("Chỉ thị", "27/CT-TTg", None, "của Thủ tướng Chính phủ", ""),
    "qd1085": (
        "Quyết định",
        "1085/QĐ-TTg",
        "15/9/2022",
        "của Thủ tướng Chính phủ",
        "ban hành Kế hoạch rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ "
        "thống hành chính nhà nước giai đoạn 2022-2025",
    ),
    "nd63": ("Nghị định", "63/2010/NĐ-CP", "8/6/2010", "của Chính phủ", "về kiểm soát thủ tục hành chính"),
    "nd92": (
        "Nghị định",
        "92/2017/NĐ-CP",
        "7/8/2017",
        "của Chính phủ",
        "sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính",
    ),
    "nd34": (
        "Nghị định",
        "34/2016/NĐ-CP",
        "14/5/2016",
        "của Chính phủ",
        "quy định chi tiết một số điều và biện pháp thi hành Luật Ban hành văn bản quy phạm pháp luật",
    ),
    "nd154": (
        "Nghị định",
        "154/2020/NĐ-CP",
        "31/12/2020",
        "của Chính phủ",
        "sửa đổi, bổ sung một số điều của Nghị định số 34/2016/NĐ-CP",
    ),
    "nd90": (
        "Nghị định",
        "90/2020/NĐ-CP",
        "13/8/2020",
        "của Chính phủ",
        "về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
    ),
    "nd48": (
        "Nghị định",
        "48/2023/NĐ-CP",
        "17/7/2023",
        "của Chính phủ",
        "sửa đổi, bổ sung một số điều của Nghị định số 90/2020/NĐ-CP",
    ),
    "nd138": (
        "Nghị định",
        "138/2020/NĐ-CP",
        "27/11/2020",
        "của Chính phủ",
        "quy định về tuyển dụng, sử dụng và quản lý công chức",
    ),
    "nd115": (
        "Nghị định",
        "115/2020/NĐ-CP",
        "25/9/2020",
        "của Chính phủ",
        "quy định về tuyển dụng, sử dụng và quản lý viên chức",
    ),
    "nd62": (
        "Nghị định",
        "62/2020/NĐ-CP",
        "1/6/2020",
        "của Chính phủ",
        "về vị trí việc làm và biên chế công chức",
    ),
    "nd106": (
        "Nghị định",
        "106/2020/NĐ-CP",
        "10/9/2020",
        "của Chính phủ",
        "về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp công lập",
    ),
    "nd120": (
        "Nghị định",
        "120/2020/NĐ-CP",
        "7/10/2020",
        "của Chính phủ",
        "quy định về thành lập, tổ chức lại, giải thể đơn vị sự nghiệp công lập",
    ),
    "nd29": ("Nghị định", "29/2023/NĐ-CP", "3/6/2023", "của Chính phủ", "quy định về tinh giản biên chế"),
    "nd60": (
        "Nghị định",
        "60/2021/NĐ-CP",
        "21/6/2021",
        "của Chính phủ",
        "quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập",
    ),
    "nd130": (
        "Nghị định",
        "130/2005/NĐ-CP",
        "17/10/2005",
        "của Chính phủ",
        "quy định chế độ tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí "
        "quản lý hành chính đối với các cơ quan nhà nước",
    ),
    "nd32": (
        "Nghị định",
        "32/2019/NĐ-CP",
        "10/4/2019",
        "của Chính phủ",
        "quy định giao nhiệm vụ, đặt hàng hoặc đấu thầu cung cấp sản phẩm, dịch vụ công "
        "sử dụng ngân sách nhà nước từ nguồn kinh phí chi thường xuyên",
    ),
    "nd42": (
        "Nghị định",
        "42/2022/NĐ-CP",
        "24/6/2022",
        "của Chính phủ",
        "quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà "
        "nước trên môi trường mạng",
    ),
    "nd59": (
        "Nghị định",
        "59/2022/NĐ-CP",
        "5/9/2022",
        "của Chính phủ",
        "quy định về định danh và xác thực điện tử",
    ),
    "nd30": ("Nghị định", "30/2020/NĐ-CP", "5/3/2020", "của Chính phủ", "về công tác văn thư"),
    "tt01_2023": (
        "Thông tư",
        "01/2023/TT-VPCP",
        "5/4/2023",
        "của Văn phòng Chính phủ",
        "quy định một số nội dung và biện pháp thi hành trong số hóa hồ sơ, kết quả "
        "giải quyết thủ tục hành chính và thực hiện thủ tục hành chính trên môi "
        "trường điện tử",
    ),
    "qd749": (
        "Quyết định",
        "749/QĐ-TTg",
        "3/6/2020",
        "của Thủ tướng Chính phủ",
        "phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030",
    ),
    "qd942": (
        "Quyết định",
        "942/QĐ-TTg",
        None,
        "của Thủ tướng Chính phủ",
        "phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai "
        "đoạn 2021-2025, định hướng đến năm 2030",
    ),
    "qd876": (
        "Quyết định",
        "876/QĐ-BNV",
        None,
        "của Bộ Nội vụ",
        "phê duyệt Đề án xác định Chỉ số cải cách hành chính của các bộ, cơ quan ngang "
        "bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    ),
    "nq18": (
        "Nghị quyết",
        "18-NQ/TW",
        "25/10/2017",
        "của Ban Chấp hành Trung ương Đảng",
        "về một số vấn đề tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị "
        "tinh gọn, hoạt động hiệu lực, hiệu quả",
    ),
    "nq19": (
        "Nghị quyết",
        "19-NQ/TW",
        "25/10/2017",
        "của Ban Chấp hành Trung ương Đảng",
        "về tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả "
        "hoạt động của các đơn vị sự nghiệp công lập",
    ),
    "kl28": (
        "Kết luận",
        "28-KL/TW",
        "21/2/2022",
        "của Bộ Chính trị",
        "về tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức",
    ),
    "kl40": (
        "Kết luận",
        "40-KL/TW",
        "18/7/2022",
        "của Bộ Chính trị",
        "về nâng cao hiệu quả công tác quản lý biên chế của hệ thống chính trị giai đoạn 2022-2026",
    ),
}

SURNAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Đỗ",
    "Lò",
    "Lường",
    "Cầm",
    "Giàng",
    "Vàng",
    "Hà",
    "Nông",
    "Triệu",
    "Quàng",
    "Đinh",
)
MIDDLE_NAMES = ("Văn", "Thị", "Đức", "Minh", "Quang", "Ngọc", "Hữu", "Xuân", "Kim", "Công")
GIVEN_NAMES = (
    "Hùng",
    "Lan",
    "Tuấn",
    "Hạnh",
    "Dũng",
    "Phương",
    "Sơn",
    "Mai",
    "Cường",
    "Thảo",
    "Bình",
    "Hiền",
    "Khánh",
    "Long",
    "Nga",
    "Tùng",
    "Yến",
    "Chiến",
)

PERIODS: dict[str, tuple[str, str, float]] = {
    # code: (label template, next-period label template, share of a year)
    "year": ("năm {y}", "năm {y1}", 1.0),
    "h1": ("6 tháng đầu năm {y}", "6 tháng cuối năm {y}", 0.5),
    "q1": ("quý I năm {y}", "quý II năm {y}", 0.25),
    "q2": ("quý II năm {y}", "quý III năm {y}", 0.25),
    "q3": ("quý III năm {y}", "quý IV năm {y}", 0.25),
}

ERROR_CODES = (
    "truncated_date",
    "impossible_date",
    "number_year_mismatch",
    "same_number_different_dates",
    "cited_after_report",
    "subtotal_mismatch",
    "percent_mismatch",
    "score_sum_mismatch",
    "misprinted_number",
    "party_number_in_state_form",
    "number_without_year",
    "same_number_different_titles",
)
# Number errors: the central document whose number is printed wrongly, and how it is printed
NUMBER_PLANTS: dict[str, tuple[str, str, str]] = {
    "misprinted_number": ("nd34", "34/21.06/NĐ-CP", "the year 2016 printed as '21.06'"),
    "party_number_in_state_form": ("nq18", "18/NQ-TW", "a Party resolution numbered government-style"),
    "number_without_year": ("nd61", "61/NĐ-CP", "a decree number without its year"),
}
PLAN_ERROR_CODES = (
    "truncated_date",
    "impossible_date",
    "number_year_mismatch",
    "same_number_different_dates",
    "score_sum_mismatch",
)

SYNTHETIC_NOTE = "(Tài liệu mẫu tổng hợp)"

# --------------------------------------------------------------------------- report
REPORT_INTRO = (
    "Thực hiện {plan_ref} về cải cách hành chính năm {year}; {guide_ref} về chế độ báo cáo "
    "cải cách hành chính định kỳ, "
    "{agency} báo cáo kết quả thực hiện công tác cải cách hành chính {period} như sau:",
    "Căn cứ {plan_ref} ban hành Kế hoạch cải cách hành chính năm {year}; thực hiện "
    "{guide_ref} hướng dẫn báo cáo định kỳ, {agency} tổng hợp kết quả công tác cải cách "
    "hành chính {period} như sau:",
)
REPORT_INTRO_UBND = (
    "Thực hiện {cf[nq76]} và {plan_ref} về cải cách hành chính năm {year}, Ủy ban nhân dân "
    "tỉnh {province} báo cáo kết quả thực hiện công tác cải cách hành "
    "chính {period} như sau:",
)

CHI_DAO = (
    [
        ("h1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        ("h2", "Công tác ban hành kế hoạch và văn bản chỉ đạo"),
        (
            "p",
            "Trên cơ sở {plan_ref2}, {agency} đã ban hành {own_plan} về cải cách hành chính "
            "năm {year}, xác định {n_tasks} nhiệm vụ cụ thể, phân công rõ đơn vị chủ trì và thời "
            "hạn hoàn thành. Đến thời điểm báo cáo đã hoàn thành {done_tasks}/{n_tasks} nhiệm vụ.",
        ),
        (
            "p",
            "Ban Chỉ đạo cải cách hành chính được kiện toàn tại {own_qd}; kết quả thực hiện "
            "nhiệm vụ cải cách hành chính được gắn với bình xét thi đua và đánh giá người đứng "
            "đầu {units}.",
        ),
        (
            "p?",
            "Trong kỳ, {short} được {assigner} giao {assigned} nhiệm vụ; đã hoàn thành "
            "{assigned_done} nhiệm vụ (đúng hạn {assigned_ontime}), đang thực hiện trong hạn "
            "{assigned_open} nhiệm vụ.",
        ),
        ("h2", "Công tác kiểm tra, tuyên truyền cải cách hành chính"),
        (
            "p",
            "Căn cứ {prov_kt} về kiểm tra công tác cải cách hành chính, {short} đã tổ chức "
            "kiểm tra {checked}/{n_units} {unit_word} ({checked_pct}%), chỉ ra {issues} tồn tại, "
            "hạn chế; đến nay đã khắc phục xong {fixed}/{issues} nội dung.",
        ),
        (
            "b?",
            "Đăng tải {news} tin, bài về cải cách hành chính trên Trang thông tin điện tử; "
            "lồng ghép tuyên truyền về Chỉ số PAR INDEX, SIPAS trong các buổi giao ban.",
        ),
    ],
    [
        ("h1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
        (
            "p",
            "Ngay từ đầu năm, {agency} đã cụ thể hóa {plan_ref2} bằng {own_plan}, gồm "
            "{n_tasks} nhiệm vụ cụ thể; lũy kế đến ngày báo cáo, {done_tasks}/{n_tasks} nhiệm "
            "vụ đã hoàn thành, đạt {tasks_pct}%. Ban Chỉ đạo cải cách hành chính được kiện toàn "
            "tại {own_qd}.",
        ),
        (
            "b",
            "Thực hiện {prov_kt}, {short} đã kiểm tra {checked}/{n_units} {unit_word}, phát "
            "hiện {issues} nội dung cần chấn chỉnh và đã khắc phục {fixed}/{issues} nội dung.",
        ),
        (
            "b?",
            "Đăng tải {news} tin, bài trên Trang thông tin điện tử; tổ chức {conf} hội nghị "
            "với {conf_people} lượt người tham dự.",
        ),
        (
            "b?",
            "Tổng số nhiệm vụ {assigner} giao trong kỳ là {assigned}; đã hoàn thành "
            "{assigned_done}, trong đó đúng hạn {assigned_ontime}; đang triển khai trong hạn "
            "{assigned_open} nhiệm vụ.",
        ),
    ],
)

THE_CHE = (
    [
        ("h2", "Cải cách thể chế"),
        (
            "b",
            "Tham mưu xây dựng {qppl_drafted} văn bản quy phạm pháp luật; quy trình soạn "
            "thảo, thẩm định thực hiện đúng Luật Ban hành văn bản quy phạm pháp luật năm 2015 và "
            "{c[nd34]}.",
        ),
        (
            "b?",
            "Rà soát {qppl_reviewed} văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành; "
            "kiến nghị sửa đổi {qppl_amend} văn bản, bãi bỏ {qppl_repeal} văn bản.",
        ),
    ],
    [
        ("h2", "Cải cách thể chế"),
        (
            "p",
            "Công tác xây dựng văn bản được thực hiện theo {cf[nd34]}; trong kỳ chủ trì soạn "
            "thảo {qppl_drafted} dự thảo, tham gia góp ý {qppl_comments} dự thảo văn bản.",
        ),
        (
            "p?",
            "Đã rà soát {qppl_reviewed} văn bản, đề xuất sửa đổi {qppl_amend} văn bản và bãi "
            "bỏ {qppl_repeal} văn bản không còn phù hợp.",
        ),
    ],
)

TTHC = (
    [
        ("h2", "Cải cách thủ tục hành chính"),
        (
            "p",
            "Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết là {tthc_total} thủ tục; "
            "trong kỳ đã công bố {tthc_new} thủ tục mới, {tthc_amended} thủ tục sửa đổi, bổ sung "
            "và bãi bỏ {tthc_abolished} thủ tục. 100% thủ tục được công khai trên Cổng Dịch vụ "
            "công của tỉnh.",
        ),
        (
            "p",
            "Việc tiếp nhận, giải quyết hồ sơ thực hiện theo {c[nd61]} và {c[nd107]}. "
            "{dossier_sentence} Tỷ lệ hồ sơ nộp trực tuyến đạt {online_pct}%.",
        ),
        (
            "b?",
            "Tiếp nhận {pakn} phản ánh, kiến nghị, đã xử lý {pakn_done}/{pakn}; khảo sát "
            "{survey} phiếu, tỷ lệ hài lòng chung đạt {satisfaction}%.",
        ),
        (
            "b?",
            "Thực hiện {c[qd1085]}, đã rà soát {internal_reviewed} thủ tục hành chính nội bộ, "
            "đề xuất đơn giản hóa {internal_simplified} thủ tục.",
        ),
    ],
    [
        ("h2", "Cải cách thủ tục hành chính"),
        (
            "b",
            "Duy trì công khai {tthc_total} thủ tục hành chính; công bố mới {tthc_new} thủ tục, "
            "sửa đổi {tthc_amended} thủ tục, bãi bỏ {tthc_abolished} thủ tục.",
        ),
        ("b", "Thực hiện cơ chế một cửa, một cửa liên thông theo {cf[nd61]}. {dossier_sentence}"),
        (
            "+",
            "Hồ sơ trực tuyến chiếm {online_pct}%; {dvc_full} dịch vụ công được cung cấp trực "
            "tuyến toàn trình; khảo sát {survey} phiếu, tỷ lệ hài lòng đạt {satisfaction}%.",
        ),
        (
            "+?",
            "Tiếp nhận {pakn} phản ánh, kiến nghị, đã xử lý {pakn_done}/{pakn}; đã gửi thư "
            "xin lỗi đối với {late} hồ sơ trễ hẹn.",
        ),
        ("b?", "Tiếp tục triển khai {c[qd468]}."),
    ],
)

DOSSIER_SENTENCE = (
    "Trong kỳ, {short} tiếp nhận {received} hồ sơ, đã giải quyết {resolved} hồ sơ, đang "
    "giải quyết {pending} hồ sơ, từ chối, trả lại {rejected} hồ sơ; số hồ sơ giải quyết đúng "
    "hạn là {ontime}/{resolved} hồ sơ, đạt {ontime_pct}%."
)

BO_MAY = (
    [
        ("h2", "Cải cách tổ chức bộ máy hành chính nhà nước"),
        (
            "p",
            "Cơ cấu tổ chức gồm {n_depts} phòng chuyên môn và {n_units} {unit_word}. Thực "
            "hiện {c[nq18]}, {short} tiếp tục rà soát chức năng, nhiệm vụ, giảm {units_cut} đầu "
            "mối bên trong. Biên chế được giao {bc_assigned}, có mặt {bc_present} người; tinh "
            "giản {streamlined} người theo {c[slim]}.",
        ),
    ],
    [
        ("h2", "Cải cách tổ chức bộ máy hành chính nhà nước"),
        ("b", "Tiếp tục thực hiện {c[kl40]}; giảm {units_cut} đầu mối bên trong."),
        (
            "b",
            "Biên chế được giao {bc_assigned}, có mặt {bc_present}; tinh giản {streamlined} "
            "người theo {c[slim]}.",
        ),
        ("b?", "Đề án vị trí việc làm được điều chỉnh theo {c[nd62]}."),
    ],
)

CONG_VU = (
    [
        ("h2", "Cải cách chế độ công vụ"),
        (
            "p",
            "Thực hiện {c[eval]}, kết quả đánh giá năm {prev_year} đối với {cc_eval} công "
            "chức, viên chức: hoàn thành xuất sắc nhiệm vụ {cc_x} người ({cc_x_pct}%), hoàn "
            "thành tốt nhiệm vụ {cc_t} người ({cc_t_pct}%), hoàn thành nhiệm vụ {cc_h} người, "
            "không hoàn thành nhiệm vụ {cc_k} người.",
        ),
        ("p?", "Trong kỳ cử {trained} lượt công chức, viên chức tham gia đào tạo, bồi dưỡng; {discipline}"),
    ],
    [
        ("h2", "Cải cách chế độ công vụ"),
        (
            "b",
            "Đánh giá, xếp loại theo {c[eval]}: tổng số {cc_eval} người, hoàn thành xuất sắc "
            "{cc_x} ({cc_x_pct}%), hoàn thành tốt {cc_t} ({cc_t_pct}%), hoàn thành {cc_h}, "
            "không hoàn thành {cc_k}.",
        ),
        (
            "b?",
            "Cử {trained} lượt người tham gia đào tạo, bồi dưỡng; tuyển dụng {recruited} "
            "người theo {c[nd115]}.",
        ),
    ],
)

DISCIPLINE = (
    "không có trường hợp vi phạm kỷ luật, kỷ cương hành chính.",
    "đã xem xét, xử lý kỷ luật {disciplined} trường hợp vi phạm kỷ luật, kỷ cương hành chính.",
)

TAI_CHINH = (
    [
        ("h2", "Cải cách tài chính công"),
        (
            "p",
            "Tổng dự toán chi ngân sách năm {year} là {budget}; giải ngân đạt {disb_pct}% kế "
            "hoạch vốn, tiết kiệm chi thường xuyên {saving}. Thực hiện {c[nd60]}, có "
            "{autonomous}/{n_units} {unit_word} tự bảo đảm chi thường xuyên.",
        ),
        (
            "p?",
            "Tổng thu nhập tăng thêm chi trả cho người lao động là {income}; khoán kinh phí "
            "quản lý hành chính theo {c[nd130]}.",
        ),
    ],
    [
        ("h2", "Cải cách tài chính công"),
        (
            "b",
            "Dự toán ngân sách năm {year} được giao {budget}, giải ngân đạt {disb_pct}%; tiết "
            "kiệm {saving} để thực hiện cải cách tiền lương.",
        ),
        (
            "b",
            "{autonomous}/{n_units} {unit_word} được giao quyền tự chủ tài chính theo "
            "{c[nd60]}; thu nhập tăng thêm chi trả {income}.",
        ),
    ],
)

SO_HOA = (
    [
        ("h2", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
        (
            "p",
            "100% văn bản đi, đến được xử lý trên phần mềm quản lý văn bản; tỷ lệ văn bản "
            "điện tử được ký số đạt {esign_pct}%. Cung cấp {dvc_full} dịch vụ công trực tuyến "
            "toàn trình và {dvc_partial} dịch vụ công một phần theo {c[nd42]}; thực hiện "
            "{c[qd06]}, tích hợp {vneid} thủ tục với tài khoản định danh điện tử.",
        ),
        ("p?", "Tỷ lệ hồ sơ được số hóa khi tiếp nhận đạt {digitized_pct}% theo {c[digit]}."),
    ],
    [
        ("h2", "Xây dựng và phát triển chính quyền điện tử, chính quyền số"),
        ("b", "Tỷ lệ văn bản trao đổi dưới dạng điện tử đạt {edoc_pct}%, ký số đạt {esign_pct}%."),
        (
            "b",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo {c[digit]} đạt "
            "{digitized_pct}%; {vneid} dịch vụ công đã tích hợp định danh điện tử theo "
            "{c[qd06]}.",
        ),
        ("b?", "Duy trì Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại {iso_units} {unit_word}."),
    ],
)

DANH_GIA = (
    [
        ("h1", "ĐÁNH GIÁ CHUNG"),
        ("h2", "Ưu điểm"),
        (
            "p",
            "Công tác cải cách hành chính {period} được triển khai đồng bộ, có trọng tâm; "
            "tỷ lệ hồ sơ đúng hạn và mức độ hài lòng của người dân, tổ chức duy trì ở mức cao.",
        ),
        ("h2", "Tồn tại, hạn chế và nguyên nhân"),
        (
            "b",
            "Tỷ lệ hồ sơ trực tuyến toàn trình ở một số lĩnh vực còn thấp; người dân vẫn quen "
            "nộp hồ sơ trực tiếp.",
        ),
        (
            "b?",
            "Hạ tầng công nghệ thông tin tại một số {unit_word} chưa đáp ứng yêu cầu; công "
            "chức làm công tác cải cách hành chính chủ yếu kiêm nhiệm.",
        ),
    ],
    [
        ("h1", "ĐÁNH GIÁ CHUNG"),
        (
            "p",
            "Các nhiệm vụ cải cách hành chính được triển khai đúng kế hoạch. Tuy nhiên, "
            "việc tuyên truyền chưa đa dạng, một số {unit_word} còn chậm gửi báo cáo, tỷ lệ "
            "thanh toán trực tuyến phí, lệ phí còn thấp.",
        ),
        (
            "p?",
            "Nguyên nhân chủ yếu là khối lượng công việc chuyên môn lớn, nhân lực mỏng, "
            "trang thiết bị phục vụ số hóa còn thiếu.",
        ),
    ],
)

PHUONG_HUONG = (
    (
        "n",
        "Triển khai đầy đủ các nhiệm vụ tại Kế hoạch cải cách hành chính năm {year}; phấn "
        "đấu hoàn thành 100% nhiệm vụ đúng thời hạn.",
    ),
    (
        "n",
        "Rà soát, công bố, công khai kịp thời thủ tục hành chính; nâng tỷ lệ hồ sơ giải quyết "
        "đúng hạn đạt từ 98% trở lên.",
    ),
    (
        "n",
        "Đẩy mạnh dịch vụ công trực tuyến toàn trình, số hóa hồ sơ và thanh toán trực tuyến theo {c[nd45]}.",
    ),
    ("n?", "Thực hiện nghiêm {c[ct27]}; tăng cường kỷ luật, kỷ cương hành chính."),
    ("n?", "Hoàn thành tự đánh giá, chấm điểm Chỉ số cải cách hành chính theo {c[qd876]}."),
)

KIEN_NGHI = (
    ("h1?", "KIẾN NGHỊ, ĐỀ XUẤT"),
    (
        "p?",
        "Đề nghị bố trí kinh phí nâng cấp trang thiết bị phục vụ số hóa và tập huấn nghiệp "
        "vụ cho công chức làm công tác cải cách hành chính.",
    ),
)

REPORT_CLOSING = (
    "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {period} của {agency_full}./.",
    "Trên đây là báo cáo công tác cải cách hành chính {period}; {agency_full} trân trọng báo cáo./.",
)

# --------------------------------------------------------------------------- plan
PLAN_INTRO = (
    "Căn cứ {cf[nq76]}; thực hiện {plan_ref} về cải cách hành chính năm {year}, {agency} xây dựng Kế hoạch cải cách hành chính năm {year} "
    "như sau:",
)

PLAN_BODY = [
    ("h1", "MỤC ĐÍCH, YÊU CẦU"),
    ("h2", "Mục đích"),
    (
        "b",
        "Triển khai đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính của tỉnh; lấy sự hài "
        "lòng của người dân, tổ chức làm thước đo chất lượng phục vụ.",
    ),
    (
        "b?",
        "Nâng cao vai trò, trách nhiệm của người đứng đầu {units} trong chỉ đạo, tổ chức "
        "thực hiện cải cách hành chính.",
    ),
    ("h2", "Yêu cầu"),
    (
        "b",
        "Nhiệm vụ phải cụ thể, có sản phẩm, thời hạn và đơn vị chủ trì; gắn kết quả thực hiện "
        "với bình xét thi đua cuối năm.",
    ),
    ("h1", "MỤC TIÊU, CHỈ TIÊU"),
    (
        "b",
        "100% thủ tục hành chính được công bố, công khai đúng quy định; tỷ lệ hồ sơ giải "
        "quyết đúng hạn phấn đấu đạt tối thiểu {t_ontime}%.",
    ),
    (
        "b",
        "Tỷ lệ hồ sơ nộp trực tuyến đạt từ {t_online}% trở lên; tỷ lệ số hóa hồ sơ, kết quả "
        "giải quyết thủ tục hành chính đạt tối thiểu {t_digit}%.",
    ),
    (
        "b",
        "Mức độ hài lòng của người dân, tổ chức đạt tối thiểu {t_satis}%; kiểm tra tối thiểu "
        "{t_check}% {unit_word} trong năm.",
    ),
    (
        "b",
        "Chỉ số cải cách hành chính năm {year} phấn đấu đạt từ {t_score} điểm trở lên, tăng "
        "ít nhất {t_rank} bậc so với năm {prev_year}.",
    ),
    ("h1", "NHIỆM VỤ, GIẢI PHÁP"),
    ("h2", "Công tác chỉ đạo, điều hành"),
    (
        "b",
        "Kiện toàn Ban Chỉ đạo cải cách hành chính theo {own_qd}; ban hành kế hoạch kiểm tra "
        "trên cơ sở {prov_kt}.",
    ),
    ("h2", "Cải cách thể chế"),
    ("b", "Xây dựng, rà soát văn bản quy phạm pháp luật theo {cf[nd34]}, bảo đảm tiến độ và chất lượng."),
    ("h2", "Cải cách thủ tục hành chính"),
    ("b", "Thực hiện cơ chế một cửa, một cửa liên thông theo {c[nd61]} và {c[nd107]}; thực hiện {c[qd468]}."),
    ("b?", "Rà soát, đơn giản hóa thủ tục hành chính nội bộ theo {c[qd1085]}."),
    ("h2", "Cải cách tổ chức bộ máy"),
    ("b", "Tiếp tục sắp xếp tổ chức bộ máy theo {c[nq18]}; quản lý biên chế theo {c[kl40]}."),
    ("h2", "Cải cách chế độ công vụ"),
    ("b", "Đánh giá, xếp loại công chức, viên chức theo {c[eval]}; tuyển dụng theo {c[nd138]}."),
    ("h2", "Cải cách tài chính công"),
    ("b", "Thực hiện cơ chế tự chủ tài chính theo {c[nd60]}; công khai ngân sách đúng quy định."),
    ("h2", "Xây dựng chính quyền điện tử, chính quyền số"),
    ("b", "Cung cấp dịch vụ công trực tuyến theo {c[nd42]}; thực hiện {c[qd06]}."),
    ("b?", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo {c[digit]}."),
    ("h1", "KINH PHÍ THỰC HIỆN"),
    (
        "p",
        "Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách nhà nước giao năm {year}, "
        "dự kiến {plan_budget}.",
    ),
    ("h1", "TỔ CHỨC THỰC HIỆN"),
    (
        "b",
        "Các phòng, đơn vị căn cứ {plan_ref2} và Kế hoạch này xây dựng kế hoạch "
        "chi tiết, báo cáo kết quả trước ngày 15/6/{year} và 15/11/{year}.",
    ),
    (
        "b?",
        "Văn phòng là đầu mối theo dõi, tổng hợp, tham mưu chấm điểm Chỉ số cải cách hành "
        "chính theo {c[qd876]}.",
    ),
]

PLAN_CLOSING = (
    "Trên đây là Kế hoạch cải cách hành chính năm {year} của {agency_full}; trong quá trình "
    "thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo để xem xét, điều "
    "chỉnh./.",
)

# --------------------------------------------------------------------------- cover letter
LETTER_BODY = (
    "Thực hiện {guide_ref} về việc báo cáo định kỳ công tác cải cách hành chính, {agency} gửi kèm theo Công văn này Báo cáo số {report_number} về kết quả thực "
    "hiện công tác cải cách hành chính {period}.",
    "Một số kết quả chính: tiếp nhận {received} hồ sơ thủ tục hành chính, tỷ lệ giải quyết "
    "đúng hạn đạt {ontime_pct}%; tỷ lệ hồ sơ trực tuyến đạt {online_pct}%; hoàn thành "
    "{done_tasks}/{n_tasks} nhiệm vụ theo kế hoạch.",
    "Đề nghị {recipient_short} tổng hợp, theo dõi. {agency} trân trọng báo cáo./.",
)

# --------------------------------------------------------------------------- score table
# (code, title, max points); a code with one dot-free part is a domain (parent row).
SCORE_CRITERIA: tuple[tuple[str, str, float], ...] = (
    ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", 0),
    ("1.1", "Kế hoạch cải cách hành chính năm", 2),
    ("1.2", "Công tác kiểm tra cải cách hành chính", 2),
    ("1.3", "Công tác tuyên truyền cải cách hành chính", 1.5),
    ("1.4", "Thực hiện nhiệm vụ được UBND tỉnh giao", 4),
    ("2", "CẢI CÁCH THỂ CHẾ", 0),
    ("2.1", "Xây dựng văn bản quy phạm pháp luật", 3),
    ("2.2", "Rà soát, hệ thống hóa văn bản QPPL", 2.5),
    ("2.3", "Theo dõi tình hình thi hành pháp luật", 3),
    ("3", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", 0),
    ("3.1", "Kiểm soát quy định thủ tục hành chính", 2.5),
    ("3.2", "Công bố, công khai thủ tục hành chính", 1.5),
    ("3.3", "Thực hiện cơ chế một cửa, một cửa liên thông", 7),
    ("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị", 1.5),
    ("4", "CẢI CÁCH TỔ CHỨC BỘ MÁY", 0),
    ("4.1", "Thực hiện quy định về tổ chức bộ máy", 3),
    ("4.2", "Quản lý, sử dụng biên chế", 2),
    ("5", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", 0),
    ("5.1", "Vị trí việc làm và cơ cấu ngạch", 2),
    ("5.2", "Đánh giá, phân loại công chức, viên chức", 1.5),
    ("5.3", "Đào tạo, bồi dưỡng", 1.5),
    ("6", "CẢI CÁCH TÀI CHÍNH CÔNG", 0),
    ("6.1", "Công tác tài chính - ngân sách", 3),
    ("6.2", "Tự chủ tại đơn vị sự nghiệp công lập", 2.5),
    ("7", "CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", 0),
    ("7.1", "Ứng dụng CNTT trong hoạt động nội bộ", 4),
    ("7.2", "Cung cấp dịch vụ công trực tuyến", 4.5),
    ("7.3", "Áp dụng ISO 9001:2015", 2.5),
)

TCVN3_LOWER = (
    "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ",
    "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\xadøõö÷ùýúûüþ",
)
TCVN3_UPPER = ("ĂÂĐÊÔƠƯ", "¡¢§£¤¥¦")
GARBAGE_SYMBOLS = "¤¦§©«¬®°±²³µ¶·¹º»¼½¾¿ÆÐ×ØÞßæð÷øþĦħŁłŒœŠšŽžƒ†‡•‰‹›€™ΩΣΦΨ∂∆∏∑√∞≈≠≤≥"

# Bundled sample: stem, kind, province slug, agency, doc type, period, year, errors, options
# options: "table" (PAR score table appendix), "blank" (blank number and day),
# "dotpct" (decimal point in percentages), "tcvn3"/"symbols" (garbage text layer flavour)
BUNDLE: tuple[tuple[str, str, str, str, str, str, int, tuple[str, ...], str], ...] = (
    (
        "laichau_syt_bc_6thang_2023",
        "digital",
        "laichau",
        "SYT",
        "report",
        "h1",
        2023,
        ("truncated_date", "same_number_different_titles"),
        "",
    ),
    (
        "sonla_syt_bc_quy1_2023",
        "scanned",
        "sonla",
        "SYT",
        "report",
        "q1",
        2023,
        ("subtotal_mismatch", "number_without_year"),
        "blank",
    ),
    ("hoabinh_syt_kh_2024", "digital", "hoabinh", "SYT", "plan", "year", 2024, (), "table,blank"),
    (
        "quangninh_snv_bc_2023",
        "digital",
        "quangninh",
        "SNV",
        "report",
        "year",
        2023,
        ("score_sum_mismatch",),
        "table",
    ),
    (
        "caobang_ubnd_bc_2024",
        "scanned",
        "caobang",
        "UBND",
        "report",
        "year",
        2024,
        ("impossible_date", "misprinted_number"),
        "",
    ),
    (
        "hagiang_stp_bc_quy3_2024",
        "digital",
        "hagiang",
        "STP",
        "report",
        "q3",
        2024,
        ("same_number_different_dates",),
        "",
    ),
    ("dienbien_syt_bc_2024", "garbage_layer", "dienbien", "SYT", "report", "year", 2024, (), "tcvn3"),
    (
        "quangbinh_snv_bc_6thang_2024",
        "scanned",
        "quangbinh",
        "SNV",
        "report",
        "h1",
        2024,
        ("cited_after_report", "party_number_in_state_form", "same_number_different_titles"),
        "",
    ),
    (
        "laichau_ubnd_bc_quy2_2024",
        "digital",
        "laichau",
        "UBND",
        "report",
        "q2",
        2024,
        ("misprinted_number", "number_without_year"),
        "",
    ),
    (
        "hoabinh_stp_bc_2023",
        "scanned",
        "hoabinh",
        "STP",
        "report",
        "year",
        2023,
        ("number_year_mismatch", "percent_mismatch"),
        "",
    ),
    ("sonla_snv_bc_2024", "digital", "sonla", "SNV", "report", "year", 2024, (), "table,dotpct"),
    ("kontum_syt_bc_quy1_2024", "garbage_layer", "kontum", "SYT", "report", "q1", 2024, (), "symbols"),
    ("dienbien_stp_kh_2023", "scanned", "dienbien", "STP", "plan", "year", 2023, (), "table"),
    (
        "hagiang_syt_bc_quy1_2025",
        "digital",
        "hagiang",
        "SYT",
        "report",
        "q1",
        2025,
        ("party_number_in_state_form", "cited_after_report"),
        "",
    ),
    ("backan_syt_bc_6thang_2023", "text", "backan", "SYT", "report", "h1", 2023, (), ""),
    ("quangninh_syt_cv_quy3_2024", "image", "quangninh", "SYT", "letter", "q3", 2024, (), ""),
)

# Kind cycle used when generating n documents for benchmarks.
DEFAULT_KIND_CYCLE = (
    "digital",
    "scanned",
    "digital",
    "garbage_layer",
    "scanned",
    "digital",
    "text",
    "scanned",
    "digital",
    "image",
)
