<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../vss_desktop/ui/backup_scheduler.py" line="63" />
        <source>Today's backup copy of the database could not be written (is the disk full?).</source>
        <translation>Không ghi được bản sao lưu cơ sở dữ liệu hôm nay (ổ đĩa có bị đầy không?).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/backup_scheduler.py" line="74" />
        <source>The database file on this laptop is damaged. Sync now, so that your work reaches the server, and tell your supervisor: a copy from an earlier day can be put back (vss-desktop restore-backup).</source>
        <translation>Tệp cơ sở dữ liệu trên máy này bị hỏng. Hãy đồng bộ ngay để công việc của bạn được gửi lên máy chủ, và báo cho cán bộ phụ trách: có thể khôi phục bản sao của một ngày trước (vss-desktop restore-backup).</translation>
    </message>
</context>
<context>
    <name>CalculatorDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="88" />
        <source>Contribution calculator — %1</source>
        <translation>Tính mức đóng — %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="91" />
        <source>Household &amp;BHYT</source>
        <translation>&amp;BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="92" />
        <source>&amp;Voluntary SI</source>
        <translation>BHXH &amp;tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="96" />
        <source>&amp;Use in the visit</source>
        <translation>&amp;Dùng cho lần thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="98" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="112" />
        <source>Members joining (in ladder order)</source>
        <translation>Thành viên tham gia (theo thứ tự giảm trừ)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="114" />
        <source>Joins</source>
        <translation>Tham gia</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="115" />
        <source>Insurance now</source>
        <translation>Bảo hiểm hiện tại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="116" />
        <source>Supported by the state</source>
        <translation>Ngân sách nhà nước hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="129" />
        <source>%1 is supported by the state</source>
        <translation>%1 được ngân sách nhà nước hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="144" />
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="277" />
        <source>%1 months</source>
        <translation>%1 tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="152" />
        <source>Members of this household who already joined earlier this fiscal year</source>
        <translation>Số thành viên của hộ đã tham gia trước đó trong năm tài chính</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="155" />
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="296" />
        <source>&amp;Months:</source>
        <translation>&amp;Số tháng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="156" />
        <source>&amp;Payment date:</source>
        <translation>&amp;Ngày đóng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="157" />
        <source>Already joined this &amp;year:</source>
        <translation>Đã tham gia tr&amp;ong năm:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="170" />
        <source>#</source>
        <translation>TT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="171" />
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="172" />
        <source>Ladder</source>
        <translation>Mức đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="173" />
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="310" />
        <source>Per month</source>
        <translation>Mỗi tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="174" />
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="310" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="175" />
        <source>Card valid</source>
        <translation>Thẻ có giá trị</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="213" />
        <source>Type the payment date as dd/mm/yyyy.</source>
        <translation>Nhập ngày đóng theo dạng dd/mm/yyyy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="253" />
        <source>supported by the state: not charged</source>
        <translation>ngân sách nhà nước hỗ trợ: không tính tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="257" />
        <source>Total: %1</source>
        <translation>Tổng cộng: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="288" />
        <source>The province's own support, as % of 22% × the income floor (0 if none)</source>
        <translation>Mức hỗ trợ thêm của tỉnh, tính theo % của 22% × mức thu nhập thấp nhất (0 nếu không có)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="294" />
        <source>&amp;Person:</source>
        <translation>&amp;Người tham gia:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="295" />
        <source>Monthly &amp;income chosen:</source>
        <translation>Mức thu nhập &amp;chọn đóng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="297" />
        <source>Support &amp;group:</source>
        <translation>Nhóm &amp;hỗ trợ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="298" />
        <source>&amp;Local support:</source>
        <translation>Hỗ trợ của địa &amp;phương:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="299" />
        <source>Payment &amp;date:</source>
        <translation>Ngà&amp;y đóng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="310" />
        <source>Line</source>
        <translation>Khoản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="310" />
        <source>Rate</source>
        <translation>Tỷ lệ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="317" />
        <source>No member is 15 or older.</source>
        <translation>Không có thành viên nào từ đủ 15 tuổi trở lên.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="358" />
        <source>Type the income in đồng and the date as dd/mm/yyyy.</source>
        <translation>Nhập thu nhập bằng đồng và ngày theo dạng dd/mm/yyyy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="368" />
        <source>Local budget</source>
        <translation>Ngân sách địa phương</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="387" />
        <source>Contribution (22% × income)</source>
        <translation>Số phải đóng (22% × thu nhập)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="398" />
        <source>Support: %1</source>
        <translation>Hỗ trợ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="408" />
        <source>Total %1 · support %2 · the person pays %3</source>
        <translation>Tổng %1 · hỗ trợ %2 · người tham gia đóng %3</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="506" />
        <source>Base salary %1</source>
        <translation>Lương cơ sở %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="510" />
        <source>Income floor %1</source>
        <translation>Mức thu nhập thấp nhất %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="514" />
        <source>Rules of %1: </source>
        <translation>Quy định áp dụng ngày %1: </translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="518" />
        <source>Partly confirmed rules used (check with the district office): %1</source>
        <translation>Có dùng quy định chưa được xác nhận đầy đủ (hãy kiểm tra lại với BHXH cơ sở): %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="527" />
        <source>base salary</source>
        <translation>lương cơ sở</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="528" />
        <source>the 3-month gap</source>
        <translation>thời hạn gián đoạn 3 tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="529" />
        <source>when the card starts</source>
        <translation>ngày thẻ bắt đầu có giá trị</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="530" />
        <source>the 30 waiting days</source>
        <translation>30 ngày chờ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="531" />
        <source>the ladder</source>
        <translation>mức giảm trừ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="532" />
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="537" />
        <source>the payment periods</source>
        <translation>các kỳ đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="533" />
        <source>the 4.5% rate</source>
        <translation>mức đóng 4,5%</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="534" />
        <source>the income ceiling</source>
        <translation>mức thu nhập cao nhất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="535" />
        <source>the 120 months of support</source>
        <translation>120 tháng được hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="536" />
        <source>the income floor</source>
        <translation>mức thu nhập thấp nhất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="538" />
        <source>the 22% rate</source>
        <translation>tỷ lệ 22%</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="541" />
        <source>the support rate</source>
        <translation>mức hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="546" />
        <source>first card, after 30 days</source>
        <translation>thẻ mới, sau 30 ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="547" />
        <source>follows the old card</source>
        <translation>nối tiếp thẻ cũ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="548" />
        <source>continuous, from the payment date</source>
        <translation>tham gia liên tục, từ ngày đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="549" />
        <source>gap of 3 months or more, after 30 days</source>
        <translation>gián đoạn từ 3 tháng trở lên, sau 30 ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="554" />
        <source>Poor household</source>
        <translation>Hộ nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="555" />
        <source>Near-poor household</source>
        <translation>Hộ cận nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="556" />
        <source>Ethnic minority</source>
        <translation>Dân tộc thiểu số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="557" />
        <source>Other</source>
        <translation>Đối tượng khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="562" />
        <source>central budget</source>
        <translation>ngân sách trung ương</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="563" />
        <source>local budget</source>
        <translation>ngân sách địa phương</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="564" />
        <source>other</source>
        <translation>nguồn khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="570" />
        <source>Tick at least one member who joins.</source>
        <translation>Hãy đánh dấu ít nhất một thành viên tham gia.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="572" />
        <source>Every member ticked is supported by the state: the household pays nothing.</source>
        <translation>Mọi thành viên được đánh dấu đều do ngân sách nhà nước hỗ trợ: hộ không phải đóng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="574" />
        <source>This number of months cannot be paid.</source>
        <translation>Không thể đóng với số tháng này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="575" />
        <source>The income is below the floor of %1.</source>
        <translation>Thu nhập thấp hơn mức thấp nhất %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="578" />
        <source>The income is above the ceiling of %1.</source>
        <translation>Thu nhập cao hơn mức cao nhất %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="581" />
        <source>Type the monthly income in whole đồng.</source>
        <translation>Nhập thu nhập hằng tháng bằng số đồng chẵn.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="582" />
        <source>There are no rules for this date.</source>
        <translation>Chưa có quy định cho ngày này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="583" />
        <source>The support rates add up to more than the contribution.</source>
        <translation>Tổng các mức hỗ trợ vượt quá số phải đóng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/calculator_dialog.py" line="586" />
        <source>This cannot be calculated (%1).</source>
        <translation>Không tính được (%1).</translation>
    </message>
</context>
<context>
    <name>CampaignDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="140" />
        <source>%1 – %2 (%3 days)</source>
        <translation>%1 – %2 (%3 ngày)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="150" />
        <source>This laptop</source>
        <translation>Máy này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="152" />
        <source>District, closed</source>
        <translation>BHXH cơ sở, đã kết thúc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="153" />
        <source>District</source>
        <translation>BHXH cơ sở</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="158" />
        <source>From the district (read-only). Closed by the supervisor.</source>
        <translation>Chiến dịch của BHXH cơ sở (chỉ xem). Cán bộ phụ trách đã kết thúc chiến dịch.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="161" />
        <source>From the district (read-only). Open.</source>
        <translation>Chiến dịch của BHXH cơ sở (chỉ xem). Đang diễn ra.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="169" />
        <source>Communes: %1</source>
        <translation>Các xã: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="210" />
        <source>Campaigns</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="223" />
        <source>Campaign</source>
        <translation>Chiến dịch</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="223" />
        <source>From</source>
        <translation>Từ ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="223" />
        <source>To</source>
        <translation>Đến ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="223" />
        <source>Set by</source>
        <translation>Nơi tạo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="237" />
        <source>&amp;Campaigns:</source>
        <translation>&amp;Chiến dịch:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="240" />
        <source>&amp;New…</source>
        <translation>&amp;Thêm…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="241" />
        <source>&amp;Edit…</source>
        <translation>&amp;Sửa…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="242" />
        <source>&amp;Delete…</source>
        <translation>&amp;Xóa…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="275" />
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="275" />
        <source>Total</source>
        <translation>Tổng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="275" />
        <source>Target</source>
        <translation>Chỉ tiêu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="275" />
        <source>Done</source>
        <translation>Đạt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="297" />
        <source>Counted from the visits recorded on this laptop, each person once.</source>
        <translation>Tính từ các lần thăm đã ghi trên máy này, mỗi người chỉ tính một lần.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="302" />
        <source>&amp;Print report…</source>
        <translation>&amp;In báo cáo…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="304" />
        <source>Pre&amp;view…</source>
        <translation>&amp;Xem trước…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="305" />
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="306" />
        <source>Save as PD&amp;F…</source>
        <translation>Lưu thành &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="332" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="345" />
        <source>Outreach events</source>
        <translation>Sự kiện tuyên truyền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="348" />
        <source>Events held</source>
        <translation>Số sự kiện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="349" />
        <source>Attendees</source>
        <translation>Số người dự</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="350" />
        <source>Walk-in households</source>
        <translation>Hộ tham gia tại chỗ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="351" />
        <source>Referred by a participant</source>
        <translation>Do người tham gia giới thiệu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="459" />
        <source>No campaign yet: New… (Ctrl+N) adds one.</source>
        <translation>Chưa có chiến dịch nào: bấm Thêm… (Ctrl+N) để tạo.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="485" />
        <source>That did not work: %1</source>
        <translation>Không thực hiện được: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="512" />
        <source>Delete the campaign “%1”? Its visits are kept.</source>
        <translation>Xóa chiến dịch “%1”? Các lần thăm vẫn được giữ nguyên.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="535" />
        <source>Preparing the report…</source>
        <translation>Đang chuẩn bị báo cáo…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="537" />
        <source>Sent the report to the printer.</source>
        <translation>Đã gửi báo cáo tới máy in.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="567" />
        <source>Save the report as PDF (the file is not encrypted)</source>
        <translation>Lưu báo cáo thành PDF (tệp không được mã hóa)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="538" />
        <source>Saved the report to %1.</source>
        <translation>Đã lưu báo cáo vào %1.</translation>
    </message>
</context>
<context>
    <name>CampaignForm</name>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="72" />
        <source>New campaign</source>
        <translation>Thêm chiến dịch</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="72" />
        <source>Edit campaign</source>
        <translation>Sửa chiến dịch</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="76" />
        <source>for example: Voluntary SI week, May 2026</source>
        <translation>ví dụ: Tuần lễ BHXH tự nguyện tháng 5/2026</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="86" />
        <source>&amp;Name:</source>
        <translation>&amp;Tên chiến dịch:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="87" />
        <source>&amp;First day:</source>
        <translation>&amp;Ngày bắt đầu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="88" />
        <source>&amp;Last day:</source>
        <translation>Ngày &amp;kết thúc:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/campaign_dialog.py" line="89" />
        <source>N&amp;otes:</source>
        <translation>&amp;Ghi chú:</translation>
    </message>
