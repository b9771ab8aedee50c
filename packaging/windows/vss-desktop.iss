; Inno Setup 6 script: the per-machine Windows installer of VSS Desktop (docs/packaging.md).
;
; NOT BUILT OR RUN HERE: written on Linux, never compiled with iscc nor installed on Windows.
; Untested. Build on Windows, after `python packaging\app\build.py` made dist\vss-desktop\:
;
;     iscc packaging\windows\vss-desktop.iss
;
; Output: dist\vss-desktop-setup.exe. Silent install with a province file (docs/provisioning.md):
;
;     vss-desktop-setup.exe /VERYSILENT /PROVISION="D:\laocai\laocai.json"
;
; The province file and the .pem files beside it (a `ca_bundle_file`) are copied to
; {app}\province\, then `vss-desktop-cli.exe provision FILE` runs as the user who started the
; installer (the settings are per user), its output in {commonappdata}\VSS Desktop\provision.log.
; A refused file (exit code 2) makes the installer end with exit code 2 and, when not silent,
; shows the app's one-line reason.

#define AppName "VSS Desktop"
#define AppVersion "0.1.0"
#define AppExe "vss-desktop.exe"
#define CliExe "vss-desktop-cli.exe"
#define Bundle "..\..\dist\vss-desktop"

[Setup]
AppId={{6C1B0F0E-6A0B-4D5B-9E3A-3F4C9B7A1D16}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=VSS Desktop
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per machine: Program Files and the all-users Start menu.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=vss-desktop-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
ShowLanguageDialog=no

[Languages]
; Vietnamese first (the default); vss-vi.isl overrides the texts of the pages this installer
; shows, Default.isl gives the rest in English.
Name: "vi"; MessagesFile: "compiler:Default.isl,vss-vi.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vi.LaunchApp=Mở VSS Desktop
en.LaunchApp=Open VSS Desktop
vi.ProvisionFailed=Không áp dụng được tệp cấu hình của tỉnh:
en.ProvisionFailed=The province file could not be applied:
vi.ProvisionMissing=Không tìm thấy tệp cấu hình của tỉnh:
en.ProvisionMissing=The province file was not found:

[Dirs]
Name: "{commonappdata}\{#AppName}"; Permissions: users-modify

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[UninstallDelete]
Type: filesandordirs; Name: "{app}\province"

[Code]
var
  ProvisionExitCode: Integer;

function ProvisionFile(): String;
begin
  Result := ExpandConstant('{param:PROVISION|}');
end;

{ Copy the province file and the .pem files next to it (a ca_bundle_file) into {app}\province. }
function CopyProvinceKit(const Source: String): String;
var
  Folder, Target: String;
  Found: TFindRec;
begin
  Folder := ExtractFilePath(ExpandFileName(Source));
  Target := ExpandConstant('{app}\province\');
  ForceDirectories(Target);
  if FindFirst(Folder + '*.pem', Found) then
  begin
    try
      repeat
        FileCopy(Folder + Found.Name, Target + Found.Name, False);
      until not FindNext(Found);
    finally
      FindClose(Found);
    end;
  end;
  Result := Target + ExtractFileName(Source);
  FileCopy(ExpandFileName(Source), Result, False);
end;

procedure Provision();
var
  Source, Copied, LogFile: String;
  Output: AnsiString;
  Code: Integer;
begin
  Source := ProvisionFile();
  if Source = '' then
    exit;
  if not FileExists(Source) then
  begin
    ProvisionExitCode := 2;
    SuppressibleMsgBox(CustomMessage('ProvisionMissing') + #13#10 + Source, mbError, MB_OK, IDOK);
    exit;
  end;
  Copied := CopyProvinceKit(Source);
  LogFile := ExpandConstant('{commonappdata}\{#AppName}\provision.log');
  { As the user who started the installer: the settings live in that user's profile. The
    console executable, through cmd, so that its one line of output lands in the log. }
  if not ExecAsOriginalUser(ExpandConstant('{cmd}'),
      '/C ""' + ExpandConstant('{app}\{#CliExe}') + '" provision "' + Copied + '" > "' + LogFile + '" 2>&1"',
      '', SW_HIDE, ewWaitUntilTerminated, Code) then
    Code := 2;
  Log('vss-desktop provision exit code: ' + IntToStr(Code));
  if Code <> 0 then
  begin
    ProvisionExitCode := 2;
    Output := '';
    LoadStringFromFile(LogFile, Output);
    Log(String(Output));
    SuppressibleMsgBox(CustomMessage('ProvisionFailed') + #13#10 + String(Output), mbError, MB_OK, IDOK);
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    Provision();
end;

function GetCustomSetupExitCode(): Integer;
begin
  Result := ProvisionExitCode;  { 0: installed (and provisioned, when asked) }
end;
