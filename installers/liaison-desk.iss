; Inno Setup script for Windows: packs the PyInstaller folder (dist\liaison-desk) into
; LiaisonDesk-Setup-VERSION.exe, installed per machine. Build on Windows (README, "Build the
; Windows installer"):   iscc installers\liaison-desk.iss
;
; IT deploys it silently with its presets:
;   LiaisonDesk-Setup-0.1.0.exe /VERYSILENT /CONFIG=\\server\share\liaison-desk\config.toml
; /CONFIG copies that file to C:\ProgramData\Liaison Desk\config.toml (readable by everyone,
; changeable by administrators only); without it the example is put there once, and an
; existing file is never replaced or removed.
#define AppName "Liaison Desk"
; Keep in step with liaison_desk/__init__.py.
#define AppVersion "0.1.0"

[Setup]
AppId={{6F3C2E0A-8C1B-4E57-9A4E-3D1B7C2A9E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Iowa Medicaid Member and Provider Services
DefaultDirName={autopf}\Liaison Desk
DefaultGroupName=Liaison Desk
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=LiaisonDesk-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\liaison-desk.ico
UninstallDisplayIcon={app}\liaison-desk.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Per machine: Program Files, the Start menu of every account, ProgramData.
PrivilegesRequired=admin
WizardStyle=modern

[Dirs]
Name: "{commonappdata}\Liaison Desk"; Permissions: users-readexec

[Files]
Source: "..\dist\liaison-desk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
Source: "config.toml.example"; DestDir: "{commonappdata}\Liaison Desk"; DestName: "config.toml"; Flags: onlyifdoesntexist uninsneveruninstall
Source: "config.toml.example"; DestDir: "{commonappdata}\Liaison Desk"; Flags: ignoreversion

[Icons]
Name: "{group}\Liaison Desk"; Filename: "{app}\liaison-desk.exe"
Name: "{group}\Liaison Desk self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\liaison-desk-cli.exe"" --self-test"; WorkingDir: "{app}"
Name: "{group}\Uninstall Liaison Desk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Liaison Desk"; Filename: "{app}\liaison-desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\liaison-desk.exe"; Description: "Start Liaison Desk"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurStepChanged(CurStep: TSetupStep);
var
  Given: String;
begin
  if CurStep = ssPostInstall then
  begin
    Given := ExpandConstant('{param:CONFIG|}');
    if Given <> '' then
      if not FileCopy(Given, ExpandConstant('{commonappdata}\Liaison Desk\config.toml'), False) then
        MsgBox('The presets file ' + Given + ' could not be copied.', mbError, MB_OK);
  end;
end;