</context>
<context>
    <name>DailyChart</name>
    <message>
        <location filename="../../vss_desktop/ui/progress_chart.py" line="69" />
        <source>Day by day</source>
        <translation>Theo ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_chart.py" line="204" />
        <source>Nothing counted in this period.</source>
        <translation>Chưa có kết quả nào trong kỳ này.</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="62" />
        <location filename="../../vss_desktop/ui/detail_pane.py" line="146" />
        <source>Choose a household in the list</source>
        <translation>Chọn một hộ trong danh sách</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="72" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="73" />
        <source>Relation</source>
        <translation>Quan hệ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="74" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="75" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="76" />
        <source>Insurance</source>
        <translation>Bảo hiểm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="77" />
        <source>Card expiry</source>
        <translation>Hạn thẻ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="78" />
        <source>BHXH code</source>
        <translation>Mã số BHXH</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="79" />
        <source>CCCD</source>
        <translation>CCCD</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="80" />
        <source>Voluntary SI until</source>
        <translation>BHXH tự nguyện đến</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="81" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="82" />
        <source>Support</source>
        <translation>Hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="87" />
        <source>When</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="88" />
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="89" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="90" />
        <source>Receipt</source>
        <translation>Biên lai</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="91" />
        <source>Follow-up</source>
        <translation>Hẹn lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="92" />
        <source>Results</source>
        <translation>Kết quả từng người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="93" />
        <source>Collector</source>
        <translation>Người thu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="94" />
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="102" />
        <source>&amp;Edit household</source>
        <translation>&amp;Sửa hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="103" />
        <source>&amp;Add member</source>
        <translation>Thêm &amp;người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="104" />
        <source>Edit &amp;member</source>
        <translation>Sửa thành &amp;viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="105" />
        <source>Record &amp;visit</source>
        <translation>Ghi &amp;lần thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="107" />
        <source>&amp;Calculate contribution</source>
        <translation>Tính &amp;mức đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="126" />
        <source>Members</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="128" />
        <source>Visit history</source>
        <translation>Lịch sử thăm hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="152" />
        <source>(no head of household)</source>
        <translation>(chưa có chủ hộ)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="156" />
        <source>No. %1</source>
        <translation>Số %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="167" />
        <source>Household code: %1</source>
        <translation>Mã hộ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="169" />
        <source>Phone: %1</source>
        <translation>Điện thoại: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="199" />
        <source>%1 (lapsed)</source>
        <translation>%1 (đã hết hạn)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="205" />
        <source>poor</source>
        <translation>hộ nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="207" />
        <source>near-poor</source>
        <translation>cận nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="209" />
        <source>ethnic minority</source>
        <translation>dân tộc thiểu số</translation>
    </message>
</context>
<context>
    <name>EndOfDayDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="113" />
        <source>End of day</source>
        <translation>Đồng bộ cuối ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="116" />
        <source>Connecting to the server…</source>
        <translation>Đang kết nối tới máy chủ…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="128" />
        <source>Changes sent:</source>
        <translation>Thay đổi đã gửi:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="129" />
        <source>Updates received:</source>
        <translation>Cập nhật đã nhận:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="130" />
        <source>Conflicts:</source>
        <translation>Xung đột:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="131" />
        <source>Needs attention:</source>
        <translation>Cần xử lý:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="132" />
        <source>Still waiting to be sent:</source>
        <translation>Còn chờ gửi:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="141" />
        <source>&amp;Review them…</source>
        <translation>&amp;Xem và xử lý…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="144" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="160" />
        <source>A sync is already running…</source>
        <translation>Đang có một lần đồng bộ chạy…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="167" />
        <source>Sending your changes: %1 of %2</source>
        <translation>Đang gửi thay đổi: %1 / %2</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="174" />
        <source>Receiving updates: %1</source>
        <translation>Đang nhận cập nhật: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="182" />
        <source>This laptop is not connected to a server yet. Set it up in Sync → Server and login…, then try again.</source>
        <translation>Máy này chưa kết nối với máy chủ. Hãy thiết lập trong Đồng bộ dữ liệu → Máy chủ và đăng nhập… rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="199" />
        <source>Sync finished.</source>
        <translation>Đồng bộ xong.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="209" />
        <source>The server could not be reached. Nothing is lost: your changes stay on this laptop and go out with the next sync.</source>
        <translation>Không kết nối được máy chủ. Không mất gì cả: các thay đổi vẫn nằm trên máy này và sẽ được gửi ở lần đồng bộ sau.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="217" />
        <source>The server asks you to log in again: Sync → Server and login…. Your changes stay on this laptop.</source>
        <translation>Máy chủ yêu cầu đăng nhập lại: Đồng bộ dữ liệu → Máy chủ và đăng nhập…. Các thay đổi vẫn nằm trên máy này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="224" />
        <source>The sync did not finish: %1</source>
        <translation>Đồng bộ chưa xong: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="228" />
        <source>Some changes need your attention: review them before you finish.</source>
        <translation>Có thay đổi cần anh/chị xử lý: hãy xem lại trước khi kết thúc.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="233" />
        <source>Changes made during the sync are still waiting: sync again.</source>
        <translation>Các thay đổi nhập trong lúc đồng bộ vẫn đang chờ: hãy đồng bộ lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="236" />
        <source>Everything is on the server. You can close the app.</source>
        <translation>Mọi dữ liệu đã lên máy chủ. Có thể đóng ứng dụng.</translation>
    </message>
</context>
<context>
    <name>EventForm</name>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="210" />
        <source>Choose the kind of event…</source>
        <translation>Chọn loại sự kiện…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="222" />
        <source>if it was held in one village</source>
        <translation>nếu tổ chức tại một thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="226" />
        <source>for example: the commune's Women's Union</source>
        <translation>ví dụ: Hội Liên hiệp Phụ nữ xã</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="237" />
        <source>&amp;Kind of event:</source>
        <translation>Loại sự &amp;kiện:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="240" />
        <source>&amp;Date and time:</source>
        <translation>&amp;Ngày giờ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="243" />
        <source>&amp;Province / city:</source>
        <translation>Tỉnh / thành &amp;phố:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="244" />
        <source>Co&amp;mmune / ward:</source>
        <translation>&amp;Xã / phường:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="245" />
        <source>&amp;Village / hamlet:</source>
        <translation>&amp;Thôn / bản:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="246" />
        <source>Pa&amp;rtner organisation:</source>
        <translation>Tổ &amp;chức phối hợp:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="247" />
        <source>&amp;Attendees:</source>
        <translation>Số người &amp;dự:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="248" />
        <source>No&amp;tes:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="249" />
        <source>The event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="254" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="301" />
        <source>New event</source>
        <translation>Thêm sự kiện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="301" />
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="306" />
        <source>Walk-in participants</source>
        <translation>Người tham gia tại chỗ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="312" />
        <source>name, CCCD, BHXH code or card number</source>
        <translation>tên, CCCD, mã số BHXH hoặc số thẻ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="317" />
        <source>&amp;Find a person:</source>
        <translation>Tìm n&amp;gười:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="319" />
        <source>Record &amp;outcome…</source>
        <translation>Ghi kết q&amp;uả…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="321" />
        <source>&amp;New participant…</source>
        <translation>Người tham gia &amp;mới…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="332" />
        <location filename="../../vss_desktop/ui/event_dialog.py" line="349" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="333" />
        <location filename="../../vss_desktop/ui/event_dialog.py" line="350" />
        <source>Village</source>
        <translation>Thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="334" />
        <source>House no.</source>
        <translation>Số nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="335" />
        <source>Members</source>
        <translation>Số người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="351" />
        <source>Time</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="352" />
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="353" />
        <source>Results</source>
        <translation>Kết quả từng người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="354" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="355" />
        <source>Referred by</source>
        <translation>Người giới thiệu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="360" />
        <source>Recorded at this &amp;event:</source>
        <translation>Đã ghi tại sự kiện nà&amp;y:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="393" />
        <source>Find each participant by name, CCCD, BHXH code or card number and record the outcome; someone not on your lists is a new participant.</source>
        <translation>Tìm từng người tham gia theo tên, CCCD, mã số BHXH hoặc số thẻ rồi ghi kết quả; người chưa có trong danh sách là người tham gia mới.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="397" />
        <source>Save the event (Ctrl+S) first, then record its walk-ins here.</source>
        <translation>Hãy lưu sự kiện (Ctrl+S) trước, rồi ghi người tham gia tại chỗ ở đây.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="448" />
        <source>Nobody found: add them with New participant… (Alt+N).</source>
        <translation>Không tìm thấy ai: thêm bằng Người tham gia mới… (Alt+M).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="552" />
        <source>%1 walk-ins, %2 results, %3 referred by another participant; %4 collected.</source>
        <translation>%1 người tham gia tại chỗ, %2 kết quả, %3 người do người tham gia khác giới thiệu; đã thu %4.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="563" />
        <source>Could not read the database: %1</source>
        <translation>Không đọc được cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="630" />
        <source>Saved. Record the walk-ins on the right.</source>
        <translation>Đã lưu. Ghi người tham gia tại chỗ ở bên phải.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="630" />
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
</context>
<context>
    <name>EventListDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="57" />
        <source>Outreach events</source>
        <translation>Sự kiện tuyên truyền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="63" />
        <source>Date and time</source>
        <translation>Ngày giờ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="64" />
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="65" />
        <source>Commune / village</source>
        <translation>Xã / thôn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="66" />
        <source>Partner</source>
        <translation>Phối hợp với</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="67" />
        <source>Attendees</source>
        <translation>Số người dự</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="68" />
        <source>Walk-ins</source>
        <translation>Tham gia tại chỗ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="69" />
        <source>Results</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="70" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="79" />
        <source>&amp;Events:</source>
        <translation>&amp;Sự kiện:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="82" />
        <source>&amp;New…</source>
        <translation>&amp;Thêm…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="83" />
        <source>&amp;Open…</source>
        <translation>&amp;Mở…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="84" />
        <source>&amp;Delete…</source>
        <translation>&amp;Xóa…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="99" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="169" />
        <source>That did not work: %1</source>
        <translation>Không thực hiện được: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="217" />
        <source>Delete the event “%1” of %2?</source>
        <translation>Xóa sự kiện “%1” ngày %2?</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/event_list_dialog.py" line="249" />
        <source>This event was deleted meanwhile.</source>
        <translation>Sự kiện này vừa bị xóa.</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="59" />
        <source>Welcome to VSS Desktop</source>
        <translation>Chào mừng đến với VSS Desktop</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="62" />
        <source>The household list on this computer is empty.

Log in to your province's server: the households assigned to you arrive with the first sync. Or load a demo commune (about 1,500 generated households) to try the app, or start with an empty list and add households yourself.</source>
        <translation>Danh sách hộ trên máy này đang trống.

Đăng nhập máy chủ của tỉnh: các hộ được giao cho bạn sẽ về máy trong lần đồng bộ đầu tiên. Hoặc nạp một xã mẫu (khoảng 1.500 hộ được tạo sẵn) để dùng thử, hoặc bắt đầu với danh sách trống và tự thêm hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="76" />
        <source>This computer is set up for your province's server: %1
Log in with the username and password your supervisor gave you.</source>
        <translation>Máy này đã được cài đặt cho máy chủ của tỉnh: %1
