//! Users and what each role may do (SPEC section 5).

string_enum!(
    /// `admin`: everything, users, tokens; `manager`: all leads, spend, all dashboards;
    /// `rep`: own and unassigned leads, the queue, logging calls, own figures.
    Role {
        Admin => "admin",
        Manager => "manager",
        Rep => "rep",
    }
);

impl Role {
    /// Managers and admins see every lead, the spend ledger and everyone's figures.
    pub fn sees_everything(self) -> bool {
        matches!(self, Role::Admin | Role::Manager)
    }
}
