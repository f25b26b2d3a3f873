"""The words of Vietnamese news pages that the extraction rules look for: data, not code.

Phrases are written as printed; matching code folds case (and, where it says so, tone marks).
Adding a site's furniture phrase or a byline label is an edit here, never a new ``if``.
"""

from __future__ import annotations

# --- Page furniture ------------------------------------------------------------------------
# Whole lines that are page furniture (share and print bars, comment prompts, widgets).
FURNITURE_LINES = frozenset(
    {
        "chia sẻ",
        "chia sẻ bài viết",
        "chia sẻ bài viết:",
        "chia sẻ bài",
        "chia sẻ facebook",
        "chia sẻ qua email",
        "in bài viết",
        "in bài",
        "in trang",
        "bản in",
        "gửi bài viết",
        "gửi email",
        "lưu bài viết",
        "lưu tin",
        "emailprintaa",
        "email print aa",
        "email print",
        "ý kiến bạn đọc",
        "ý kiến của bạn",
        "viết bình luận mới",
        "viết bình luận",
        "gửi bình luận",
        "bình luận",
        "bình luận của bạn",
        "gửi ý kiến",
        "quay lại",
        "trở về",
        "trở lại",
        "về đầu trang",
        "lên đầu trang",
        "đầu trang",
        "cỡ chữ",
        "nghe bài viết",
        "nghe đọc bài",
        "đọc bài",
        "theo dõi",
        "theo dõi chúng tôi",
        "thích",
        "like",
        "share",
        "tweet",
        "a- a a+",
        "a a a",
        "aa",
        "nguồn",
        "nguồn:",
        "nguồn :",
        "ảnh:",
        "tags:",
        "tag:",
        "từ khóa:",
        "từ khóa",
        "quảng cáo",
        "advertisement",
        "đánh giá bài viết",
        "bạn đánh giá bài viết này thế nào?",
        "tải thêm",
        "xem tiếp",
        "trang chủ",
    }
)

# Words a share or print bar is made of; a line of only these words is furniture
# ("Chia sẻ bài viết: Chia sẻ Zalo Google Bookmarks").
SHARE_WORDS = frozenset(
    {
        "chia", "sẻ", "bài", "viết", "zalo", "facebook", "google", "bookmarks", "bookmark",
        "twitter", "x", "email", "e-mail", "mail", "print", "in", "aa", "a", "a+", "a-",
        "linkedin", "pinterest", "telegram", "messenger", "copy", "link", "sao", "chép",
        "gửi", "lưu", "tweet", "share", "like", "thích", "qua", "bản", "nghe", "cỡ", "chữ",
        "emailprintaa", "printaa", "emailprint",
    }
)

# Line prefixes of furniture that carries some text after it ("Từ khóa: Đảng, Cần Thơ").
FURNITURE_PREFIXES = (
    "từ khóa:",
    "từ khoá:",
    "tags:",
    "tag:",
    "chia sẻ:",
    "chia sẻ bài viết:",
    "đọc thêm:",
    "xem thêm:",
    "tin liên quan:",
    "bài liên quan:",
    "xem tiếp:",
    ">> xem thêm",
    ">>xem thêm",
    ">> ",
    "link bài viết:",
    "liên kết:",
)

# Lines after which nothing belongs to the article: related lists, comment boxes, digests.
TAIL_MARKERS = frozenset(
    {
        "xem thêm",
        "tin liên quan",
        "bài liên quan",
        "bài viết liên quan",
        "tin cùng chuyên mục",
        "bài cùng chuyên mục",
        "cùng chuyên mục",
        "tin khác",
        "các tin khác",
        "các bài khác",
        "tin bài khác",
        "các tin đã đưa",
        "tin đã đưa",
        "viết bình luận mới",
        "ý kiến bạn đọc",
        "gửi bình luận",
        "bình luận",
        "thông tin cần biết",
        "đọc nhiều",
        "đọc nhiều nhất",
        "tin đọc nhiều",
        "tin mới",
        "tin mới nhất",
        "tin mới cập nhật",
        "tin nổi bật",
        "tin tiêu điểm",
        "có thể bạn quan tâm",
        "bạn có thể quan tâm",
        "có thể bạn chưa đọc",
        "tin tức khác",
        "video",
        "tin ảnh",
        "thời tiết",
        "điểm tin",
        "tin mới đăng",
    }
)