Hãy đăng nhập bằng tên đăng nhập và mật khẩu cán bộ phụ trách đã cấp cho bạn.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="90" />
        <source>&amp;Log in to the province server</source>
        <translation>Đăng &amp;nhập máy chủ của tỉnh</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="92" />
        <source>Load &amp;demo commune</source>
        <translation>Nạp &amp;xã mẫu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="94" />
        <source>Start &amp;empty</source>
        <translation>Bắt đầu &amp;trống</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="146" />
        <source>The demo data could not be loaded: %1</source>
        <translation>Không nạp được dữ liệu mẫu: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="193" />
        <source>Not logged in: %1</source>
        <translation>Chưa đăng nhập: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="195" />
        <location filename="../../vss_desktop/ui/first_run.py" line="210" />
        <source>Not logged in.</source>
        <translation>Chưa đăng nhập.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="197" />
        <source>Choose again.</source>
        <translation>Hãy chọn lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="205" />
        <source>Receiving your households…</source>
        <translation>Đang nhận các hộ của bạn…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="215" />
        <source>Receiving your households: %1</source>
        <translation>Đang nhận các hộ của bạn: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="228" />
        <source>You are logged in, but the households could not be received (%1). Log in again to retry, or start empty: they arrive with the next sync.</source>
        <translation>Bạn đã đăng nhập nhưng chưa nhận được các hộ (%1). Đăng nhập lại để thử lần nữa, hoặc bắt đầu trống: các hộ sẽ về trong lần đồng bộ sau.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="236" />
        <source>the server could not be reached</source>
        <translation>không kết nối được máy chủ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="238" />
        <source>the server refused the login</source>
        <translation>máy chủ từ chối đăng nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="259" />
        <source>The demo was not loaded: this database already holds households. To try the demo, start the app with --data-dir pointing to another folder.</source>
        <translation>Không nạp dữ liệu mẫu: cơ sở dữ liệu này đã có hộ. Để dùng thử dữ liệu mẫu, hãy mở ứng dụng với --data-dir trỏ tới một thư mục khác.</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="204" />
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="205" />
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="207" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="345" />
        <location filename="../../vss_desktop/ui/form_write.py" line="113" />
        <source>This record was deleted meanwhile; nothing was saved.</source>
        <translation>Bản ghi này vừa bị xóa; chưa lưu gì.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="353" />
        <location filename="../../vss_desktop/ui/form_write.py" line="120" />
        <source>Nothing was saved: the database could not be written. Try again.</source>
        <translation>Chưa lưu được: không ghi được vào cơ sở dữ liệu. Hãy thử lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="373" />
        <source>Close the form and lose what you typed?</source>
        <translation>Đóng biểu mẫu và bỏ những gì đã nhập?</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="376" />
        <source>&amp;Discard</source>
        <translation>&amp;Bỏ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="380" />
        <source>&amp;Keep editing</source>
        <translation>&amp;Tiếp tục nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form_write.py" line="88" />
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
</context>
<context>
    <name>FormsExportDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="64" />
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="139" />
        <source>Export D03-TS / D05-TS</source>
        <translation>Xuất D03-TS / D05-TS</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="69" />
        <source>D03-TS: household health insurance participants</source>
        <translation>D03-TS: người tham gia BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="72" />
        <source>D05-TS: voluntary social insurance participants</source>
        <translation>D05-TS: người tham gia BHXH tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="79" />
        <source>the .xlsx file to write</source>
        <translation>tệp .xlsx sẽ ghi</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="80" />
        <source>&amp;Browse…</source>
        <translation>Chọn tệ&amp;p…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="89" />
        <source>&amp;Form:</source>
        <translation>&amp;Mẫu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="90" />
        <source>F&amp;rom:</source>
        <translation>Từ ngà&amp;y:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="91" />
        <source>&amp;To:</source>
        <translation>Đến &amp;ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="96" />
        <source>F&amp;ile:</source>
        <translation>&amp;Tệp:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="102" />
        <source>The Excel file is NOT encrypted: anyone who gets it can read these names. Give it only to your supervisor or the social insurance office.</source>
        <translation>Tệp Excel KHÔNG được mã hóa: ai có tệp cũng đọc được các tên này. Chỉ giao cho người giám sát hoặc cơ quan BHXH.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="112" />
        <source>&amp;Export</source>
        <translation>&amp;Xuất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="149" />
        <source>Type the days as dd/mm/yyyy.</source>
        <translation>Nhập ngày theo dạng dd/mm/yyyy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="152" />
        <source>Type the first and the last day.</source>
        <translation>Nhập ngày đầu và ngày cuối.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="155" />
        <source>The last day is before the first.</source>
        <translation>Ngày cuối đứng trước ngày đầu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="165" />
        <source>Choose the file to write (Browse…).</source>
        <translation>Chọn tệp để ghi (Chọn tệp…).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="171" />
        <source>The folder %1 does not exist.</source>
        <translation>Thư mục %1 không tồn tại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="177" />
        <source>Writing…</source>
        <translation>Đang ghi…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="189" />
        <source>%1 participants written to %2</source>
        <translation>Đã ghi %1 người tham gia vào %2</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/forms_export_dialog.py" line="200" />
        <source>The file could not be written (%1).</source>
        <translation>Không ghi được tệp (%1).</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="73" />
        <source>New household</source>
        <translation>Thêm hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="73" />
        <source>Edit household</source>
        <translation>Sửa hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="78" />
        <source>if known</source>
        <translation>nếu biết</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="85" />
        <source>village, hamlet or residential group</source>
        <translation>thôn, bản hoặc tổ dân phố</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="112" />
        <source>Household &amp;code:</source>
        <translation>&amp;Mã hộ gia đình:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="113" />
        <source>&amp;Head of household:</source>
        <translation>&amp;Chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="119" />
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="120" />
        <source>Head's se&amp;x:</source>
        <translation>&amp;Giới tính chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="122" />
        <source>Head's date of &amp;birth:</source>
        <translation>&amp;Ngày sinh chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="124" />
        <source>Head's CCC&amp;D number:</source>
        <translation>&amp;Số CCCD chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="125" />
        <source>&amp;Village / hamlet:</source>
        <translation>&amp;Thôn / bản:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="126" />
        <source>House &amp;number:</source>
        <translation>Số n&amp;hà:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="127" />
        <source>S&amp;treet / hamlet group:</source>
        <translation>Đường / tổ &amp;dân phố:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="128" />
        <source>Co&amp;mmune / ward:</source>
        <translation>&amp;Xã / phường:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="129" />
        <source>&amp;Province / city:</source>
        <translation>Tỉnh / thành &amp;phố:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="130" />
        <source>Ph&amp;one:</source>
        <translation>Điện th&amp;oại:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="131" />
        <source>Not&amp;es:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="219" />
        <source>%1 → %2 (old name, now split)</source>
        <translation>%1 → %2 (tên cũ, nay đã tách)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="221" />
        <source>%1 → %2 (old name)</source>
        <translation>%1 → %2 (tên cũ)</translation>
    </message>
</context>
<context>
    <name>HouseholdListModel</name>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="47" />
        <source>Code</source>
        <translation>Mã hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="48" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="49" />
        <source>Village</source>
        <translation>Thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="50" />
        <source>House no.</source>
        <translation>Số nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="51" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="52" />
        <source>Members</source>
        <translation>Số người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="53" />
        <source>No BHYT</source>
        <translation>Chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="54" />
        <source>Next card expiry</source>
        <translation>Thẻ sắp hết hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="55" />
        <source>Last visit</source>
        <translation>Lần thăm gần nhất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="56" />
        <source>Follow-up</source>
        <translation>Hẹn lại</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="57" />
        <source>Import a list of households and members</source>
        <translation>Nhập danh sách hộ gia đình và thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="59" />
        <source>Lists (*.xlsx *.csv *.txt);;Excel workbooks (*.xlsx);;CSV files (*.csv *.txt)</source>
        <translation>Danh sách (*.xlsx *.csv *.txt);;Sổ tính Excel (*.xlsx);;Tệp CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="79" />
        <source>Not a date: write dd/mm/yyyy (four-digit year).</source>
        <translation>Không phải ngày: ghi theo dạng dd/mm/yyyy (năm đủ bốn chữ số).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="82" />
        <source>There is no such day: check the day and the month.</source>
        <translation>Không có ngày này: hãy kiểm tra lại ngày và tháng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="85" />
        <source>Write Có or Không (yes or no).</source>
        <translation>Ghi Có hoặc Không.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="88" />
        <source>This text holds characters that cannot be stored.</source>
        <translation>Ô này có ký tự không lưu được.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="91" />
        <source>The leading zeros Excel dropped were put back: format this column as text.</source>
        <translation>Đã thêm lại các số 0 ở đầu mà Excel bỏ mất: hãy định dạng cột này là văn bản (Text).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="95" />
        <source>A member's row before any household: fill in the household.</source>
        <translation>Dòng thành viên nằm trước mọi hộ: hãy điền thông tin hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="98" />
        <source>This member's row gives another value for the household: leave it blank.</source>
        <translation>Dòng thành viên này ghi giá trị khác cho hộ: hãy để trống ô của hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="102" />
        <source>One household code with two different heads (rows %1).</source>
        <translation>Một mã hộ có hai chủ hộ khác nhau (dòng %1).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="105" />
        <source>A second head of household in the same household.</source>
        <translation>Hộ này có thêm một người là chủ hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="108" />
        <location filename="../../vss_desktop/ui/import_dialog.py" line="111" />
        <source>The household code is required on this sheet.</source>
        <translation>Trang tính này bắt buộc có mã hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="114" />
        <source>No household on the households sheet has this code.</source>
        <translation>Không có hộ nào trong trang danh sách hộ có mã này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="117" />
        <source>The same person is on several rows (rows %1).</source>
        <translation>Cùng một người có ở nhiều dòng (dòng %1).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="120" />
        <source>No province has this name.</source>
        <translation>Không có tỉnh/thành nào tên như vậy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="123" />
        <source>No commune has this name.</source>
        <translation>Không có xã/phường nào tên như vậy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="126" />
        <source>This commune is not in the province given.</source>
        <translation>Xã/phường này không thuộc tỉnh/thành đã ghi.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="129" />
        <source>A name from before the 2025 merger: now %1.</source>
        <translation>Tên trước khi sáp nhập năm 2025: nay là %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="133" />
        <source>A name from before the 2025 merger.</source>
        <translation>Tên trước khi sáp nhập năm 2025.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="134" />
        <source>A value in column %1, which has no header.</source>
        <translation>Có giá trị ở cột %1, cột này không có tiêu đề.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="137" />
        <source>A blank row, skipped.</source>
        <translation>Dòng trống, đã bỏ qua.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="154" />
        <source>The file is empty.</source>
        <translation>Tệp trống.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="155" />
        <source>This is not a spreadsheet or a CSV text file.</source>
        <translation>Đây không phải bảng tính hay tệp văn bản CSV.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="158" />
        <source>This is an old Excel .xls file: open it in Excel and save it as .xlsx.</source>
        <translation>Đây là tệp Excel .xls cũ: hãy mở bằng Excel và lưu lại dạng .xlsx.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="161" />
        <source>The workbook is protected by a password: remove the password in Excel (File &gt; Info &gt; Protect Workbook) and save it again.</source>
        <translation>Sổ tính được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu trong Excel (File &gt; Info &gt; Protect Workbook) rồi lưu lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="166" />
        <source>The file is not a readable .xlsx workbook: it may be damaged.</source>
        <translation>Không đọc được tệp .xlsx này: có thể tệp đã bị hỏng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="169" />
        <source>The text is neither UTF-8 nor Windows-1258: save it from Excel as CSV UTF-8.</source>
        <translation>Văn bản không phải UTF-8 hay Windows-1258: hãy lưu lại từ Excel dạng CSV UTF-8.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="173" />
        <source>The file cannot be read as a CSV table (an unclosed quote?).</source>
        <translation>Không đọc được tệp thành bảng CSV (có dấu ngoặc kép chưa đóng?).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="176" />
        <source>More than {limit} rows: split the list into several files.</source>
        <translation>Nhiều hơn {limit} dòng: hãy chia danh sách thành nhiều tệp.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="179" />
        <source>Sheet {sheet} has no header row naming the columns.</source>
        <translation>Trang tính {sheet} không có dòng tiêu đề ghi tên các cột.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="182" />
        <source>Merged header cells {cells} in sheet {sheet}: unmerge them.</source>
        <translation>Ô tiêu đề {cells} trong trang tính {sheet} bị gộp: hãy bỏ gộp ô.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="185" />
        <source>Merged cells {cells} in sheet {sheet}: unmerge them.</source>
        <translation>Ô {cells} trong trang tính {sheet} bị gộp: hãy bỏ gộp ô.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="188" />
        <source>Cell {cell} of sheet {sheet} holds a formula without a computed value: open the file in Excel and save it, or paste values only.</source>
        <translation>Ô {cell} của trang tính {sheet} có công thức chưa được tính: hãy mở tệp bằng Excel rồi lưu lại, hoặc chỉ dán giá trị.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="193" />
        <source>The workbook has no sheet {sheet}.</source>
        <translation>Sổ tính không có trang tính {sheet}.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="196" />
        <source>Unknown columns in sheet {sheet}: {columns}. Rename them as in the template.</source>
        <translation>Cột không nhận ra trong trang tính {sheet}: {columns}. Hãy đặt lại tên cột như trong tệp mẫu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="200" />
        <source>Missing columns in sheet {sheet}: {columns}.</source>
        <translation>Thiếu cột trong trang tính {sheet}: {columns}.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="203" />
        <source>Columns named twice in sheet {sheet}: {columns}.</source>
        <translation>Cột bị đặt tên hai lần trong trang tính {sheet}: {columns}.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="206" />
        <source>Columns {columns} do not belong in sheet {sheet}.</source>
        <translation>Các cột {columns} không thuộc trang tính {sheet}.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="218" />
        <source>Already a member of another household on this laptop: move the person in the app, or correct the file.</source>
        <translation>Đã là thành viên của một hộ khác trên máy này: hãy chuyển người này trong ứng dụng, hoặc sửa lại tệp.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="224" />
        <source>Several households on this laptop match.</source>
        <translation>Có nhiều hộ trên máy này trùng với dòng này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="278" />
        <source>Import from Excel</source>
        <translation>Nhập từ Excel</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="297" />
        <source>New</source>
        <translation>Mới</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="297" />
        <source>Changed</source>
        <translation>Thay đổi</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="297" />
        <source>Unchanged</source>
        <translation>Không đổi</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="304" />
        <source>Households</source>
        <translation>Hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="304" />
        <source>Members</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="320" />
        <source>Refused rows</source>
        <translation>Dòng bị từ chối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="321" />
        <source>Warnings</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="325" />
        <source>Reading and checking the file…</source>
        <translation>Đang đọc và kiểm tra tệp…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="330" />
        <source>Save &amp;report…</source>
        <translation>Lưu &amp;báo cáo…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="333" />
        <source>&amp;Import</source>
        <translation>&amp;Nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="335" />
        <location filename="../../vss_desktop/ui/import_dialog.py" line="547" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="361" />
        <source>Sheet</source>
        <translation>Trang tính</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="361" />
        <source>Row</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="361" />
        <source>Column</source>
        <translation>Cột</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="361" />
        <source>Problem</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="399" />
        <source>Refused rows (%1)</source>
        <translation>Dòng bị từ chối (%1)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="402" />
        <source>Warnings (%1)</source>
        <translation>Cảnh báo (%1)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="422" />
        <source>Nothing can be imported: fix the refused rows in the file (or save the report, which lists them beside each row) and import it again.</source>
        <translation>Chưa thể nhập: hãy sửa các dòng bị từ chối trong tệp (hoặc lưu báo cáo, có ghi lỗi bên cạnh từng dòng) rồi nhập lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="427" />
        <source>Everything in this file is already on this laptop.</source>
        <translation>Mọi thông tin trong tệp này đã có trên máy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="431" />
        <source>Nothing is written until you press Import; the whole file is then written at once, or nothing if you cancel.</source>
        <translation>Chưa ghi gì cho đến khi bấm Nhập; khi đó cả tệp được ghi một lần, hoặc không ghi gì nếu bấm Hủy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="443" />
        <source>one row per person</source>
        <translation>mỗi người một dòng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="445" />
        <source>a households sheet and a members sheet</source>
        <translation>một trang tính hộ và một trang tính thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="448" />
        <source>comma</source>
        <translation>dấu phẩy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="448" />
        <source>semicolon</source>
        <translation>dấu chấm phẩy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="448" />
        <source>tab</source>
        <translation>dấu tab</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="451" />
        <source>CSV text, %1, separated by %2; %3.</source>
        <translation>Văn bản CSV, %1, phân cách bằng %2; %3.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="454" />
        <source>Excel workbook; %1.</source>
        <translation>Sổ tính Excel; %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="461" />
        <source>The collector column is not used: households added here are yours once they are sent to the server.</source>
        <translation>Cột người thu không được dùng: các hộ thêm ở đây thuộc về bạn khi được gửi lên máy chủ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="467" />
        <source>Columns left out: %1.</source>
        <translation>Các cột bỏ qua: %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="471" />
        <source>A blank cell keeps what is stored; every new or changed record is sent to the server at the next sync.</source>
        <translation>Ô để trống giữ nguyên thông tin đã lưu; mọi bản ghi mới hoặc thay đổi được gửi lên máy chủ ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="502" />
        <source>%1 more: save the report to see them all.</source>
        <translation>Còn %1 dòng nữa: hãy lưu báo cáo để xem đầy đủ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="512" />
        <source>The file cannot be opened: %1</source>
        <translation>Không mở được tệp: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="514" />
        <source>The file could not be read (%1).</source>
        <translation>Không đọc được tệp (%1).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="515" />
        <source>Nothing was imported. %1</source>
        <translation>Chưa nhập gì. %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="516" />
        <location filename="../../vss_desktop/ui/import_dialog.py" line="547" />
        <location filename="../../vss_desktop/ui/import_dialog.py" line="584" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="550" />
        <source>Importing… Cancel stops it and writes nothing.</source>
        <translation>Đang nhập… Bấm Hủy để dừng, sẽ không ghi gì.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="569" />
        <source>Imported: %1 households and %2 members added, %3 households and %4 members changed. %5 changes will be sent to the server at the next sync.</source>
        <translation>Đã nhập: thêm %1 hộ và %2 thành viên, thay đổi %3 hộ và %4 thành viên. %5 thay đổi sẽ được gửi lên máy chủ ở lần đồng bộ tới.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="593" />
        <source>Cancelled: nothing was written.</source>
        <translation>Đã hủy: không ghi gì.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="595" />
        <source>Nothing was written: the database could not be written (%1).</source>
        <translation>Không ghi gì: không ghi được vào cơ sở dữ liệu (%1).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="611" />
        <source>Save the import report</source>
        <translation>Lưu báo cáo nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="613" />
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Sổ tính Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="628" />
        <source>Report saved: %1</source>
        <translation>Đã lưu báo cáo: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="633" />
        <source>The report could not be saved (%1).</source>
        <translation>Không lưu được báo cáo (%1).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/import_dialog.py" line="646" />
        <source>Cancelling… nothing will be written.</source>
        <translation>Đang hủy… sẽ không ghi gì.</translation>
    </message>
