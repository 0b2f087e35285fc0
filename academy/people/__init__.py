"""Accounts as admins manage them in the browser: find, invite, change a role, deactivate,
end sessions. Every change is written to the security log."""
