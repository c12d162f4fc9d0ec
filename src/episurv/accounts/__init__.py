"""People who use episurv: accounts, roles, jurisdictions (scope), sign-in and the audit log."""