</context>
<context>
    <name>IssuesDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="44" />
        <source>Household</source>
        <translation>Hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="45" />
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="46" />
        <source>Visit</source>
        <translation>Lần thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="47" />
        <source>Payment result</source>
        <translation>Kết quả thu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="55" />
        <source>Household code</source>
        <translation>Mã hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="56" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="57" />
        <source>Province / city</source>
        <translation>Tỉnh / thành phố</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="58" />
        <source>Commune / ward</source>
        <translation>Xã / phường</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="59" />
        <source>Village / hamlet</source>
        <translation>Thôn / bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="60" />
        <source>House number</source>
        <translation>Số nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="61" />
        <source>Street / hamlet group</source>
        <translation>Đường / tổ dân phố</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="62" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="63" />
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="64" />
        <source>Collector</source>
        <translation>Người thu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="65" />
        <source>Could afford to join</source>
        <translation>Có khả năng tham gia</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="66" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="67" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="68" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="69" />
        <source>Relation to head</source>
        <translation>Quan hệ với chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="70" />
        <source>CCCD number</source>
        <translation>Số CCCD</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="71" />
        <source>BHXH code</source>
        <translation>Mã số BHXH</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="72" />
        <source>BHYT card number</source>
        <translation>Số thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="73" />
        <source>Card expiry date</source>
        <translation>Hạn thẻ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="74" />
        <source>Insurance status</source>
        <translation>Tình trạng BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="75" />
        <source>Voluntary SI paid until</source>
        <translation>BHXH tự nguyện đóng đến</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="76" />
        <source>Ethnic minority</source>
        <translation>Dân tộc thiểu số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="77" />
        <source>Poor household</source>
        <translation>Hộ nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="78" />
        <source>Near-poor household</source>
        <translation>Hộ cận nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="88" />
        <source>(empty)</source>
        <translation>(trống)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="91" />
        <source>Yes</source>
        <translation>Có</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="93" />
        <source>No</source>
        <translation>Không</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="112" />
        <source>This household is not assigned to you (any more).</source>
        <translation>Hộ này không (còn) được giao cho anh/chị.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="115" />
        <source>Only the collector who recorded it can change it.</source>
        <translation>Chỉ người thu đã ghi mới được sửa.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="118" />
        <source>This record was deleted on the server.</source>
        <translation>Bản ghi này đã bị xóa trên máy chủ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="121" />
        <source>This record is not on the server.</source>
        <translation>Máy chủ không có bản ghi này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="124" />
        <source>The server already has a record with this number.</source>
        <translation>Máy chủ đã có một bản ghi cùng mã số này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="127" />
        <source>A record cannot move to another household.</source>
        <translation>Không thể chuyển bản ghi sang hộ khác.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="130" />
        <source>It refers to a person or visit the server does not have.</source>
        <translation>Thay đổi này nhắc tới một người hoặc lần thăm mà máy chủ không có.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="133" />
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="136" />
        <source>The server found a value it cannot accept.</source>
        <translation>Máy chủ thấy có giá trị không hợp lệ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="151" />
        <source>Conflicts and rejected changes</source>
        <translation>Xung đột và thay đổi bị từ chối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="157" />
        <source>&amp;Needs attention:</source>
        <translation>&amp;Cần xử lý:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="175" />
        <source>&amp;Apply my choices</source>
        <translation>Á&amp;p dụng lựa chọn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="178" />
        <source>&amp;Dismiss</source>
        <translation>&amp;Bỏ qua</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="200" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="219" />
        <source>Conflict</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="221" />
        <source>Rejected by the server</source>
        <translation>Bị máy chủ từ chối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="223" />
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="249" />
        <source>(no longer on this laptop)</source>
        <translation>(không còn trên máy này)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="246" />
        <source>Nothing needs your attention.</source>
        <translation>Không có gì cần xử lý.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="253" />
        <source>The server did not accept this change: %1</source>
        <translation>Máy chủ không nhận thay đổi này: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="260" />
        <source>Someone changed these fields on the server while you changed them here. Choose which value to keep for each field, then apply.</source>
        <translation>Trong lúc anh/chị sửa trên máy này, người khác đã sửa các thông tin này trên máy chủ. Hãy chọn giữ giá trị nào cho từng thông tin rồi bấm áp dụng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="270" />
        <source>Field</source>
        <translation>Thông tin</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="271" />
        <source>On this laptop</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="272" />
        <source>On the server</source>
        <translation>Trên máy chủ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="273" />
        <source>Keep</source>
        <translation>Giữ giá trị</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="286" />
        <source>Mine</source>
        <translation>Của máy này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/issues_dialog.py" line="288" />
        <source>The server's</source>
        <translation>Của máy chủ</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../vss_desktop/labels.py" line="17" />
        <source>Not at home</source>
        <translation>Không có nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="18" />
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="19" />
        <source>Thinking it over</source>
        <translation>Đang cân nhắc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="20" />
        <source>Promised to pay on a date</source>
        <translation>Hẹn ngày đóng tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="21" />
        <source>Enrolled</source>
        <translation>Đã tham gia</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="22" />
        <source>Renewed</source>
        <translation>Đã gia hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="23" />
        <source>Advice given, nothing to pay</source>
        <translation>Đã tư vấn, không phải đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="24" />
        <source>Moved away</source>
        <translation>Đã chuyển đi</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="30" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="31" />
        <source>Spouse</source>
        <translation>Vợ/chồng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="32" />
        <source>Child</source>
        <translation>Con</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="33" />
        <source>Parent</source>
        <translation>Bố/mẹ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="34" />
        <source>Grandchild</source>
        <translation>Cháu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="35" />
        <source>Sibling</source>
        <translation>Anh/chị/em</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="36" />
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="42" />
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="43" />
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="49" />
        <source>Household BHYT</source>
        <translation>BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="50" />
        <source>Other BHYT</source>
        <translation>BHYT nhóm khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="51" />
        <source>No BHYT</source>
        <translation>Chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="57" />
        <source>Enrolled in household BHYT</source>
        <translation>Tham gia BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="60" />
        <source>Enrolled in voluntary social insurance</source>
        <translation>Tham gia BHXH tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="63" />
        <source>BHYT card renewed</source>
        <translation>Gia hạn thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="64" />
        <source>Helped to install VssID</source>
        <translation>Hướng dẫn cài VssID</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="65" />
        <source>Registered cashless benefit payment</source>
        <translation>Đăng ký nhận chế độ không dùng tiền mặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="74" />
        <source>Meeting with a union (Women's Union, Farmers' Union…)</source>
        <translation>Họp với đoàn thể (Hội Phụ nữ, Hội Nông dân…)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="77" />
        <source>Advice booth</source>
        <translation>Gian tư vấn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="78" />
        <source>Mobile consultation</source>
        <translation>Tư vấn lưu động</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="79" />
        <source>Other event</source>
        <translation>Sự kiện khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="86" />
        <source>household BHYT</source>
        <translation>BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="87" />
        <source>voluntary SI</source>
        <translation>BHXH tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="88" />
        <source>BHYT renewed</source>
        <translation>gia hạn BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="89" />
        <source>VssID</source>
        <translation>VssID</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="90" />
        <source>cashless</source>
        <translation>không dùng tiền mặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="97" />
        <source>New household-BHYT participants</source>
        <translation>Người tham gia BHYT hộ gia đình mới</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="100" />
        <source>New voluntary-SI participants</source>
        <translation>Người tham gia BHXH tự nguyện mới</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="103" />
        <source>BHYT renewals</source>
        <translation>Người gia hạn thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="104" />
        <source>People helped to install VssID</source>
        <translation>Người được hướng dẫn cài VssID</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="107" />
        <source>People moved to cashless benefit payment</source>
        <translation>Người chuyển sang nhận chế độ không dùng tiền mặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="110" />
        <source>Amount collected</source>
        <translation>Số tiền đã thu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="122" />
        <source>This field is required.</source>
        <translation>Bắt buộc nhập ô này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="123" />
        <source>Choose a value from the list.</source>
        <translation>Hãy chọn một giá trị trong danh sách.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="124" />
        <source>Enter a date as dd/mm/yyyy.</source>
        <translation>Nhập ngày theo dạng dd/mm/yyyy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="125" />
        <source>This date is in the future.</source>
        <translation>Ngày này ở tương lai.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="126" />
        <source>Enter a time as HH:MM, for example 14:30.</source>
        <translation>Nhập giờ theo dạng HH:MM, ví dụ 14:30.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="129" />
        <source>This text is too long: at most %1 characters.</source>
        <translation>Nội dung quá dài: tối đa %1 ký tự.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="132" />
        <source>Enter an amount in đồng, digits only.</source>
        <translation>Nhập số tiền bằng đồng, chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="135" />
        <source>The amount cannot be negative.</source>
        <translation>Số tiền không được âm.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="136" />
        <source>This amount is too large: at most %1.</source>
        <translation>Số tiền quá lớn: tối đa %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="139" />
        <source>Enter a date from %1 to %2.</source>
        <translation>Nhập một ngày từ %1 đến %2.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="142" />
        <source>A CCCD number has digits only.</source>
        <translation>Số CCCD chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="143" />
        <source>A CCCD number has 12 digits; this one has %1.</source>
        <translation>Số CCCD có 12 chữ số; số này có %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="146" />
        <source>The CCCD number says born in %1, which does not match the date of birth.</source>
        <translation>Số CCCD cho biết sinh năm %1, không khớp với ngày sinh.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="149" />
        <source>The CCCD number does not match the sex chosen.</source>
        <translation>Số CCCD không khớp với giới tính đã chọn.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="152" />
        <source>A BHXH code has digits only.</source>
        <translation>Mã số BHXH chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="153" />
        <source>A BHXH code has 10 digits; this one has %1.</source>
        <translation>Mã số BHXH có 10 chữ số; mã này có %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="156" />
        <source>A BHYT card number is the 10-digit BHXH code or 15 characters like GD4010120152431.</source>
        <translation>Số thẻ BHYT là mã số BHXH 10 chữ số hoặc 15 ký tự, ví dụ GD4010120152431.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="160" />
        <source>An old BHYT card number is 2 letters then 13 digits, like GD4010120152431.</source>
        <translation>Số thẻ BHYT cũ gồm 2 chữ cái và 13 chữ số, ví dụ GD4010120152431.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="163" />
        <source>The card number does not end with this person's BHXH code.</source>
        <translation>Số thẻ không kết thúc bằng mã số BHXH của người này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="166" />
        <source>A phone number has digits only.</source>
        <translation>Số điện thoại chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="167" />
        <source>A mobile number has 10 digits; this one has %1.</source>
        <translation>Số di động có 10 chữ số; số này có %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="170" />
        <source>A mobile number starts with 03, 05, 07, 08 or 09.</source>
        <translation>Số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="173" />
        <source>No carrier uses this prefix; please check the number.</source>
        <translation>Không nhà mạng nào dùng đầu số này; hãy kiểm tra lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="176" />
        <source>The card is still valid: is the status right?</source>
        <translation>Thẻ vẫn còn hạn: tình trạng đã đúng chưa?</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="179" />
        <source>A person cannot be both poor and near-poor.</source>
        <translation>Một người không thể vừa thuộc hộ nghèo vừa thuộc hộ cận nghèo.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="182" />
        <source>Enter the date the family promised to pay.</source>
        <translation>Nhập ngày gia đình hẹn đóng tiền.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="185" />
        <source>Money was collected: enter the receipt number.</source>
        <translation>Đã thu tiền: hãy nhập số biên lai.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="188" />
        <source>The follow-up date is before the visit.</source>
        <translation>Ngày hẹn lại trước ngày thăm.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="191" />
        <source>The members' amounts add up to more than the amount collected.</source>
        <translation>Tổng tiền của các thành viên lớn hơn số tiền đã thu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="194" />
        <source>That person belongs to another household.</source>
        <translation>Người này thuộc hộ khác.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="197" />
        <source>Tick what this amount paid for (an enrolment or a renewal), or clear it.</source>
        <translation>Hãy đánh dấu khoản tiền này đóng cho việc gì (tham gia mới hoặc gia hạn), hoặc xóa số tiền.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="201" />
        <source>This event has walk-ins recorded: delete their visits first.</source>
        <translation>Sự kiện này đã có người tham gia tại chỗ được ghi: hãy xóa các lần gặp đó trước.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="204" />
        <source>The event of this walk-in is no longer on this laptop.</source>
        <translation>Sự kiện của người tham gia này không còn trên máy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="207" />
        <source>The person who referred this family is no longer on this laptop.</source>
        <translation>Người giới thiệu gia đình này không còn trên máy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="210" />
        <source>A family cannot be referred by one of its own members.</source>
        <translation>Người giới thiệu không thể là thành viên của chính hộ này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="214" />
        <source>Nothing was read: scan the QR code on the card again.</source>
        <translation>Chưa đọc được gì: hãy quét lại mã QR trên thẻ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="217" />
        <source>This is not a CCCD QR code: it does not start with a 12-digit ID number.</source>
        <translation>Đây không phải mã QR của CCCD: không bắt đầu bằng số định danh 12 chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="220" />
        <source>The QR text has only %1 parts, a CCCD code has at least 6: scan it again.</source>
        <translation>Nội dung mã QR chỉ có %1 phần, mã QR CCCD có ít nhất 6 phần: hãy quét lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="223" />
        <source>The QR text has no name: scan it again or type the details.</source>
        <translation>Nội dung mã QR không có họ tên: hãy quét lại hoặc nhập tay.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="226" />
        <source>The date of birth in the QR text cannot be read: scan it again.</source>
        <translation>Không đọc được ngày sinh trong mã QR: hãy quét lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="229" />
        <source>The QR text gives neither Nam nor Nữ as the sex: scan it again.</source>
        <translation>Mã QR không ghi giới tính là Nam hay Nữ: hãy quét lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="232" />
        <source>The old ID (CMND) on the card is not a 9-digit number; it was ignored.</source>
        <translation>Số CMND cũ trên thẻ không phải 9 chữ số; đã bỏ qua.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="235" />
        <source>The card's date of issue cannot be read; it was ignored.</source>
        <translation>Không đọc được ngày cấp thẻ; đã bỏ qua.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="238" />
        <source>The card's date of issue is before the date of birth: check the card.</source>
        <translation>Ngày cấp thẻ trước ngày sinh: hãy kiểm tra lại thẻ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="241" />
        <source>Replaced what was typed in: %1. Ctrl+Z in a text field brings it back.</source>
        <translation>Đã thay nội dung đã nhập ở: %1. Nhấn Ctrl+Z trong ô chữ để lấy lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="245" />
        <source>An old name: this is now %1.</source>
        <translation>Tên cũ: nay là %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="248" />
        <source>The last day is before the first day.</source>
        <translation>Ngày kết thúc trước ngày bắt đầu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/labels.py" line="251" />
        <source>This commune's list already has this village.</source>
        <translation>Danh sách của xã này đã có thôn/bản này.</translation>
    </message>