# --- Dates ---------------------------------------------------------------------------------
# Words that may stand around a date on a date line and say nothing else.
DATE_LINE_WORDS = frozenset(
    {
        "ngày", "lúc", "đăng", "đăng lúc", "đăng ngày", "ngày đăng", "xuất bản", "thời gian",
        "thời gian đăng", "cập nhật", "cập nhật lúc", "cập nhật ngày", "ngày cập nhật",
        "cập nhật lần cuối", "sửa đổi", "chỉnh sửa", "gmt", "utc", "giờ", "phút", "thứ",
        "chủ", "nhật", "hai", "ba", "tư", "bốn", "năm", "sáu", "bảy", "cn", "sa", "ch",
        "am", "pm", "tháng", "published", "updated", "posted", "on", "at", "date",
        "hà nội", "tp hcm", "tp. hcm", "(gmt+7)", "gmt+7", "utc+7",
    }
)

# Words that mark a date as the time of the last update rather than of publication.
UPDATE_WORDS = ("cập nhật", "sửa đổi", "chỉnh sửa", "updated", "modified")

# Weekdays as printed, Monday = 0.
WEEKDAYS = {
    "thứ hai": 0, "thứ 2": 0, "t2": 0,
    "thứ ba": 1, "thứ 3": 1, "t3": 1,
    "thứ tư": 2, "thứ bốn": 2, "thứ 4": 2, "t4": 2,
    "thứ năm": 3, "thứ 5": 3, "t5": 3,
    "thứ sáu": 4, "thứ 6": 4, "t6": 4,
    "thứ bảy": 5, "thứ 7": 5, "t7": 5,
    "chủ nhật": 6, "cn": 6,
}

# --- Bylines and sources -------------------------------------------------------------------
# Labels before the names of a byline, longest first: "Tin, ảnh: THANH THY".
BYLINE_LABELS = (
    "bài, ảnh và video",
    "bài và ảnh",
    "bài, ảnh",
    "bài - ảnh",
    "bài/ảnh",
    "bài + ảnh",
    "tin và ảnh",
    "tin, ảnh",
    "tin - ảnh",
    "tin/ảnh",
    "tin + ảnh",
    "nội dung",
    "thực hiện",
    "ghi chép",
    "ghi",
    "bài",
    "tin",
    "ảnh",
    "video",
    "clip",
    "tác giả",
    "phóng viên",
    "pv",
    "nhóm pv",
    "nhóm phóng viên",
    "biên tập",
)

# Labels that name where the article was taken from.
SOURCE_LABELS = ("nguồn", "theo", "nguồn tin", "trích nguồn")

# Words that make a "Theo ..." line name a publication rather than a person.
PUBLICATION_WORDS = (
    "báo", "tạp chí", "thông tấn", "ttxvn", "đài", "cổng thông tin", "trang", "tạp san",
    "bản tin", "vov", "vtv", "nhân dân", "quân đội", "vnexpress", "tuổi trẻ", "thanh niên",
    ".vn", ".com", "website", "kênh", "truyền hình", "phát thanh", "thời báo", "tuần báo",
    "ban tuyên giáo", "ban tổ chức", "văn phòng",
)

# Names that are not authors though they stand where a byline does.
NOT_AUTHOR_WORDS = frozenset({"pv", "ctv", "btv", "nhóm pv", "admin", "ban biên tập"})

# --- Captions ------------------------------------------------------------------------------
# How a photo caption starts: who or what the photo shows.
CAPTION_SUBJECTS = (
    "đồng chí", "các đồng chí", "đại biểu", "các đại biểu", "đai biểu", "quang cảnh",
    "toàn cảnh", "lãnh đạo", "các lãnh đạo", "đoàn công tác", "ông", "bà", "thủ tướng",
    "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư", "tổng bí thư", "trưởng ban",
    "các học viên", "học viên", "cán bộ", "các cán bộ", "đoàn viên", "hội viên", "người dân",
    "ban tổ chức", "lễ", "các đơn vị", "đoàn đại biểu", "ảnh", "hình", "tiết mục",
    "bộ trưởng", "thứ trưởng", "giám đốc", "đại tướng", "thượng tướng", "trung tướng",
    "thiếu tướng", "đại tá", "các cá nhân", "các tập thể", "tập thể", "lực lượng",
)

