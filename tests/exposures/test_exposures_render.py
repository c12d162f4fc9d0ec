"""The notice renderer, exact strings in both languages."""

from __future__ import annotations

from datetime import date, time

from episurv.exposures.render import Notice, Unit, clock, hours, render_lines, render_notices

SHOP = Notice(date(2021, 11, 8), "cửa hàng tiện lợi Hoa Mai", time(9), None, "số 5 phố Chùa Láng",
              Unit("Phường", "Láng Thượng"), Unit("Quận", "Đống Đa"))
MARKET = Notice(date(2021, 11, 8), "siêu thị Xanh", time(11), time(12, 30), None, None,
                Unit("Huyện", "Gia Lâm"))
EARLIER = Notice(date(2021, 11, 7), "chợ Hôm", time(8, 30), None, "phố Huế", None,
                 Unit("Quận", "Hai Bà Trưng"))
NO_HOUR = Notice(date(2021, 11, 8), "nhà thuốc Minh Châu", None, None, None,
                 Unit("Xã", "Tiến Thắng"), Unit("Huyện", "Mê Linh"))


def test_clock_and_hours():
    assert [clock(time(9), "vi"), clock(time(8, 30), "vi"), clock(time(7, 5), "vi")] == [
        "9h", "8h30", "7h05"]
    assert [clock(time(9), "en"), clock(time(7, 5), "en")] == ["9:00", "7:05"]
    assert hours(time(11), time(12, 30), "vi") == "11h-12h30"
    assert hours(time(11), time(11), "en") == "11:00"
    assert hours(None, time(11), "vi") == ""


def test_days_in_order_places_by_hour_unknown_hours_last():
    assert render_lines([NO_HOUR, MARKET, SHOP, EARLIER], "vi") == [
        "Ngày 7/11: 8h30 chợ Hôm, phố Huế, quận Hai Bà Trưng.",
        ("Ngày 8/11: 9h cửa hàng tiện lợi Hoa Mai, số 5 phố Chùa Láng, phường Láng Thượng, "
         "quận Đống Đa; 11h-12h30 siêu thị Xanh, huyện Gia Lâm; nhà thuốc Minh Châu, "
         "xã Tiến Thắng, huyện Mê Linh."),
    ]
    assert render_lines([NO_HOUR, MARKET, SHOP, EARLIER], "en") == [
        "7 Nov: 8:30 chợ Hôm, phố Huế, Hai Bà Trưng district.",
        ("8 Nov: 9:00 cửa hàng tiện lợi Hoa Mai, số 5 phố Chùa Láng, Láng Thượng ward, "
         "Đống Đa district; 11:00-12:30 siêu thị Xanh, Gia Lâm district; nhà thuốc Minh Châu, "
         "Tiến Thắng commune, Mê Linh district."),
    ]


def test_numbered_ward_in_english():
    n = Notice(date(2021, 7, 20), "chợ Bến Thành", time(6), None, None, Unit("Phường", "12"),
               Unit("Quận", "3"))
    assert render_lines([n], "en") == ["20 Jul: 6:00 chợ Bến Thành, Ward 12, District 3."]
    assert render_lines([n], "vi") == ["Ngày 20/7: 6h chợ Bến Thành, phường 12, quận 3."]


def test_whole_notice_with_hotline_and_advice():
    text = render_notices([EARLIER], "vi", hotline="1900 9095", updated=date(2021, 11, 9),
                          area="Hà Nội")
    assert text == (
        "Các địa điểm có người nhiễm COVID-19 đã đến tại Hà Nội (cập nhật 9/11/2021):\n"
        "Ngày 7/11: 8h30 chợ Hôm, phố Huế, quận Hai Bà Trưng.\n"
        "Người đã có mặt tại các địa điểm trên trong khung giờ nêu trên cần tự cách ly tại nhà, "
        "theo dõi sức khỏe, khai báo và liên hệ ngay trạm y tế phường, xã nơi cư trú hoặc gọi "
        "đường dây nóng 1900 9095.")
    english = render_notices([EARLIER], "en", hotline="1900 9095")
    assert english.splitlines()[0] == "Places visited by people infected with COVID-19:"
    assert english.endswith("or the hotline 1900 9095 now.")
    assert render_notices([], "en", hotline="115").splitlines()[1] == "No places listed."