</context>
<context>
    <name>ListExport</name>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="47" />
        <location filename="../../vss_desktop/ui/list_export_action.py" line="95" />
        <location filename="../../vss_desktop/ui/list_export_action.py" line="110" />
        <source>Export the list to Excel</source>
        <translation>Xuất danh sách ra Excel</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="52" />
        <source>The Excel file is NOT encrypted: anyone who gets it can read the names, dates of birth and ID numbers of every household on this laptop. Keep it on this laptop or give it only to your supervisor.</source>
        <translation>Tệp Excel KHÔNG được mã hóa: ai có tệp đều đọc được họ tên, ngày sinh và số giấy tờ của mọi hộ trên máy này. Chỉ lưu trên máy này hoặc chỉ gửi cho cán bộ phụ trách.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="69" />
        <source>This file is not encrypted: it holds personal data.</source>
        <translation>Tệp này không được mã hóa: có chứa dữ liệu cá nhân.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="70" />
        <source>Exporting the list to %1…</source>
        <translation>Đang xuất danh sách ra %1…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="78" />
        <source>%1 households and %2 persons exported to %3</source>
        <translation>Đã xuất %1 hộ và %2 người vào %3</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="84" />
        <source>(%1 households without members left out)</source>
        <translation>(bỏ qua %1 hộ chưa có thành viên)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/list_export_action.py" line="93" />
        <source>The list could not be exported: %1</source>
        <translation>Không xuất được danh sách: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="117" />
        <source>VSS Desktop — BHXH/BHYT collection</source>
        <translation>VSS Desktop — Thu BHXH, BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="137" />
        <location filename="../../vss_desktop/ui/main_window.py" line="321" />
        <source>&amp;Today</source>
        <translation>Hôm n&amp;ay</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="138" />
        <location filename="../../vss_desktop/ui/main_window.py" line="322" />
        <source>All h&amp;ouseholds</source>
        <translation>Danh sá&amp;ch hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="200" />
        <source>Search name, CCCD, BHXH code, card number or phone  (Ctrl+F)</source>
        <translation>Tìm theo tên, CCCD, mã số BHXH, số thẻ hoặc điện thoại  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="213" />
        <source>All households</source>
        <translation>Tất cả các hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="214" />
        <source>Has members without BHYT</source>
        <translation>Có người chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="215" />
        <source>BHYT card expiring within</source>
        <translation>Thẻ BHYT hết hạn trong vòng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="216" />
        <source>Follow-up due</source>
        <translation>Đến hẹn thăm lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="217" />
        <source>Not visited this month</source>
        <translation>Chưa thăm trong tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="226" />
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="230" />
        <source>&amp;Search:</source>
        <translation>&amp;Tìm kiếm:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="232" />
        <source>V&amp;illage:</source>
        <translation>Thôn/&amp;bản:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="234" />
        <source>S&amp;how:</source>
        <translation>&amp;Hiển thị:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="272" />
        <source>&amp;File</source>
        <translation>Tệ&amp;p</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="273" />
        <source>&amp;Household</source>
        <translation>Hộ &amp;gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="288" />
        <source>&amp;New household…</source>
        <translation>Thêm hộ &amp;mới…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="291" />
        <source>Record &amp;visit…</source>
        <translation>Ghi &amp;lần thăm…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="293" />
        <source>Add &amp;member…</source>
        <translation>Thêm &amp;người…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="295" />
        <source>Contribution &amp;calculator…</source>
        <translation>&amp;Tính mức đóng…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="297" />
        <source>&amp;Edit household…</source>
        <translation>&amp;Sửa hộ…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="298" />
        <source>&amp;Find</source>
        <translation>&amp;Tìm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="300" />
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="305" />
        <source>&amp;Import from Excel…</source>
        <translation>&amp;Nhập từ Excel…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="307" />
        <source>E&amp;xport the list to Excel…</source>
        <translation>&amp;Xuất danh sách ra Excel…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="310" />
        <source>VSS &amp;forms D03-TS / D05-TS…</source>
        <translation>Mẫu &amp;biểu D03-TS / D05-TS…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="312" />
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="313" />
        <source>&amp;Lock now</source>
        <translation>&amp;Khóa ngay</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="315" />
        <source>C&amp;hange passphrase…</source>
        <translation>Đổi &amp;mật khẩu…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="318" />
        <source>&amp;Quit</source>
        <translation>Th&amp;oát</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="320" />
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="324" />
        <source>&amp;Work</source>
        <translation>Công v&amp;iệc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="325" />
        <source>&amp;Targets and progress…</source>
        <translation>&amp;Chỉ tiêu và tiến độ…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="326" />
        <source>&amp;Campaigns…</source>
        <translation>Chiến &amp;dịch…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="328" />
        <source>&amp;Events…</source>
        <translation>&amp;Sự kiện tuyên truyền…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="330" />
        <source>&amp;Villages…</source>
        <translation>&amp;Thôn/bản…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="332" />
        <source>S&amp;ync</source>
        <translation>Đồng bộ &amp;dữ liệu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="334" />
        <source>Sync &amp;now</source>
        <translation>Đồng bộ &amp;ngay</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="335" />
        <source>&amp;End of day…</source>
        <translation>Đồng bộ &amp;cuối ngày…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="338" />
        <source>Se&amp;rver and login…</source>
        <translation>&amp;Máy chủ và đăng nhập…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="341" />
        <source>&amp;Conflicts and rejected changes…</source>
        <translation>&amp;Xung đột và thay đổi bị từ chối…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="343" />
        <source>Sync &amp;log…</source>
        <translation>Nhật &amp;ký đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="400" />
        <source>%1 households</source>
        <translation>%1 hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="467" />
        <source>All villages</source>
        <translation>Tất cả thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="507" />
        <source>Could not read the database: %1</source>
        <translation>Không đọc được cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="596" />
        <location filename="../../vss_desktop/ui/main_window.py" line="610" />
        <source>Choose a household first.</source>
        <translation>Hãy chọn một hộ trước.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="685" />
        <source>The new language is used from the next start of the app.</source>
        <translation>Ngôn ngữ mới được dùng từ lần mở ứng dụng sau.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="705" />
        <source>A sync is already running.</source>
        <translation>Đang có một lần đồng bộ chạy.</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="92" />
        <source>Edit member</source>
        <translation>Sửa thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="94" />
        <source>New member of %1's household</source>
        <translation>Thêm thành viên vào hộ %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="96" />
        <source>New member</source>
        <translation>Thêm thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="100" />
        <source>Scan or paste the CCCD QR code</source>
        <translation>Quét hoặc dán mã QR trên CCCD</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="113" />
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="114" />
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="115" />
        <source>10 digits</source>
        <translation>10 chữ số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="117" />
        <source>10 digits, or 15 characters like GD4010120152431</source>
        <translation>10 chữ số, hoặc 15 ký tự như GD4010120152431</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="125" />
        <source>Ethnic &amp;minority</source>
        <translation>&amp;Dân tộc thiểu số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="126" />
        <source>P&amp;oor household</source>
        <translation>&amp;Hộ nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="127" />
        <source>Ne&amp;ar-poor household</source>
        <translation>Hộ &amp;cận nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="136" />
        <source>Full &amp;name:</source>
        <translation>Họ và &amp;tên:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="137" />
        <source>Date of &amp;birth:</source>
        <translation>&amp;Ngày sinh:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="138" />
        <source>Se&amp;x:</source>
        <translation>&amp;Giới tính:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="144" />
        <source>&amp;Relation to head:</source>
        <translation>&amp;Quan hệ với chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="189" />
        <source>CCCD &amp;QR code:</source>
        <translation>Mã QR củ&amp;a CCCD:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="298" />
        <source>Address on the card: %1</source>
        <translation>Địa chỉ trên thẻ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="302" />
        <source>In force today: %1 (the card has older names)</source>
        <translation>Đơn vị hành chính hiện nay: %1 (thẻ ghi tên cũ)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="305" />
        <source>In force today: %1</source>
        <translation>Đơn vị hành chính hiện nay: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="309" />
        <source>The household has no address yet: it can be entered in the household form.</source>
        <translation>Hộ chưa có địa chỉ: có thể nhập ở biểu mẫu hộ gia đình.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="139" />
        <source>&amp;CCCD number:</source>
        <translation>&amp;Số CCCD:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="146" />
        <source>BHX&amp;H code:</source>
        <translation>&amp;Mã số BHXH:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="148" />
        <source>BHYT card n&amp;umber:</source>
        <translation>Số thẻ &amp;BHYT:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="150" />
        <source>Card &amp;expiry date:</source>
        <translation>Hạn thẻ đến ngà&amp;y:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="151" />
        <source>&amp;Insurance status:</source>
        <translation>Tình t&amp;rạng BHYT:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="153" />
        <source>&amp;Voluntary SI paid until:</source>
        <translation>BHXH tự ng&amp;uyện đóng đến:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="155" />
        <source>&amp;Phone:</source>
        <translation>Điện th&amp;oại:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="158" />
        <source>Support group:</source>
        <translation>Đối tượng hỗ trợ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="165" />
        <source>No&amp;tes:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
