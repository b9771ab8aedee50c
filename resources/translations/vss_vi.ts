<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="55" />
        <location filename="../../vss_desktop/ui/detail_pane.py" line="130" />
        <source>Choose a household in the list</source>
        <translation>Chọn một hộ trong danh sách</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="65" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="66" />
        <source>Relation</source>
        <translation>Quan hệ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="67" />
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="68" />
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="69" />
        <source>Insurance</source>
        <translation>Bảo hiểm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="70" />
        <source>Card expiry</source>
        <translation>Hạn thẻ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="71" />
        <source>BHXH code</source>
        <translation>Mã số BHXH</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="72" />
        <source>CCCD</source>
        <translation>CCCD</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="73" />
        <source>Voluntary SI until</source>
        <translation>BHXH tự nguyện đến</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="74" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="75" />
        <source>Support</source>
        <translation>Hỗ trợ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="80" />
        <source>When</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="81" />
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="82" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="83" />
        <source>Receipt</source>
        <translation>Biên lai</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="84" />
        <source>Follow-up</source>
        <translation>Hẹn lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="85" />
        <source>Results</source>
        <translation>Kết quả từng người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="86" />
        <source>Collector</source>
        <translation>Người thu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="87" />
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="95" />
        <source>&amp;Edit household</source>
        <translation>&amp;Sửa hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="96" />
        <source>&amp;Add member</source>
        <translation>Thêm &amp;người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="97" />
        <source>Edit &amp;member</source>
        <translation>Sửa thành &amp;viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="98" />
        <source>Record &amp;visit</source>
        <translation>Ghi &amp;lần thăm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="111" />
        <source>Members</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="113" />
        <source>Visit history</source>
        <translation>Lịch sử thăm hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="136" />
        <source>(no head of household)</source>
        <translation>(chưa có chủ hộ)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="140" />
        <source>No. %1</source>
        <translation>Số %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="151" />
        <source>Household code: %1</source>
        <translation>Mã hộ: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="153" />
        <source>Phone: %1</source>
        <translation>Điện thoại: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="183" />
        <source>%1 (lapsed)</source>
        <translation>%1 (đã hết hạn)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="189" />
        <source>poor</source>
        <translation>hộ nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="191" />
        <source>near-poor</source>
        <translation>cận nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/detail_pane.py" line="193" />
        <source>ethnic minority</source>
        <translation>dân tộc thiểu số</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="30" />
        <source>Welcome to VSS Desktop</source>
        <translation>Chào mừng đến với VSS Desktop</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="33" />
        <source>The household list on this computer is empty.

Load a demo commune (about 1,500 generated households) to try the app, or start with an empty list and add households yourself.</source>
        <translation>Danh sách hộ trên máy này đang trống.

Nạp một xã mẫu (khoảng 1.500 hộ được tạo tự động) để dùng thử, hoặc bắt đầu với danh sách trống và tự thêm hộ.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="44" />
        <source>Load &amp;demo commune</source>
        <translation>Nạp &amp;xã mẫu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="46" />
        <source>Start &amp;empty</source>
        <translation>Bắt đầu &amp;trống</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/first_run.py" line="82" />
        <source>The demo data could not be loaded: %1</source>
        <translation>Không nạp được dữ liệu mẫu: %1</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="173" />
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="174" />
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="176" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="311" />
        <source>This record was deleted meanwhile; nothing was saved.</source>
        <translation>Bản ghi này vừa bị xóa; chưa lưu gì.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="319" />
        <source>Nothing was saved: the database could not be written. Try again.</source>
        <translation>Chưa lưu được: không ghi được vào cơ sở dữ liệu. Hãy thử lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="339" />
        <source>Close the form and lose what you typed?</source>
        <translation>Đóng biểu mẫu và bỏ những gì đã nhập?</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="342" />
        <source>&amp;Discard</source>
        <translation>&amp;Bỏ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/form.py" line="346" />
        <source>&amp;Keep editing</source>
        <translation>&amp;Tiếp tục nhập</translation>
    </message>