# What a person in a photo is doing.
CAPTION_VERBS = (
    "phát biểu", "trao", "tặng", "dự", "tham dự", "kết luận", "báo cáo", "khai mạc",
    "bế mạc", "chủ trì", "thăm", "chụp ảnh", "làm việc", "tham quan", "kiểm tra", "trình bày",
    "thảo luận", "biểu quyết", "chúc mừng", "dâng hương", "cắt băng", "trao đổi", "tham luận",
    "quán triệt", "ôn truyền thống", "ký kết", "ra mắt", "tuyên thệ", "biểu diễn",
)

# Markers of a caption anywhere in a short line: "(Ảnh: TTXVN)", "(Ảnh tư liệu)".
CAPTION_MARKERS = ("(ảnh", "ảnh:", "ảnh minh họa", "ảnh tư liệu", "(nguồn ảnh", "(photo")

# --- Section names -------------------------------------------------------------------------
# Words kept capitalised when an ALL-CAPS section header is put in sentence case.
PROPER_TERMS = (
    "Đảng", "Đảng ủy", "Thành ủy", "Tỉnh ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Trung ương",
    "Nhà nước", "Quốc hội", "Chính phủ", "Mặt trận Tổ quốc", "Bác Hồ", "Hồ Chí Minh",
    "Việt Nam", "HĐND", "UBND", "MTTQ", "Khối", "Công đoàn", "Đoàn", "Quân đội", "Công an",
)

# Crumbs of a breadcrumb trail that say nothing about the section.
BREADCRUMB_ROOTS = frozenset({"trang chủ", "trang nhất", "home", "tin tức", "tin tuc"})

# --- Entities ------------------------------------------------------------------------------
# Vietnamese family names: a capitalised run that starts with one of these is a person's name.
# Names that are also ordinary capitalised words ("Văn", "Sơn", "Kim") are left out.
SURNAMES = frozenset(
    {
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
        "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Đinh", "Lâm", "Mai", "Trịnh",
        "Trương", "Lưu", "Tô", "Hà", "Cao", "Lương", "Châu", "Tạ", "Quách", "Thái", "La",
        "Lại", "Kiều", "Vương", "Tăng", "Từ", "Thân", "Phùng", "Triệu", "Chu", "Diệp",
        "Nông", "Lò", "Hứa", "Mạc", "Khổng", "Đàm", "Tôn", "Giang", "Viên", "Hầu", "Thạch",
        "Danh", "Lã", "Doãn", "Ninh", "Âu", "Nghiêm", "Tống", "Bạch", "Bế", "Ung", "Khúc",
        "Lục", "Mạnh", "Trình", "Vi", "Y", "Quan", "Đồng", "Lữ", "Mẫn", "Phí", "Phó",
        "Văn", "Huỳnh", "Quang", "Hoa", "Trang", "Hàn", "Cù", "Khương", "Kha", "Đậu",
        "Lưu", "Tiêu", "Yên", "Ông",
    }
) - {"Văn", "Quang", "Hoa", "Trang", "Phó", "Ông", "Y", "Đồng", "Yên"}

# Words before a name that say it is a person's.
PERSON_CUES = (
    "đồng chí", "đ/c", "ông", "bà", "anh", "chị", "cụ", "em", "cháu", "thủ tướng", "chủ tịch",
    "bí thư", "tổng bí thư", "bộ trưởng", "đại tướng", "thượng tướng", "trung tướng",
    "thiếu tướng", "đại tá", "thượng tá", "trung tá", "thiếu tá", "giáo sư", "gs", "pgs",
    "ts", "tiến sĩ", "thạc sĩ", "nhà báo", "nghệ sĩ", "liệt sĩ", "mẹ", "bác",
)