</context>
<context>
    <name>PassphraseChange</name>
    <message>
        <location filename="../../vss_desktop/ui/passphrase_change.py" line="74" />
        <source>The passphrase was changed. Open the app again with the new one.</source>
        <translation>Đã đổi mật khẩu. Hãy mở lại ứng dụng bằng mật khẩu mới.</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="114" />
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="114" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="125" />
        <source>&amp;Current passphrase:</source>
        <translation>Mật khẩu &amp;hiện tại:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="126" />
        <source>&amp;New passphrase:</source>
        <translation>Mật khẩu &amp;mới:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="126" />
        <source>&amp;Passphrase:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="129" />
        <source>&amp;Repeat it:</source>
        <translation>&amp;Nhập lại:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="146" />
        <source>Protect this laptop's data</source>
        <translation>Bảo vệ dữ liệu trên máy này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="147" />
        <source>Unlock VSS Desktop</source>
        <translation>Mở khóa VSS Desktop</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="148" />
        <source>Locked</source>
        <translation>Đã khóa</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="149" />
        <source>Change the passphrase</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="153" />
        <source>The names, ID numbers and phone numbers on this laptop are kept encrypted. Choose a passphrase of at least %1 characters: the app asks for it at every start and after a pause. It is not stored anywhere: if it is forgotten, the data on this laptop cannot be read (what was synced is safe on the server).</source>
        <translation>Họ tên, số định danh và số điện thoại trên máy này được lưu ở dạng mã hóa. Hãy chọn mật khẩu có ít nhất %1 ký tự: ứng dụng hỏi mật khẩu mỗi lần mở và sau khi tạm dừng. Mật khẩu không được lưu ở đâu cả: nếu quên, dữ liệu trên máy này không đọc được nữa (dữ liệu đã đồng bộ vẫn an toàn trên máy chủ).</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="158" />
        <source>Type the passphrase that protects this laptop's data.</source>
        <translation>Nhập mật khẩu bảo vệ dữ liệu trên máy này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="160" />
        <source>The app locked itself after a pause. Type the passphrase to go on; nothing you were doing is lost.</source>
        <translation>Ứng dụng đã tự khóa sau một thời gian không dùng. Nhập mật khẩu để tiếp tục; việc đang làm dở không bị mất.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="164" />
        <source>The database is re-encrypted with the new passphrase. The app closes afterwards: open it again with the new passphrase.</source>
        <translation>Dữ liệu sẽ được mã hóa lại bằng mật khẩu mới. Sau đó ứng dụng sẽ đóng: hãy mở lại bằng mật khẩu mới.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="169" />
        <source>&amp;Encrypt and open</source>
        <translation>Mã hóa &amp;và mở</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="169" />
        <source>&amp;Set and open</source>
        <translation>Đặt &amp;và mở</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="170" />
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="171" />
        <source>&amp;Unlock</source>
        <translation>Mở &amp;khóa</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="172" />
        <source>&amp;Change</source>
        <translation>Đổ&amp;i</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="178" />
        <source>The data already on this laptop is encrypted now; this can take a minute.</source>
        <translation>Dữ liệu đã có trên máy sẽ được mã hóa ngay bây giờ; việc này có thể mất khoảng một phút.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="192" />
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="274" />
        <source>At least %1 characters.</source>
        <translation>Cần ít nhất %1 ký tự.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="194" />
        <source>The two passphrases are not the same.</source>
        <translation>Hai mật khẩu không giống nhau.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="213" />
        <source>Type the passphrase.</source>
        <translation>Hãy nhập mật khẩu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="246" />
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="246" />
        <source>Working…</source>
        <translation>Đang xử lý…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="263" />
        <source>That is not the passphrase.</source>
        <translation>Mật khẩu không đúng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="265" />
        <source>Too many wrong passphrases.</source>
        <translation>Nhập sai mật khẩu quá nhiều lần.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="280" />
        <source>The passphrase is right, but the database file is damaged and cannot be opened. Nothing was changed. The app's copies of it are in %1: ask your supervisor to restore the latest one. Visits already synced are safe on the server.</source>
        <translation>Mật khẩu đúng, nhưng tệp cơ sở dữ liệu bị hỏng nên không mở được. Chưa có gì bị thay đổi. Các bản sao do ứng dụng tạo nằm trong %1: hãy nhờ cán bộ phụ trách khôi phục bản mới nhất. Các lần thăm đã đồng bộ vẫn an toàn trên máy chủ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="290" />
        <source>The database could not be opened: %1</source>
        <translation>Không mở được cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="293" />
        <source>Something went wrong: %1</source>
        <translation>Có lỗi xảy ra: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="303" />
        <source>Try again.</source>
        <translation>Hãy thử lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/unlock_dialog.py" line="307" />
        <source>Too many wrong passphrases: wait %1 s before trying again.</source>
        <translation>Nhập sai quá nhiều lần: hãy chờ %1 giây rồi thử lại.</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="64" />
        <location filename="../../vss_desktop/ui/print_dialog.py" line="301" />
        <source>Print</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="87" />
        <source>Household visit list</source>
        <translation>Danh sách hộ cần thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="89" />
        <source>Household sheets (one page per household)</source>
        <translation>Phiếu thăm hộ (mỗi hộ một trang)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="91" />
        <source>BHYT renewal reminders</source>
        <translation>Danh sách nhắc gia hạn thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="92" />
        <source>&amp;Document:</source>
        <translation>&amp;Tài liệu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="94" />
        <source>Households in the &amp;list as filtered now</source>
        <translation>Các hộ trong &amp;danh sách đang lọc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="96" />
        <source>&amp;Selected households (%1)</source>
        <translation>Các hộ đã &amp;chọn (%1)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="106" />
        <source>Households:</source>
        <translation>Hộ gia đình:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="115" />
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="116" />
        <source>Cards expiring &amp;within:</source>
        <translation>Thẻ hết hạn trong &amp;vòng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="119" />
        <source>By village and house number</source>
        <translation>Theo thôn/bản và số nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="120" />
        <source>By name of the head of household</source>
        <translation>Theo tên chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="121" />
        <source>Route order (drag to arrange)</source>
        <translation>Theo lộ trình (kéo để sắp xếp)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="122" />
        <source>&amp;Order:</source>
        <translation>&amp;Sắp xếp:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="128" />
        <source>&amp;Route:</source>
        <translation>&amp;Lộ trình:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="131" />
        <source>Portrait</source>
        <translation>Khổ dọc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="132" />
        <source>Landscape</source>
        <translation>Khổ ngang</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="141" />
        <source>Pre&amp;view…</source>
        <translation>&amp;Xem trước…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="142" />
        <source>&amp;Print…</source>
        <translation>&amp;In…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="317" />
        <source>Save as PDF (the file is not encrypted)</source>
        <translation>Lưu thành PDF (tệp không được mã hóa)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="110" />
        <source>V&amp;illages (none ticked: all):</source>
        <translation>Thôn/&amp;bản (không đánh dấu: tất cả):</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="133" />
        <source>P&amp;aper (A4):</source>
        <translation>&amp;Giấy (A4):</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="143" />
        <source>Save as PD&amp;F…</source>
        <translation>Lưu thành &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="299" />
        <source>Printing failed.</source>
        <translation>In không thành công.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="300" />
        <source>Printing failed: %1</source>
        <translation>In không thành công: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="268" />
        <source>Preparing the document…</source>
        <translation>Đang chuẩn bị tài liệu…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="279" />
        <source>%1 pages.</source>
        <translation>%1 trang.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="270" />
        <source>Sent %1 pages to the printer.</source>
        <translation>Đã gửi %1 trang tới máy in.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_dialog.py" line="274" />
        <source>Saved %1 pages to %2.</source>
        <translation>Đã lưu %1 trang vào %2.</translation>
    </message>