</context>
<context>
    <name>HouseholdDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="52" />
        <source>New household</source>
        <translation>Thêm hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="52" />
        <source>Edit household</source>
        <translation>Sửa hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="57" />
        <source>if known</source>
        <translation>nếu biết</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="67" />
        <source>village, hamlet or residential group</source>
        <translation>thôn, bản hoặc tổ dân phố</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="85" />
        <source>Household &amp;code:</source>
        <translation>&amp;Mã hộ gia đình:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="86" />
        <source>&amp;Head of household:</source>
        <translation>&amp;Chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="92" />
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="93" />
        <source>Head's se&amp;x:</source>
        <translation>&amp;Giới tính chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="95" />
        <source>Head's date of &amp;birth:</source>
        <translation>&amp;Ngày sinh chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="97" />
        <source>Head's CCC&amp;D number:</source>
        <translation>&amp;Số CCCD chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="98" />
        <source>&amp;Village / hamlet:</source>
        <translation>&amp;Thôn / bản:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="99" />
        <source>House &amp;number:</source>
        <translation>Số n&amp;hà:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="100" />
        <source>S&amp;treet / hamlet group:</source>
        <translation>Đường / tổ &amp;dân phố:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="101" />
        <source>Co&amp;mmune / ward:</source>
        <translation>&amp;Xã / phường:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="102" />
        <source>&amp;Province / city:</source>
        <translation>Tỉnh / thành &amp;phố:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="103" />
        <source>Ph&amp;one:</source>
        <translation>Điện th&amp;oại:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_dialog.py" line="104" />
        <source>Not&amp;es:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
