"""The single composition point: every flow, and the commands and typed keywords that start them."""

from __future__ import annotations

from bot.conversation.flow import Registry
from bot.domain.invites import looks_like_invite_code
from bot.domain.links import looks_like_link_code
from bot.text import match_key
from handlers import (
    account,
    achievement,
    appeals,
    awards,
    away,
    behalf,
    cases,
    collected,
    commitments,
    contributions,
    digest,
    donors,
    drives,
    gift_list,
    gift_rounds,
    handin,
    invites,
    labour_day,
    ledger,
    linking,
    menu,
    move_gift,
    my_data,
    onboarding,
    payroll,
    phase_report,
    poverty,
    progress,
    public_name,
    queue,
    receipt,
    reconcile,
    reminders,
    remittances,
    results,
    roles,
    statement,
    year_report,
)
from handlers.common import COMMIT_WORDS, GIVE_WORDS, RESULT_WORDS, without_asking_words

HELP_WORDS = ("trợ giúp", "hướng dẫn", "help", "giúp đỡ", "cần giúp", "cần giúp đỡ", "cần trợ giúp")


def build_registry() -> Registry:
    registry = Registry()
    for module in (
        onboarding,
        menu,
        commitments,
        contributions,
        progress,
        ledger,
        move_gift,
        queue,
        receipt,
        handin,
        reconcile,
        payroll,
        statement,
        public_name,
        cases,
        gift_rounds,
        remittances,
        linking,
        reminders,
        digest,
        drives,
        appeals,
        invites,
        behalf,
        gift_list,
        labour_day,
        collected,
        donors,
        year_report,
        phase_report,
        poverty,
        awards,
        achievement,
        results,
        roles,
        account,
        my_data,
        away,
    ):
        registry.add(module.flow)
    # A Telegram link's payload, or nothing: before joining, joining; after, the menu (or why an invite code
    # in it is not used: decision 0139).
    registry.command(("/start",), "onboarding", "again")
    # The link of an expired code tapped half-way through joining keeps the invite on hand (decision 0312).
    registry.command_in_place(("/start",), onboarding.start_in_place)
    registry.command(("/help", "/trogiup"), "menu", "help")
    registry.command(("/dangky", "/register"), "commit", "start")
    registry.command(("/donvi", "/unit"), "commit", "start_unit")
    registry.command(("/donggop", "/give"), "give", "drive")
    registry.command(("/tiendo", "/progress"), "progress", "show")
    registry.command(("/ngonngu", "/language"), "menu", "language")
    registry.command_before_joining(onboarding.LANGUAGE_COMMANDS, "onboarding", "early_language")
    # A language named mid-step switches to it there: the step's question again, nothing lost (decision 0141).
    registry.command_in_place(("/ngonngu", "/language"), menu.switch_language)
    # Help asked mid-way (“/trogiup”, or “trợ giúp” typed where a figure is asked) is said there, and the
    # step's question comes again with what was typed kept: asking for help loses nothing (decision 0248).
    registry.command_in_place(("/help", "/trogiup"), menu.help_in_place, bare=True)
    registry.command(("/tracuu", "/lookup"), "ledger", "ask")
    registry.command(("/lienket", "/link"), "link", "start")
    # Typed half-way through joining: where a link code is made, and joining's question again (decision 0557).
    registry.command_in_place(("/lienket", "/link"), linking.asked_while_joining, bare=True)
    registry.command(("/xacnhan", "/queue"), "queue", "drive")
    registry.command(("/saoke", "/statement"), "statement", "drive")
    registry.command(("/congkhai", "/publicname"), "publicname", "ask")
    registry.command(("/hoancanh", "/cases"), "cases", "list")
    registry.command(("/nhacnho", "/reminders"), "reminder", "settings")
    # “/report” as “report” typed, which opens it: English readers say the digest so (decision 0293).
    registry.command(("/baocao", "/digest", "/report"), "digest", "show")
    # … and, half-way through a gift (or at a last look), said there, what is on hand kept (decision 2929)
    registry.command_in_place(
        ("/baocao", "/digest", "/report"), digest.asked_half_way, bare=True, unsaved=True
    )
    registry.command(("/baocaonam", "/yearreport"), "yearreport", "start")
    registry.command(("/baocaogiaidoan", "/phasereport"), "phasereport", "start")
    registry.command(("/hongheo", "/poverty"), "poverty", "start")
    registry.command(("/dotvandong", "/drives"), "drive", "list")
    registry.command(("/keugoi", "/appeal"), "appeal", "list")
    registry.command(("/mamoi", "/invite"), "invite", "role")
    registry.command(("/ghithay", "/onbehalf"), "behalf", "find")
    registry.command(("/ngaycong", "/labourday"), "labourday", "people")
    registry.command(("/nhahaotam", "/donor"), "donor", "name")
    registry.command(("/khautruluong", "/payroll"), "payroll", "drive")
    registry.command(("/daghithay", "/collected"), "collected", "page")
    registry.command(("/dekhenthuong", "/awards"), "award", "start")
    registry.command(("/thanhtich", "/achievement"), "achievement", "start")
    registry.command(("/ketqua", "/result"), "result", "start")
    registry.command(("/phanquyen", "/roles"), "roles", "start")
    registry.command(("/taikhoan", "/account"), "account", "start")
    # What the bot keeps about her, her file of it, and stopping the bot (decisions 0674–0676).
    registry.command(("/dulieu", "/mydata"), "mydata", "show")
    registry.command(("/stop", "/ngungdung"), "mydata", "stop")
    # Before joining, only these lead anywhere (into onboarding); every other command or keyword is answered
    # that joining comes first, and the onboarding question is asked again (decision 0130).
    registry.for_newcomers = {("menu", "main"), ("onboarding", "again"), ("link", "start")}
    # Asked what is kept, or to stop, before joining: nothing is kept yet (decision 0700).
    registry.newcomers_told = {
        (my_data.flow.name, step): my_data.before_joining for step in ("show", "erase", "stop", "fewer")
    }
    registry.keyword((*COMMIT_WORDS, "đăng ký của tôi"), "commit", "start")
    registry.keyword(GIVE_WORDS, "give", "drive")
    registry.keyword(
        (
            *("tiến độ", "xem tiến độ", "xem tiến độ của hộ", "xem tiến độ của tôi", "progress"),
            # Whoever of a household holds the phone says it of themselves as of the household.
            *("tiến độ của tôi", "tiến độ của hộ", "tiến độ của em", "tiến độ của mình", "my progress"),
            # What was given, as a household asks to see it (“xem dong gop”): its gifts are listed there.
            *("xem đóng góp", "xem đóng góp của tôi", "xem đóng góp của hộ", "đóng góp của tôi"),
            *("đóng góp của hộ", "các khoản đóng góp", "xem các khoản đóng góp", "my contributions"),
            # … and to see it again (decision 2796); “xem lại” alone only at the menu (handlers.menu).
            *("xem lại đóng góp", "xem lại khoản đóng góp", "xem lại các khoản đóng góp"),
            *("xem lại đóng góp của tôi", "xem lại đóng góp của hộ"),
        ),
        "progress",
        "show",
    )
    # … and “xem lại” alone where a gift's note, goods or figure is asked, never kept as them (decision 2840)
    registry.at_a_gift[match_key("xem lại")] = ("progress", "show")
    # A gift recorded by mistake, said so (“ghi nham”): where it is seen by its code and withdrawn (0319).
    registry.keyword(
        (
            *("ghi nhầm", "ghi nhầm rồi", "ghi sai", "ghi sai rồi", "nhập nhầm", "nhập sai", "bị nhầm"),
            *("sửa khoản", "sửa khoản đóng góp", "sửa đóng góp", "recorded by mistake", "wrong entry"),
        ),
        "progress",
        "mistake",
    )
    # The public statement asked for by its name (“xem sao ke”), where a gift's figure or goods is asked too
    # (decision 0307). “sao kê” alone stays the main menu's entry: at a treasurer's menus it names options.
    registry.keyword(
        ("xem sao kê", "sao kê công khai", "xem sao kê công khai", "public statement"), "statement", "drive"
    )
    registry.keyword(("khấu trừ lương", "bảng lương", "payroll", "payroll deduction"), "payroll", "drive")
    registry.keyword(HELP_WORDS, "menu", "help")
    registry.anywhere_word(HELP_WORDS, "/trogiup")  # mid-way too: said there, the step kept (decision 0248)
    # The digest by the name it goes by (“Bản tin tuần của …”), as a leader asks for it again at the menu,
    # which has no entry for it: the last 7 days, as /baocao alone; anyone else reads their own progress
    # (decision 0236). “báo cáo” alone too, as /baocao and “baocao” read (decision 0227); at a member's own
    # main menu it is still “My progress”, whose keyword it is there (handlers.menu.MY_REPORT).
    registry.keyword(
        (
            *("bản tin", "bản tin tuần", "xem bản tin", "xem bản tin tuần"),
            *("báo cáo", "xem báo cáo", "báo cáo tuần", "xem báo cáo tuần"),
            # A hamlet's or a unit's progress, as its officer or head asks for it (decision 0319).
            *("tiến độ thôn", "tiến độ của thôn", "xem tiến độ thôn", "xem tiến độ của thôn"),
            *("tiến độ đơn vị", "tiến độ của đơn vị", "xem tiến độ đơn vị", "tiến độ xã", "tiến độ của xã"),
            *("digest", "weekly digest", "the digest", "report"),
            # “báo cáo” as a phone shortens it, “bc” (decision 2872)
            *("bc", "xem bc", "bc tuần", "xem bc tuần"),
        ),
        "digest",
        "typed",
    )
    # The Word reports asked for as a phone shortens them (“bc năm”), as /baocaonam and /baocaogiaidoan: the
    # menu's entries, where shown, read “báo cáo năm” in full (decision 2872)
    registry.keyword(("bc năm", "bc cả năm", "xem bc năm", "bc năm word"), "yearreport", "start")
    registry.keyword(("bc sơ kết", "bc tổng kết", "bc giai đoạn"), "phasereport", "start")
    # … and “bc” with a period after it, as /baocao reads it (“bc thang nay”, “bc 30”: decision 2814)
    registry.home_shape(digest.asks_with_a_period, "digest", "shortened")
    registry.keyword(("liên kết", "link"), "link", "start")
    registry.keyword(my_data.SEE_WORDS, "mydata", "show")
    registry.keyword(my_data.ERASE_WORDS, "mydata", "erase")
    registry.keyword(my_data.STOP_WORDS, "mydata", "stop")
    # ...and as people say them at the menu, with their own words around them (the stop: decision 0715; what
    # is kept and its deletion: 0748); fewer messages asked for gets appeals and reminders off first (0715).
    # Never a step's answer: only where nothing waits.
    registry.home_shape(roles.asks_to_grant, "roles", "said")  # “giao quyền thủ quỹ …” (decisions 2822, 2865)
    registry.home_shape(roles.asks_to_revoke, "roles", "said")  # “thu hồi quyền thủ quỹ …” (decision 2941)
    registry.home_shape(my_data.asks_to_stop, "mydata", "stop")
    registry.home_shape(my_data.asks_to_see, "mydata", "show")
    registry.home_shape(my_data.asks_to_erase, "mydata", "erase")
    registry.home_shape(my_data.asks_fewer, "mydata", "fewer")
    registry.home_shape(my_data.says_not_using, "mydata", "fewer")  # “không dùng”, not “không đúng” (2418)
    # A colleague away on long leave until a day, or back, as an officer says it (decision 0740).
    registry.home_shape(away.says_away, "away", "said")
    registry.keyword(
        ("nghỉ dài ngày", "nghỉ thai sản", "người nghỉ dài ngày", "long leave", "on leave"), "away", "start"
    )
    # Turning them off or on is asked on their screen, which says how they are now (decision 0125).
    registry.keyword(
        (
            *(
                "nhắc nhở",
                "lời nhắc",
                "reminders",
                "tắt nhắc nhở",
                "bật nhắc nhở",
                "tắt lời nhắc",
                "bật lời nhắc",
            ),
            *("reminder", "turn off reminders", "turn on reminders", "stop reminders"),
        ),
        "reminder",
        "settings",
    )
    registry.keyword(("khen thưởng", "đề nghị khen thưởng", "awards"), "award", "start")
    registry.keyword(("báo cáo thành tích", "thành tích", "achievement report"), "achievement", "start")
    registry.keyword(
        ("thu hồi mã", "thu hồi mã mời", "mã mời đang mở", "withdraw a code", "open codes"), "invite", "list"
    )
    registry.keyword(
        ("tra cứu", "tra cứu đóng góp", "tra cứu mã", "tra mã", "lookup", "look up", "look up a code"),
        "ledger",
        "ask",
    )
    # A language's own names switch to it from anywhere, in either language, before joining too (0125, 0141).
    # With the words around it too: "english please", "in English", "tiếng Anh đi" (decision 0156).
    registry.anywhere_word(
        ("tiếng việt", "vietnamese", "english", "tiếng anh"), "/ngonngu", around=without_asking_words
    )
    registry.keyword(("ghi thay", "ghi nhận thay", "ghi nhận thay cho hộ"), "behalf", "find")
    # An evening's paper list of households' gifts typed in one message, one a line (decision 0859).
    registry.home_shape(gift_list.a_paper_list, "giftlist", "typed")
    # The name typed with it at the menu (“ghi thay tran van ba”): sought at once, as /ghithay's argument.
    registry.home_shape(lambda text: behalf.named_with_it(text) is not None, "behalf", "named")
    # A household named with its gift in one line (“ho ong tran van ba ung ho 20k”): the same, its gift kept.
    registry.home_shape(lambda text: behalf.named_with_a_gift(text) is not None, "behalf", "named")
    registry.keyword(
        ("đã ghi thay", "các khoản đã ghi thay", "bảng kê", "bảng kê nộp tiền"), "collected", "page"
    )
    registry.keyword((*RESULT_WORDS, "kết quả của tôi"), "result", "start")
    # “Sổ quỹ”, “so quy nam 2026”: the book of that year, to whoever keeps one (decision 1651).
    registry.shape(statement.asks_year_book, "statement", "year_book")
    # A link code from the person's other messenger, typed at any menu (a newcomer's goes to onboarding).
    registry.shape(looks_like_link_code, "link", "start")
    # “Mình đã ủng hộ bao nhiêu?”: her own progress, never a gift begun by its “ủng hộ”.
    registry.home_question_shape(progress.asks_own_total, "progress", "show")
    # “Đã nhận chưa?” days after a gift: her progress, her recent gifts and where each stands (decision 0491);
    # before a gift's reading, so that “ck 200k nhận chưa ạ” asks of that gift, never begins another (2287).
    registry.home_question_shape(progress.asks_if_received, "progress", "show")
    # The same typed short (“e ck 200k r nhận đc chưa ạ”, “a oi ck roi do”), at the main menu alone (2314)
    registry.home_shape(progress.asks_in_short_words, "progress", "show")
    registry.home_shape(progress.says_sent_in_short_words, "progress", "sent")
    # A gift typed at one's own main menu ("ủng hộ 50k"): the contribution flow, kind and figure filled in.
    registry.home_shape(contributions.looks_like_gift, "give", "typed")
    # ...and typed short (“e ck 200k r”): spelled out, the same gift, its last look before anything (2440)
    registry.home_shape(contributions.looks_like_gift_in_short_words, "give", "typed")
    # A bank's message forwarded at the menu (“TK … +500,000 VND … SD …”): how to record it (decision 0477).
    registry.home_shape(contributions.forwarded_from_the_bank, "give", "forwarded")
    # “Tôi đã gửi rồi” with no figure: the same, never a gift begun; “sai rồi” alone: as “ghi sai” (0546).
    registry.home_shape(progress.says_sent_already, "progress", "sent")
    registry.home_shape(progress.says_a_slip, "progress", "mistake")
    # “sửa lại 300k”, “ghi nham, 200k thoi” after a gift: what he may do, then his gifts (decision 2277)
    registry.home_shape(progress.says_a_figure_changed, "progress", "changed")
    # “còn nợ không”, “con nho ko”: nothing is owed, then her progress (decision 2275); asked of a reminder
    # or a digest too, where one came below another menu (decision 2286)
    registry.home_question_shape(progress.asks_what_is_owed, "progress", "owed")
    # “thôn mình được bao nhiêu rồi”: what one's own unit gave, as may be said (decision 1402)
    registry.home_question_shape(progress.asks_unit_total, "progress", "unit_total")
    # “ai chưa đăng ký”: the year's registrations counted, to whoever reads a digest (decision 1728)
    registry.home_question_shape(progress.asks_who_has_not_registered, "digest", "unregistered")
    # “xã mình được bao nhiêu rồi”, “thôn nào chưa ủng hộ”: the digest's questions, between Mondays (1474)
    registry.home_question_shape(progress.asks_where_the_whole_stands, "digest", "typed")
    # Labour days typed alone (“2 ngày công”): asked whether to record them (decision 0236).
    registry.home_shape(contributions.labour_days_alone, "give", "days_alone")
    # Goods and how much typed alone (“gao 10kg”): asked whether to record them (decision 0263).
    registry.home_shape(contributions.goods_alone, "give", "goods_alone")
    # “cần ủng hộ 200k không”, “200k ok?”, “can I give 200k?”: giving is voluntary, nothing begun (1485).
    registry.home_question_shape(contributions.asks_whether_to_give, "give", "whether")
    # “tôi có được đề nghị khen thưởng không”: what /dekhenthuong says of her, nothing of others (2001).
    registry.home_and_own_menu_shape(awards.asks_who_is_proposed, "award", "asked")
    # “tôi chuyển rồi”, “không đúng”, “đã nộp cho thôn rồi” typed after a reminder or a digest: her progress
    # and how to put it right, never the menu's answer above the notice (decision 2331).
    registry.notice_statement(progress.said_of_a_notice, "progress", "notice_said")
    registry.notice_statement(my_data.says_not_using, "mydata", "fewer")  # “không dùng” below it (2418)
    registry.list_statement(my_data.says_not_using, "mydata", "fewer")  # at another flow's list (2523)
    # An invite code typed at one's own main menu by someone who joined: why it is not used (decision 0139).
    registry.home_shape(looks_like_invite_code, "onboarding", "joined_code")
    # A reference code typed at one's own main menu (“CT-2026-000001”, “rút lại CT-2026-1”): the look-up.
    registry.home_shape(ledger.looks_like_code, "ledger", "typed")
    # “hủy khoản vừa rồi”: her latest gift's withdrawal asked, as its code typed would offer it (2860)
    registry.home_shape(ledger.cancels_the_last_gift, "ledger", "last")
    registry.home_shape(ledger.cancels_a_gift_of_figure, "ledger", "figure")  # “hủy khoản 200k” (2936)
    registry.home_letter_shape(ledger.looks_like_own_code, "ledger", "typed")  # “xathac1” (1871)
    # A photo sent at one's own main menu (the receipt first, the amount after): a contribution with it.
    registry.home_photo = ("give", "photo")
    # The buttons of notices (bot.domain.notices), by kind.
    registry.action("progress", "progress", "show")
    registry.action("give", "give", "drive")
    registry.action("lookup", "ledger", "ask")
    registry.action("achievement", "achievement", "proposal")
    registry.action("queue", "queue", "drive")  # a role granted (bot.domain.notices.role_changed)
    registry.action("receipt", "receipt", "photo")  # a receipt asked for by the treasurer (decision 0538)
    registry.action("roles", "roles", "start")
    registry.action("grant_role", "roles", "find")  # a unit with no treasurer: whom to make one
    # The buttons of reminders (bot.domain.reminders).
    registry.action("reminder_later", "reminder", "later")
    registry.action("reminder_done", "reminder", "done")
    registry.action_word(reminders.LATER_WORDS, "reminder_later")  # typed under it: “mai nhac”, “da xong”
    registry.action_word(reminders.DONE_WORDS, "reminder_done", unless=reminders.not_in_words)
    registry.action("year_report", "yearreport", "start")  # a report's deadline: the year's report
    registry.action("awards", "award", "start")  # an award dossier's deadline: the proposals
    # a registration's reminder: as /dangky typed, which says so once the window has closed (decision 0533)
    registry.action("register", "commit", "start", late=True)
    # The buttons of appeals (bot.domain.appeals): give to the appeal's drive, or be reminded once.
    registry.action("appeal_give", "give", "kind")
    registry.action("appeal_later", "appeal", "later")
    registry.action_word(appeals.GIVE_WORDS, "appeal_give")  # typed under it on Zalo: “ung ho ngay”
    registry.action_word(appeals.LATER_WORDS, "appeal_later")  # “nhac toi sau”
    return registry
