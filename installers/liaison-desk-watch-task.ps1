# The Liaison Desk alert service on Windows: a scheduled task that makes one pass every
# minute (`liaison-desk watch --once`), as a service account, whether or not anyone is
# signed in. Run once in an elevated PowerShell on the server next to the database:
#
#   .\liaison-desk-watch-task.ps1 -Account 'AGENCY\svc-liaisondesk'
#
# Settings come from machine-level environment variables (set them first, readable by
# administrators and the service account only):
#   [Environment]::SetEnvironmentVariable('LIAISON_DESK_DATABASE_URL', 'postgresql://owner@dbhost/liaison', 'Machine')
#   [Environment]::SetEnvironmentVariable('LIAISON_DESK_SMTP', 'smtp://desk@mail.agency.example:587', 'Machine')
#   [Environment]::SetEnvironmentVariable('LIAISON_DESK_MAIL_FROM', 'liaison-desk@agency.example', 'Machine')
#   [Environment]::SetEnvironmentVariable('LIAISON_DESK_SMTP_PASSWORD', '...', 'Machine')
# Each pass does nothing at night, at weekends and on holidays; a pass that could not
# send its mail exits 1 (the task's "Last Run Result" shows it) and the next pass retries.
param(
    [Parameter(Mandatory = $true)][string]$Account,
    [string]$Exe = "$env:ProgramFiles\Liaison Desk\liaison-desk.exe"
)
$action = New-ScheduledTaskAction -Execute $Exe -Argument 'watch --once'
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).Date `
    -RepetitionInterval (New-TimeSpan -Minutes 1)
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew `
    -ExecutionTimeLimit (New-TimeSpan -Minutes 5) -StartWhenAvailable
$password = Read-Host -AsSecureString "Password of $Account"
$plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto(
    [Runtime.InteropServices.Marshal]::SecureStringToBSTR($password))
Register-ScheduledTask -TaskName 'Liaison Desk alerts' -Action $action -Trigger $trigger `
    -Settings $settings -User $Account -Password $plain -RunLevel Limited -Force
Write-Host "Registered. Try one pass now: & '$Exe' watch --once"