</context>
<context>
    <name>HouseholdListModel</name>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="36" />
        <source>Code</source>
        <translation>Mã hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="37" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="38" />
        <source>Village</source>
        <translation>Thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="39" />
        <source>House no.</source>
        <translation>Số nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="40" />
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="41" />
        <source>Members</source>
        <translation>Số người</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="42" />
        <source>No BHYT</source>
        <translation>Chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="43" />
        <source>Next card expiry</source>
        <translation>Thẻ sắp hết hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="44" />
        <source>Last visit</source>
        <translation>Lần thăm gần nhất</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/household_model.py" line="45" />
        <source>Follow-up</source>
        <translation>Hẹn lại</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="16" />
        <source>Not at home</source>
        <translation>Không có nhà</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="17" />
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="18" />
        <source>Thinking it over</source>
        <translation>Đang cân nhắc</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="19" />
        <source>Promised to pay on a date</source>
        <translation>Hẹn ngày đóng tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="20" />
        <source>Enrolled</source>
        <translation>Đã tham gia</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="21" />
        <source>Renewed</source>
        <translation>Đã gia hạn</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="22" />
        <source>Advice given, nothing to pay</source>
        <translation>Đã tư vấn, không phải đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="23" />
        <source>Moved away</source>
        <translation>Đã chuyển đi</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="29" />
        <source>Head of household</source>
        <translation>Chủ hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="30" />
        <source>Spouse</source>
        <translation>Vợ/chồng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="31" />
        <source>Child</source>
        <translation>Con</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="32" />
        <source>Parent</source>
        <translation>Bố/mẹ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="33" />
        <source>Grandchild</source>
        <translation>Cháu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="34" />
        <source>Sibling</source>
        <translation>Anh/chị/em</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="35" />
        <source>Other</source>
        <translation>Khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="41" />
        <source>Male</source>
        <translation>Nam</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="42" />
        <source>Female</source>
        <translation>Nữ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="48" />
        <source>Household BHYT</source>
        <translation>BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="49" />
        <source>Other BHYT</source>
        <translation>BHYT nhóm khác</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="50" />
        <source>No BHYT</source>
        <translation>Chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="56" />
        <source>Enrolled in household BHYT</source>
        <translation>Tham gia BHYT hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="59" />
        <source>Enrolled in voluntary social insurance</source>
        <translation>Tham gia BHXH tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="62" />
        <source>BHYT card renewed</source>
        <translation>Gia hạn thẻ BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="63" />
        <source>Helped to install VssID</source>
        <translation>Hướng dẫn cài VssID</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="64" />
        <source>Registered cashless benefit payment</source>
        <translation>Đăng ký nhận chế độ không dùng tiền mặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="78" />
        <source>This field is required.</source>
        <translation>Bắt buộc nhập ô này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="79" />
        <source>Choose a value from the list.</source>
        <translation>Hãy chọn một giá trị trong danh sách.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="80" />
        <source>Enter a date as dd/mm/yyyy.</source>
        <translation>Nhập ngày theo dạng dd/mm/yyyy.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="81" />
        <source>This date is in the future.</source>
        <translation>Ngày này ở tương lai.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="82" />
        <source>Enter a time as HH:MM, for example 14:30.</source>
        <translation>Nhập giờ theo dạng HH:MM, ví dụ 14:30.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="85" />
        <source>This text is too long: at most %1 characters.</source>
        <translation>Nội dung quá dài: tối đa %1 ký tự.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="88" />
        <source>Enter an amount in đồng, digits only.</source>
        <translation>Nhập số tiền bằng đồng, chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="91" />
        <source>The amount cannot be negative.</source>
        <translation>Số tiền không được âm.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="92" />
        <source>A CCCD number has digits only.</source>
        <translation>Số CCCD chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="93" />
        <source>A CCCD number has 12 digits; this one has %1.</source>
        <translation>Số CCCD có 12 chữ số; số này có %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="96" />
        <source>The CCCD number says born in %1, which does not match the date of birth.</source>
        <translation>Số CCCD cho biết sinh năm %1, không khớp với ngày sinh.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="99" />
        <source>The CCCD number does not match the sex chosen.</source>
        <translation>Số CCCD không khớp với giới tính đã chọn.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="102" />
        <source>A BHXH code has digits only.</source>
        <translation>Mã số BHXH chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="103" />
        <source>A BHXH code has 10 digits; this one has %1.</source>
        <translation>Mã số BHXH có 10 chữ số; mã này có %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="106" />
        <source>A BHYT card number is the 10-digit BHXH code or 15 characters like GD4010120152431.</source>
        <translation>Số thẻ BHYT là mã số BHXH 10 chữ số hoặc 15 ký tự, ví dụ GD4010120152431.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="110" />
        <source>An old BHYT card number is 2 letters then 13 digits, like GD4010120152431.</source>
        <translation>Số thẻ BHYT cũ gồm 2 chữ cái và 13 chữ số, ví dụ GD4010120152431.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="113" />
        <source>The card number does not end with this person's BHXH code.</source>
        <translation>Số thẻ không kết thúc bằng mã số BHXH của người này.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="116" />
        <source>A phone number has digits only.</source>
        <translation>Số điện thoại chỉ gồm chữ số.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="117" />
        <source>A mobile number has 10 digits; this one has %1.</source>
        <translation>Số di động có 10 chữ số; số này có %1.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="120" />
        <source>A mobile number starts with 03, 05, 07, 08 or 09.</source>
        <translation>Số di động bắt đầu bằng 03, 05, 07, 08 hoặc 09.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="123" />
        <source>No carrier uses this prefix; please check the number.</source>
        <translation>Không nhà mạng nào dùng đầu số này; hãy kiểm tra lại.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="126" />
        <source>The card is still valid: is the status right?</source>
        <translation>Thẻ vẫn còn hạn: tình trạng đã đúng chưa?</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="129" />
        <source>A person cannot be both poor and near-poor.</source>
        <translation>Một người không thể vừa thuộc hộ nghèo vừa thuộc hộ cận nghèo.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="132" />
        <source>Enter the date the family promised to pay.</source>
        <translation>Nhập ngày gia đình hẹn đóng tiền.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="135" />
        <source>Money was collected: enter the receipt number.</source>
        <translation>Đã thu tiền: hãy nhập số biên lai.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="138" />
        <source>The follow-up date is before the visit.</source>
        <translation>Ngày hẹn lại trước ngày thăm.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="141" />
        <source>The members' amounts add up to more than the amount collected.</source>
        <translation>Tổng tiền của các thành viên lớn hơn số tiền đã thu.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="144" />
        <source>That person belongs to another household.</source>
        <translation>Người này thuộc hộ khác.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/labels.py" line="147" />
        <source>Tick what this amount paid for (an enrolment or a renewal), or clear it.</source>
        <translation>Hãy đánh dấu khoản tiền này đóng cho việc gì (tham gia mới hoặc gia hạn), hoặc xóa số tiền.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="51" />
        <source>VSS Desktop — BHXH/BHYT collection</source>
        <translation>VSS Desktop — Thu BHXH, BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="95" />
        <source>Search name, CCCD, BHXH code, card number or phone  (Ctrl+F)</source>
        <translation>Tìm theo tên, CCCD, mã số BHXH, số thẻ hoặc điện thoại  (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="108" />
        <source>All households</source>
        <translation>Tất cả các hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="109" />
        <source>Has members without BHYT</source>
        <translation>Có người chưa có BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="110" />
        <source>BHYT card expiring within</source>
        <translation>Thẻ BHYT hết hạn trong vòng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="111" />
        <source>Follow-up due</source>
        <translation>Đến hẹn thăm lại</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="112" />
        <source>Not visited this month</source>
        <translation>Chưa thăm trong tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="121" />
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="125" />
        <source>&amp;Search:</source>
        <translation>&amp;Tìm kiếm:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="127" />
        <source>V&amp;illage:</source>
        <translation>Thôn/&amp;bản:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="129" />
        <source>S&amp;how:</source>
        <translation>&amp;Hiển thị:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="167" />
        <source>&amp;File</source>
        <translation>Tệ&amp;p</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="168" />
        <source>&amp;Household</source>
        <translation>Hộ &amp;gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="178" />
        <source>&amp;New household…</source>
        <translation>Thêm hộ &amp;mới…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="181" />
        <source>Record &amp;visit…</source>
        <translation>Ghi &amp;lần thăm…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="183" />
        <source>Add &amp;member…</source>
        <translation>Thêm &amp;người…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="184" />
        <source>&amp;Edit household…</source>
        <translation>&amp;Sửa hộ…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="185" />
        <source>&amp;Find</source>
        <translation>&amp;Tìm</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="186" />
        <source>&amp;Settings…</source>
        <translation>&amp;Cài đặt…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="188" />
        <source>&amp;Quit</source>
        <translation>Th&amp;oát</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="215" />
        <source>%1 households</source>
        <translation>%1 hộ</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="261" />
        <source>All villages</source>
        <translation>Tất cả thôn/bản</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="272" />
        <source>Changes waiting to be sent: %1</source>
        <translation>Thay đổi chờ gửi: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="283" />
        <source>Could not read the database: %1</source>
        <translation>Không đọc được cơ sở dữ liệu: %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="365" />
        <source>Choose a household first.</source>
        <translation>Hãy chọn một hộ trước.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/main_window.py" line="383" />
        <source>The new language is used from the next start of the app.</source>
        <translation>Ngôn ngữ mới được dùng từ lần mở ứng dụng sau.</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="65" />
        <source>Edit member</source>
        <translation>Sửa thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="67" />
        <source>New member of %1's household</source>
        <translation>Thêm thành viên vào hộ %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="69" />
        <source>New member</source>
        <translation>Thêm thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="74" />
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="75" />
        <source>12 digits</source>
        <translation>12 chữ số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="76" />
        <source>10 digits</source>
        <translation>10 chữ số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="78" />
        <source>10 digits, or 15 characters like GD4010120152431</source>
        <translation>10 chữ số, hoặc 15 ký tự như GD4010120152431</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="86" />
        <source>Ethnic &amp;minority</source>
        <translation>&amp;Dân tộc thiểu số</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="87" />
        <source>P&amp;oor household</source>
        <translation>&amp;Hộ nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="88" />
        <source>Ne&amp;ar-poor household</source>
        <translation>Hộ &amp;cận nghèo</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="95" />
        <source>Full &amp;name:</source>
        <translation>Họ và &amp;tên:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="96" />
        <source>Date of &amp;birth:</source>
        <translation>&amp;Ngày sinh:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="97" />
        <source>Se&amp;x:</source>
        <translation>&amp;Giới tính:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="98" />
        <source>&amp;Relation to head:</source>
        <translation>&amp;Quan hệ với chủ hộ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="99" />
        <source>&amp;CCCD number:</source>
        <translation>&amp;Số CCCD:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="100" />
        <source>BHX&amp;H code:</source>
        <translation>&amp;Mã số BHXH:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="102" />
        <source>BHYT card n&amp;umber:</source>
        <translation>Số thẻ &amp;BHYT:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="104" />
        <source>Card &amp;expiry date:</source>
        <translation>Hạn thẻ đến ngà&amp;y:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="105" />
        <source>&amp;Insurance status:</source>
        <translation>Tình t&amp;rạng BHYT:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="107" />
        <source>&amp;Voluntary SI paid until:</source>
        <translation>BHXH tự ng&amp;uyện đóng đến:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="109" />
        <source>&amp;Phone:</source>
        <translation>Điện th&amp;oại:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="112" />
        <source>Support group:</source>
        <translation>Đối tượng hỗ trợ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/member_dialog.py" line="119" />
        <source>No&amp;tes:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="23" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="35" />
        <source> days</source>
        <translation> ngày</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="38" />
        <source>&amp;Language:</source>
        <translation>&amp;Ngôn ngữ:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="39" />
        <source>&amp;Collector username:</source>
        <translation>Tên đăng nhập &amp;cán bộ thu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="40" />
        <source>Card &amp;expiring soon within:</source>
        <translation>Thẻ &amp;sắp hết hạn trong vòng:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="44" />
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/settings_dialog.py" line="45" />
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="70" />
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="111" />
        <source>Visit to %1's household</source>
        <translation>Thăm hộ %1</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="120" />
        <source>Choose the outcome…</source>
        <translation>Chọn kết quả…</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="141" />
        <source>Visit &amp;date and time:</source>
        <translation>&amp;Ngày giờ thăm:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="144" />
        <source>&amp;Outcome:</source>
        <translation>&amp;Kết quả:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="145" />
        <source>&amp;Promised to pay on:</source>
        <translation>&amp;Hẹn đóng vào ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="147" />
        <source>&amp;Follow-up visit on:</source>
        <translation>&amp;Quay lại vào ngày:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="156" />
        <source>&amp;Amount collected:</source>
        <translation>Số &amp;tiền đã thu:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="158" />
        <source>&amp;Receipt number:</source>
        <translation>Số &amp;biên lai:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="159" />
        <source>No&amp;tes:</source>
        <translation>Gh&amp;i chú:</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="182" />
        <source>Results per &amp;member</source>
        <translation>Kết quả từng thành &amp;viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="185" />
        <source>This household has no members yet.</source>
        <translation>Hộ này chưa có thành viên nào.</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="189" />
        <source>Household
BHYT</source>
        <translation>BHYT
hộ gia đình</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="190" />
        <source>Voluntary
SI</source>
        <translation>BHXH
tự nguyện</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="191" />
        <source>BHYT
renewed</source>
        <translation>Gia hạn
BHYT</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="192" />
        <source>VssID
installed</source>
        <translation>Đã cài
VssID</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="193" />
        <source>Cashless
payment</source>
        <translation>Nhận không
dùng tiền mặt</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="200" />
        <source>Member</source>
        <translation>Thành viên</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="200" />
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="200" />
        <source>Months</source>
        <translation>Số tháng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="260" />
        <source>Amount paid by %1</source>
        <translation>Số tiền %1 đóng</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/visit_dialog.py" line="266" />
        <source>Months paid for by %1</source>
        <translation>Số tháng %1 đóng</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <location filename="../../vss_desktop/ui/widgets.py" line="21" />
        <source>dd/mm/yyyy</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../vss_desktop/ui/widgets.py" line="91" />
        <source>Field message</source>
        <translation>Thông báo của ô nhập</translation>
    </message>
</context>
</TS>