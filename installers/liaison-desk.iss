; Inno Setup script for Windows: packs the PyInstaller folder (dist\liaison-desk) into
; LiaisonDesk-Setup.exe. Build on Windows after `make dist`:  iscc installers\liaison-desk.iss
#define AppName "Liaison Desk"
#define AppVersion "0.1.0"

[Setup]
AppId={{6F3C2E0A-8C1B-4E57-9A4E-3D1B7C2A9E11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Iowa Medicaid Member and Provider Services
DefaultDirName={autopf}\Liaison Desk
DefaultGroupName=Liaison Desk
OutputBaseFilename=LiaisonDesk-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Files]
Source: "..\dist\liaison-desk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Liaison Desk"; Filename: "{app}\liaison-desk.exe"
Name: "{autodesktop}\Liaison Desk"; Filename: "{app}\liaison-desk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\liaison-desk.exe"; Description: "Start Liaison Desk"; Flags: nowait postinstall skipifsilent
