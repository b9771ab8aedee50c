; Vietnamese texts of the VSS Desktop installer (vss-desktop.iss). NOT BUILT OR RUN HERE: untested.
; Inno Setup has no official Vietnamese catalog: these override, for the pages this installer
; shows, the English of compiler:Default.isl (which gives every message not listed here).
; UTF-8 with a byte-order mark, as Inno Setup 6 reads .isl files.

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt - %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1

ButtonBack=< &Quay lại
ButtonNext=&Tiếp >
ButtonInstall=&Cài đặt
ButtonOK=Đồng ý
ButtonCancel=Hủy
ButtonYes=&Có
ButtonYesToAll=Có với &tất cả
ButtonNo=&Không
ButtonNoToAll=K&hông với tất cả
ButtonFinish=&Xong
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...

ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Chưa cài đặt xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nBạn có thể chạy lại trình cài đặt vào lúc khác.%n%nThoát cài đặt?

WizardSelectDir=Chọn thư mục cài đặt
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=[name] sẽ được cài vào thư mục sau.
SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác, bấm Chọn.
DiskSpaceGBLabel=Cần ít nhất [gb] GB dung lượng trống.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.

WizardSelectTasks=Chọn thêm tác vụ
SelectTasksDesc=Làm thêm những việc nào?
SelectTasksLabel2=Chọn những việc trình cài đặt làm thêm khi cài [name], rồi bấm Tiếp.

WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Đã sẵn sàng cài [name] lên máy này.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại để xem lại hay đổi lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoDir=Thư mục cài đặt:
ReadyMemoTasks=Tác vụ thêm:

WizardPreparing=Đang chuẩn bị
PreparingDesc=Đang chuẩn bị cài [name] lên máy này.

WizardInstalling=Đang cài đặt
InstallingLabel=Vui lòng chờ trong khi [name] được cài lên máy này.

FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=[name] đã được cài lên máy này.
FinishedLabel=[name] đã được cài lên máy này. Mở chương trình từ menu Start.
ClickFinish=Bấm Xong để đóng trình cài đặt.
FinishedRestartLabel=Cần khởi động lại máy để cài xong [name]. Khởi động lại ngay?
YesRadio=&Có, khởi động lại ngay
NoRadio=&Không, tôi sẽ khởi động lại sau

StatusExtractFiles=Đang chép các tệp...
StatusCreateIcons=Đang tạo lối tắt...
StatusRunProgram=Đang hoàn tất cài đặt...
StatusRollback=Đang hoàn tác các thay đổi...

ConfirmUninstall=Gỡ hẳn %1 khỏi máy? (Dữ liệu của người thu trong thư mục người dùng được giữ lại.)
UninstallStatusLabel=Vui lòng chờ trong khi %1 được gỡ khỏi máy này.
UninstalledAll=Đã gỡ %1 khỏi máy này.
UninstalledMost=Đã gỡ xong %1.%n%nMột số mục không gỡ được, có thể xóa bằng tay.

AdminPrivilegesRequired=Cần đăng nhập bằng tài khoản quản trị để cài chương trình này.
SetupAlreadyRunning=Trình cài đặt đang chạy.