</context>
<context>
    <name>PrintJob</name>
    <message>
        <location filename="../../vss_desktop/ui/print_job.py" line="166" />
        <source>Sending to the printer…</source>
        <translation>Đang gửi tới máy in…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_job.py" line="171" />
        <source>PDF files (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/print_job.py" line="183" />
        <source>Writing the PDF…</source>
        <translation>Đang ghi tệp PDF…</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="53" />
        <location filename="../../vss_desktop/printing/household_sheet.py" line="44" />
        <location filename="../../vss_desktop/printing/household_sheet.py" line="141" />
        <location filename="../../vss_desktop/printing/reminders.py" line="33" />
        <location filename="../../vss_desktop/printing/visit_list.py" line="36" />
        <source>No.</source>
        <translation>STT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="45" />
        <location filename="../../vss_desktop/printing/reminders.py" line="34" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="46" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="47" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="48" />
        <source>Relation</source>
        <translation>Quan hệ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="49" />
        <source>BHXH code</source>
        <translation>Mã số BHXH</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="50" />
        <source>BHYT card expiry</source>
        <translation>Hạn thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="51" />
        <location filename="../../vss_desktop/printing/reminders.py" line="39" />
        <source>Insurance</source>
        <translation>Bảo hiểm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="52" />
        <location filename="../../vss_desktop/printing/reminders.py" line="42" />
        <location filename="../../vss_desktop/printing/visit_list.py" line="56" />
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="58" />
        <source>Household code: %1</source>
        <translation>Mã hộ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="59" />
        <source>Phone: %1</source>
        <translation>Điện thoại: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="60" />
        <source>Address: %1</source>
        <translation>Địa chỉ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="65" />
        <source>Last visit: %1, %2</source>
        <translation>Lần thăm gần nhất: %1, %2</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="70" />
        <source>Follow-up: %1</source>
        <translation>Hẹn thăm lại: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="74" />
        <source>Last visit: never visited</source>
        <translation>Lần thăm gần nhất: chưa thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="92" />
        <source>Members (%1)</source>
        <translation>Thành viên (%1)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="126" />
        <source>Household BHYT contribution (on %1, base salary %2)</source>
        <translation>Số tiền đóng BHYT hộ gia đình (tính ngày %1, lương cơ sở %2)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="134" />
        <source>%1 months</source>
        <translation>%1 tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="142" />
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="143" />
        <source>Ladder</source>
        <translation>Mức đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="162" />
        <source>Total for the household</source>
        <translation>Cộng cả hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="179" />
        <source>Members with another BHYT are not counted. Amounts follow the rules in force on the day printed; the day of payment decides.</source>
        <translation>Không tính người đã có BHYT nhóm khác. Số tiền theo quy định tại ngày in; số phải đóng tính theo ngày đóng thực tế.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="196" />
        <source>Outcome of this visit</source>
        <translation>Kết quả lần thăm này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="204" />
        <source>Amount collected:</source>
        <translation>Số tiền đã thu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="205" />
        <source>Receipt number:</source>
        <translation>Số biên lai:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="210" />
        <source>Promised to pay on:</source>
        <translation>Hẹn đóng tiền ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="211" />
        <source>Visit again on:</source>
        <translation>Hẹn thăm lại ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="214" />
        <source>Notes:</source>
        <translation>Ghi chú:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="218" />
        <source>Participant or household representative</source>
        <translation>Người tham gia hoặc đại diện hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="43" />
        <source>From %1 to %2 (%3 days)</source>
        <translation>Từ %1 đến %2 (%3 ngày)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="54" />
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="55" />
        <source>Total</source>
        <translation>Tổng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="61" />
        <source>Total new participants (1 + 2)</source>
        <translation>Tổng số người tham gia mới (1 + 2)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="74" />
        <source>Visits: %1 to %2 households.</source>
        <translation>Số lần thăm: %1, tại %2 hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="78" />
        <source>Counted on %1 from the visits recorded on this laptop: each person once per result; deleted visits are left out.</source>
        <translation>Tính lúc %1 từ các lần thăm đã ghi trên máy này: mỗi người tính một lần cho mỗi kết quả; không tính các lần thăm đã xóa.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="85" />
        <source>Notes: %1</source>
        <translation>Ghi chú: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="97" />
        <location filename="../../vss_desktop/printing/household_sheet.py" line="221" />
        <source>Collector</source>
        <translation>Người thu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="98" />
        <source>Supervisor</source>
        <translation>Cán bộ phụ trách</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="100" />
        <location filename="../../vss_desktop/printing/household_sheet.py" line="223" />
        <source>(signature and full name)</source>
        <translation>(Ký, ghi rõ họ tên)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/campaign_report.py" line="105" />
        <source>Campaign report: %1</source>
        <translation>Báo cáo chiến dịch: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="236" />
        <source>No households chosen.</source>
        <translation>Chưa chọn hộ nào.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/household_sheet.py" line="238" />
        <source>Household visit sheet</source>
        <translation>Phiếu thăm hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="35" />
        <source>Born</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="36" />
        <source>Household</source>
        <translation>Hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="37" />
        <source>Card expires</source>
        <translation>Hạn thẻ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="38" />
        <source>Days left</source>
        <translation>Còn (ngày)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="40" />
        <location filename="../../vss_desktop/printing/visit_list.py" line="42" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="41" />
        <source>Called / visited</source>
        <translation>Đã gọi / đã đến</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="54" />
        <source>(household)</source>
        <translation>(của hộ)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="76" />
        <source>%1 person</source>
        <translation>%1 người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="77" />
        <source>%1 persons</source>
        <translation>%1 người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="82" />
        <source>%1 (continued)</source>
        <translation>%1 (tiếp theo)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="91" />
        <source>Total: %1 persons in %2 villages.</source>
        <translation>Tổng cộng: %1 người ở %2 thôn/bản.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="96" />
        <source>BHYT cards expiring from %1 to %2 (%3 days)</source>
        <translation>Thẻ BHYT hết hạn từ %1 đến %2 (%3 ngày)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="101" />
        <source>A phone marked (household) is the household's: the person has none.</source>
        <translation>Số điện thoại ghi (của hộ) là số của hộ: người này không có số riêng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/reminders.py" line="121" />
        <source>BHYT card renewal reminders</source>
        <translation>Danh sách nhắc gia hạn thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="21" />
        <source>Page %1/%2</source>
        <translation>Trang %1/%2</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="27" />
        <source>HH</source>
        <comment>short for: household BHYT</comment>
        <translation>HGĐ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="30" />
        <source>Other</source>
        <comment>short for: BHYT from another group</comment>
        <translation>Khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="33" />
        <source>None</source>
        <comment>short for: no BHYT</comment>
        <translation>Chưa có</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="39" />
        <source>HH: household BHYT; Other: BHYT from another group; None: no BHYT.</source>
        <translation>HGĐ: BHYT hộ gia đình; Khác: BHYT nhóm khác; Chưa có: chưa có BHYT.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="51" />
        <source>No. %1</source>
        <translation>Số %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="62" />
        <source>Collector: %1</source>
        <translation>Người thu: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/texts.py" line="65" />
        <source>Printed on %1</source>
        <translation>Ngày in: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="39" />
        <source>Household code</source>
        <translation>Mã hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="40" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="41" />
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="46" />
        <source>Head of household, code</source>
        <translation>Chủ hộ, mã hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="47" />
        <source>Address, phone</source>
        <translation>Địa chỉ, điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="50" />
        <source>Members: BHYT card expiry, status</source>
        <translation>Thành viên: hạn thẻ BHYT, loại thẻ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="51" />
        <source>Last visit</source>
        <translation>Lần thăm gần nhất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="52" />
        <source>Follow-up</source>
        <translation>Hẹn lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="53" />
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="54" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="55" />
        <source>Signature</source>
        <translation>Chữ ký</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="77" />
        <source>Never visited</source>
        <translation>Chưa thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="95" />
        <source>Selected households</source>
        <translation>Các hộ đã chọn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="98" />
        <source>All villages</source>
        <translation>Tất cả thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="101" />
        <source>Has members without BHYT</source>
        <translation>Có người chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="104" />
        <source>BHYT card expiring within %1 days</source>
        <translation>Thẻ BHYT hết hạn trong vòng %1 ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="109" />
        <source>Follow-up due</source>
        <translation>Đến hẹn thăm lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="111" />
        <source>Not visited this month</source>
        <translation>Chưa thăm trong tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="114" />
        <source>Search: %1</source>
        <translation>Tìm: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="117" />
        <source>by village and house number</source>
        <translation>xếp theo thôn/bản và số nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="118" />
        <source>by name of the head of household</source>
        <translation>xếp theo tên chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="119" />
        <source>in route order</source>
        <translation>xếp theo lộ trình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="125" />
        <source>%1 household</source>
        <translation>%1 hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="126" />
        <source>%1 households</source>
        <translation>%1 hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="134" />
        <source>Total: %1 households, %2 persons, %3 BHYT cards expiring by %4.</source>
        <translation>Tổng cộng: %1 hộ, %2 người, %3 thẻ BHYT hết hạn đến ngày %4.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="147" />
        <source>Bold: BHYT card expiring within %1 days, or follow-up due. Never visited: no visit recorded.</source>
        <translation>Chữ đậm: thẻ BHYT hết hạn trong vòng %1 ngày, hoặc đã đến hẹn thăm lại. Chưa thăm: chưa ghi lần thăm nào.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/printing/visit_list.py" line="169" />
        <source>Household visit list</source>
        <translation>Danh sách hộ cần thăm</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="96" />
        <source>Targets and progress</source>
        <translation>Chỉ tiêu và tiến độ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="108" />
        <source>&amp;Period:</source>
        <translation>&amp;Kỳ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="110" />
        <source>Pre&amp;vious</source>
        <translation>Kỳ t&amp;rước</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="111" />
        <source>Previous period (PgUp or Alt+Left)</source>
        <translation>Kỳ trước (PgUp hoặc Alt+Left)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="112" />
        <source>&amp;Next</source>
        <translation>Kỳ &amp;sau</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="113" />
        <source>Next period (PgDn or Alt+Right)</source>
        <translation>Kỳ sau (PgDn hoặc Alt+Right)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="114" />
        <source>&amp;This period</source>
        <translation>Kỳ &amp;hiện tại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="134" />
        <source>Result</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="134" />
        <source>Actual</source>
        <translation>Thực hiện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="134" />
        <source>Target</source>
        <translation>Chỉ tiêu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="134" />
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="164" />
        <source>Counted from the visits recorded on this laptop, each person once per period.</source>
        <translation>Tính từ các lần thăm đã ghi trên máy này, mỗi người chỉ tính một lần trong kỳ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="180" />
        <source>Set tar&amp;gets…</source>
        <translation>Đặt &amp;chỉ tiêu…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="184" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="244" />
        <source>&amp;Day by day: %1</source>
        <translation>Theo &amp;ngày: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="257" />
        <source>set by supervisor</source>
        <translation>cán bộ phụ trách giao</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="268" />
        <source>Set by the supervisor on the server; received with the sync.</source>
        <translation>Do cán bộ phụ trách đặt trên máy chủ; nhận về khi đồng bộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="272" />
        <source>Set on this laptop.</source>
        <translation>Đặt trên máy này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="276" />
        <source>no target</source>
        <translation>chưa có chỉ tiêu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="313" />
        <source>Total for the period: %1. Left/Right in the chart show one day.</source>
        <translation>Cả kỳ: %1. Trong biểu đồ, phím trái/phải xem từng ngày.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="327" />
        <source>The numbers could not be read: %1</source>
        <translation>Không đọc được số liệu: %1</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <location filename="../../vss_desktop/ui/progress_text.py" line="28" />
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_text.py" line="29" />
        <source>Quarter</source>
        <translation>Quý</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_text.py" line="30" />
        <source>Year</source>
        <translation>Năm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_text.py" line="37" />
        <source>Month %1</source>
        <translation>Tháng %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_text.py" line="42" />
        <source>Quarter %1/%2</source>
        <translation>Quý %1/%2</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_text.py" line="46" />
        <source>Year %1</source>
        <translation>Năm %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/progress_dialog.py" line="63" />
        <source>%1 · target reached</source>
        <translation>%1 · đạt chỉ tiêu</translation>
    </message>
</context>
<context>
    <name>ReferrerField</name>
    <message>
        <location filename="../../vss_desktop/ui/events_referrer.py" line="138" />
        <source>find by name, CCCD, BHXH code… (Enter)</source>
        <translation>tìm theo tên, CCCD, mã BHXH… (Enter)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/events_referrer.py" line="139" />
        <source>Find the person who referred this family</source>
        <translation>Tìm người đã giới thiệu gia đình này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/events_referrer.py" line="153" />
        <source>— no one —</source>
        <translation>— không ai —</translation>
    </message>
</context>
<context>
    <name>ServerDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="70" />
        <source>Server and login</source>
        <translation>Máy chủ và đăng nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="79" />
        <source>Allow plain &amp;HTTP to this server (unsafe)</source>
        <translation>Cho phép &amp;HTTP không mã hóa tới máy chủ này (không an toàn)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="86" />
        <source>only if your supervisor gave you one (.pem)</source>
        <translation>chỉ khi cán bộ phụ trách đưa cho (.pem)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="87" />
        <source>&amp;Browse…</source>
        <translation>Chọn tệ&amp;p…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="100" />
        <source>Sync au&amp;tomatically whenever the server can be reached</source>
        <translation>Tự động đồng &amp;bộ mỗi khi kết nối được máy chủ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="114" />
        <source>&amp;Log in</source>
        <translation>Đăng &amp;nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="116" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="123" />
        <source>Server &amp;address:</source>
        <translation>Địa &amp;chỉ máy chủ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="125" />
        <source>&amp;Username:</source>
        <translation>&amp;Tên đăng nhập:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="127" />
        <source>&amp;Password:</source>
        <translation>&amp;Mật khẩu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="136" />
        <source>Certificate a&amp;uthority:</source>
        <translation>Chứng chỉ gốc (C&amp;A):</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="175" />
        <source>Logged in as %1 on %2.</source>
        <translation>Đã đăng nhập với tên %1 tại %2.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="214" />
        <source>Enter the server address, like https://bhxh.example.vn</source>
        <translation>Nhập địa chỉ máy chủ, ví dụ https://bhxh.example.vn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="218" />
        <source>This is not a server address. Type it like https://bhxh.example.vn</source>
        <translation>Đây không phải địa chỉ máy chủ. Hãy nhập theo dạng https://bhxh.example.vn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="223" />
        <source>Plain http:// is refused: your password and the households' data would travel unprotected. Use https://, or tick the box below only if your supervisor told you to.</source>
        <translation>Không chấp nhận http:// không mã hóa: mật khẩu và dữ liệu các hộ sẽ được gửi đi không được bảo vệ. Hãy dùng https://, hoặc chỉ đánh dấu ô bên dưới khi cán bộ phụ trách yêu cầu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="244" />
        <source>Unsafe: anyone on the network could read your password and the data sent. Use this only for a test server or on the office network.</source>
        <translation>Không an toàn: bất kỳ ai trên mạng đều có thể đọc được mật khẩu và dữ liệu gửi đi. Chỉ dùng cho máy chủ thử nghiệm hoặc trong mạng nội bộ của cơ quan.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="261" />
        <source>This file cannot be used: choose the certificate (.pem) your supervisor gave you, or leave the field empty.</source>
        <translation>Không dùng được tệp này: hãy chọn tệp chứng chỉ (.pem) cán bộ phụ trách đưa cho, hoặc để trống.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="268" />
        <source>Certificate authority</source>
        <translation>Chứng chỉ gốc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="268" />
        <source>Certificates (*.pem *.crt)</source>
        <translation>Chứng chỉ (*.pem *.crt)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="285" />
        <source>Enter your username.</source>
        <translation>Nhập tên đăng nhập.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="290" />
        <source>Enter your password.</source>
        <translation>Nhập mật khẩu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="303" />
        <source>Logging in…</source>
        <translation>Đang đăng nhập…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/server_dialog.py" line="334" />
        <source>Logged in as %1. The app now syncs with this server.</source>
        <translation>Đã đăng nhập với tên %1. Từ giờ ứng dụng đồng bộ với máy chủ này.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="24" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="36" />
        <source>empty: your account's name</source>
        <translation>để trống: tên tài khoản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="40" />
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="45" />
        <source> minutes without use</source>
        <translation> phút không dùng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="48" />
        <source>&amp;Language:</source>
        <translation>&amp;Ngôn ngữ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="49" />
        <source>&amp;Collector username:</source>
        <translation>Tên đăng nhập &amp;cán bộ thu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="50" />
        <source>Collector &amp;name on printed lists:</source>
        <translation>&amp;Họ tên người thu in trên danh sách:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="51" />
        <source>Card &amp;expiring soon within:</source>
        <translation>Thẻ &amp;sắp hết hạn trong vòng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="52" />
        <source>Lock the app &amp;after:</source>
        <translation>Tự &amp;khóa sau:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="56" />
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="57" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>SyncLogDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="29" />
        <source>Interrupted</source>
        <translation>Bị gián đoạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="31" />
        <source>Completed</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="32" />
        <source>Offline</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="33" />
        <source>Login needed</source>
        <translation>Cần đăng nhập</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="34" />
        <source>Failed</source>
        <translation>Thất bại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="44" />
        <source>Sync log</source>
        <translation>Nhật ký đồng bộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="47" />
        <source>Started</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="48" />
        <source>Result</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="49" />
        <source>Sent</source>
        <translation>Đã gửi</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="50" />
        <source>Received</source>
        <translation>Đã nhận</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="51" />
        <source>Conflicts</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="52" />
        <source>Rejected</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="53" />
        <source>Message</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="70" />
        <source>Running</source>
        <translation>Đang chạy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="92" />
        <source>No sync has run yet.</source>
        <translation>Chưa có lần đồng bộ nào.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_log_dialog.py" line="95" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>SyncMessages</name>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="57" />
        <source>A secure connection to the server could not be made (its certificate could not be verified), so nothing was sent. Check the address, or ask your supervisor.</source>
        <translation>Không tạo được kết nối an toàn tới máy chủ (không xác minh được chứng chỉ), nên chưa gửi gì. Hãy kiểm tra địa chỉ hoặc hỏi cán bộ phụ trách.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="63" />
        <source>This server address is not allowed: use https://.</source>
        <translation>Không được dùng địa chỉ máy chủ này: hãy dùng https://.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="67" />
        <source>Wrong username or password.</source>
        <translation>Sai tên đăng nhập hoặc mật khẩu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="70" />
        <source>Too many failed attempts. Wait a few minutes and try again.</source>
        <translation>Đăng nhập sai quá nhiều lần. Hãy đợi vài phút rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="73" />
        <source>The server could not be reached. Check the address and the connection, then try again.</source>
        <translation>Không kết nối được máy chủ. Hãy kiểm tra địa chỉ và kết nối mạng rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="80" />
        <source>This address does not answer like a VSS server.</source>
        <translation>Địa chỉ này không phải máy chủ VSS.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="83" />
        <source>The server refused: %1</source>
        <translation>Máy chủ từ chối: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_controller.py" line="86" />
        <source>Something went wrong: %1</source>
        <translation>Đã có lỗi: %1</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="133" />
        <source>This app must be updated: version %1 or later. Your changes are still sent.</source>
        <translation>Cần cập nhật ứng dụng này: phiên bản %1 trở lên. Các thay đổi của bạn vẫn được gửi đi.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="137" />
        <source>A newer version of this app is available: %1.</source>
        <translation>Đã có phiên bản mới hơn của ứng dụng: %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="153" />
        <source>Downloading version %1: %2 %</source>
        <translation>Đang tải phiên bản %1: %2 %</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="159" />
        <source>Downloading version %1…</source>
        <translation>Đang tải phiên bản %1…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="164" />
        <source>Version %1 is downloaded: it will be installed when you next open the app.</source>
        <translation>Đã tải xong phiên bản %1: sẽ được cài khi bạn mở lại ứng dụng.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="171" />
        <source>The update to version %1 failed its signature check and was not installed. Tell your province's IT team.</source>
        <translation>Bản cập nhật lên phiên bản %1 không khớp chữ ký nên không được cài. Hãy báo bộ phận CNTT của tỉnh.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="177" />
        <source>Version %1 did not start on this laptop; the earlier version runs.</source>
        <translation>Phiên bản %1 không khởi động được trên máy này; đang dùng phiên bản trước.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="187" />
        <source>This app: version %1</source>
        <translation>Ứng dụng này: phiên bản %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="193" />
        <source>Changes waiting to be sent: %1</source>
        <translation>Thay đổi chờ gửi: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="196" />
        <source>Needs attention: %1</source>
        <translation>Cần xử lý: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="207" />
        <source>Server: %1</source>
        <translation>Máy chủ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="209" />
        <source>Sync → Server and login…</source>
        <translation>Đồng bộ dữ liệu → Máy chủ và đăng nhập…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="218" />
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="220" />
        <source>Not connected to a server</source>
        <translation>Chưa kết nối máy chủ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="222" />
        <source>Log in again to sync</source>
        <translation>Cần đăng nhập lại để đồng bộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="224" />
        <source>Online · synced at %1</source>
        <translation>Trực tuyến · đồng bộ lúc %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="225" />
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="226" />
        <source>Offline · last synced at %1</source>
        <translation>Ngoại tuyến · đồng bộ lần cuối lúc %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="227" />
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="241" />
        <source>Sending changes: %1 of %2</source>
        <translation>Đang gửi thay đổi: %1 / %2</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="247" />
        <source>Receiving updates: %1</source>
        <translation>Đang nhận cập nhật: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="255" />
        <source>Sync finished: %1 sent, %2 received.</source>
        <translation>Đồng bộ xong: đã gửi %1, đã nhận %2.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="260" />
        <source>Some changes need your attention.</source>
        <translation>Có thay đổi cần xử lý.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="264" />
        <source>%1 changes wait on this laptop until the server is updated to accept events.</source>
        <translation>%1 thay đổi đang chờ trên máy này cho đến khi máy chủ được cập nhật để nhận sự kiện.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="268" />
        <source>The server could not be reached; your changes are kept on this laptop.</source>
        <translation>Không kết nối được máy chủ; các thay đổi vẫn được giữ trên máy này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="270" />
        <source>Log in again to sync: Sync → Server and login…</source>
        <translation>Cần đăng nhập lại để đồng bộ: Đồng bộ dữ liệu → Máy chủ và đăng nhập…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/sync_status.py" line="271" />
        <source>The sync did not finish: %1</source>
        <translation>Đồng bộ chưa xong: %1</translation>
    </message>
</context>
<context>
    <name>TargetsDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/targets_dialog.py" line="62" />
        <source>Set targets</source>
        <translation>Đặt chỉ tiêu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/targets_dialog.py" line="73" />
        <source>Targets for %1 (%2 – %3). Leave a field empty for no target.</source>
        <translation>Chỉ tiêu của %1 (%2 – %3). Để trống ô nào không đặt chỉ tiêu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/targets_dialog.py" line="85" />
        <source>%1 (set by supervisor)</source>
        <translation>%1 (cán bộ phụ trách giao)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/targets_dialog.py" line="100" />
        <source>Targets set by the supervisor come from the server with the sync.</source>
        <translation>Chỉ tiêu do cán bộ phụ trách giao được nhận từ máy chủ khi đồng bộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/targets_dialog.py" line="122" />
        <source>people</source>
        <translation>người</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="77" />
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
</context>
<context>
    <name>TodayModel</name>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="69" />
        <source>Follow-up on</source>
        <translation>Hẹn thăm lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="70" />
        <source>Card expires</source>
        <translation>Thẻ hết hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="71" />
        <source>Card expired</source>
        <translation>Thẻ đã hết hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="73" />
        <location filename="../../vss_desktop/ui/today_view.py" line="74" />
        <source>Last visit</source>
        <translation>Lần thăm gần nhất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="76" />
        <source>Code</source>
        <translation>Mã hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="76" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="76" />
        <source>Village</source>
        <translation>Thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="78" />
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="165" />
        <source>&amp;Print this list…</source>
        <translation>&amp;In danh sách này…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="166" />
        <source>E&amp;xport to Excel…</source>
        <translation>Xuất &amp;Excel…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="192" />
        <source>Follow-ups due and overdue</source>
        <translation>Hẹn thăm lại đến hạn và quá hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="193" />
        <source>Cards expiring within %1 days</source>
        <translation>Thẻ BHYT hết hạn trong %1 ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="196" />
        <source>Lapsed less than 3 months ago</source>
        <translation>Thẻ hết hạn chưa quá 3 tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="197" />
        <source>Never visited</source>
        <translation>Chưa thăm lần nào</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="198" />
        <source>Not visited this month</source>
        <translation>Chưa thăm trong tháng này</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="199" />
        <source>Prospects: could afford to join</source>
        <translation>Hộ có khả năng tham gia</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="204" />
        <source>Visits promised for today or already late.</source>
        <translation>Các lần hẹn thăm lại vào hôm nay hoặc đã quá hẹn.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="205" />
        <source>Remind them to renew before the card lapses.</source>
        <translation>Nhắc gia hạn trước khi thẻ hết hạn.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="207" />
        <source>Paying now keeps continuity: after 3 months the new card waits 30 days.</source>
        <translation>Đóng ngay thì vẫn được tính liên tục: quá 3 tháng, thẻ mới phải chờ 30 ngày.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="209" />
        <source>Households with no visit recorded yet.</source>
        <translation>Các hộ chưa có lần thăm nào được ghi.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="210" />
        <source>Visited before, but not this month.</source>
        <translation>Đã thăm trước đây nhưng chưa thăm trong tháng này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="212" />
        <source>Members without BHYT in families flagged as able to pay.</source>
        <translation>Thành viên chưa có BHYT trong các hộ được đánh dấu có khả năng tham gia.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="280" />
        <source>Could not read the lists: %1</source>
        <translation>Không đọc được danh sách: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="307" />
        <location filename="../../vss_desktop/ui/today_view.py" line="316" />
        <source>Export to Excel</source>
        <translation>Xuất ra Excel</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="309" />
        <source>The Excel file is NOT encrypted: anyone who gets it can read these names and dates. Keep it on this laptop or give it only to your supervisor.</source>
        <translation>Tệp Excel KHÔNG được mã hóa: ai có tệp đều đọc được họ tên và ngày tháng trong đó. Chỉ lưu trên máy này hoặc chỉ gửi cho cán bộ phụ trách.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="339" />
        <source>This file is not encrypted: it holds personal data.</source>
        <translation>Tệp này không được mã hóa: có chứa dữ liệu cá nhân.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/today_view.py" line="343" />
        <source>%1 rows exported to %2</source>
        <translation>Đã xuất %1 dòng vào %2</translation>
    </message>
</context>
<context>
    <name>VillageDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="40" />
        <source>Villages of a commune</source>
        <translation>Thôn/bản của xã</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="46" />
        <source>commune or ward, as on the households</source>
        <translation>xã hoặc phường, như ghi trên hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="57" />
        <source>a new village, then Enter</source>
        <translation>tên thôn/bản mới, rồi nhấn Enter</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="63" />
        <source>Add the names &amp;in use</source>
        <translation>Thêm các tên đang &amp;dùng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="64" />
        <source>&amp;Rename…</source>
        <translation>Đổi &amp;tên…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="65" />
        <source>Re&amp;move</source>
        <translation>&amp;Bỏ khỏi danh sách</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="66" />
        <source>&amp;Up</source>
        <translation>&amp;Lên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="67" />
        <source>&amp;Down</source>
        <translation>Xuốn&amp;g</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="93" />
        <source>&amp;Commune:</source>
        <translation>&amp;Xã/phường:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="96" />
        <source>&amp;New village:</source>
        <translation>Thôn/bản &amp;mới:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="100" />
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="107" />
        <source>The household form offers these names first, in this order (the order of your route). Households keep the name they were saved with.</source>
        <translation>Biểu mẫu hộ gia đình gợi ý các tên này trước, theo đúng thứ tự này (thứ tự tuyến đi). Các hộ vẫn giữ tên đã lưu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="144" />
        <source>Add the names &amp;in use (%1)</source>
        <translation>Thêm các tên đang &amp;dùng (%1)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="174" />
        <source>This village is no longer in the list.</source>
        <translation>Thôn/bản này không còn trong danh sách.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="202" />
        <source>Rename the village</source>
        <translation>Đổi tên thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="203" />
        <source>New name:</source>
        <translation>Tên mới:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/village_dialog.py" line="216" />
        <source>Take “%1” off the list? Its households keep their village.</source>
        <translation>Bỏ “%1” khỏi danh sách? Các hộ vẫn giữ tên thôn/bản của mình.</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="123" />
        <source>Visit to %1's household</source>
        <translation>Thăm hộ %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="136" />
        <source>Choose the outcome…</source>
        <translation>Chọn kết quả…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="157" />
        <source>Visit &amp;date and time:</source>
        <translation>&amp;Ngày giờ thăm:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="160" />
        <source>&amp;Outcome:</source>
        <translation>&amp;Kết quả:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="164" />
        <source>Walk-in at: %1</source>
        <translation>Tham gia tại: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="170" />
        <source>&amp;Promised to pay on:</source>
        <translation>&amp;Hẹn đóng vào ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="172" />
        <source>&amp;Follow-up visit on:</source>
        <translation>&amp;Quay lại vào ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="181" />
        <source>&amp;Amount collected:</source>
        <translation>Số &amp;tiền đã thu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="183" />
        <source>&amp;Receipt number:</source>
        <translation>Số &amp;biên lai:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="184" />
        <source>No&amp;tes:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="223" />
        <source>Referred &amp;by:</source>
        <translation>Người &amp;giới thiệu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="250" />
        <source>Results per &amp;member</source>
        <translation>Kết quả từng thành &amp;viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="253" />
        <source>This household has no members yet.</source>
        <translation>Hộ này chưa có thành viên nào.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="257" />
        <source>Household
BHYT</source>
        <translation>BHYT
hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="258" />
        <source>Voluntary
SI</source>
        <translation>BHXH
tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="259" />
        <source>BHYT
renewed</source>
        <translation>Gia hạn
BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="260" />
        <source>VssID
installed</source>
        <translation>Đã cài
VssID</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="261" />
        <source>Cashless
payment</source>
        <translation>Nhận không
dùng tiền mặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="268" />
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="268" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="268" />
        <source>Months</source>
        <translation>Số tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="329" />
        <source>Amount paid by %1</source>
        <translation>Số tiền %1 đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="335" />
        <source>Months paid for by %1</source>
        <translation>Số tháng %1 đóng</translation>
    </message>
</context>
<context>
    <name>WalkinHouseholdDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/event_dialog.py" line="159" />
        <source>New participant's household</source>
        <translation>Hộ của người tham gia mới</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <location filename="../../vss_desktop/ui/widgets.py" line="45" />
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/widgets.py" line="151" />
        <source>Field message</source>
        <translation>Thông báo của ô nhập</translation>
    </message>
</context>
<context>
    <name>_Sheet</name>
    <message>
        <location filename="../../vss_desktop/ui/idle_lock.py" line="35" />
        <source>VSS Desktop is locked</source>
        <translation>VSS Desktop đang khóa</translation>
    </message>
</context>
</TS>