# Words just before a capitalised run that make it part of a name of something else
# ("Trường Chính trị Trần Phú", "đường Nguyễn Huệ"): not a person's tag.
NOT_PERSON_BEFORE = (
    "trường", "đường", "phố", "cầu", "chợ", "học viện", "công ty", "bệnh viện", "tượng đài",
    "khu di tích", "di tích", "nhà văn hóa", "quỹ", "giải", "giải thưởng", "tàu", "sân vận động",
    "lăng", "đền", "chùa", "huyện", "quận", "xã", "phường", "thị trấn", "tỉnh", "thành phố",
    "tp", "tp.", "ấp", "khu phố", "thôn", "bản", "làng", "doanh trại", "công viên", "trị",
)

# Administrative prefixes before a place name; the place keeps its bare name as the tag.
PLACE_PREFIXES = {
    "tỉnh": "province",
    "thành phố": "city",
    "tp": "city",
    "tp.": "city",
    "thủ đô": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "ward",
    "phường": "ward",
    "thị trấn": "ward",
}

# Party committees and people's councils named after their place: "Thành ủy Cần Thơ".
PLACE_ORGANISATION_HEADS = (
    "Thành ủy", "Tỉnh ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy", "Đảng bộ", "UBND",
    "HĐND", "Ủy ban nhân dân", "Hội đồng nhân dân", "Ủy ban MTTQ", "Ủy ban MTTQ Việt Nam",
    "Công an", "Bộ Chỉ huy Quân sự", "Liên đoàn Lao động", "Tỉnh đoàn", "Thành đoàn",
    "Huyện đoàn", "Trường Chính trị",
)

# National bodies, in the form an editor writes them.
NATIONAL_ORGANISATIONS = (
    "Bộ Chính trị",
    "Ban Bí thư",
    "Ban Chấp hành Trung ương",
    "Ban Chấp hành Trung ương Đảng",
    "Ủy ban Kiểm tra Trung ương",
    "Ban Tổ chức Trung ương",
    "Ban Tuyên giáo Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ban Dân vận Trung ương",
    "Ban Nội chính Trung ương",
    "Ban Kinh tế Trung ương",
    "Ban Đối ngoại Trung ương",
    "Văn phòng Trung ương Đảng",
    "Đảng ủy Khối các cơ quan Trung ương",
    "Đảng ủy Khối Doanh nghiệp Trung ương",
    "Quốc hội",
    "Chính phủ",
    "Ủy ban Thường vụ Quốc hội",
    "Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Trung ương Đoàn",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Nông dân Việt Nam",
    "Hội Cựu chiến binh Việt Nam",
    "Học viện Chính trị quốc gia Hồ Chí Minh",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Nội vụ",
    "Bộ Ngoại giao",
    "Bộ Tài chính",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Tòa án nhân dân tối cao",
    "Viện Kiểm sát nhân dân tối cao",
    "Kiểm toán Nhà nước",
    "Thanh tra Chính phủ",
    "Quân khu 9",
    "Quân khu 7",
    "Bộ Tư lệnh Quân khu 9",
)

# Kinds of documents, and the letters of their codes ("171-QĐ/TW") that name the kind when the
# text cites a bare code. "QĐ" is left out: it is both "Quy định" and "Quyết định".
DOCUMENT_KINDS = (
    "Quy định", "Quyết định", "Chỉ thị", "Nghị quyết", "Kết luận", "Hướng dẫn", "Thông tư",
    "Nghị định", "Thông báo", "Kế hoạch", "Công văn", "Quy chế", "Đề án", "Chương trình",
    "Thông tri", "Báo cáo", "Tờ trình", "Luật", "Pháp lệnh",
)
DOCUMENT_CODE_KINDS = {
    "CT": "Chỉ thị",
    "NQ": "Nghị quyết",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "KH": "Kế hoạch",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "CV": "Công văn",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
}

# Capitalised words that start sentences or name events, never an entity on their own.
NOT_ENTITIES = frozenset(
    {
        "Đảng", "Nhà nước", "Hội thảo", "Tọa đàm", "Hội nghị", "Đại hội", "Ban Thường vụ",
        "Ban Chấp hành", "Thường trực", "Trung ương", "Tổ quốc", "Bác", "Bác Hồ",
    }
)
